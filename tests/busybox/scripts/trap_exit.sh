# trap on EXIT runs when the shell ends, also after exit N
trap 'echo cleanup runs; rm -f "$f"' EXIT
f=$(mktemp)
echo data > "$f"
test -f "$f" && echo "temp file made"
exit 5
