# command not found is 127, not executable is 126, the shell's own exit status
nosuchcommand 2>/dev/null; echo "not found: $?"
d=$(mktemp -d); echo 'echo hi' > $d/noexec; $d/noexec 2>/dev/null; echo "not executable: $?"
chmod +x $d/noexec; $d/noexec; echo "executable: $?"
exit 42
