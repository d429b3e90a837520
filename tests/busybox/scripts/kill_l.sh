# kill -l lists the signal names; kill -l N names one
kill -l 1 2 9 15 17
kill -l | head -5
kill -l 130
