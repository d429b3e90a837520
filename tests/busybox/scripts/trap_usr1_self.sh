# a trap handler for a signal the shell sends itself
trap 'echo caught USR1' USR1
trap 'echo caught USR2' USR2
kill -USR1 $$
kill -USR2 $$
kill -s USR1 $$
echo "after the signals"
