#!/bin/sh
# compare.sh IRQLAB ELF SRCDIR — one conformance test: run ELF on the oracle (oracle.sh: the host
# kernel, else qemu-i386) and under `IRQLAB exec ELF`, each from its own scratch directory with
# stdin from /dev/null, and compare stdout byte for byte and the exit status.
# When the oracle is qemu-i386, SRCDIR/NAME.expected (stdout) and SRCDIR/NAME.status (exit status)
# replace its results where they exist: they hold the real kernel's result where qemu-user differs
# from it (see README.md). Exit 0 same, 1 different (or no oracle), 77 skipped.
# IRQ_ORACLE_CACHE=DIR: the oracle's stdout, status and kind are kept in DIR under the SHA-256 of the
# ELF and oracle.sh, and reused by a later run of the same bytes (the sanitizer build's pass over the suite reuses
# the first pass's oracle runs; any change to the program is a new hash, so a new oracle run).
set -u
if [ $# -ne 3 ]; then
  echo "usage: compare.sh IRQLAB ELF SRCDIR" >&2
  exit 1
fi
irqlab=$1
elf=$(readlink -f -- "$2") || { echo "compare.sh: $2: no such file" >&2; exit 1; }
srcdir=$3
name=$(basename "$elf" .elf)
here=$(dirname -- "$(readlink -f -- "$0")")
[ -f "$elf" ] || { echo "compare.sh: $elf: no such file (build the conformance_programs target)" >&2; exit 1; }

# A program waiting for a later issue's feature (pending.txt): skipped, with the reason.
pending=$(awk -v n="$name" '$1 == n { $1 = ""; print substr($0, 2) }' "$here/pending.txt" 2>/dev/null)
if [ -n "$pending" ]; then
  echo "conformance $name: SKIPPED, pending: $pending"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/irqlab-compare.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# 1. The oracle (or its cached result for these exact bytes).
cache=${IRQ_ORACLE_CACHE:-}
key=
if [ -n "$cache" ] && mkdir -p "$cache" 2>/dev/null; then
  key=$cache/$name-$(cat "$elf" "$here/oracle.sh" | sha256sum | cut -c1-16)
fi
if [ -n "$key" ] && [ -f "$key.kind" ] && [ -f "$key.out" ] && [ -f "$key.rc" ]; then
  cp "$key.out" "$tmp/oracle.out"
  orc=$(cat "$key.rc")
  kind="$(cat "$key.kind"), cached"
  : > "$tmp/oracle.err"
else
  IRQ_ORACLE_KIND_FILE=$tmp/kind "$here/oracle.sh" "$elf" >"$tmp/oracle.out" 2>"$tmp/oracle.err"
  orc=$?
  kind=$(cat "$tmp/kind" 2>/dev/null || echo none)
  # Kept only for a real result (not skipped, timed out or without an oracle); written whole, then
  # renamed, so a parallel reader never sees half of it.
  if [ -n "$key" ] && [ "$orc" -ne 77 ] && [ "$orc" -ne 124 ] && [ "$orc" -ne 137 ] && [ "$kind" != none ]; then
    cp "$tmp/oracle.out" "$key.out.$$" && echo "$orc" > "$key.rc.$$" && echo "$kind" > "$key.kind.$$" &&
      mv "$key.out.$$" "$key.out" && mv "$key.rc.$$" "$key.rc" && mv "$key.kind.$$" "$key.kind"
  fi
fi
if [ "$orc" -eq 77 ]; then
  cat "$tmp/oracle.err"
  exit 77
fi
if [ "$kind" = none ]; then
  echo "compare.sh: $name: no oracle could run the program:"
  cat "$tmp/oracle.err"
  exit 1
fi
ref="oracle: $kind"
case $kind in
  qemu*)
    if [ -f "$srcdir/$name.expected" ]; then
      cp "$srcdir/$name.expected" "$tmp/oracle.out"
      ref="$name.expected (the real kernel's output; the oracle is qemu-i386)"
    fi
    if [ -f "$srcdir/$name.status" ]; then
      orc=$(tr -d ' \t\n' < "$srcdir/$name.status")
      ref="$ref, status from $name.status"
    fi
    ;;
esac

# 2. irqlab.
mkdir "$tmp/work"
( cd "$tmp/work" && exec timeout -k 2 "${IRQ_EXEC_TIMEOUT:-35}" "$irqlab" exec "$elf" \
    </dev/null >"$tmp/irqlab.out" 2>"$tmp/irqlab.err" )
irc=$?

if cmp -s "$tmp/oracle.out" "$tmp/irqlab.out" && [ "$orc" -eq "$irc" ]; then
  echo "conformance $name: same stdout and exit status $irc ($ref)"
  exit 0
fi
echo "conformance $name: DIFFERENT ($ref)"
echo "exit status: reference $orc, irqlab exec $irc$([ "$irc" -eq 124 ] && echo ' (timed out)')"
echo "--- stdout diff (reference vs irqlab exec):"
diff -u --label reference --label "irqlab exec" "$tmp/oracle.out" "$tmp/irqlab.out"
if [ -s "$tmp/irqlab.err" ]; then
  echo "--- irqlab exec stderr (last 20 lines):"
  tail -n 20 "$tmp/irqlab.err"
fi
exit 1
