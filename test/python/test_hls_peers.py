"""The hls4ml comparison of docs/hls.md, in small: bench/hls_peers.py's MLP
(16-64-32-32-5, 6-bit weights, power-of-two scales) through hls4ml 1.3 and
through qcc's HLS C-simulation. qcc must equal the graph's real-arithmetic
value and its own reference evaluator exactly; hls4ml's numbers are recorded,
not asserted (bench/hls_peers.py prints them all)."""

import os
import sys

import pytest

from conftest import PEERS_PYTHON, REPO

sys.path.insert(0, os.path.join(REPO, "bench"))
import hls_peers  # noqa: E402

pytestmark = pytest.mark.skipif(
    not os.path.exists(PEERS_PYTHON),
    reason="no .venv-peers (scripts/bootstrap.sh creates it): hls4ml comparison skipped")


def test_mlp_through_hls4ml_and_qcc(tmp_path, ap_types):
    result = hls_peers.run("mlp", "pot", str(tmp_path), "fixed<16,6>")
    assert result["qcc csim == qcc reference (bits)"]
    for inputs in ("real", "on-grid"):
        assert result[f"qcc vs f64 graph, {inputs} inputs"]["differing"] == 0
        assert result[f"qcc vs qonnx, {inputs} inputs"]["differing"] == 0
    assert result["lines"]["hls4ml"] > 0 and result["qcc estimates"]["latency_cycles"] > 0
