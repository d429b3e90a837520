#!/bin/sh
# compare.sh IRQLAB BINDIR SCRIPT — one busybox shell test: `BINDIR/busybox sh SCRIPT` on the
# oracle (tests/conformance/oracle.sh: the host kernel, else qemu-i386 in a private namespace) and
# under `IRQLAB exec`, each from its own scratch folder with stdin from /dev/null and the same
# small environment (PATH=BINDIR: the applets are symlinks to the one binary); stdout and the exit
# status must be identical. SCRIPT's folder is mounted read-only at its path for irqlab exec.
# Exit 0 same, 1 different, 77 skipped (no busybox: the fetch failed, see the build log).
set -u
if [ $# -ne 3 ]; then
  echo "usage: compare.sh IRQLAB BINDIR SCRIPT" >&2
  exit 1
fi
irqlab=$1
bindir=$(readlink -f -- "$2")
script=$(readlink -f -- "$3")
name=$(basename "$script" .sh)
here=$(dirname -- "$(readlink -f -- "$0")")
oracle=$here/../conformance/oracle.sh
# A script waiting for a later feature (pending.txt: NAME reason): skipped, with the reason.
pending=$(awk -v n="$name" '$1 == n { $1 = ""; print substr($0, 2) }' "$here/pending.txt" 2>/dev/null)
if [ -n "$pending" ]; then
  echo "busybox $name: SKIPPED, pending: $pending"
  exit 77
fi
if [ ! -x "$bindir/busybox" ]; then
  echo "busybox $name: SKIPPED, $bindir/busybox is missing (scripts/fetch-busybox.sh failed?)"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/irqlab-bb.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/o" "$tmp/i"
envs="PATH=$bindir HOME=/tmp LC_ALL=C TERM=dumb"

( cd "$tmp/o" && IRQ_ORACLE_ENV="$envs" IRQ_ORACLE_KIND_FILE="$tmp/kind" "$oracle" "$bindir/busybox" sh "$script" \
    </dev/null >"$tmp/oracle.out" 2>"$tmp/oracle.err" )
orc=$?
kind=$(cat "$tmp/kind" 2>/dev/null || echo none)
if [ "$orc" -eq 77 ]; then cat "$tmp/oracle.err"; exit 77; fi
if [ "$kind" = none ]; then
  echo "busybox $name: no oracle could run busybox:"; cat "$tmp/oracle.err"; exit 1
fi

to=$(command -v timeout)
( cd "$tmp/i" && exec env -i $envs "$to" -k 2 "${IRQ_EXEC_TIMEOUT:-50}" "$irqlab" exec \
    --mount "$(dirname "$script")" "$bindir/busybox" sh "$script" \
    </dev/null >"$tmp/irqlab.out" 2>"$tmp/irqlab.err" )
irc=$?

if cmp -s "$tmp/oracle.out" "$tmp/irqlab.out" && [ "$orc" -eq "$irc" ]; then
  echo "busybox $name: same stdout and exit status $irc (oracle: $kind)"
  exit 0
fi
echo "busybox $name: DIFFERENT (oracle: $kind)"
echo "exit status: oracle $orc, irqlab exec $irc$([ "$irc" -eq 124 ] && echo ' (timed out)')"
diff -u --label oracle --label "irqlab exec" "$tmp/oracle.out" "$tmp/irqlab.out"
for f in oracle irqlab; do
  if [ -s "$tmp/$f.err" ]; then echo "--- $f stderr (last 15 lines):"; tail -n 15 "$tmp/$f.err"; fi
done
exit 1
