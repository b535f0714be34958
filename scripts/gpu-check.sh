#!/usr/bin/env bash
# The GPU check (docs/gpu.md), in two halves:
#
#   scripts/gpu-check.sh prepare [DIR]   here: builds the bundles (needs the
#                                        build and the CUDA toolkit, no GPU)
#   scripts/gpu-check.sh run [DIR]       on a machine with a GPU and only the
#                                        driver (+ PyTorch for the anchors):
#                                        runs every bundle, checks every
#                                        result bit for bit, times them
#
# DIR defaults to build/gpu-check (what the device tool carries). `run` is
# written to finish in a few minutes and prints a summary line per bundle;
# it exits non-zero if any result differs or a bundle fails.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what="${1:-}"
dir="${2:-$repo/build/gpu-check}"

case "$what" in
prepare)
  rm -rf "$dir" && mkdir -p "$dir"
  PYTHONPATH="${QCC_BUILD_DIR:-$repo/build}/python" "$repo/.venv/bin/python" \
    "$repo/bench/gpu/prepare.py" "$dir" || exit 1
  cp "$repo/bench/gpu/torch_anchor.py" "$repo/bench/gpu/summarize.py" "$dir/"
  # The cuBLASLt anchor: CUDA's headers and static runtime, libcublasLt
  # opened where it runs.
  cuda="${QCC_CUDA_DIR:-/usr/local/cuda}"
  "${QCC_CLANGXX:-clang++-22}" -O2 -std=c++17 -I"$cuda/include" \
    "$repo/bench/gpu/cublaslt_gemm.cpp" "$cuda/lib64/libcudart_static.a" \
    -ldl -lpthread -lrt -o "$dir/cublaslt-gemm" || exit 1
  du -sh "$dir"
  ;;
run)
  status=0
  log="${OUT:-$dir}/gpu-check.log"
  {
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
    for bundle in random native native-exact block gemm gemm-exact; do
      echo "== $bundle"
      (cd "$dir/$bundle" && ./qcc-gpu-runner . --repeat=5) || status=1
    done
    for bundle in mobilenetv2 mobilenetv2-w8a8; do
      echo "== $bundle"
      (cd "$dir/$bundle" && ./qcc-gpu-runner . --repeat=10) || status=1
    done
    echo "== mobilenetv2-w8a8-b64 (timed, not checked)"
    (cd "$dir/mobilenetv2-w8a8-b64" && ./qcc-gpu-runner . --repeat=10) || status=1
    echo "== gemm-large (timed, not checked)"
    (cd "$dir/gemm-large" && ./qcc-gpu-runner . --repeat=5) || status=1
    echo "== anchors"
    # cuBLASLt from the toolkit, else PyTorch's.
    lt=$(ls /usr/local/cuda/lib64/libcublasLt.so* 2>/dev/null | head -1)
    [ -n "$lt" ] || lt=$(python3 -c "import nvidia.cublas, os; d = os.path.join(nvidia.cublas.__path__[0], 'lib'); print(os.path.join(d, sorted(f for f in os.listdir(d) if f.startswith('libcublasLt.so'))[0]))" 2>/dev/null)
    "$dir/cublaslt-gemm" ${lt:+--library="$lt"} --repeat=10 1024 4096 8192 ||
      echo "cublaslt unavailable"
    python3 "$dir/torch_anchor.py" || echo "anchors unavailable (no PyTorch with CUDA)"
    echo "== summary"
    echo "status $status"
  } 2>&1 | tee "$log"
  python3 "$dir/summarize.py" "$log" | tee -a "$log"
  grep -q "^status 0$" "$log"
  ;;
*)
  echo "usage: $0 prepare|run [DIR]" >&2
  exit 2
  ;;
esac
