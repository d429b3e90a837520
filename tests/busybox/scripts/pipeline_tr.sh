# a pipeline of three processes; each stage is a forked child reading a pipe
echo "hello, pipeline world" | tr a-z A-Z | tr ' ' '\n' | sort
seq 1 2000 | tr -d 0 | wc -c
