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
  cp "$repo/bench/gpu/torch_anchor.py" "$dir/"
  du -sh "$dir"
  ;;
run)
  status=0
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
  for bundle in random block gemm; do
    echo "== $bundle"
    (cd "$dir/$bundle" && ./qcc-gpu-runner . --repeat=5) || status=1
  done
  for bundle in mobilenetv2 mobilenetv2-w8a8; do
    echo "== $bundle"
    (cd "$dir/$bundle" && ./qcc-gpu-runner . --repeat=10) || status=1
  done
  echo "== gemm-large (timed, not checked)"
  (cd "$dir/gemm-large" && ./qcc-gpu-runner . --repeat=3) || status=1
  echo "== anchors"
  python3 "$dir/torch_anchor.py" || echo "anchors unavailable (no PyTorch with CUDA)"
  exit $status
  ;;
*)
  echo "usage: $0 prepare|run [DIR]" >&2
  exit 2
  ;;
esac
