#!/usr/bin/env bash
# Installs everything qcc needs on a Debian 12 machine: the LLVM/MLIR 22 toolchain and
# build tools from Debian, and Python packages Debian lacks into a venv (.venv) made from
# /usr/bin/python3 with --system-site-packages. Idempotent, non-interactive, safe to re-run.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages. Keep this list to what the build and tests use.
debian_packages=(
  # LLVM/MLIR 22 (libmlir-22-dev does not pull the tools)
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  # sanitizer runtimes for scripts/sanitize.sh
  libclang-rt-22-dev
  # build
  cmake ninja-build ccache libgtest-dev
  # Python side (lit runs on it; the venv is made from it)
  python3 python3-venv python3-numpy
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "bootstrap: Debian packages already installed"
fi

# Python packages Debian lacks go into a venv that also sees Debian's site-packages.
venv="$repo/.venv"
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$venv"
fi
req="$repo/python/requirements.txt"
if [ -f "$req" ] && grep -qvE '^\s*(#|$)' "$req"; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
fi
echo "bootstrap: done"
