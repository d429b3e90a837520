#!/bin/sh
# sim/gdb/gdb_batch_test.sh STUB SCENARIO — runs Debian's gdb in batch mode against irqlab-gdbstub
# (port 0: the stub prints the port it got) and checks gdb's printed values.
set -u
stub="$1"; scenario="$2"
dir=$(mktemp -d); trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
"$stub" "$scenario" 127.0.0.1:0 >"$dir/stub.out" 2>"$dir/stub.err" &
pid=$!
port=""
for i in $(seq 1 100); do
  port=$(sed -n 's/^gdb: listening on port \([0-9]*\)$/\1/p' "$dir/stub.err")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "stub did not start"; cat "$dir/stub.err"; exit 1; }
timeout 60 gdb -batch -nx -ex 'set architecture i8086' -ex "target remote 127.0.0.1:$port" \
  -ex 'info registers eip' -ex 'stepi' -ex 'info registers eip' -ex 'x/4xb 0x7c00' \
  -ex 'break *0x7c11' -ex 'continue' -ex 'info registers eip' \
  -ex 'watch *(int *)0x500' -ex 'delete 1' -ex 'continue' -ex 'delete' -ex 'continue' >"$dir/gdb.out" 2>&1
cat "$dir/gdb.out"
wait $pid; rc=$?
cat "$dir/stub.err"
fail=0
check() { grep -Eq "$1" "$dir/gdb.out" || { echo "MISSING: $1"; fail=1; }; }
check '^eip +0x7c00 '
check '^eip +0x7c01 '             # after stepi over the 1-byte CLI
check '^0x7c00:[[:space:]]+0xfa[[:space:]]+0x31[[:space:]]+0xc0[[:space:]]+0x8e'
check 'Breakpoint 1 at 0x7c11'
check '^eip +0x7c11 '
check 'New value = 305419896'      # the watchpoint on 0x500 fires on mov dword [0x500]
check 'exited with code 0357'     # port 0xF4 with AL=0xEF: W ef
grep -q '^PASS console equals' "$dir/stub.out" || { echo "no PASS lines"; fail=1; }
[ $rc -eq 0 ] || { echo "stub exit $rc"; fail=1; }
exit $fail
