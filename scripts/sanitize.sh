#!/usr/bin/env bash
# Builds qcc with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/
# and runs the whole lit suite against it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$repo/build-asan"
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags"
cmake --build "$build"
# libMLIR.so is not instrumented while inline LLVM allocator code in qcc is:
# manual poisoning from one side then reads as use-after-poison on the other.
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allow_user_poisoning=0}" \
  cmake --build "$build" --target check-qcc
