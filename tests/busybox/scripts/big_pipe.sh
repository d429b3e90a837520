# a lot of data through pipes between several processes (more than the 64 KiB a pipe holds)
seq 1 30000 | sort -rn | head -n 1
yes abcdefghij | head -n 20000 | wc -c
seq 1 5000 | tr '\n' ' ' | wc -w
