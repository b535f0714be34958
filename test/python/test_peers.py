"""qcc's counts against qonnx's inference_cost on the same QONNX models.

qonnx runs in .venv-peers (it needs onnx >= 1.13 and numpy 2, which would
shadow Debian's onnx/numpy here), as a subprocess on the saved model.
Conventions: qonnx counts MACs and bit-ops (b_w x b_a per MAC) and prices
batch-norm, scaling and activations at zero, so its bit-ops equal qcc's
`bops` model exactly, while qcc's ace-v2 also prices the elementwise work.
"""

import json
import os
import subprocess

import numpy as np
import onnx
import pytest
from onnx import helper

import qcc
from conftest import PEERS_PYTHON, make_model, weights
from test_import_ops import qonnx_model

PEER = """
import json, sys
from qonnx.util.inference_cost import inference_cost
cost = inference_cost(sys.argv[1], output_json=None, output_onnx=None,
                      preprocess=True, discount_sparsity=False)
print(json.dumps(cost["total_cost"], default=str))
"""

pytestmark = pytest.mark.skipif(
    not os.path.exists(PEERS_PYTHON),
    reason="no .venv-peers (scripts/bootstrap.sh creates it): qonnx comparison skipped")


def qonnx_cost(model, tmp_path):
    path = tmp_path / "model.onnx"
    onnx.save(model, path)
    result = subprocess.run([PEERS_PYTHON, "-c", PEER, str(path)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def w8a4_model():
    """Quant (8-bit weights, 4-bit activations) conv -> BN -> ReLU -> Gemm."""
    d = "qonnx.custom_op.general"
    c = 6
    init = [("s", np.float32(0.1)), ("z", np.float32(0)), ("b4", np.float32(4)),
            ("b8", np.float32(8)), ("ws", np.float32(0.02)), ("w", weights((c, 3, 3, 3))),
            ("g", np.ones(c, np.float32)), ("be", np.zeros(c, np.float32)),
            ("m", np.zeros(c, np.float32)), ("v", np.ones(c, np.float32)),
            ("fw", weights((5, c * 16), 1)), ("shape", np.array([1, -1], np.int64))]
    nodes = [helper.make_node("Quant", ["x", "s", "z", "b4"], ["xq"], domain=d, signed=1,
                              narrow=0, rounding_mode="ROUND"),
             helper.make_node("Quant", ["w", "ws", "z", "b8"], ["wq"], domain=d, signed=1,
                              narrow=0, rounding_mode="ROUND"),
             helper.make_node("Conv", ["xq", "wq"], ["c"], pads=[1] * 4, kernel_shape=[3, 3],
                              strides=[2, 2]),
             helper.make_node("BatchNormalization", ["c", "g", "be", "m", "v"], ["bn"]),
             helper.make_node("Relu", ["bn"], ["r"]),
             helper.make_node("Quant", ["r", "s", "z", "b4"], ["rq"], domain=d, signed=0,
                              narrow=0, rounding_mode="ROUND"),
             helper.make_node("Quant", ["fw", "ws", "z", "b8"], ["fwq"], domain=d, signed=1,
                              narrow=0, rounding_mode="ROUND"),
             helper.make_node("Reshape", ["rq", "shape"], ["f"]),
             helper.make_node("Gemm", ["f", "fwq"], ["y"], transB=1)]
    return make_model(nodes, [("x", [1, 3, 8, 8])], [("y", [1, 5])], init,
                      extra_opsets=[(d, 1)])


@pytest.mark.parametrize("build", [qonnx_model, w8a4_model])
def test_macs_and_bit_ops_match_qonnx(build, tmp_path):
    model = build()
    peer = qonnx_cost(model, tmp_path)
    module = qcc.parse(qcc.import_onnx(model))
    bops = module.cost_report("bops")
    assert bops["macs"] == peer["total_macs"]
    assert bops["cost"]["total"] == peer["total_bops"]
    # Where the conventions differ: qonnx prices batch-norm, scaling and
    # activations at zero; qcc's ace-v2 does not.
    ace = module.cost_report("ace-v2")
    if build is w8a4_model:
        assert ace["cost"]["bn"] > 0 and ace["cost"]["qp"] > 0
