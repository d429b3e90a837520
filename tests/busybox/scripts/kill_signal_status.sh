# the exit status of a child killed by a signal is 128+N
for s in HUP INT QUIT TERM USR1 USR2 ALRM; do
  sh -c "kill -$s \$\$"; echo "$s -> $?"
done
