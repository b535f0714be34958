#!/usr/bin/env bash
# C-simulation of the emitted separable block: builds separable_block.cpp
# (its testbench) with g++ against the ap_types headers, runs it on a random
# 4-bit input and compares every output code with qcc's reference evaluator.
# Prints "identical" and exits 0 when they agree.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin="${QCC_BUILD_DIR:-$repo/build}/bin"
ap_types="${QCC_AP_TYPES:-$(ls -d "$repo"/.venv-peers/lib/python3*/site-packages/hls4ml/templates/vivado/ap_types | head -n 1)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -std=c++17 -O1 -ffp-contract=off -w -isystem "$ap_types" \
  "$here/separable_block.cpp" -o "$work/csim"
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
work = sys.argv[1]
x = np.random.default_rng(2026).integers(0, 16, (1, 56, 56, 64)).astype(np.uint8)
np.save(f"{work}/x.npy", x)
np.savetxt(f"{work}/in0.txt", x.reshape(-1), fmt="%d")
PY
"$work/csim" "$work/in0.txt" "$work/out0.txt"
"$bin/qcc-run" "$here/separable_block_pikelpn.mlir" --input="$work/x.npy" \
  -o "$work/reference.npy" --quiet
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
work = sys.argv[1]
reference = np.load(f"{work}/reference.npy").reshape(-1).astype(np.int64)
csim = np.loadtxt(f"{work}/out0.txt", dtype=np.int64)
same = np.array_equal(reference, csim)
print("identical" if same else f"DIFFERENT in {(reference != csim).sum()} of {reference.size} codes")
sys.exit(0 if same else 1)
PY
