"""QDQ int8 models imported into qcc and run by the reference evaluator,
against ONNX Runtime executing the same ONNX graph.

ONNX Runtime runs QuantizeLinear as round-half-even of x / scale in float32
and computes Conv/Gemm/pooling in float32 on dequantized values; qcc multiplies
by the reciprocal scale (the importer's convention, docs/semantics.md 4.3),
sums products exactly in an integer accumulator and rounds once. The two agree
except where the float32 rounding of ONNX Runtime lands a value on the other
side of a rounding boundary: then the codes differ by one step. The tests
require at most one step anywhere and bit-identical codes for nearly all
elements (docs/running.md records the measured rates).
"""

import numpy as np
import onnxruntime as ort
import pytest
from onnx import helper

import qcc
from conftest import make_model


def run_onnxruntime(model, x, optimize):
    options = ort.SessionOptions()
    options.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_ENABLE_ALL if optimize
                                        else ort.GraphOptimizationLevel.ORT_DISABLE_ALL)
    session = ort.InferenceSession(model.SerializeToString(), options,
                                   providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


def qdq(name, src, scale, nodes, init):
    """Appends QuantizeLinear + DequantizeLinear of `src` with an int8 scale."""
    init += [(f"{name}_s", np.float32(scale)), (f"{name}_z", np.int8(0))]
    nodes += [helper.make_node("QuantizeLinear", [src, f"{name}_s", f"{name}_z"],
                               [f"{name}_q"], name=f"{name}_quant"),
              helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_s", f"{name}_z"],
                               [f"{name}_dq"], name=f"{name}_dequant")]
    return f"{name}_dq"


def weight(name, shape, rng, nodes, init):
    codes = rng.integers(-127, 128, shape).astype(np.int8)
    scales = rng.uniform(0.002, 0.02, shape[0]).astype(np.float32)
    init += [(f"{name}_q", codes), (f"{name}_s", scales),
             (f"{name}_z", np.zeros(shape[0], np.int8))]
    nodes.append(helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_s", f"{name}_z"],
                                  [f"{name}_dq"], name=f"{name}_dequant", axis=0))
    return f"{name}_dq"


def conv_block_model(seed):
    """QDQ conv (per-channel int8 weights) -> ReLU -> depthwise conv -> conv,
    each activation re-quantized to int8 with its own scale."""
    rng = np.random.default_rng(seed)
    nodes, init = [], []
    x = qdq("in", "x", 0.047, nodes, init)
    w1 = weight("w1", (16, 4, 3, 3), rng, nodes, init)
    nodes += [helper.make_node("Conv", [x, w1], ["c1"], name="conv1", pads=[1] * 4),
              helper.make_node("Relu", ["c1"], ["r1"], name="relu1")]
    a1 = qdq("a1", "r1", 0.113, nodes, init)
    w2 = weight("w2", (16, 1, 3, 3), rng, nodes, init)
    nodes.append(helper.make_node("Conv", [a1, w2], ["c2"], name="dw", pads=[1] * 4,
                                  group=16, strides=[2, 2]))
    a2 = qdq("a2", "c2", 0.071, nodes, init)
    w3 = weight("w3", (8, 16, 1, 1), rng, nodes, init)
    nodes.append(helper.make_node("Conv", [a2, w3], ["c3"], name="pw"))
    y = qdq("out", "c3", 0.09, nodes, init)
    nodes.append(helper.make_node("Identity", [y], ["y"], name="output"))
    return make_model(nodes, [("x", [1, 4, 24, 24])], [("y", [1, 8, 12, 12])], init)


def gemm_model(seed):
    rng = np.random.default_rng(seed)
    nodes, init = [], []
    x = qdq("in", "x", 0.031, nodes, init)
    # PyTorch's layout: Gemm with transB=1 and (out, in) weights, per-output
    # scales on axis 0.
    w = weight("w", (10, 64), rng, nodes, init)
    nodes.append(helper.make_node("Gemm", [x, w], ["m"], name="fc", transB=1))
    y = qdq("out", "m", 0.17, nodes, init)
    nodes.append(helper.make_node("Identity", [y], ["y"], name="output"))
    return make_model(nodes, [("x", [3, 64])], [("y", [3, 10])], init)


def compare(model, x, out_scale, nhwc):
    module = qcc.parse(qcc.import_onnx(model))
    arg = x.transpose(0, 2, 3, 1).copy() if nhwc else x
    # The importer keeps the final QuantizeLinear: the function returns int8
    # codes (the storage dtype of !qcost.fixed<8, 0>).
    (result,) = module.run_function("main", arg)
    assert result.dtype == np.int8
    # The compiled CPU code gives the reference's codes exactly.
    (compiled,) = module.run_function("main", arg, mode="compiled")
    assert np.array_equal(result, compiled)
    ours = result.astype(np.int64)
    stats = {}
    for optimize in (False, True):
        theirs = run_onnxruntime(model, x, optimize)
        if nhwc:
            theirs = theirs.transpose(0, 2, 3, 1)
        codes = np.rint(theirs / out_scale).astype(np.int64)
        diff = np.abs(ours - codes)
        assert diff.max() <= 1, f"optimize={optimize}: codes differ by {diff.max()}"
        stats[optimize] = float((diff == 0).mean())
    return stats


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_conv_block_matches_onnxruntime(seed):
    x = np.random.default_rng(100 + seed).uniform(-6, 6, (1, 4, 24, 24)).astype(np.float32)
    stats = compare(conv_block_model(seed), x, 0.09, nhwc=True)
    assert min(stats.values()) >= 0.99, stats


def test_gemm_matches_onnxruntime():
    x = np.random.default_rng(7).uniform(-4, 4, (3, 64)).astype(np.float32)
    stats = compare(gemm_model(0), x, 0.17, nhwc=False)
    assert min(stats.values()) >= 0.99, stats


def test_reference_evaluator_errors_surface_as_exceptions():
    module = qcc.parse(qcc.import_onnx(gemm_model(0)))
    with pytest.raises(qcc.QccError, match=r"shape \(3, 65\) does not match"):
        module.run_function("main", np.zeros((3, 65), np.float32), values=True)
    with pytest.raises(qcc.QccError, match="no function 'nope'"):
        module.run_function("nope", np.zeros((3, 64), np.float32))
    with pytest.raises(qcc.QccError, match="takes 1 arguments, got 2"):
        module.run_function("main", np.zeros((3, 64), np.float32), np.zeros(1))
    with pytest.raises(qcc.QccError, match="dtype int8 cannot hold codes of f32"):
        module.run_function("main", np.zeros((3, 64), np.int8))
