"""Every supported ONNX op through the importer, checked in the IR and in the
cost report (MACs recomputed here from the ONNX shapes)."""

import numpy as np
import pytest
from onnx import helper

import qcc
from conftest import make_model, ops_of, qcc_opt, weights


def import_and_report(model, config=None):
    text = qcc.import_onnx(model, config and qcc.QuantConfig(config))
    module = qcc.parse(text, "test.mlir")
    return text, module.cost_report()


def conv_model(group=1, cin=8, cout=16, k=3, stride=1, pad=1, bias=False, act="Relu",
               dilation=1, h=8):
    init = [("w", weights((cout, cin // group, k, k)))]
    inputs = ["x", "w"]
    if bias:
        init.append(("b", weights((cout,), 1)))
        inputs.append("b")
    nodes = [helper.make_node("Conv", inputs, ["c"], name="conv", group=group,
                              kernel_shape=[k, k], strides=[stride, stride],
                              pads=[pad] * 4, dilations=[dilation, dilation])]
    nodes.append(helper.make_node(act, ["c"], ["y"], name="act"))
    oh = (h + 2 * pad - dilation * (k - 1) - 1) // stride + 1
    return make_model(nodes, [("x", [1, cin, h, h])], [("y", [1, cout, oh, oh])], init), \
        oh * oh * cout * k * k * (cin // group)


@pytest.mark.parametrize("group,cin,cout,k,stride,dilation", [
    (1, 8, 16, 3, 1, 1), (8, 8, 8, 3, 1, 1), (2, 8, 16, 3, 2, 1), (1, 8, 16, 1, 1, 1),
    (1, 4, 4, 3, 1, 2)])
def test_conv_variants(group, cin, cout, k, stride, dilation):
    model, macs = conv_model(group, cin, cout, k, stride, pad=k // 2 * dilation,
                             dilation=dilation)
    text, report = import_and_report(model)
    assert report["macs"] == macs
    conv = ops_of(report, "qcost.conv2d")[0]
    # The graph input is signed (calibrated on N(0, 1)): signed 4-bit activations.
    assert conv["formats"].startswith("!qcost.fixed<4, 0> x !qcost.fixed<4, 0> -> ")
    if group > 1:
        assert f"groups {group}" in text
    if dilation > 1:
        assert f"dilations [{dilation}, {dilation}]" in text


def test_conv_bias_without_batch_norm_is_an_accumulator_bias():
    model, _ = conv_model(bias=True)
    text, report = import_and_report(model)
    assert "bias(" in text and "qcost.dequantize" in text


def test_conv_batch_norm_absorbs_the_rescale():
    c = 8
    init = [("w", weights((c, 4, 3, 3))), ("b", weights((c,), 1)),
            ("g", np.ones(c, np.float32)), ("be", np.zeros(c, np.float32)),
            ("m", np.zeros(c, np.float32)), ("v", np.ones(c, np.float32))]
    nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv", pads=[1] * 4),
             helper.make_node("BatchNormalization", ["c", "g", "be", "m", "v"], ["y"],
                              name="bn")]
    model = make_model(nodes, [("x", [1, 4, 6, 6])], [("y", [1, c, 6, 6])], init)
    text, report = import_and_report(model)
    assert "qcost.dequantize" not in text
    bn = ops_of(report, "qcost.batch_norm")[0]
    assert bn["elements_written"] == 6 * 6 * c


def test_batch_norm_folding_math_matches_float_reference():
    # BN(acc * dq + b) == BN'(acc) with gamma' = gamma * dq, mean' = (mean - b) / dq:
    # checked against the float formula on random values.
    r = np.random.default_rng(3)
    acc = r.integers(-500, 500, size=(64, 8)).astype(np.float64)
    dq, b = r.uniform(1e-3, 1e-1, 8), r.normal(0, 1, 8)
    gamma, beta, mean, var = r.normal(1, .1, 8), r.normal(0, .1, 8), r.normal(0, .5, 8), \
        r.uniform(.5, 1.5, 8)
    eps = 1e-5
    want = (acc * dq + b - mean) * gamma / np.sqrt(var + eps) + beta
    got = (acc - (mean - b) / dq) * (gamma * dq) / np.sqrt(var + eps) + beta
    assert np.allclose(got, want, rtol=1e-12, atol=1e-12)
    wrong = (acc - (mean + b) / dq) * (gamma * dq) / np.sqrt(var + eps) + beta
    assert not np.allclose(wrong, want)


def test_gemm_matmul_flatten_reshape():
    init = [("w1", weights((10, 32))), ("b1", weights((10,))), ("w2", weights((10, 5))),
            ("shape", np.array([1, -1], np.int64))]
    nodes = [helper.make_node("GlobalAveragePool", ["x"], ["p"]),
             helper.make_node("Reshape", ["p", "shape"], ["f"]),
             helper.make_node("Gemm", ["f", "w1", "b1"], ["g"], name="fc1", transB=1),
             helper.make_node("MatMul", ["g", "w2"], ["y"], name="fc2")]
    model = make_model(nodes, [("x", [1, 32, 4, 4])], [("y", [1, 5])], init)
    text, report = import_and_report(model)
    assert report["macs"] == 32 * 10 + 10 * 5
    assert len(ops_of(report, "qcost.dense")) == 2
    assert "qcost.reshape" in text and "qcost.global_avg_pool" in text


def test_flatten_of_spatial_tensor_permutes_dense_rows():
    # Flatten of NHWC data reads elements in another order than ONNX's NCHW:
    # the importer must permute the weight rows so that the dense layer
    # computes the same function. Reference: the float product in ONNX order.
    x = np.random.default_rng(1).standard_normal((1, 3, 2, 2)).astype(np.float32)
    w = weights((12, 4))
    nodes = [helper.make_node("Flatten", ["x"], ["f"], axis=1),
             helper.make_node("MatMul", ["f", "w"], ["y"], name="fc")]
    model = make_model(nodes, [("x", [1, 3, 2, 2])], [("y", [1, 4])], [("w", w)])
    config = qcc.QuantConfig({"weight": {"quantizer": "float"},
                              "activation": {"quantizer": "float"}})
    from qcc.onnx_import import _Importer
    importer = _Importer(model, config, None)
    text = importer.run("main")
    assert "qcost.reshape" in text and "qcost.dense" in text
    # The one resource blob is the emitted weight: 4-byte alignment header,
    # then the f32 rows.
    (blob,) = importer.resources.values()
    emitted = np.frombuffer(bytes.fromhex(blob[2:])[4:], np.float32).reshape(12, 4)
    nhwc_input = x.transpose(0, 2, 3, 1).reshape(1, -1)
    assert np.allclose(nhwc_input @ emitted, x.reshape(1, -1) @ w, atol=1e-5)
    assert not np.allclose(nhwc_input @ w, x.reshape(1, -1) @ w, atol=1e-3)


@pytest.mark.parametrize("op,attrs,extra,qop", [
    ("Relu", {}, [], "qcost.relu"),
    ("Clip", {}, [("lo", np.float32(0)), ("hi", np.float32(6))], "qcost.clip"),
    ("PRelu", {}, [("slope", np.full((4, 1, 1), 0.1, np.float32))], "qcost.prelu"),
    ("HardSigmoid", {"alpha": 0.2, "beta": 0.5}, [], "qcost.clip"),
    ("HardSwish", {}, [], "qcost.mul"),
    ("MaxPool", {"kernel_shape": [2, 2], "strides": [2, 2]}, [], "qcost.max_pool2d"),
    ("AveragePool", {"kernel_shape": [2, 2], "strides": [2, 2]}, [], "qcost.avg_pool2d"),
    ("GlobalAveragePool", {}, [], "qcost.global_avg_pool"),
])
def test_elementwise_and_pooling(op, attrs, extra, qop):
    out = {"MaxPool": [1, 4, 2, 2], "AveragePool": [1, 4, 2, 2],
           "GlobalAveragePool": [1, 4, 1, 1]}.get(op, [1, 4, 4, 4])
    node = helper.make_node(op, ["x"] + [n for n, _ in extra], ["y"], name="n", **attrs)
    opset = 14 if op == "HardSwish" else 13
    model = make_model([node], [("x", [1, 4, 4, 4])], [("y", out)], extra, opset=opset)
    text, report = import_and_report(model)
    assert qop in text
    if op == "PRelu":
        assert ops_of(report, "qcost.prelu")[0]["cost"]["act"] > 0


def test_add_mul_concat_and_broadcast_constants():
    nodes = [helper.make_node("Add", ["x", "x2"], ["a"]),
             helper.make_node("Mul", ["a", "c"], ["m"]),
             helper.make_node("GlobalAveragePool", ["m"], ["g"]),
             helper.make_node("Mul", ["g", "m"], ["se"]),  # squeeze-excitation
             helper.make_node("Concat", ["se", "x"], ["y"], axis=1)]
    model = make_model(nodes, [("x", [1, 4, 3, 3]), ("x2", [1, 4, 3, 3])],
                       [("y", [1, 8, 3, 3])], [("c", np.arange(4, dtype=np.float32)
                                                 .reshape(4, 1, 1))])
    text, _ = import_and_report(model)
    assert "tensor<4xf32>" in text  # per-channel constant in NHWC layout
    assert "axis 3" in text
    assert "tensor<1x1x1x4xf32>) -> tensor<1x3x3x4xf32>" in text


def test_qdq_per_tensor_and_per_axis():
    w_codes = np.random.default_rng(0).integers(-127, 128, (8, 4, 3, 3)).astype(np.int8)
    init = [("xs", np.float32(0.05)), ("xz", np.int8(0)),
            ("wq", w_codes), ("ws", np.full(8, 0.01, np.float32)), ("wz", np.zeros(8, np.int8))]
    nodes = [helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["xq"], name="q"),
             helper.make_node("DequantizeLinear", ["xq", "xs", "xz"], ["xd"], name="dq"),
             helper.make_node("DequantizeLinear", ["wq", "ws", "wz"], ["wd"], name="wdq",
                              axis=0),
             helper.make_node("Conv", ["xd", "wd"], ["y"], name="conv", pads=[1] * 4)]
    model = make_model(nodes, [("x", [1, 4, 5, 5])], [("y", [1, 8, 5, 5])], init)
    text, report = import_and_report(model)
    conv = ops_of(report, "qcost.conv2d")[0]
    assert conv["formats"].startswith("!qcost.fixed<8, 0> x !qcost.fixed<8, 0>")
    assert report["macs"] == 25 * 8 * 36
    assert "dense<2.000000e+01>" in text or "dense<20.0>" in text  # 1 / 0.05


def test_qdq_nonzero_zero_point_is_rejected():
    init = [("xs", np.float32(0.05)), ("xz", np.uint8(128))]
    nodes = [helper.make_node("QuantizeLinear", ["x", "xs", "xz"], ["q8"], name="q"),
             helper.make_node("DequantizeLinear", ["q8", "xs", "xz"], ["y"], name="dq")]
    model = make_model(nodes, [("x", [1, 4])], [("y", [1, 4])], init)
    with pytest.raises(qcc.OnnxImportError, match=r"node 'q' \(QuantizeLinear\): non-zero zero"):
        qcc.import_onnx(model)


def qonnx_model():
    d = "qonnx.custom_op.general"
    init = [("s", np.float32(0.1)), ("z", np.float32(0)), ("b4", np.float32(4)),
            ("b8", np.float32(8)), ("ws", np.float32(0.05)),
            ("w", weights((8, 4, 3, 3))), ("w2", weights((8, 8, 1, 1), 2)),
            ("o", np.float32(1.0))]
    nodes = [helper.make_node("Quant", ["x", "s", "z", "b4"], ["xq"], domain=d, name="qa",
                              signed=1, narrow=0, rounding_mode="ROUND"),
             helper.make_node("Quant", ["w", "ws", "z", "b4"], ["wq"], domain=d, name="qw",
                              signed=1, narrow=0, rounding_mode="ROUND"),
             helper.make_node("Conv", ["xq", "wq"], ["c"], name="conv", pads=[1] * 4,
                              kernel_shape=[3, 3]),
             helper.make_node("Relu", ["c"], ["r"], name="relu"),
             helper.make_node("BipolarQuant", ["r", "o"], ["rb"], domain=d, name="bq"),
             helper.make_node("BipolarQuant", ["w2", "o"], ["w2b"], domain=d, name="bw"),
             helper.make_node("Conv", ["rb", "w2b"], ["y"], name="conv2", kernel_shape=[1, 1])]
    return make_model(nodes, [("x", [1, 4, 6, 6])], [("y", [1, 8, 6, 6])], init,
                      extra_opsets=[(d, 1)])


def test_qonnx_quant_and_bipolar():
    text, report = import_and_report(qonnx_model())
    convs = ops_of(report, "qcost.conv2d")
    assert convs[0]["formats"].startswith("!qcost.fixed<4, 0> x !qcost.fixed<4, 0>")
    assert convs[1]["formats"].startswith("!qcost.binary x !qcost.binary")
    assert report["macs"] == 36 * 8 * 36 + 36 * 8 * 8


def test_qonnx_trunc():
    d = "qonnx.custom_op.general"
    init = [("s", np.float32(0.1)), ("z", np.float32(0)), ("b8", np.float32(8)),
            ("b4", np.float32(4))]
    nodes = [helper.make_node("Quant", ["x", "s", "z", "b8"], ["xq"], domain=d, name="q",
                              signed=0, narrow=0, rounding_mode="ROUND"),
             helper.make_node("Trunc", ["xq", "s", "z", "b8", "b4"], ["y"], domain=d,
                              name="t", rounding_mode="FLOOR")]
    model = make_model(nodes, [("x", [1, 4])], [("y", [1, 4])], init, extra_opsets=[(d, 1)])
    text, _ = import_and_report(model)
    assert "qcost.shift" in text and "rounding toward_zero" in text
    assert "-> tensor<1x4x!qcost.ufixed<4, 0>>" in text


def test_imported_ir_round_trips_through_qcc_opt():
    model, _ = conv_model()
    text = qcc.import_onnx(model)
    first = qcc_opt([], text)
    assert first.returncode == 0, first.stderr
    second = qcc_opt([], first.stdout)
    assert second.returncode == 0 and second.stdout == first.stdout


def qonnx_conv_pool(bias):
    """Quant -> Conv (Quant weights, float bias) -> Relu -> Quant -> MaxPool."""
    d = "qonnx.custom_op.general"
    init = [("s", np.float32(0.0625)), ("z", np.float32(0)), ("b8", np.float32(8)),
            ("ws", np.float32(0.03125)), ("w", weights((4, 2, 3, 3))), ("b", bias)]
    nodes = [helper.make_node("Quant", ["x", "s", "z", "b8"], ["xq"], domain=d, name="qx",
                              signed=1, narrow=0, rounding_mode="ROUND"),
             helper.make_node("Quant", ["w", "ws", "z", "b8"], ["wq"], domain=d, name="qw",
                              signed=1, narrow=0, rounding_mode="ROUND"),
             helper.make_node("Conv", ["xq", "wq", "b"], ["c"], name="conv", pads=[1] * 4,
                              kernel_shape=[3, 3]),
             helper.make_node("Relu", ["c"], ["r"], name="relu"),
             helper.make_node("Quant", ["r", "s", "z", "b8"], ["rq"], domain=d, name="qr",
                              signed=0, narrow=0, rounding_mode="ROUND"),
             helper.make_node("MaxPool", ["rq"], ["y"], name="pool", kernel_shape=[2, 2],
                              strides=[2, 2])]
    return make_model(nodes, [("x", [1, 2, 4, 4])], [("y", [1, 4, 2, 2])], init,
                      extra_opsets=[(d, 1)])


def qonnx_conv_pool_reference(model, x):
    """The graph in float64 (round half to even, as QONNX's ROUND)."""
    from onnx import numpy_helper
    init = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    s, ws = init["s"], init["ws"]
    xq = np.clip(np.round(x / s), -128, 127) * s
    wq = np.clip(np.round(init["w"] / ws), -128, 127) * ws
    xp = np.pad(xq, ((0, 0), (0, 0), (1, 1), (1, 1)))
    c = np.zeros((1, 4, 4, 4))
    for i in range(3):
        for j in range(3):
            c += np.einsum("nchw,oc->nohw", xp[:, :, i:i + 4, j:j + 4], wq[:, :, i, j])
    r = np.clip(np.round(np.maximum(c + init["b"][None, :, None, None], 0) / s), 0, 255) * s
    return r.reshape(1, 4, 2, 2, 2, 2).max(axis=(3, 5))


@pytest.mark.parametrize("bias, in_accumulator", [
    # On the accumulator's grid (multiples of s * ws = 2^-9): integer codes.
    (np.array([0.5, -0.25, 0.125, 0.0], np.float32), True),
    # Off it: an f32 add after the dequantize, so that nothing is rounded.
    (np.array([0.0011, -0.3, 0.07, 0.2], np.float32), False)])
def test_qonnx_bias_and_quantized_max_pool(bias, in_accumulator):
    model = qonnx_conv_pool(bias)
    text = qcc.import_onnx(model)
    assert ("bias(" in text) == in_accumulator
    assert ("qcost.add" in text) != in_accumulator
    # The maximum of quantized codes stays quantized: no dequantize before it.
    assert "qcost.max_pool2d %relu" not in text
    assert "-> tensor<1x2x2x4x!qcost.ufixed<8, 0>>" in text
    x = rng_input = np.random.default_rng(4).standard_normal((1, 2, 4, 4)).astype(np.float32)
    (got,) = qcc.parse(text).run_function("main", np.ascontiguousarray(x.transpose(0, 2, 3, 1)))
    want = qonnx_conv_pool_reference(model, rng_input.astype(np.float64))
    # The output codes are the graph's exactly (scale 2^-4: value = code / 16).
    assert np.array_equal(got.astype(np.int64), np.round(want.transpose(0, 2, 3, 1) * 16))
