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
  # the OpenMP runtime of compiled libraries with threads > 1
  libomp-22-dev
  # sanitizer runtimes for scripts/sanitize.sh
  libclang-rt-22-dev
  # build
  cmake ninja-build ccache libgtest-dev
  # HLS C-simulation (qcc-run --mode=hls-csim) and hls4ml's compile() use g++
  g++
  # Python side (lit runs on it; the venvs are made from it): the big packages
  # come from Debian, the bindings build with pybind11 against python3-dev
  python3 python3-venv python3-dev pybind11-dev python3-numpy python3-onnx
  python3-torch python3-torchvision python3-matplotlib python3-pytest
  # the anchor of the CPU kernel benchmarks (bench/cpu_kernels.py)
  libdnnl-dev
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

# make_venv DIR REQUIREMENTS [VENV-FLAGS...]: (re)creates DIR when the
# requirement files changed since it was made, and installs them.
make_venv() {
  local venv=$1 req=$2
  shift 2
  local stamp
  stamp=$(cat "$req" "$repo/python/constraints.txt" | sha256sum | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.qcc-stamp" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  echo "bootstrap: creating $venv from $req"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$@" "$venv"
  local constraints=()
  # Only the main venv sees Debian's packages, so only it must keep them.
  case " $* " in *" --system-site-packages "*)
    constraints=(-c "$repo/python/constraints.txt") ;;
  esac
  "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    "${constraints[@]}" -r "$req"
  echo "$stamp" > "$venv/.qcc-stamp"
}

# Python packages Debian lacks go into .venv, which also sees Debian's
# site-packages (torch, onnx, numpy, matplotlib); the peer tools the tests
# compare against (qonnx, hls4ml: its wheel carries the ap_types headers the
# HLS C-simulation compiles with) need newer onnx/numpy and get .venv-peers of
# their own.
make_venv "$repo/.venv" "$repo/python/requirements.txt" --system-site-packages
make_venv "$repo/.venv-peers" "$repo/python/requirements-peers.txt"
echo "bootstrap: done"
