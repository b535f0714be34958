"""An independent interpreter of the qcost ops the PikeLPN rewrites touch.

It evaluates a function in float64 on *ideal* real arithmetic: every op's
exact result, without the final rounding into the result format. Comparing
a function before and after a rewrite this way measures the error the
rewrite itself introduces, which the tests bound a priori from the formats.
It shares no code with the compiler: it reads the ops through
`qcc.Module.ops` (constants decoded by the format library) and implements
the formulas of docs/semantics.md with numpy. The bit-exact reference
evaluator of the CPU issue replaces it once it exists.
"""

import numpy as np


def conv2d(x, w, attrs, bias):
    n, h, wd, c = x.shape
    kh, kw, cg, o = w.shape
    sh, sw = attrs.get("strides", [1, 1])
    dh, dw = attrs.get("dilations", [1, 1])
    top, bottom, left, right = attrs.get("padding", [0, 0, 0, 0])
    groups = attrs.get("groups", 1)
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    oh = (h + top + bottom - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + left + right - dw * (kw - 1) - 1) // sw + 1
    og = o // groups
    y = np.zeros((n, oh, ow, o))
    for g in range(groups):
        xs = xp[..., g * cg:(g + 1) * cg]
        ws = w[..., g * og:(g + 1) * og]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                           j * dw:j * dw + sw * (ow - 1) + 1:sw, :]
                y[..., g * og:(g + 1) * og] += patch @ ws[i, j]
    return y if bias is None else y + bias


def evaluate(function, inputs, override=None):
    """Runs `function` (the dict of qcc.Module.ops) on `inputs` (arrays of
    real values); returns the list of returned arrays. `override` maps a
    value id to an array that replaces it (tests use it to break a rewrite
    on purpose)."""
    env = dict(zip(function["arguments"], (np.asarray(a, np.float64) for a in inputs)))
    override = override or {}
    for op in function["ops"]:
        name, attrs = op["name"], op["attributes"]
        args = [env[i] for i in op["operands"]]
        if name in ("arith.constant", "qcost.constant"):
            shape = op["result_types"][0]["shape"]
            value = np.asarray(op["value"], np.float64).reshape(shape)
        elif name == "qcost.conv2d":
            value = conv2d(args[0], args[1], attrs, args[2] if len(args) > 2 else None)
        elif name == "qcost.dense":
            value = args[0] @ args[1] + (args[2] if len(args) > 2 else 0)
        elif name == "qcost.batch_norm":
            x, gamma, beta, mean, var = args
            value = (x - mean) * gamma / np.sqrt(var + attrs.get("epsilon", 1e-5)) + beta
        elif name == "qcost.quant_norm":
            value = args[0] * args[1] + args[2]
        elif name in ("qcost.quantize", "qcost.dequantize", "qcost.rescale"):
            value = args[0] * args[1] if len(args) > 1 else args[0]
        elif name == "qcost.relu":
            value = np.maximum(args[0], 0)
        elif name == "func.return":
            return args
        else:
            raise NotImplementedError(f"ideal_eval: no rule for {name}")
        for result in op["results"]:
            env[result] = override.get(result, value)
    raise ValueError("function without func.return")


def find(function, name):
    """The ops of `function` named `name`."""
    return [op for op in function["ops"] if op["name"] == name]


def format_params(element):
    """The integer parameters of a format spelling: "!qcost.pot<4, -3, 3>"
    -> [4, -3, 3]."""
    inner = element[element.index("<") + 1:element.rindex(">")]
    return [int(p) for p in inner.split(",") if p.strip().lstrip("-").isdigit()]
