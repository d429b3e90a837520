# $(( )) arithmetic, expr, test comparisons
echo $((7 / 2)) $((7 % 3)) $((2 ** 10)) $((1 << 4)) $(( -5 + 3 ))
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo "i=$i"
expr 6 \* 7
[ 10 -gt 9 ] && echo "10 > 9"
[ abc = abc ] && [ -n abc ] && [ -z "" ] && echo "strings"
