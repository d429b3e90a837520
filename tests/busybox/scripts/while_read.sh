# while read loops over a pipe (the loop runs in a subshell) and over a here-doc
seq 1 5 | while read n; do echo "n=$n sq=$((n * n))"; done
total=0
while read a b; do total=$((total + a * b)); done <<EOT
2 3
4 5
EOT
echo "total $total"
