#!/usr/bin/env bash
# scripts/setup.sh — install what irqlab needs on Debian 12 (idempotent; run as root).
# Fast path: when every package is already installed, apt is not touched at all.
set -euo pipefail

# The toolchain list of shared/reference/toolchain.md, plus what the build itself needs.
PACKAGES=(
  pkg-config libboost-dev libyaml-cpp-dev catch2
  libimgui-dev libstb-dev libglfw3-dev libcapstone-dev libunicorn-dev gcc-i686-linux-gnu musl-dev:i386
  lib32gcc-12-dev nasm xvfb xauth libgl1-mesa-dri imagemagick gdb
  nlohmann-json3-dev zlib1g-dev cmake g++ make
  qemu-user  # the conformance oracle where the host kernel cannot run i386 ELF files
  util-linux procps  # unshare and pgrep: the oracle's private namespace (tests/conformance/oracle.sh)
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "setup: missing packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "setup: these packages must be installed as root on Debian 12; run: sudo scripts/setup.sh" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: apt-get not found: this script supports Debian 12 only; install the packages above by hand" >&2
  exit 1
fi

if ! dpkg --print-foreign-architectures | grep -qx i386; then
  dpkg --add-architecture i386
fi
# A mirror that is syncing may fail one index (often i386): continue and let the install decide.
if ! apt-get update; then
  echo "setup: warning: apt-get update reported errors; trying the install anyway" >&2
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y "${PACKAGES[@]}"
echo "setup: all packages installed"
