#!/bin/sh
# sim/gdb/gdb_exec_test.sh IRQLAB PROGRAMS_DIR — Debian's gdb in batch mode against
# `irqlab exec --gdb 127.0.0.1:0` (the stub prints the port it got) on programs/user/gdb_target.c
# and gdb_fork.c (built -g -O0), checking the values gdb prints:
#   1. gdb_target: break at a function, print an argument and a local after `next`, the registers,
#      stepi, step over an `int 0x80` (lands right after it), a watchpoint with its new value, bt
#      down to main, continue to the exit code.
#   2. gdb_fork (debugging the first process): the forked child's call of work(1) does not stop,
#      the parent's work(2) does.
#   3. gdb_fork --gdb-process gdb_target.elf: the child's exec'd program is the one debugged.
#   4. `irqlab run SCENARIO --gdb` with an os: section running gdb_target: the same breakpoint, and
#      the scenario's expectations still evaluated after the exit.
#   5. `kill` from gdb: the process dies of SIGKILL (irqlab exec exits 137).
set -u
irqlab="$1"; progs=$(cd "$2" && pwd)
dir=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
fail=0

# start NAME ARGS...: irqlab exec --gdb in the background (run_start: irqlab run); sets $port.
cmd=exec
run_start() { cmd=run; start "$@"; cmd=exec; }
start() {
  name=$1; shift
  if [ $cmd = exec ]; then
    "$irqlab" exec --gdb 127.0.0.1:0 "$@" >"$dir/$name.out" 2>"$dir/$name.err" &
  else
    "$irqlab" run "$@" --gdb 127.0.0.1:0 >"$dir/$name.out" 2>"$dir/$name.err" &
  fi
  pid=$!
  port=""
  for i in $(seq 1 200); do
    port=$(sed -n 's/^gdb: listening on port \([0-9]*\)$/\1/p' "$dir/$name.err")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "stub did not start"; cat "$dir/$name.err"; exit 1; }
}
# finish NAME STATUS: wait for irqlab, check its exit status.
finish() {
  wait $pid; rc=$?; pid=""
  echo "--- irqlab stdout/stderr ($1, exit $rc)"; cat "$dir/$1.out" "$dir/$1.err"
  [ $rc -eq "$2" ] || { echo "FAIL: irqlab exit $rc, expected $2"; fail=1; }
}
check() {  # check NAME REGEX
  if grep -Eq "$2" "$dir/$1.gdb"; then echo "ok: $2"; else echo "MISSING in $1: $2"; fail=1; fi
}
absent() {
  if grep -Eq "$2" "$dir/$1.gdb"; then echo "UNEXPECTED in $1: $2"; fail=1; else echo "ok: no $2"; fi
}
gdbrun() {  # gdbrun NAME ELF -ex ... : gdb output in $dir/NAME.gdb
  name=$1; elf=$2; shift 2
  timeout 60 gdb -batch -nx -ex 'set confirm off' -ex "target remote 127.0.0.1:$port" "$@" "$elf" \
    >"$dir/$name.gdb" 2>&1
  echo "--- gdb ($name)"; cat "$dir/$name.gdb"
}

# 1. gdb_target.elf
start target "$progs/gdb_target.elf"
gdbrun target "$progs/gdb_target.elf" \
  -ex 'info registers eip' -ex 'break *sys_int' -ex 'continue' -ex 'p $pc == &sys_int' -ex 'stepi' \
  -ex 'p $pc == &sys_after' -ex 'p $eax' -ex 'delete' \
  -ex 'break compute' -ex 'continue' -ex 'print n' -ex 'next' \
  -ex 'print local' -ex 'info registers eip' -ex 'p $esp' -ex 'p/x $cs' -ex 'stepi' -ex 'p $pc' \
  -ex 'delete' -ex 'watch counter' -ex 'continue' -ex 'bt' -ex 'delete' -ex 'continue'
entry=$(readelf -h "$progs/gdb_target.elf" | sed -n 's/.*Entry point address: *0x0*\([0-9a-f]*\).*/\1/p')
check target "^eip +0x0*$entry +0x0*$entry <_start>"
check target '^Breakpoint 1, 0x[0-9a-f]+ in raw_getpid'
check target '^\$1 = 1$'
check target '^\$2 = 1$'                            # one stepi over int 0x80: right after it
check target '^\$3 = 2$'                            # getpid's answer in eax: pid 2
check target '^Breakpoint 2, compute \(n=6\) at .*gdb_target.c:'
check target '^\$4 = 6$'
check target '^\$5 = 42$'
check target '^eip +0x[0-9a-f]+ +0x[0-9a-f]+ <compute\+[0-9]+>'
check target '^\$6 = \(void \*\) 0xbff[0-9a-f]+$'
check target '^\$7 = 0x1b$'                         # the user code segment, RPL 3
check target '^\$8 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <compute\+[0-9]+>'
check target 'Hardware watchpoint 3: counter'
check target '^Old value = 0$'
check target '^New value = 43$'
check target '^#0 +compute \(n=6\) at'
check target '^#1 +0x[0-9a-f]+ in main \(\) at .*gdb_target.c:'
check target 'exited with code 07\]'
finish target 7
grep -q '^sum 147 counter 57$' "$dir/target.out" || { echo "FAIL: program output"; fail=1; }

# 2. gdb_fork.elf, the first process: only the parent's work(2) stops.
start fork "$progs/gdb_fork.elf" "$progs/gdb_target.elf"
gdbrun fork "$progs/gdb_fork.elf" -ex 'break work' -ex 'continue' -ex 'print who' -ex 'delete' -ex 'continue'
check fork '^Breakpoint 1, work \(who=2\)'
absent fork 'who=1'
check fork '^\$1 = 2$'
check fork 'exited with code 021\]'                # 10 + the child's 7
finish fork 17

# 3. gdb_fork.elf --gdb-process gdb_target.elf: the child after its exec.
start named --gdb-process gdb_target.elf "$progs/gdb_fork.elf" "$progs/gdb_target.elf"
gdbrun named "$progs/gdb_target.elf" -ex 'break compute' -ex 'continue' -ex 'print n' -ex 'delete' -ex 'continue'
check named '^Breakpoint 1, compute \(n=6\)'
check named '^\$1 = 6$'
check named 'exited with code 07\]'
finish named 17
grep -q '^work 1$' "$dir/named.out" && grep -q '^work 2$' "$dir/named.out" || { echo "FAIL: fork output"; fail=1; }

# 4. irqlab run with an os: section.
cat >"$dir/target.yaml" <<EOF
name: gdb-os-run
machine: { memory: 16MiB, devices: [ { type: pit, irq: 0 } ] }
os:
  files: { /bin/gdb_target: $progs/gdb_target.elf }
  init: [ { run: /bin/gdb_target } ]
stop: { when: all-exited, max_cycles: 1000000000 }
expect:
  - exit: { program: /bin/gdb_target, status: 7 }
  - console: { contains: "sum 147" }
EOF
run_start run "$dir/target.yaml"
gdbrun run "$progs/gdb_target.elf" -ex 'break compute' -ex 'continue' -ex 'print n' -ex 'delete' -ex 'continue'
check run '^Breakpoint 1, compute \(n=6\)'
check run '^\$1 = 6$'
check run 'exited with code 07\]'
finish run 0
grep -q '^PASS exit /bin/gdb_target status 7' "$dir/run.out" || { echo "FAIL: no PASS line"; fail=1; }

# 5. kill
start kill "$progs/gdb_target.elf"
gdbrun kill "$progs/gdb_target.elf" -ex 'break compute' -ex 'continue' -ex 'kill'
check kill '^Breakpoint 1, compute \(n=6\)'
check kill 'Inferior 1 \(Remote target\) killed'
finish kill 137

[ $fail -eq 0 ] && echo "gdb_exec_test: all checks passed"
exit $fail
