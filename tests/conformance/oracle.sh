#!/bin/sh
# oracle.sh ELF [ARGS...] — run one conformance program on the oracle: the host kernel when it can
# execute i386 ELF files, else qemu-i386 (user-mode emulation). Prints the program's stdout (its
# stderr goes to our stderr) and exits with its status, 128+N when killed by signal N.
#
# Under qemu the program runs inside a private user + mount + PID namespace holding its own
# binfmt_misc instance (Linux >= 6.7) that sends i386 ELF files to qemu-i386, so a program can
# execve itself through argv[0] as it would natively; the PID namespace also confines kill(-1),
# and a private IPC namespace keeps System V objects (and /proc/sysvipc) the program's own.
# Without that namespace (old kernel, unshare missing) plain qemu-i386 runs the program, and
# programs marked "conformance: needs-exec" are skipped (exit 77).
# Programs marked "conformance: needs-root" are skipped when we are not root (they setuid).
#
# Environment: IRQ_ORACLE_KIND_FILE — if set, the oracle used is written there:
#   native | qemu-ns | qemu | none.  IRQ_ORACLE_TIMEOUT — seconds (default 20).
#   IRQ_ORACLE_ENV — "NAME=VALUE ..." (no spaces inside a value): the program runs with exactly
#   that environment (env -i), while this script keeps the caller's (tests/busybox/compare.sh).
set -u

kind_file=${IRQ_ORACLE_KIND_FILE:-}
timeout_s=${IRQ_ORACLE_TIMEOUT:-20}
say_kind() { [ -n "$kind_file" ] && printf '%s\n' "$1" > "$kind_file"; return 0; }

if [ $# -lt 1 ]; then
  echo "usage: oracle.sh ELF [ARGS...]" >&2
  say_kind none
  exit 1
fi
elf=$(readlink -f -- "$1") || { echo "oracle.sh: $1: no such file" >&2; say_kind none; exit 1; }
shift
[ -f "$elf" ] || { echo "oracle.sh: $elf: no such file" >&2; say_kind none; exit 1; }

# The program's source (for its "conformance: needs-..." marks): next to this script, else next to the ELF.
name=$(basename "$elf" .elf)
src=$(dirname -- "$(readlink -f -- "$0")")/$name.c
[ -f "$src" ] || src=${elf%.elf}.c
marked() { grep -qs "conformance: $1" "$src"; }

if marked needs-root && [ "$(id -u)" -ne 0 ]; then
  echo "oracle.sh: SKIP: $(basename "$elf") needs root (it changes uids)" >&2
  say_kind none
  exit 77
fi

base=$(mktemp -d "${TMPDIR:-/tmp}/irqlab-oracle.XXXXXX") || { say_kind none; exit 1; }
trap 'umount "$base/binfmt" 2>/dev/null; rm -rf "$base"' EXIT
mkdir "$base/work"
err=$base/stderr

# 1. Native.
# bash's exec, not execvp (timeout, env): execvp would run an ELF it cannot execute as a shell script.
envi=""
[ -n "${IRQ_ORACLE_ENV:-}" ] && envi="env -i $IRQ_ORACLE_ENV"
export IRQ_ORACLE_ENV
bash=$(command -v bash)
( cd "$base/work" && exec timeout -k 2 "$timeout_s" $envi "$bash" -c 'exec "$0" "$@"' "$elf" "$@" </dev/null 2>"$err" )
rc=$?
if ! { [ "$rc" -eq 126 ] && grep -q 'Exec format error' "$err"; }; then
  cat "$err" >&2
  say_kind native
  exit "$rc"
fi

# 2. qemu-i386.
qemu=$(command -v qemu-i386) || {
  echo "oracle.sh: the host cannot execute i386 ELF files and qemu-i386 is missing" \
       "(Debian package qemu-user)" >&2
  say_kind none
  exit 1
}

# 2a. qemu-i386 through a private binfmt_misc, in new user/mount/PID namespaces.
# The inner script runs as the namespace's PID 1 (so the program is not init) once the parent has
# written the uid/gid maps; it exits 125 when the namespace cannot be set up.
inner='
  base=$1; qemu=$2; shift 2
  : > "$base/started"; read go < "$base/go"
  [ "$go" = go ] || exit 125
  mkdir "$base/binfmt" && mount -t binfmt_misc binfmt_misc "$base/binfmt" 2>/dev/null || exit 125
  printf ":irqlab-i386:M::\\x7fELF\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x03\\x00:\\xff\\xff\\xff\\xff\\xff\\xfe\\xfe\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:$qemu:P" \
    > "$base/binfmt/register" 2>/dev/null || exit 125
  mount -t tmpfs -o mode=1777 tmpfs /dev/shm 2>/dev/null  # POSIX shm names private, as irqlab exec
  echo ok > "$base/nsok"
  cd "$base/work" || exit 125
  envi=""
  [ -n "${IRQ_ORACLE_ENV:-}" ] && envi="env -i $IRQ_ORACLE_ENV"
  $envi "$@" </dev/null 2>"$base/stderr"
  rc=$?
  exit $rc
'
if command -v unshare >/dev/null 2>&1 && command -v pgrep >/dev/null 2>&1 && mkfifo "$base/go"; then
  : > "$err"
  if [ "$(id -u)" -eq 0 ]; then map="0 0 65536"; gmap=$map; else map="0 $(id -u) 1"; gmap="0 $(id -g) 1"; fi
  timeout -k 2 "$timeout_s" unshare --user --mount --pid --ipc --fork --mount-proc --kill-child \
    sh -c "$inner" sh "$base" "$qemu" "$elf" "$@" &
  tpid=$!
  # Wait for the inner script (or for unshare to fail), then map ids into the namespace.
  i=0
  while [ ! -e "$base/started" ] && kill -0 "$tpid" 2>/dev/null && [ $i -lt 1000 ]; do
    sleep 0.01; i=$((i + 1))
  done
  if [ -e "$base/started" ]; then
    # $tpid is timeout; the unshare process (already in the new user namespace) is its child.
    ns_pid=$(pgrep -P "$tpid" -x unshare | head -n 1)
    go=no
    if [ -n "$ns_pid" ]; then
      [ "$(id -u)" -eq 0 ] || echo deny > "/proc/$ns_pid/setgroups" 2>/dev/null
      if echo "$map" > "/proc/$ns_pid/uid_map" 2>/dev/null &&
         echo "$gmap" > "/proc/$ns_pid/gid_map" 2>/dev/null; then go=go; fi
    fi
    echo "$go" > "$base/go"
  fi
  wait "$tpid"
  rc=$?
  if [ -f "$base/nsok" ]; then
    cat "$err" >&2
    say_kind qemu-ns
    exit "$rc"
  fi
fi

# 2b. Plain qemu-i386: execve of an i386 ELF fails (ENOEXEC) inside such a run.
if marked needs-exec; then
  echo "oracle.sh: SKIP: $(basename "$elf") re-executes itself and the oracle (plain qemu-i386," \
       "no private binfmt_misc) cannot execve i386 ELF files" >&2
  say_kind none
  exit 77
fi
( cd "$base/work" && exec timeout -k 2 "$timeout_s" $envi "$qemu" "$elf" "$@" </dev/null 2>"$err" )
rc=$?
cat "$err" >&2
say_kind qemu
exit "$rc"
