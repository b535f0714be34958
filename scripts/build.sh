#!/usr/bin/env bash
# Configures (once) and builds qcc in ./build with the defaults of CMakeLists.txt
# (clang-22, lld, ninja, ccache, shared libMLIR.so). Extra arguments go to cmake
# at configure time, e.g. scripts/build.sh -DCMAKE_BUILD_TYPE=Debug.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${QCC_BUILD_DIR:-$repo/build}"
if [ ! -f "$build/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S "$repo" -B "$build" -G Ninja "$@"
fi
cmake --build "$build"
