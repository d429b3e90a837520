# wait reports a background job's exit status, and 128+N for a signal
sh -c 'exit 9' &
wait $!; echo "exit status $?"
sleep 10 &
p=$!
kill -TERM $p
wait $p; echo "killed by TERM: $?"
sh -c 'kill -KILL $$' ; echo "self SIGKILL: $?"
