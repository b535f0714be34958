"""convert-qcost-to-linalg against the reference evaluator, bit for bit.

A generator writes random well-typed qcost functions over what the lowering
covers today (fixed point of widths 1 to 16 signed and unsigned, power-of-two
and binary operands; add, mul, rescale, quant_norm, relu, clip, prelu,
matmul, dense; nearest-even and toward-zero rounding; saturate and wrap;
float constant scales split into integers) with random inputs that include
the extreme codes. Each function runs through the reference evaluator
(`Module.run_function`) and through qcc-opt --convert-qcost-to-linalg, the
stock CPU lowering and mlir-runner; every output code must match.

QCC_DIFF_CASES=N sets the number of cases (default 240; docs/running.md
records a long run).
"""

import os
import subprocess

import numpy as np
import pytest

import qcc
from compiled_runner import run_compiled
from conftest import QCC_OPT

CASES = int(os.environ.get("QCC_DIFF_CASES", "240"))
BATCH = 60


def random_format(rng, allow_pot=True, allow_binary=True):
    weights = np.array([0.5, 0.3, 0.12 if allow_pot else 0, 0.08 if allow_binary else 0])
    kind = rng.choice(["fixed", "ufixed", "pot", "binary"], p=weights / weights.sum())
    if kind == "binary":
        return "!qcost.binary", ("binary",)
    if kind == "pot":
        lo = int(rng.integers(-6, 2))
        hi = lo + int(rng.integers(0, 6))
        return f"!qcost.pot<4, {lo}, {hi}>", ("pot", lo, hi)
    width = int(rng.integers(2 if kind == "fixed" else 1, 17))
    frac = int(rng.integers(-3, 9))
    return f"!qcost.{kind}<{width}, {frac}>", (kind, width, frac)


def random_codes(rng, fmt, shape):
    """Storage codes (what run_function takes), extremes included."""
    if fmt[0] == "binary":
        return rng.integers(0, 2, shape).astype(np.uint8)
    if fmt[0] == "pot":
        return rng.integers(0, 16, shape).astype(np.uint8)
    kind, width = fmt[0], fmt[1]
    lo, hi = (-(1 << (width - 1)), (1 << (width - 1)) - 1) if kind == "fixed" else (0, (1 << width) - 1)
    codes = rng.integers(lo, hi + 1, shape)
    flat = codes.reshape(-1)
    flat[: max(1, flat.size // 8)] = rng.choice([lo, hi, 0], max(1, flat.size // 8))
    dtype = ({8: np.int8, 16: np.int16} if kind == "fixed" else {8: np.uint8, 16: np.uint16})[
        8 if width <= 8 else 16]
    return codes.astype(dtype)


def f32_constant(rng, shape):
    values = rng.uniform(-2, 2, shape) * 2.0 ** rng.integers(-4, 3)
    values = values.astype(np.float32)
    if values.ndim == 0:
        return f"dense<{float(values)!r}> : tensor<f32>", values
    body = ", ".join(repr(float(v)) for v in values.ravel())
    return f"dense<[{body}]> : tensor<{'x'.join(map(str, shape))}xf32>", values


def tensor(shape, elem):
    return f"tensor<{'x'.join(map(str, shape))}x{elem}>" if shape else f"tensor<{elem}>"


def random_case(rng, name):
    """One function and its inputs."""
    op = rng.choice(["add", "mul", "rescale", "quant_norm", "relu", "clip", "prelu",
                     "matmul", "dense"])
    rounding = rng.choice(["nearest_even", "toward_zero"])
    shape = [int(rng.integers(1, 4)), int(rng.integers(1, 6))]
    out_t, out_f = random_format(rng, allow_pot=False)
    overflow = rng.choice(["saturate", "wrap"]) if out_f[0] != "binary" else "saturate"
    attrs = f" rounding {rounding} overflow {overflow}"
    lines, args, inputs = [], [], []

    def arg(fmt_t, fmt, shp):
        index = len(args)
        args.append(f"%a{index}: {tensor(shp, fmt_t)}")
        inputs.append(random_codes(rng, fmt, shp))
        return f"%a{index}"

    if op in ("matmul", "dense"):
        k = int(rng.integers(1, 9))
        lt, lf = random_format(rng, allow_pot=False, allow_binary=False)
        rt, rf = random_format(rng, allow_pot=False, allow_binary=False)
        width = min(64, lf[1] + rf[1] + int(np.ceil(np.log2(k + 1))) + 1)
        acc_t = f"!qcost.fixed<{width}, {lf[2] + rf[2]}>"
        x = arg(lt, lf, [shape[0], k])
        w = arg(rt, rf, [k, shape[1]])
        if op == "dense" and rng.random() < 0.5:
            b = arg(acc_t, ("fixed", width, lf[2] + rf[2]), [shape[1]])
            lines.append(f"%y = qcost.dense {x}, {w} bias({b}) : ({tensor([shape[0], k], lt)}, "
                         f"{tensor([k, shape[1]], rt)}, {tensor([shape[1]], acc_t)}) -> "
                         f"{tensor(shape, acc_t)}")
        else:
            lines.append(f"%y = qcost.{op} {x}, {w} : ({tensor([shape[0], k], lt)}, "
                         f"{tensor([k, shape[1]], rt)}) -> {tensor(shape, acc_t)}")
        out_t = acc_t
    else:
        xt, xf = random_format(rng)
        x = arg(xt, xf, shape)
        src = f"{tensor(shape, xt)}"
        if op == "add" or op == "mul":
            bshape = [shape[1]] if rng.random() < 0.5 else shape
            bt, bf = random_format(rng)
            b = arg(bt, bf, bshape)
            lines.append(f"%y = qcost.{op} {x}, {b}{attrs} : ({src}, {tensor(bshape, bt)}) -> "
                         f"{tensor(shape, out_t)}")
        elif op == "rescale":
            sshape = [] if rng.random() < 0.5 else [shape[1]]
            text, _ = f32_constant(rng, sshape)
            lines.append(f"%s = arith.constant {text}")
            lines.append(f"%y = qcost.rescale {x}, %s{attrs} : ({src}, {tensor(sshape, 'f32')}) -> "
                         f"{tensor(shape, out_t)}")
        elif op == "quant_norm":
            s_text, _ = f32_constant(rng, [shape[1]])
            b_text, _ = f32_constant(rng, [shape[1]])
            lines += [f"%s = arith.constant {s_text}", f"%b = arith.constant {b_text}"]
            lines.append(f"%y = qcost.quant_norm {x}, %s, %b{attrs} : ({src}, "
                         f"{tensor([shape[1]], 'f32')}, {tensor([shape[1]], 'f32')}) -> "
                         f"{tensor(shape, out_t)}")
        elif op == "relu":
            lines.append(f"%y = qcost.relu {x}{attrs} : ({src}) -> {tensor(shape, out_t)}")
        elif op == "clip":
            lo = float(rng.integers(-8, 1)) / 4
            hi = lo + float(rng.integers(0, 12)) / 4
            lines.append(f"%y = qcost.clip {x} min {lo!r} max {hi!r}{attrs} : ({src}) -> "
                         f"{tensor(shape, out_t)}")
        else:
            a_text, _ = f32_constant(rng, [shape[1]])
            lines.append(f"%al = arith.constant {a_text}")
            lines.append(f"%y = qcost.prelu {x}, %al{attrs} : ({src}, "
                         f"{tensor([shape[1]], 'f32')}) -> {tensor(shape, out_t)}")
    body = "\n    ".join(lines)
    text = (f"  func.func @{name}({', '.join(args)}) -> {tensor(shape, out_t)} {{\n    {body}\n"
            f"    return %y : {tensor(shape, out_t)}\n  }}\n")
    return text, inputs


def lower(text):
    result = subprocess.run([QCC_OPT, "--convert-qcost-to-linalg"], input=text,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("batch", range((CASES + BATCH - 1) // BATCH))
def test_compiled_equals_reference(batch):
    rng = np.random.default_rng(1000 + batch)
    count = min(BATCH, CASES - batch * BATCH)
    functions, calls = [], []
    for i in range(count):
        text, inputs = random_case(rng, f"case{i}")
        functions.append(text)
        calls.append((f"case{i}", inputs))
    source = "module {\n" + "".join(functions) + "}\n"
    module = qcc.parse(source)  # verifies every generated function
    expected = []
    for name, inputs in calls:
        (out,) = module.run_function(name, *inputs)
        expected.append((out.astype(np.int64).ravel(), out.dtype.itemsize * 8))
    compiled = run_compiled(lower(source), calls)
    assert len(compiled) == len(expected)
    for (name, _), (want, bits), got, text in zip(calls, expected, compiled, functions):
        # Compare storage codes modulo 2^bits (the runner prints them
        # sign-extended, the reference zero-extends unsigned formats).
        mask = np.int64(-1) if bits == 64 else np.int64((1 << bits) - 1)
        assert np.array_equal(want & mask, got & mask), (
            f"{name}: reference {want.tolist()} vs compiled {got.tolist()}\n{text}")
