# >, >>, <, 2>&1, 2>/dev/null, exec redirections
d=$(mktemp -d); cd "$d"
echo one > f; echo two >> f; cat < f
ls /nonexistent 2>/dev/null || echo "error hidden"
{ echo out; echo err >&2; } 2>&1 | wc -l
exec 3> g; echo "to fd 3" >&3; exec 3>&-; cat g
cat <<EOT
here document $((6 * 7))
EOT
