"""A generator of random well-typed qcost functions, shared by the
differential tests of every backend (test_lowering_differential.py: the CPU
library; test_hls_differential.py: HLS C++ in C-simulation).

It covers what the lowering covers: fixed point of widths 1 to 16 (signed and
unsigned), power-of-two (with and without zero, unsigned), binary and
minifloat operands and results, f32/f16/bf16 results; add, mul, rescale,
quant_norm, relu, clip, prelu, dprelu, shift, matmul, dense, conv2d (grouped,
depthwise with multipliers, strided, dilated, padded, with bias; constant,
power-of-two and f32 weights), max/avg/global pooling, reduce_sum, concat,
quantize, dequantize, batch_norm, float activations and IEEE f32/f16 add and
mul; nearest-even, toward-zero and stochastic rounding into every result
family; saturate and wrap. Inputs include the extreme codes and, for floats,
NaN, infinities, -0, huge and tiny values and exact ties.

`random_case(rng, name)` returns one function's text and its inputs.
"""

import re

import numpy as np

FLOAT_SPECIALS = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1e30, -1e30, 1e-30, -1e-30, 65504.0]


def fl(value):
    """An MLIR float literal."""
    return f"{float(value):.17e}"


def tensor(shape, elem):
    return f"tensor<{'x'.join(map(str, shape))}x{elem}>" if shape else f"tensor<{elem}>"


BUILTIN_MINIFLOATS = {"f8E4M3FN": (4, 3), "f8E5M2": (5, 2), "f8E4M3": (4, 3), "f8E3M4": (3, 4),
                      "f6E3M2FN": (3, 2), "f6E2M3FN": (2, 3), "f4E2M1FN": (2, 1)}
SUBNORMALS = ["ieee", "no_output", "as_normal", "flush"]
SPECIALS = ["ieee", "inf_only", "nan_only", "finite"]


def random_minifloat(rng, wide=False):
    """A builtin minifloat or a !qcost.float with any subnormal/special rule;
    `wide`: up to E = 8 and 16 bits (results and decoded inputs), else at
    most 8 bits and E = 5 (operands of f64 arithmetic stay exact)."""
    if rng.random() < 0.4:
        name = str(rng.choice(list(BUILTIN_MINIFLOATS)))
        e, m = BUILTIN_MINIFLOATS[name]
        return name, ("mini", e, m)
    e = int(rng.integers(1, 9 if wide else 6))
    m = int(rng.integers(0, (16 if wide else 8) - e))
    params = [str(e), str(m)]
    subnormals = str(rng.choice(SUBNORMALS))
    specials = str(rng.choice(SPECIALS if e >= 2 else SPECIALS[1:]))
    if e == 1 and m == 0:  # otherwise zero would be the only finite value
        specials = "finite"
    if subnormals != "ieee":
        params.append(f"subnormals = {subnormals}")
    if specials != "ieee":
        params.append(f"specials = {specials}")
    return f"!qcost.float<{', '.join(params)}>", ("mini", e, m)


def random_format(rng, pot=True, binary=True, max_width=16, mini=True, wide_mini=False):
    weights = np.array([0.5, 0.3, 0.12 if pot else 0, 0.08 if binary else 0, 0.2 if mini else 0])
    kind = rng.choice(["fixed", "ufixed", "pot", "binary", "mini"], p=weights / weights.sum())
    if kind == "mini":
        return random_minifloat(rng, wide_mini)
    if kind == "binary":
        return "!qcost.binary", ("binary",)
    if kind == "pot":
        lo = int(rng.integers(-6, 2))
        hi = lo + int(rng.integers(0, 6))
        flags = "".join(f for f in (", nozero", ", unsigned") if rng.random() < 0.25)
        return f"!qcost.pot<4, {lo}, {hi}{flags}>", ("pot", lo, hi)
    width = int(rng.integers(2 if kind == "fixed" else 1, max_width + 1))
    frac = int(rng.integers(-3, 9))
    return f"!qcost.{kind}<{width}, {frac}>", (kind, width, frac)


def random_codes(rng, fmt, shape):
    """Storage codes (what run_function takes), extremes included."""
    if fmt[0] == "binary":
        return rng.integers(0, 2, shape).astype(np.uint8)
    if fmt[0] == "pot":
        return rng.integers(0, 16, shape).astype(np.uint8)
    if fmt[0] == "mini":  # every code: NaN, infinities, subnormals, -0
        width = 1 + fmt[1] + fmt[2]
        return rng.integers(0, 1 << width, shape).astype(np.uint8 if width <= 8 else np.uint16)
    kind, width = fmt[0], fmt[1]
    lo, hi = (-(1 << (width - 1)), (1 << (width - 1)) - 1) if kind == "fixed" else (0, (1 << width) - 1)
    codes = rng.integers(lo, hi + 1, shape)
    flat = codes.reshape(-1)
    flat[: max(1, flat.size // 8)] = rng.choice([lo, hi, 0], max(1, flat.size // 8))
    bits = 8 if width <= 8 else 16 if width <= 16 else 32 if width <= 32 else 64
    return codes.astype(np.dtype(("i" if kind == "fixed" else "u") + str(bits // 8)))


def random_floats(rng, shape, step=None):
    """f32 values: multiples of `step` (exact ties for a rounding at step*2)
    or wide-range values, with special values mixed in."""
    if step is not None:
        values = rng.integers(-300, 300, shape) * step
    else:
        values = rng.uniform(-4, 4, shape) * 2.0 ** rng.integers(-6, 6, shape)
    values = np.asarray(values, dtype=np.float32)
    flat = values.reshape(-1)
    count = int(rng.integers(0, max(1, flat.size // 4) + 1))
    flat[:count] = rng.choice(FLOAT_SPECIALS, count)
    rng.shuffle(flat)
    return values


def f32_constant(rng, shape, positive=False, short=False):
    if short:  # 8-bit dyadic values: exact products stay within f64
        values = rng.integers(1 if positive else -128, 128, shape) * 2.0 ** int(rng.integers(-9, -3))
    else:
        values = rng.uniform(0.25 if positive else -2, 2, shape) * 2.0 ** rng.integers(-4, 3)
    values = np.asarray(values, dtype=np.float32)
    if values.ndim == 0:
        return f"dense<{fl(values)}> : tensor<f32>"
    body = ", ".join(fl(v) for v in values.ravel())
    return f"dense<[{body}]> : {tensor(list(shape), 'f32')}"


class Case:
    """One generated function: its lines, arguments and inputs."""

    def __init__(self, rng, name):
        self.rng, self.name = rng, name
        self.lines, self.args, self.inputs = [], [], []
        self.constants = 0

    def arg(self, fmt_t, fmt, shape, values=None):
        index = len(self.args)
        self.args.append(f"%a{index}: {tensor(shape, fmt_t)}")
        self.inputs.append(random_codes(self.rng, fmt, shape) if values is None else values)
        return f"%a{index}"

    def constant(self, text):
        self.constants += 1
        self.lines.append(f"%c{self.constants} = arith.constant {text}")
        return f"%c{self.constants}"

    def rounding(self, out_f, allow_stochastic=True):
        modes = ["nearest_even", "toward_zero"]
        if allow_stochastic:
            modes.append("stochastic")
        mode = self.rng.choice(modes)
        text = f" rounding {mode}"
        if mode == "stochastic":
            text += f" seed {int(self.rng.integers(0, 1 << 40))}"
        if out_f[0] not in ("binary", "pot") and self.rng.random() < 0.4:
            text += " overflow wrap"
        return text

    def text(self, result_type):
        body = "\n    ".join(self.lines)
        return (f"  func.func @{self.name}({', '.join(self.args)}) -> {result_type} {{\n"
                f"    {body}\n    return %y : {result_type}\n  }}\n")


def elementwise(case, op):
    rng = case.rng
    shape = [int(rng.integers(1, 4)), int(rng.integers(1, 6))]
    if op in ("add", "mul") and rng.random() < 0.15:  # the IEEE operation
        ft = str(rng.choice(["f32", "f16"]))
        dtype = np.float32 if ft == "f32" else np.float16
        bshape = [shape[1]] if rng.random() < 0.5 else shape
        with np.errstate(over="ignore"):  # 1e30 becomes inf in f16, on purpose
            x = case.arg(ft, None, shape, random_floats(rng, shape).astype(dtype))
            b = case.arg(ft, None, bshape, random_floats(rng, bshape).astype(dtype))
        wrap = case.rounding(("float",))
        case.lines.append(f"%y = qcost.{op} {x}, {b}{wrap} : ({tensor(shape, ft)}, "
                          f"{tensor(bshape, ft)}) -> {tensor(shape, ft)}")
        return tensor(shape, ft)
    short = False
    if rng.random() < 0.15:  # an IEEE float result, any rounding
        out_t, out_f = str(rng.choice(["f32", "f16", "bf16"])), ("float",)
        attrs = case.rounding(out_f)
        short = True
    else:
        out_t, out_f = random_format(rng, wide_mini=True)
        attrs = case.rounding(out_f)
    xt, xf = random_format(rng, max_width=10 if short else 16)
    # Float and minifloat arithmetic is exact in f64: short constants.
    short = short or "mini" in (out_f[0], xf[0])
    constant = lambda shp: f32_constant(rng, shp, short=short)
    x = case.arg(xt, xf, shape)
    src = tensor(shape, xt)
    per_channel = tensor([shape[1]], "f32")
    if op in ("add", "mul"):
        bshape = [shape[1]] if rng.random() < 0.5 else shape
        bt, bf = random_format(rng, max_width=10 if short else 16)
        b = case.arg(bt, bf, bshape)
        case.lines.append(f"%y = qcost.{op} {x}, {b}{attrs} : ({src}, {tensor(bshape, bt)}) -> "
                          f"{tensor(shape, out_t)}")
    elif op == "rescale":
        sshape = [] if rng.random() < 0.5 else [shape[1]]
        s = case.constant(constant(sshape))
        case.lines.append(f"%y = qcost.rescale {x}, {s}{attrs} : ({src}, {tensor(sshape, 'f32')}) "
                          f"-> {tensor(shape, out_t)}")
    elif op == "quant_norm":
        s = case.constant(constant([shape[1]]))
        b = case.constant(constant([shape[1]]))
        case.lines.append(f"%y = qcost.quant_norm {x}, {s}, {b}{attrs} : ({src}, {per_channel}, "
                          f"{per_channel}) -> {tensor(shape, out_t)}")
    elif op == "relu":
        case.lines.append(f"%y = qcost.relu {x}{attrs} : ({src}) -> {tensor(shape, out_t)}")
    elif op == "clip":
        lo = float(rng.integers(-8, 1)) / 4
        hi = lo + float(rng.integers(0, 12)) / 4
        case.lines.append(f"%y = qcost.clip {x} min {fl(lo)} max {fl(hi)}{attrs} : ({src}) -> "
                          f"{tensor(shape, out_t)}")
    elif op == "prelu":
        a = case.constant(constant([shape[1]]))
        case.lines.append(f"%y = qcost.prelu {x}, {a}{attrs} : ({src}, {per_channel}) -> "
                          f"{tensor(shape, out_t)}")
    else:  # dprelu
        params = [case.constant(constant([shape[1]])) for _ in range(4)]
        case.lines.append(f"%y = qcost.dprelu {x}, {', '.join(params)}{attrs} : ({src}, "
                          f"{', '.join([per_channel] * 4)}) -> {tensor(shape, out_t)}")
    return tensor(shape, out_t)


def integer_grid(fmt):
    """(lsb, magnitude bits) of an integer-like format: |value| < 2^(lsb + bits)."""
    if fmt[0] == "binary":
        return 0, 1
    if fmt[0] == "pot":
        return fmt[1], fmt[2] - fmt[1] + 1
    return -fmt[2], fmt[1]


def accumulator(lf, rf, terms, rng=None):
    if "mini" in (lf[0], rf[0]) and rng.random() < 0.35:
        # A float accumulator: every product and every sum rounded into it.
        return random_minifloat(rng, wide=True)
    if "mini" in (lf[0], rf[0]) or "f32" in (lf[0], rf[0]):
        # Products round into it (unless exact) and may wrap.
        width, frac = int(rng.integers(8, 41)), int(rng.integers(0, 15))
        return f"!qcost.fixed<{width}, {frac}>", ("fixed", width, frac)
    (llsb, lbits), (rlsb, rbits) = integer_grid(lf), integer_grid(rf)
    safe = min(64, lbits + rbits + int(np.ceil(np.log2(terms + 1))) + 2)
    # Sometimes narrower than safe: the sum wraps modulo 2^W.
    width = safe if rng.random() < 0.75 else int(rng.integers(min(safe, lbits + rbits + 2), safe + 1))
    frac = -(llsb + rlsb)
    return f"!qcost.fixed<{width}, {frac}>", ("fixed", width, frac)


def weights(case, rt, rf, shape):
    """The right operand: an argument, a qcost.constant of codes, or (for
    f32) a constant of short dyadic values."""
    rng = case.rng
    if rf[0] == "f32":
        values = rng.integers(-128, 128, shape) * 2.0 ** int(rng.integers(-9, 1))
        return case.constant(f"dense<{values.tolist()}> : {tensor(shape, 'f32')}")
    if rf[0] != "mini" and rng.random() < 0.4:
        codes = random_codes(rng, rf, shape)
        storage = f"i{8 * codes.dtype.itemsize}"
        signed = codes.astype(np.int64)
        case.constants += 1
        case.lines.append(f"%c{case.constants} = qcost.constant dense<{signed.tolist()}> : "
                          f"{tensor(shape, storage)} -> {tensor(shape, rt)}")
        return f"%c{case.constants}"
    return case.arg(rt, rf, shape)


def contraction(case, op):
    rng = case.rng
    # Minifloat operands: the FP8 MAC designs, each product rounded into a
    # fixed-point accumulator.
    mini = rng.random() < 0.3
    lt, lf = random_minifloat(rng) if mini else random_format(rng, binary=rng.random() < 0.1, mini=False)
    if not mini and rng.random() < 0.1:
        rt, rf = "f32", ("f32",)
    else:
        rt, rf = random_format(rng, mini=mini)
    if op in ("matmul", "dense"):
        m, k, n = int(rng.integers(1, 4)), int(rng.integers(1, 9)), int(rng.integers(1, 6))
        acc_t, acc_f = accumulator(lf, rf, k, rng)
        x = case.arg(lt, lf, [m, k])
        w = weights(case, rt, rf, [k, n])
        types = f"{tensor([m, k], lt)}, {tensor([k, n], rt)}"
        if op == "dense" and rng.random() < 0.5:
            b = case.arg(acc_t, acc_f, [n])
            case.lines.append(f"%y = qcost.dense {x}, {w} bias({b}) : ({types}, "
                              f"{tensor([n], acc_t)}) -> {tensor([m, n], acc_t)}")
        else:
            case.lines.append(f"%y = qcost.{op} {x}, {w} : ({types}) -> {tensor([m, n], acc_t)}")
        return tensor([m, n], acc_t)
    groups = int(rng.choice([1, 1, 2, 3]))
    per_group_in, per_group_out = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    if rng.random() < 0.3:  # depthwise, sometimes with a channel multiplier
        per_group_in, per_group_out = 1, int(rng.choice([1, 1, 2]))
        groups = int(rng.integers(1, 5))
    c, o = groups * per_group_in, groups * per_group_out
    kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    sh, sw = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    dh, dw = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    pad = [int(rng.integers(0, 3)) for _ in range(4)]
    n = int(rng.integers(1, 3))
    h = int(rng.integers(max(1, dh * (kh - 1) + 1 - pad[0] - pad[1]), 7))
    w = int(rng.integers(max(1, dw * (kw - 1) + 1 - pad[2] - pad[3]), 7))
    oh = (h + pad[0] + pad[1] - dh * (kh - 1) - 1) // sh + 1
    ow = (w + pad[2] + pad[3] - dw * (kw - 1) - 1) // sw + 1
    acc_t, acc_f = accumulator(lf, rf, kh * kw * per_group_in, rng)
    x = case.arg(lt, lf, [n, h, w, c])
    f = weights(case, rt, rf, [kh, kw, per_group_in, o])
    operands = f"{x}, {f}"
    types = f"{tensor([n, h, w, c], lt)}, {tensor([kh, kw, per_group_in, o], rt)}"
    if rng.random() < 0.4:
        operands += f" bias({case.arg(acc_t, acc_f, [o])})"
        types += f", {tensor([o], acc_t)}"
    attrs = f" strides [{sh}, {sw}] padding [{', '.join(map(str, pad))}] dilations [{dh}, {dw}]"
    if groups > 1:
        attrs += f" groups {groups}"
    out = tensor([n, oh, ow, o], acc_t)
    case.lines.append(f"%y = qcost.conv2d {operands}{attrs} : ({types}) -> {out}")
    return out


def native_format(rng, pot=False):
    """An operand format of the native 8-bit path (i8 codes): signed fixed
    point up to 8 bits, unsigned up to 8 (8 bits: x - 128 in a byte against
    constant weights, else decoded to i16), binary, or (constants) PoT."""
    kind = rng.choice(["fixed", "ufixed", "binary", "pot"],
                      p=[0.6, 0.2, 0.1, 0.1] if pot else [0.7, 0.2, 0.1, 0.0])
    if kind == "binary":
        return "!qcost.binary", ("binary",)
    if kind == "pot":
        lo = int(rng.integers(-4, 1))
        return f"!qcost.pot<4, {lo}, {lo + 4}>", ("pot", lo, lo + 4)
    width = int(rng.integers(2, 9)) if kind == "fixed" else int(rng.integers(1, 9))
    frac = int(rng.integers(-2, 6))
    return f"!qcost.{kind}<{width}, {frac}>", (kind, width, frac)


def native_epilogue(case, result_type):
    """Renames the contraction's sum %s and follows it with what a network
    does to it (a rescale or quant_norm into 8 bits, relu, clip) or
    nothing; returns the function's result type."""
    rng = case.rng
    kind = str(rng.choice(["none", "rescale", "quant_norm", "relu", "clip"]))
    if kind == "none":
        return result_type
    case.lines[-1] = case.lines[-1].replace("%y = ", "%s = ", 1)
    shape = [int(d) for d in re.match(r"tensor<((?:\d+x)+)", result_type)[1].split("x")[:-1]]
    out_t, out_f = random_format(rng, pot=False, binary=False, max_width=8, mini=False)
    attrs = case.rounding(out_f)
    out, channels = tensor(shape, out_t), tensor([shape[-1]], "f32")
    constant = lambda shp: case.constant(f32_constant(rng, shp))
    if kind == "rescale":
        sshape = [] if rng.random() < 0.5 else [shape[-1]]
        case.lines.append(f"%y = qcost.rescale %s, {constant(sshape)}{attrs} : ({result_type}, "
                          f"{tensor(sshape, 'f32')}) -> {out}")
    elif kind == "quant_norm":
        scale, bias = constant([shape[-1]]), constant([shape[-1]])
        case.lines.append(f"%y = qcost.quant_norm %s, {scale}, {bias}{attrs} : ({result_type}, "
                          f"{channels}, {channels}) -> {out}")
    elif kind == "relu":
        case.lines.append(f"%y = qcost.relu %s{attrs} : ({result_type}) -> {out}")
    else:
        lo = float(rng.integers(-64, 1))
        hi = lo + float(rng.integers(0, 128))
        case.lines.append(f"%y = qcost.clip %s min {fl(lo)} max {fl(hi)}{attrs} : ({result_type}) "
                          f"-> {out}")
    return out


def native_contraction(case, op, constant_weights=None, dilations=False):
    """A matmul or convolution the GPU's tensor cores and the CPU's VNNI
    kernels compute: 8-bit operands, at least 32 x 8 outputs and 16 terms,
    tiles cut at the edges (sizes that are not multiples of the tiles, odd
    channel counts). Weights are constants (packed at compile time) or,
    when `constant_weights` is not given, arguments half of the time;
    `dilations`: convolutions dilated by 1 or 2 in each direction."""
    rng = case.rng
    lt, lf = native_format(rng)
    if constant_weights is None:
        constant_weights = rng.random() < 0.5
    rt, rf = native_format(rng, pot=constant_weights)

    def right(shape):
        if not constant_weights:
            return case.arg(rt, rf, shape)
        codes = random_codes(rng, rf, shape).astype(np.int64)
        case.constants += 1
        case.lines.append(f"%c{case.constants} = qcost.constant dense<{codes.tolist()}> : "
                          f"{tensor(shape, 'i8')} -> {tensor(shape, rt)}")
        return f"%c{case.constants}"

    if op == "matmul":
        m, k, n = int(rng.integers(32, 200)), int(rng.integers(16, 160)), int(rng.integers(8, 160))
        acc_t, acc_f = accumulator(lf, rf, k, rng)
        x, w = case.arg(lt, lf, [m, k]), right([k, n])
        case.lines.append(f"%y = qcost.matmul {x}, {w} : ({tensor([m, k], lt)}, "
                          f"{tensor([k, n], rt)}) -> {tensor([m, n], acc_t)}")
        return tensor([m, n], acc_t)
    depthwise = op == "depthwise"
    c, o = int(rng.integers(1, 80)), int(rng.integers(8, 150))
    if depthwise:
        o = c
    kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    sh, sw = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    pad = [int(rng.integers(0, 2)) for _ in range(4)]
    n = int(rng.integers(1, 3))
    dh, dw = (int(rng.integers(1, 3)), int(rng.integers(1, 3))) if dilations else (1, 1)
    # The kernels' extents with their dilations.
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    h, w = int(rng.integers(max(eh, 6), 18)), int(rng.integers(max(ew, 6), 18))
    while kh * kw * c < 16 and not depthwise:
        c += 1
    out_size = lambda size, before, after, k, s: (size + before + after - k) // s + 1
    while n * out_size(h, pad[0], pad[1], eh, sh) * out_size(w, pad[2], pad[3], ew, sw) < 32:
        h, w = h + 1, w + 1
    oh, ow = out_size(h, pad[0], pad[1], eh, sh), out_size(w, pad[2], pad[3], ew, sw)
    per_group = 1 if depthwise else c
    acc_t, acc_f = accumulator(lf, rf, kh * kw * per_group, rng)
    x = case.arg(lt, lf, [n, h, w, c])
    f = right([kh, kw, per_group, o])
    operands = f"{x}, {f}"
    types = f"{tensor([n, h, w, c], lt)}, {tensor([kh, kw, per_group, o], rt)}"
    if rng.random() < 0.4:
        operands += f" bias({case.arg(acc_t, acc_f, [o])})"
        types += f", {tensor([o], acc_t)}"
    attrs = f" strides [{sh}, {sw}] padding [{', '.join(map(str, pad))}] dilations [{dh}, {dw}]"
    if depthwise:
        attrs += f" groups {c}"
    out = tensor([n, oh, ow, o], acc_t)
    case.lines.append(f"%y = qcost.conv2d {operands}{attrs} : ({types}) -> {out}")
    return out


def shift(case, _):
    rng = case.rng
    shape = [int(rng.integers(1, 4)), int(rng.integers(1, 6))]
    if rng.random() < 0.3:
        xt, xf = "f32", None
        x = case.arg(xt, None, shape, random_floats(rng, shape))
    else:
        xt, xf = random_format(rng)
        x = case.arg(xt, xf, shape)
    kt = str(rng.choice(["i4", "i8", "!qcost.fixed<5, 0>"]))
    kbits = {"i4": 4, "i8": 8, "!qcost.fixed<5, 0>": 5}[kt]
    if rng.random() < 0.3 and xt != "f32":
        kt = "ui4"
        k = case.arg(kt, ("ufixed", 4, 0), [shape[1]])
    else:
        k = case.arg(kt, ("fixed", kbits, 0), [shape[1]] if rng.random() < 0.5 else shape)
    kshape = case.args[-1].split(": ")[1]
    out_t, out_f = random_format(rng, wide_mini=True)
    attrs = case.rounding(out_f)
    case.lines.append(f"%y = qcost.shift {x}, {k}{attrs} : ({tensor(shape, xt)}, {kshape}) -> "
                      f"{tensor(shape, out_t)}")
    return tensor(shape, out_t)


def pooling(case, op):
    rng = case.rng
    n, h, w, c = 1, int(rng.integers(1, 7)), int(rng.integers(1, 7)), int(rng.integers(1, 4))
    kind = rng.random()
    if kind < 0.15:  # IEEE inputs: exact sums up to i512
        xt = str(rng.choice(["f32", "f16"]))
        with np.errstate(over="ignore"):
            dtype = np.float32 if xt == "f32" else np.float16
            x = case.arg(xt, None, [n, h, w, c], random_floats(rng, [n, h, w, c]).astype(dtype))
    else:
        xt, xf = (random_minifloat(rng, wide=op == "max_pool2d") if kind < 0.35 else
                  random_format(rng, pot=False, binary=False, mini=False))
        x = case.arg(xt, xf, [n, h, w, c])
    if kind < 0.35 and rng.random() < 0.5:  # also f32/f16/bf16 results, any rounding
        out_t, out_f = str(rng.choice(["f32", "f16", "bf16"])), ("ieee",)
    else:
        out_t, out_f = random_format(rng, wide_mini=True)
    if kind < 0.15 and out_f[0] not in ("mini", "ieee") and op != "max_pool2d":
        out_t, out_f = random_minifloat(rng, wide=True)  # f32 sums exceed i128
    attrs = case.rounding(out_f)
    src = tensor([n, h, w, c], xt)
    if op == "global_avg_pool":
        out = tensor([n, 1, 1, c], out_t)
        case.lines.append(f"%y = qcost.global_avg_pool {x}{attrs} : ({src}) -> {out}")
        return out
    if op == "reduce_sum":
        dims = sorted(rng.choice(4, int(rng.integers(1, 4)), replace=False).tolist())
        shape = [d for i, d in enumerate([n, h, w, c]) if i not in dims]
        out = tensor(shape, out_t)
        case.lines.append(f"%y = qcost.reduce_sum {x} dims [{', '.join(map(str, dims))}]{attrs} "
                          f": ({src}) -> {out}")
        return out
    kh, kw = int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1))
    sh, sw = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    pad = [int(rng.integers(0, kh)), int(rng.integers(0, kh)), int(rng.integers(0, kw)),
           int(rng.integers(0, kw))]
    oh = (h + pad[0] + pad[1] - kh) // sh + 1
    ow = (w + pad[2] + pad[3] - kw) // sw + 1
    out = tensor([n, oh, ow, c], out_t)
    case.lines.append(f"%y = qcost.{op} {x} kernel [{kh}, {kw}] strides [{sh}, {sw}] "
                      f"padding [{', '.join(map(str, pad))}]{attrs} : ({src}) -> {out}")
    return out


def concat(case, _):
    rng = case.rng
    xt, xf = random_format(rng)
    shape = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
    axis = int(rng.integers(0, 2))
    parts = []
    for _ in range(int(rng.integers(1, 4))):
        part = list(shape)
        part[axis] = int(rng.integers(1, 4))
        parts.append(part)
    names = [case.arg(xt, xf, p) for p in parts]
    out_shape = list(shape)
    out_shape[axis] = sum(p[axis] for p in parts)
    out = tensor(out_shape, xt)
    case.lines.append(f"%y = qcost.concat {', '.join(names)} axis {axis} : "
                      f"({', '.join(tensor(p, xt) for p in parts)}) -> {out}")
    return out


def floats(case, op):
    rng = case.rng
    shape = [int(rng.integers(1, 4)), int(rng.integers(1, 6))]
    channel = tensor([shape[1]], "f32")
    if rng.random() < 0.25:
        out_t, out_f = rng.choice(["f32", "f16", "bf16"]), ("float",)
    else:
        out_t, out_f = random_format(rng, wide_mini=True)
    if op == "dequantize":
        xt, xf = random_format(rng, binary=False, wide_mini=True)
        x = case.arg(xt, xf, shape)
        s = case.constant(f32_constant(rng, [shape[1]] if rng.random() < 0.5 else []))
        stype = case.lines[-1].rsplit(": ", 1)[1]
        out = tensor(shape, rng.choice(["f32", "f16"]))
        case.lines.append(f"%y = qcost.dequantize {x} scale({s}) : ({tensor(shape, xt)}, {stype}) "
                          f"-> {out}")
        return out
    attrs = "" if out_f[0] == "float" and op == "batch_norm" and rng.random() < 0.5 \
        else case.rounding(out_f)
    out = tensor(shape, out_t)
    if op == "quantize":
        frac = out_f[2] if out_f[0] in ("fixed", "ufixed") else 0
        x = case.arg("f32", None, shape, random_floats(rng, shape, 2.0 ** -(frac + 1)
                                                       if rng.random() < 0.5 else None))
        if rng.random() < 0.3:
            case.lines.append(f"%y = qcost.quantize {x}{attrs} : ({tensor(shape, 'f32')}) -> {out}")
        else:
            if rng.random() < 0.5:
                s = case.arg("f32", None, [shape[1]], np.float32(2.0) ** rng.integers(-3, 3, [shape[1]]).astype(np.float32))
            else:
                s = case.constant(f32_constant(rng, [shape[1]]))
            case.lines.append(f"%y = qcost.quantize {x} scale({s}){attrs} : "
                              f"({tensor(shape, 'f32')}, {channel}) -> {out}")
        return out
    if op == "batch_norm":
        if rng.random() < 0.5:
            xt, xf = random_format(rng, binary=False)
            x = case.arg(xt, xf, shape)
        else:
            xt = "f32"
            x = case.arg(xt, None, shape, random_floats(rng, shape))
        params = [case.constant(f32_constant(rng, [shape[1]], positive=(i == 3)))
                  for i in range(4)]
        eps = rng.choice([0.0, 1e-5, 1e-3])
        case.lines.append(f"%y = qcost.batch_norm {x}, {', '.join(params)} epsilon {fl(eps)}{attrs} "
                          f": ({tensor(shape, xt)}, {', '.join([channel] * 4)}) -> {out}")
        return out
    # relu / clip on f32: to f32 (same type) or to an integer format.
    x = case.arg("f32", None, shape, random_floats(rng, shape, 2.0 ** -3 if rng.random() < 0.5 else None))
    if out_f[0] == "float":
        out = tensor(shape, "f32")
        attrs = ""
    if op == "fclip":
        lo = float(rng.integers(-8, 1)) / 4 + (1e-9 if rng.random() < 0.2 else 0.0)
        hi = lo + float(rng.integers(0, 12)) / 4
        case.lines.append(f"%y = qcost.clip {x} min {fl(lo)} max {fl(hi)}{attrs} : "
                          f"({tensor(shape, 'f32')}) -> {out}")
    else:
        case.lines.append(f"%y = qcost.relu {x}{attrs} : ({tensor(shape, 'f32')}) -> {out}")
    return out


GENERATORS = {
    **{op: elementwise for op in ("add", "mul", "rescale", "quant_norm", "relu", "clip",
                                  "prelu", "dprelu")},
    **{op: contraction for op in ("matmul", "dense", "conv2d", "conv2d")},
    **{op: pooling for op in ("max_pool2d", "avg_pool2d", "global_avg_pool", "reduce_sum")},
    "concat": concat,
    "shift": shift,
    **{op: floats for op in ("quantize", "dequantize", "batch_norm", "fclip", "frelu")},
}


def random_case(rng, name):
    op = rng.choice(list(GENERATORS))
    case = Case(rng, name)
    result_type = GENERATORS[op](case, op)
    return case.text(result_type), case.inputs


def random_native_case(rng, name, constant_weights=None, epilogue=False, dilations=False,
                       depthwise=False):
    """Like random_case, a contraction of the native 8-bit path at sizes
    the GPU computes on tensor cores (qcc-gpu-tensor-cores) and the CPU on
    VNNI (qcc-vnni-contractions, constant weights), with `epilogue` a
    random one after it (native_epilogue), `dilations` as native_contraction;
    `depthwise`: a quarter of them depthwise convolutions (1 to 79
    channels, the CPU's channel-block kernels)."""
    case = Case(rng, name)
    ops = ["matmul", "conv2d", "conv2d"] + (["depthwise"] if depthwise else [])
    op = str(rng.choice(ops))
    result_type = native_contraction(case, op, constant_weights, dilations)
    if epilogue:
        result_type = native_epilogue(case, result_type)
    return case.text(result_type), case.inputs


def codes(array):
    """Raw storage bits as unsigned integers (floats by their bit pattern)."""
    return array.view(np.dtype(f"u{array.dtype.itemsize}")).astype(np.uint64).ravel()
