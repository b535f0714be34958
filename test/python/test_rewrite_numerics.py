"""Numeric checks of the PikeLPN rewrites (issue: each rewrite stays within
the quantization error bound it introduces, and a deliberately wrong rewrite
does not).

Each test builds a small random layer, runs the pass through the bindings,
evaluates the function before and after with the independent float64
interpreter of ideal_eval.py, and compares the difference element by element
with a bound derived beforehand from the formats alone (stated in each
test). The wrong variant (the sign of the QuantNorm bias flipped, a PoT
exponent off by one, ...) must exceed the bound.
"""

import math

import numpy as np
import pytest

import qcc
from ideal_eval import conv2d, evaluate, find, format_params

SLACK = 1e-9  # float64 evaluation noise, far below every bound


def literal(values, is_float):
    """A nested MLIR elements literal; floats with 9 significant digits
    (exact for f32) and the decimal point MLIR requires."""
    if np.ndim(values) == 0:
        return f"{float(values):.9e}" if is_float else str(int(values))
    return "[" + ", ".join(literal(v, is_float) for v in values) + "]"


def dense_attr(values, element):
    values = np.asarray(values)
    shape = "".join(f"{d}x" for d in values.shape)
    return f"dense<{literal(values, element.startswith('f'))}> : tensor<{shape}{element}>"


def f32_constant(name, values):
    return f"%{name} = arith.constant {dense_attr(np.float32(values), 'f32')}"


def codes_constant(name, codes, element):
    shape = "x".join(str(d) for d in np.asarray(codes).shape)
    return (f"%{name} = qcost.constant {dense_attr(codes, 'i8')} -> "
            f"tensor<{shape}x{element}>")


def run(text, pipeline, function):
    """(ops before, ops after) of `function` for `pipeline`."""
    before = qcc.parse(text).ops(function)
    after = qcc.parse(text).run(pipeline).ops(function)
    return before, after


def value_of(function, value_id):
    for op in function["ops"]:
        if value_id in op["results"]:
            return np.asarray(op["value"]).reshape(op["result_types"][0]["shape"])
    raise KeyError(value_id)


def lsb(element):
    """Step of a fixed-point format spelling ("!qcost.fixed<16, 6>": 2^-6)."""
    return 2.0 ** -format_params(element)[1]


# --------------------------------------------------------------------------
# QuantNorm
# --------------------------------------------------------------------------

def quantnorm_layer(seed):
    rng = np.random.default_rng(seed)
    c = 16
    w = rng.integers(-8, 8, size=(3, 3, 8, c))
    gamma = rng.uniform(0.5, 1.5, c) * rng.choice([-1, 1], c)
    beta = rng.normal(0, 2, c)
    mean = rng.normal(0, 20, c)
    var = rng.uniform(0.5, 400, c)
    x_t = "tensor<1x6x6x8x!qcost.ufixed<4, 0>>"
    acc_t = "tensor<1x6x6x16x!qcost.fixed<16, 0>>"
    text = "\n".join([
        f"func.func @layer(%x: {x_t}) -> ({acc_t}, tensor<1x6x6x16xf32>) {{",
        codes_constant("w", w, "!qcost.fixed<4, 0>"),
        f"%acc = qcost.conv2d %x, %w padding [1, 1, 1, 1] : ({x_t}, "
        f"tensor<3x3x8x16x!qcost.fixed<4, 0>>) -> {acc_t}",
        f32_constant("gamma", gamma), f32_constant("beta", beta),
        f32_constant("mean", mean), f32_constant("var", var),
        f"%y = qcost.batch_norm %acc, %gamma, %beta, %mean, %var : ({acc_t}, "
        + ", ".join(["tensor<16xf32>"] * 4) + ") -> tensor<1x6x6x16xf32>",
        f"return %acc, %y : {acc_t}, tensor<1x6x6x16xf32>", "}"])
    x = rng.integers(0, 16, size=(1, 6, 6, 8))
    return text, x


@pytest.mark.parametrize("seed", range(5))
def test_quantnorm_within_bound(seed):
    """y = x*s + b against (x - mu) * gamma / sqrt(var + eps) + beta.

    With s rounded to step u_s, beta and b to step u_b, and mu onto the
    input's grid (step u_x = 1 for an integer accumulator), all to nearest:
      |error| <= |x - mu| * u_s / 2 + |s| * u_x / 2 + u_b
    (the last term: beta's rounding and b's, half a step each).
    """
    text, x = quantnorm_layer(seed)
    before, after = run(text, "qcost-quantnorm", "layer")
    acc, reference = evaluate(before, [x])
    _, rewritten = evaluate(after, [x])

    (qn,) = find(after, "qcost.quant_norm")
    s_id, b_id = qn["operands"][1], qn["operands"][2]
    u_s = lsb(qn["operand_types"][1]["element"])
    u_b = lsb(qn["operand_types"][2]["element"])
    s = value_of(after, s_id)
    mean = value_of(before, find(before, "qcost.batch_norm")[0]["operands"][3])
    bound = np.abs(acc - mean) * u_s / 2 + np.abs(s) * 0.5 + u_b
    error = np.abs(rewritten - reference)
    assert np.all(error <= bound + SLACK), float(np.max(error - bound))
    assert np.max(error) > 0  # the rewrite does quantize

    # PikeLPN's printed form, y = x*s - b with the same b, breaks the bound.
    b = value_of(after, b_id)
    _, wrong = evaluate(after, [x], override={b_id: -b})
    assert np.any(np.abs(wrong - reference) > bound + SLACK)


# --------------------------------------------------------------------------
# Double quantization
# --------------------------------------------------------------------------

def rescale_layer(seed):
    rng = np.random.default_rng(seed)
    scales = 2.0 ** rng.uniform(-8, 0, 32)
    text = "\n".join([
        "func.func @layer(%acc: tensor<4x32x!qcost.fixed<16, 0>>) -> tensor<4x32xf32> {",
        f32_constant("s", scales),
        "%y = qcost.rescale %acc, %s : (tensor<4x32x!qcost.fixed<16, 0>>, "
        "tensor<32xf32>) -> tensor<4x32xf32>",
        "return %y : tensor<4x32xf32>", "}"])
    return text, rng.integers(-2 ** 15, 2 ** 15, size=(4, 32)), np.float32(scales)


@pytest.mark.parametrize("seed", range(5))
def test_double_quantize_pot_within_bound(seed):
    """PoT scales, nearest in the log domain: s' / s lies in [2^-1/2, 2^1/2],
    so |x*s' - x*s| <= |x * s| * (sqrt(2) - 1)."""
    text, acc, scales = rescale_layer(seed)
    before, after = run(text, "qcost-double-quantize", "layer")
    (reference,) = evaluate(before, [acc])
    (rewritten,) = evaluate(after, [acc])
    (op,) = find(after, "qcost.rescale")
    assert op["operand_types"][1]["element"].startswith("!qcost.pot<")
    bound = np.abs(acc * scales) * (math.sqrt(2) - 1)
    assert np.all(np.abs(rewritten - reference) <= bound + SLACK)

    # Every scale one exponent too high fails.
    s_id = op["operands"][1]
    (wrong,) = evaluate(after, [acc], override={s_id: 2 * value_of(after, s_id)})
    assert np.any(np.abs(wrong - reference) > bound + SLACK)


@pytest.mark.parametrize("seed", range(3))
def test_double_quantize_fixed_within_bound(seed):
    """8-bit fixed-point scales with step u (the finest that holds the
    largest scale, no saturation): |x*s' - x*s| <= |x| * u / 2."""
    text, acc, _ = rescale_layer(seed)
    before, after = run(text, "qcost-double-quantize{to=fixed bits=8}", "layer")
    (reference,) = evaluate(before, [acc])
    (rewritten,) = evaluate(after, [acc])
    (op,) = find(after, "qcost.rescale")
    u = lsb(op["operand_types"][1]["element"])
    bound = np.abs(acc) * u / 2
    assert np.all(np.abs(rewritten - reference) <= bound + SLACK)
    s_id = op["operands"][1]
    (wrong,) = evaluate(after, [acc], override={s_id: value_of(after, s_id) + u})
    assert np.any(np.abs(wrong - reference) > bound + SLACK)


# --------------------------------------------------------------------------
# Power-of-two weights
# --------------------------------------------------------------------------

def pot_rounding_bound(w, min_exp, max_exp):
    """Largest error of rounding w to the nearest of 0, +-2^min_exp, ...,
    +-2^max_exp: |w| / 3 between two levels (worst at 1.5 * 2^e), half the
    smallest level below it, the excess above the largest."""
    a = np.abs(w)
    inside = np.maximum(a / 3, 2.0 ** (min_exp - 1))
    return np.where(a > 2.0 ** max_exp, a - 2.0 ** max_exp, inside)


@pytest.mark.parametrize("seed", range(5))
def test_pot_rewrite_float_dense_within_bound(seed):
    """y = x W with W rounded to PoT-4: |y' - y| <= sum_k |x_k| e(W_k)."""
    rng = np.random.default_rng(seed)
    w = rng.laplace(0, 0.05, size=(64, 32))
    x = rng.normal(0, 1, size=(8, 64))
    text = "\n".join([
        "func.func @layer(%x: tensor<8x64xf32>) -> tensor<8x32xf32> {",
        f32_constant("w", w),
        "%y = qcost.dense %x, %w : (tensor<8x64xf32>, tensor<64x32xf32>) -> tensor<8x32xf32>",
        "return %y : tensor<8x32xf32>", "}"])
    before, after = run(text, "qcost-pot-rewrite{policy=by-kind pot-bits=4}", "layer")
    (reference,) = evaluate(before, [x])
    (rewritten,) = evaluate(after, [x])
    (op,) = find(after, "qcost.dense")
    width, min_exp, max_exp = format_params(op["operand_types"][1]["element"])
    assert width == 4 and max_exp - min_exp == 6
    # The weights as the f32 constant holds them.
    w32 = np.float32(w).astype(np.float64)
    bound = np.abs(x) @ pot_rounding_bound(w32, min_exp, max_exp)
    assert np.all(np.abs(rewritten - reference) <= bound + SLACK)
    assert np.max(np.abs(rewritten - reference)) > 0
    # Levels one exponent too high (every weight doubled) break the bound.
    w_id = op["operands"][1]
    (wrong,) = evaluate(after, [x], override={w_id: 2 * value_of(after, w_id)})
    assert np.any(np.abs(wrong - reference) > bound + SLACK)


def test_pot_rewrite_integer_pointwise_within_bound():
    """A pointwise conv of 4-bit codes; the accumulator widens to hold the
    finer PoT levels, and the same bound holds."""
    rng = np.random.default_rng(7)
    w = rng.integers(-8, 8, size=(1, 1, 16, 8))
    x = rng.integers(0, 16, size=(1, 5, 5, 16))
    text = "\n".join([
        "func.func @layer(%x: tensor<1x5x5x16x!qcost.ufixed<4, 0>>) -> tensor<1x5x5x8xf32> {",
        codes_constant("w", w, "!qcost.fixed<4, 0>"),
        "%acc = qcost.conv2d %x, %w : (tensor<1x5x5x16x!qcost.ufixed<4, 0>>, "
        "tensor<1x1x16x8x!qcost.fixed<4, 0>>) -> tensor<1x5x5x8x!qcost.fixed<12, 0>>",
        f32_constant("s", 0.25),
        "%y = qcost.rescale %acc, %s : (tensor<1x5x5x8x!qcost.fixed<12, 0>>, tensor<f32>) "
        "-> tensor<1x5x5x8xf32>",
        "return %y : tensor<1x5x5x8xf32>", "}"])
    before, after = run(text, "qcost-pot-rewrite", "layer")
    (reference,) = evaluate(before, [x])
    (rewritten,) = evaluate(after, [x])
    (conv,) = find(after, "qcost.conv2d")
    _, min_exp, max_exp = format_params(conv["operand_types"][1]["element"])
    assert conv["result_types"][0]["element"] != "!qcost.fixed<12, 0>"
    e = pot_rounding_bound(w.astype(np.float64), min_exp, max_exp)[0, 0]
    bound = 0.25 * (np.abs(x) @ e)
    assert np.all(np.abs(rewritten - reference) <= bound + SLACK)
    w_id = conv["operands"][1]
    (wrong,) = evaluate(after, [x], override={w_id: -value_of(after, w_id)})
    assert np.any(np.abs(wrong - reference) > bound + SLACK)


# --------------------------------------------------------------------------
# Batch-norm folding
# --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_fold_batchnorm_within_bound(seed):
    """f32 weights and bias: w' = w * inv and b' = beta - mu * inv are each
    rounded once to f32 (relative error 2^-24), so
    |y' - y| <= (sum_k |x_k| |w'_k| + |b'|) * 2^-24."""
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.2, size=(3, 3, 4, 8))
    gamma, beta = rng.uniform(0.5, 2, 8), rng.normal(0, 1, 8)
    mean, var = rng.normal(0, 1, 8), rng.uniform(0.1, 2, 8)
    x = rng.normal(0, 1, size=(1, 5, 5, 4))
    t = "tensor<1x5x5x8xf32>"
    text = "\n".join([
        f"func.func @layer(%x: tensor<1x5x5x4xf32>) -> {t} {{",
        f32_constant("w", w),
        f"%y = qcost.conv2d %x, %w padding [1, 1, 1, 1] : (tensor<1x5x5x4xf32>, "
        f"tensor<3x3x4x8xf32>) -> {t}",
        f32_constant("gamma", gamma), f32_constant("beta", beta),
        f32_constant("mean", mean), f32_constant("var", var),
        f"%z = qcost.batch_norm %y, %gamma, %beta, %mean, %var : ({t}, "
        + ", ".join(["tensor<8xf32>"] * 4) + f") -> {t}",
        f"return %z : {t}", "}"])
    before, after = run(text, "qcost-fold-batchnorm", "layer")
    (reference,) = evaluate(before, [x])
    (rewritten,) = evaluate(after, [x])
    assert not find(after, "qcost.batch_norm")
    inv = np.float32(gamma).astype(np.float64) / np.sqrt(np.float32(var) + 1e-5)
    folded_w = np.float32(w) * inv
    folded_b = np.float32(beta) - np.float32(mean) * inv
    bound = conv2d(np.abs(x), np.abs(folded_w), {"padding": [1, 1, 1, 1]},
                   np.abs(folded_b)) * 2.0 ** -24
    assert np.all(np.abs(rewritten - reference) <= bound + 1e-12)
    (conv,) = find(after, "qcost.conv2d")
    b_id = conv["operands"][2]
    (wrong,) = evaluate(after, [x], override={b_id: -value_of(after, b_id)})
    assert np.any(np.abs(wrong - reference) > bound + 1e-12)


def test_pikelpn_pipeline_from_python():
    """The named pipeline runs through the bindings and leaves a few percent
    of the cost elementwise on the separable block."""
    import os
    from conftest import REPO
    module = qcc.parse_file(os.path.join(REPO, "examples", "pikelpn_separable_block.mlir"))
    before = module.cost_report()["cost"]
    after = module.run("qcost-pikelpn").cost_report()["cost"]
    assert before["elementwise"] / before["total"] > 0.7
    assert after["elementwise"] / after["total"] < 0.1
