#!/usr/bin/env bash
# Regenerates the HLS project of the PikeLPN separable block from
# examples/pikelpn_separable_block.mlir: the qcost-pikelpn rewrites, then
# HLS C++ with io=stream, the testbench and the estimates (README.md).
# A test (test/Examples/hls-example.test) checks the committed files match.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin="${QCC_BUILD_DIR:-$repo/build}/bin"
cd "$here"
# The rewrites remark on the re-encoded scales (stderr).
"$bin/qcc-opt" --qcost-pikelpn ../pikelpn_separable_block.mlir \
  -o separable_block_pikelpn.mlir
"$bin/qcc-translate" --qcost-to-hlscpp --hls-io=stream --hls-testbench \
  --hls-report=estimates.json separable_block_pikelpn.mlir \
  -o separable_block.cpp
echo "wrote separable_block_pikelpn.mlir, separable_block.cpp, estimates.json"
