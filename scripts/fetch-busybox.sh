#!/bin/sh
# scripts/fetch-busybox.sh OUTDIR — Debian's busybox-static for i386 (a static glibc ELF32), fetched
# with `apt-get download busybox-static:i386` and unpacked with `dpkg -x`, never committed: the
# binary lands in OUTDIR/bin/busybox with a symlink per applet the tests use (OUTDIR/bin/tr ...),
# so a PATH of OUTDIR/bin gives the same commands natively (the oracle) and under `irqlab exec`
# (which shows the program's folder at the same path). Needs the i386 architecture in dpkg and its
# package lists (scripts/setup.sh). Exit 1 with the reason when the package cannot be fetched.
set -eu
out=${1:?usage: fetch-busybox.sh OUTDIR}
mkdir -p "$out/bin"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/irqlab-busybox.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# apt-get download runs as the _apt user when it can; a root-owned temp folder makes it fall back
# to root with a warning, which is harmless here.
# No package lists (a machine whose packages were all there, so scripts/setup.sh never ran
# apt-get update): update once, as root, and try again.
if ! apt-get download -q busybox-static:i386 >"$tmp/apt.log" 2>&1 && [ "$(id -u)" -eq 0 ]; then
  dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
  apt-get update -q >>"$tmp/apt.log" 2>&1 || true
fi
if ! ls busybox-static_*_i386.deb >/dev/null 2>&1 &&
   ! apt-get download -q busybox-static:i386 >>"$tmp/apt.log" 2>&1; then
  echo "fetch-busybox: apt-get download busybox-static:i386 failed (is the i386 architecture added and apt-get update run? scripts/setup.sh does both):" >&2
  cat "$tmp/apt.log" >&2
  exit 1
fi
deb=$(ls busybox-static_*_i386.deb)
dpkg -x "$deb" "$tmp/x"
cp "$tmp/x/bin/busybox" "$out/bin/busybox.new"
chmod 755 "$out/bin/busybox.new"
mv "$out/bin/busybox.new" "$out/bin/busybox"
echo "$deb" > "$out/VERSION"
# The applets the shell scripts of tests/busybox/ and the shell lessons call by name.
for a in sh ash basename cat chmod cp cut date dirname echo env expr false grep head id kill ln ls \
         mkdir mkfifo mktemp mv od printf ps pwd readlink rm rmdir sed seq sleep sort stat tail \
         tee test touch tr true uniq wc xargs yes; do
  ln -sf busybox "$out/bin/$a"
done
echo "fetch-busybox: $deb -> $out/bin/busybox"
