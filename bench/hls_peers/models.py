"""The two QONNX models of the hls4ml comparison, built with onnx.helper.

mlp: the hls4ml jet-tagging shape 16-64-32-32-5 (MatMul + bias Add, ReLU);
cnn: 3x18x18 -> conv3x3(8) -> ReLU -> maxpool2 -> conv3x3(16) -> ReLU ->
maxpool2 -> flatten -> dense(10). Weights are 6-bit `Quant` codes, activations
8-bit `Quant` (signed at the input, unsigned after each ReLU), biases float.
`scales="pot"` uses power-of-two scales (2^-4 activations, 2^-5 weights), so
that the QONNX graph's own float32 execution is exact; `scales="float"` uses
arbitrary scales, as Brevitas exports them. Runs under either interpreter
(onnx + numpy only).
"""

import numpy as np
from onnx import TensorProto, helper, numpy_helper

QONNX = "qonnx.custom_op.general"
WBITS, ABITS = 6, 8


def _scales(kind):
    if kind == "pot":
        return np.float32(2.0 ** -4), np.float32(2.0 ** -5)
    return np.float32(0.0731), np.float32(0.0213)


def _quant(x, y, scale, bits, signed, name):
    return helper.make_node("Quant", [x, scale, "zero", bits], [y], domain=QONNX,
                            name=name, signed=int(signed), narrow=0, rounding_mode="ROUND")


def _weights(rng, shape, scale):
    """Float weights that are exact multiples of `scale` (6-bit codes)."""
    lim = 2 ** (WBITS - 1)
    codes = np.clip(np.round(rng.standard_normal(shape) * lim / 2.5), -lim, lim - 1)
    return (codes * scale).astype(np.float32)


def _bias(rng, n):
    return (np.round(rng.standard_normal(n) * 8) * 2.0 ** -6).astype(np.float32)


def _model(nodes, inputs, outputs, init):
    graph = helper.make_graph(
        nodes, "peer",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in outputs],
        initializer=[numpy_helper.from_array(np.asarray(a), n) for n, a in init])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13),
                                                    helper.make_opsetid(QONNX, 1)])
    model.ir_version = 8
    return model


def _common(scales):
    ascale, wscale = _scales(scales)
    return [("zero", np.float32(0)), ("wbits", np.float32(WBITS)),
            ("abits", np.float32(ABITS)), ("ascale", ascale), ("wscale", wscale)], wscale


def mlp(batch=1, scales="pot", seed=0):
    rng = np.random.default_rng(seed)
    sizes = [16, 64, 32, 32, 5]
    init, wscale = _common(scales)
    nodes = [_quant("x", "a0", "ascale", "abits", True, "quant_input")]
    for i in range(4):
        init += [(f"w{i}", _weights(rng, (sizes[i], sizes[i + 1]), wscale)),
                 (f"b{i}", _bias(rng, sizes[i + 1]))]
        nodes.append(_quant(f"w{i}", f"wq{i}", "wscale", "wbits", True, f"quant_w{i}"))
        nodes.append(helper.make_node("MatMul", [f"a{i}", f"wq{i}"], [f"m{i}"],
                                      name=f"dense{i}"))
        out = "y" if i == 3 else f"s{i}"
        nodes.append(helper.make_node("Add", [f"m{i}", f"b{i}"], [out], name=f"bias{i}"))
        if i < 3:
            nodes.append(helper.make_node("Relu", [out], [f"r{i}"], name=f"relu{i}"))
            nodes.append(_quant(f"r{i}", f"a{i + 1}", "ascale", "abits", False,
                                f"quant_a{i + 1}"))
    return _model(nodes, [("x", [batch, 16])], [("y", [batch, 5])], init)


def cnn(batch=1, scales="pot", seed=1):
    rng = np.random.default_rng(seed)
    init, wscale = _common(scales)
    init += [("c0", _weights(rng, (8, 3, 3, 3), wscale)), ("cb0", _bias(rng, 8)),
             ("c1", _weights(rng, (16, 8, 3, 3), wscale)), ("cb1", _bias(rng, 16)),
             ("fw", _weights(rng, (16 * 3 * 3, 10), wscale)), ("fb", _bias(rng, 10))]
    n = helper.make_node
    conv = dict(kernel_shape=[3, 3], strides=[1, 1], pads=[0] * 4, dilations=[1, 1], group=1)
    pool = dict(kernel_shape=[2, 2], strides=[2, 2], pads=[0] * 4)
    nodes = [_quant("x", "a0", "ascale", "abits", True, "quant_input"),
             _quant("c0", "cq0", "wscale", "wbits", True, "quant_c0"),
             n("Conv", ["a0", "cq0", "cb0"], ["v0"], name="conv0", **conv),
             n("Relu", ["v0"], ["r0"], name="relu0"),
             _quant("r0", "a1", "ascale", "abits", False, "quant_a1"),
             n("MaxPool", ["a1"], ["p0"], name="pool0", **pool),
             _quant("c1", "cq1", "wscale", "wbits", True, "quant_c1"),
             n("Conv", ["p0", "cq1", "cb1"], ["v1"], name="conv1", **conv),
             n("Relu", ["v1"], ["r1"], name="relu1"),
             _quant("r1", "a2", "ascale", "abits", False, "quant_a2"),
             n("MaxPool", ["a2"], ["p1"], name="pool1", **pool),
             n("Flatten", ["p1"], ["f"], name="flatten", axis=1),
             _quant("fw", "fwq", "wscale", "wbits", True, "quant_fw"),
             n("MatMul", ["f", "fwq"], ["m"], name="dense"),
             n("Add", ["m", "fb"], ["y"], name="dense_bias")]
    return _model(nodes, [("x", [batch, 3, 18, 18])], [("y", [batch, 10])], init)


def inputs(kind, shape, scales, on_grid, seed=3):
    """`on_grid`: values the input Quant keeps unchanged (codes x scale);
    otherwise real-valued features (most fall between grid points)."""
    rng = np.random.default_rng(seed)
    ascale = float(_scales(scales)[0])
    if on_grid:
        codes = np.clip(np.round(rng.standard_normal(shape) * 32), -128, 127)
        return (codes * ascale).astype(np.float32)
    return (rng.standard_normal(shape) * 32 * ascale).astype(np.float32)


# -- the graphs in float64 ------------------------------------------------------
# What the QONNX graph means in real arithmetic (float64 is exact here up to
# 2^-40 or so): Quant rounds half to even, as QONNX's ROUND does.

def _q(x, scale, signed):
    lo, hi = (-2 ** (ABITS - 1), 2 ** (ABITS - 1) - 1) if signed else (0, 2 ** ABITS - 1)
    return np.clip(np.round(x / scale), lo, hi) * scale


def _wq(w, scale):
    lim = 2 ** (WBITS - 1)
    return np.clip(np.round(w / scale), -lim, lim - 1) * scale


def _initializers(model):
    return {t.name: numpy_helper.to_array(t).astype(np.float64)
            for t in model.graph.initializer}


def _conv3x3(x, w, b):
    n, _, h, wd = x.shape
    oh, ow = h - 2, wd - 2
    out = np.zeros((n, w.shape[0], oh, ow))
    for i in range(3):
        for j in range(3):
            out += np.einsum("nchw,oc->nohw", x[:, :, i:i + oh, j:j + ow], w[:, :, i, j])
    return out + b[None, :, None, None]


def _pool2(x):
    n, c, h, w = x.shape
    return x[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def reference_f64(kind, model, x):
    init = _initializers(model)
    a_s, w_s = init["ascale"], init["wscale"]
    a = _q(x.astype(np.float64), a_s, True)
    if kind == "mlp":
        for i in range(4):
            y = a @ _wq(init[f"w{i}"], w_s) + init[f"b{i}"]
            a = _q(np.maximum(y, 0), a_s, False)
        return y
    for i in range(2):
        y = _conv3x3(a, _wq(init[f"c{i}"], w_s), init[f"cb{i}"])
        a = _pool2(_q(np.maximum(y, 0), a_s, False))
    return a.reshape(len(a), -1) @ _wq(init["fw"], w_s) + init["fb"]
