# for, while, until, break, continue, shift and $@
for i in 1 2 3 4 5 6; do [ $i = 2 ] && continue; [ $i = 5 ] && break; echo "for $i"; done
n=3; until [ $n -eq 0 ]; do echo "until $n"; n=$((n - 1)); done
set -- a "b c" d
echo "$# args"; for a in "$@"; do echo "[$a]"; done
shift; echo "after shift: $1"
