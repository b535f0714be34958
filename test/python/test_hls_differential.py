"""HLS C++ in C-simulation against the reference evaluator, bit for bit.

The generator of random_programs.py (the one the CPU library is checked
with) writes random qcost functions; each is emitted as HLS C++ with its
testbench (`Module.run_function(..., mode="hls-csim")`: qcost-lower-to-hls-loops,
the HLS C++ emitter, g++ against hls4ml's ap_types headers), run, and every
output code must equal the reference evaluator's. Cases alternate between
io=parallel and io=stream, the latency and resource strategies and reuse
factors 1 and 2.

Each function compiles separately (about a second), so the default run is
short: QCC_HLS_DIFF_CASES=N sets the number of cases (default 48) and
QCC_HLS_DIFF_SEED the seed of the first batch of 24 (default 5000);
docs/hls.md records a long run (scripts/long-checks.sh).
"""

import os

import numpy as np
import pytest

import qcc
from random_programs import codes, random_case

CASES = int(os.environ.get("QCC_HLS_DIFF_CASES", "48"))
SEED = int(os.environ.get("QCC_HLS_DIFF_SEED", "5000"))
BATCH = 24


@pytest.mark.parametrize("batch", range((CASES + BATCH - 1) // BATCH))
def test_hls_csim_equals_reference(batch, ap_types):
    rng = np.random.default_rng(SEED + batch)
    count = min(BATCH, CASES - batch * BATCH)
    cases = [random_case(rng, f"case{i}") for i in range(count)]
    module = qcc.parse("module {\n" + "".join(text for text, _ in cases) + "}\n")
    for i, (text, inputs) in enumerate(cases):
        (want,) = module.run_function(f"case{i}", *inputs)
        # Both interfaces and both strategies, in turn.
        options = {"io": ("parallel", "stream")[i % 2],
                   "strategy": ("latency", "resource")[(i // 2) % 2],
                   "reuse_factor": 1 + (i // 4) % 2}
        (got,) = module.run_function(f"case{i}", *inputs, mode="hls-csim", hls=options)
        assert want.dtype == got.dtype and want.shape == got.shape
        assert np.array_equal(codes(want), codes(got)), (
            f"case{i} ({options}): reference {want.ravel().tolist()} vs C-sim "
            f"{got.ravel().tolist()}\n"
            f"inputs {[a.ravel().tolist() for a in inputs]}\n{text}")
