# xargs, sort, uniq, head, tail
printf '%s\n' pear apple pear fig apple pear | sort | uniq -c
seq 1 10 | xargs echo
seq 1 10 | xargs -n 3 echo
seq 1 100 | tail -n 3
seq 1 100 | head -n 2
printf '3\n1\n2\n' | sort -rn
