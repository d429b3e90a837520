# a trap in a subshell is the subshell's own; the parent's stays
trap 'echo parent USR1' USR1
( trap 'echo subshell USR1' USR1; kill -USR1 $(sh -c 'echo $PPID') 2>/dev/null; : )
kill -USR1 $$
( trap - USR1; echo "subshell reset" )
kill -USR1 $$
