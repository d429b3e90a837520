# kill -USR1 on a background job that traps it
sh -c 'trap "echo job got USR1; exit 3" USR1; echo ready > ready.$PPID; while :; do sleep 1; done' &
j=$!
while [ ! -f ready.$$ ]; do sleep 0.1; done
kill -USR1 $j
wait $j; echo "job status $?"
rm -f ready.$$
