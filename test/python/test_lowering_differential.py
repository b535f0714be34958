"""The compiled CPU code against the reference evaluator, bit for bit.

The generator of random_programs.py writes random well-typed qcost functions
over what the lowering covers (constant, power-of-two and f32 weights, so
both the native i8/i16 path and the exact one run). Each function runs through the reference evaluator and compiled for the CPU
(`Module.run_function(..., mode="compiled")`: qcost-lower-to-llvm, LLVM IR,
a shared library built by clang -O2 -march=native, so the vectorizer sees
every sub-byte width); every output code must match.

QCC_DIFF_CASES=N sets the number of cases (default 240) and QCC_DIFF_SEED
the seed of the first batch of 60 (default 1000); docs/lowering.md records
a long run.
"""

import os

import numpy as np
import pytest

import qcc
from random_programs import codes, random_case, random_minifloat, random_native_case

CASES = int(os.environ.get("QCC_DIFF_CASES", "240"))
SEED = int(os.environ.get("QCC_DIFF_SEED", "1000"))
BATCH = 60


def check_compiled_equals_reference(cases, threads=1):
    """Each of `cases` ((name, text, inputs)) compiled for the CPU with
    `threads` gives the reference evaluator's codes; returns the module."""
    module = qcc.parse("module {\n" + "".join(text for _, text, _ in cases) + "}\n")
    for name, text, inputs in cases:
        (want,) = module.run_function(name, *inputs)
        (got,) = module.run_function(name, *inputs, mode="compiled", threads=threads)
        assert want.dtype == got.dtype and want.shape == got.shape
        assert np.array_equal(codes(want), codes(got)), (
            f"{name}: reference {want.ravel()[:64].tolist()} vs compiled "
            f"{got.ravel()[:64].tolist()}\ninputs {[a.ravel()[:64].tolist() for a in inputs]}"
            f"\n{text}")
    return module


@pytest.mark.parametrize("batch", range((CASES + BATCH - 1) // BATCH))
def test_compiled_equals_reference(batch):
    rng = np.random.default_rng(SEED + batch)
    count = min(BATCH, CASES - batch * BATCH)
    check_compiled_equals_reference(
        [(f"case{i}", *random_case(rng, f"case{i}")) for i in range(count)])


NATIVE_CASES = int(os.environ.get("QCC_DIFF_NATIVE_CASES", "40"))
NATIVE_BATCH = 20


@pytest.mark.parametrize("batch", range((NATIVE_CASES + NATIVE_BATCH - 1) // NATIVE_BATCH))
def test_native_contractions_compiled_equals_reference(batch):
    """The i8 contractions with constant weights, which qcost-lower-to-llvm
    computes on VNNI kernels where the host has AVX512-VNNI
    (qcc-vnni-contractions): shapes that no register tile divides, odd
    channel counts, strides, dilations, padding, bias, and each epilogue
    after them."""
    rng = np.random.default_rng(SEED + 5000 + batch)
    count = min(NATIVE_BATCH, NATIVE_CASES - batch * NATIVE_BATCH)
    check_compiled_equals_reference(
        [(f"native{i}", *random_native_case(rng, f"native{i}", constant_weights=True,
                                            epilogue=True, dilations=True,
                                            depthwise=True))
         for i in range(count)])


def test_threads_equal_reference():
    """Compiled with two OpenMP threads (qcost-lower-to-llvm threads=2):
    the VNNI kernels' pixel loops and every parallel linalg loop shared,
    the same codes as the reference and as one thread."""
    rng = np.random.default_rng(SEED + 7000)
    cases = ([(f"t{i}", *random_native_case(rng, f"t{i}", constant_weights=True, epilogue=True,
                                            depthwise=True))
              for i in range(8)] +
             [(f"r{i}", *random_case(rng, f"r{i}")) for i in range(6)])
    module = check_compiled_equals_reference(cases, threads=2)
    with pytest.raises(qcc.QccError, match="threads must be at least 1"):
        module.run_function("t0", *cases[0][2], mode="compiled", threads=0)


FLOAT_ACCUMULATORS = """module {
func.func @mm(%x: tensor<3x7xf32>, %w: tensor<7x5xf8E4M3FN>) -> tensor<3x5xf32> {
  %y = qcost.matmul %x, %w : (tensor<3x7xf32>, tensor<7x5xf8E4M3FN>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}
func.func @dn(%x: tensor<3x7xf16>, %w: tensor<7x5x!qcost.fixed<8, 3>>, %b: tensor<5xf16>) -> tensor<3x5xf16> {
  %y = qcost.dense %x, %w bias(%b) : (tensor<3x7xf16>, tensor<7x5x!qcost.fixed<8, 3>>, tensor<5xf16>) -> tensor<3x5xf16>
  return %y : tensor<3x5xf16>
}
func.func @fx(%x: tensor<3x6xf32>, %w: tensor<6x4x!qcost.fixed<6, 2>>) -> tensor<3x4x!qcost.fixed<20, 6>> {
  %y = qcost.matmul %x, %w : (tensor<3x6xf32>, tensor<6x4x!qcost.fixed<6, 2>>) -> tensor<3x4x!qcost.fixed<20, 6>>
  return %y : tensor<3x4x!qcost.fixed<20, 6>>
}
func.func @cv(%x: tensor<1x5x5x4xf8E5M2>, %w: tensor<3x3x2x4xf8E4M3>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = qcost.conv2d %x, %w bias(%b) padding [1, 0, 0, 1] groups 2 : (tensor<1x5x5x4xf8E5M2>, tensor<3x3x2x4xf8E4M3>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
func.func @cfg3(%x: tensor<3x9xf8E5M2>, %w: tensor<9x5xf8E5M2>) -> tensor<3x5x!qcost.float<6, 5>> {
  %y = qcost.matmul %x, %w : (tensor<3x9xf8E5M2>, tensor<9x5xf8E5M2>) -> tensor<3x5x!qcost.float<6, 5>>
  return %y : tensor<3x5x!qcost.float<6, 5>>
}
func.func @bf(%x: tensor<3x7xf8E4M3FN>, %w: tensor<7x5x!qcost.fixed<8, 4>>, %b: tensor<5xbf16>) -> tensor<3x5xbf16> {
  %y = qcost.dense %x, %w bias(%b) : (tensor<3x7xf8E4M3FN>, tensor<7x5x!qcost.fixed<8, 4>>, tensor<5xbf16>) -> tensor<3x5xbf16>
  return %y : tensor<3x5xbf16>
}
func.func @cm(%x: tensor<1x5x5x4xf8E5M2>, %w: tensor<3x3x2x4xf8E4M3>, %b: tensor<4xf8E5M2>) -> tensor<1x4x4x4xf8E5M2> {
  %y = qcost.conv2d %x, %w bias(%b) padding [1, 0, 0, 1] groups 2 : (tensor<1x5x5x4xf8E5M2>, tensor<3x3x2x4xf8E4M3>, tensor<4xf8E5M2>) -> tensor<1x4x4x4xf8E5M2>
  return %y : tensor<1x4x4x4xf8E5M2>
}
}"""


def test_float_accumulators_equal_reference():
    """Float accumulators (f32, f16, bf16, E5M2, CFG-3's float<6, 5>): every
    product and every sum rounded in order; padding contributes nothing even
    against an infinite weight. Also f32 operands into a fixed-point
    accumulator (each product rounded into it)."""
    rng = np.random.default_rng(7)
    module = qcc.parse(FLOAT_ACCUMULATORS)

    def floats(shape, dtype=np.float32):
        values = (rng.uniform(-4, 4, shape) * 2.0 ** rng.integers(-12, 12, shape)).astype(dtype)
        if rng.random() < 0.3:
            values.reshape(-1)[:3] = np.array([np.nan, np.inf, -0.0], dtype)[: values.size]
        return values

    def fp8(top, shape):
        """Codes below `top` (finite magnitudes), sometimes any code."""
        dtype = top.dtype.type
        if rng.random() < 0.3:
            return rng.integers(0, np.iinfo(dtype).max + 1, shape).astype(dtype)
        sign = rng.integers(0, 2, shape).astype(dtype) << (8 * top.itemsize - 1)
        return (rng.integers(0, int(top), shape).astype(dtype) | sign).astype(dtype)

    for _ in range(40):
        for name, args in [
            ("mm", [floats((3, 7)), rng.integers(0, 256, (7, 5)).astype(np.uint8)]),
            ("dn", [floats((3, 7), np.float16), rng.integers(-128, 128, (7, 5)).astype(np.int8),
                    floats((5,), np.float16)]),
            ("fx", [floats((3, 6)), rng.integers(-32, 32, (6, 4)).astype(np.int8)]),
            ("cv", [rng.integers(0, 256, (1, 5, 5, 4)).astype(np.uint8),
                    rng.integers(0, 256, (3, 3, 2, 4)).astype(np.uint8), floats((4,))]),
            ("cfg3", [fp8(np.uint8(0x7C), (3, 9)), fp8(np.uint8(0x7C), (9, 5))]),
            ("bf", [fp8(np.uint8(0x7F), (3, 7)), rng.integers(-128, 128, (7, 5)).astype(np.int8),
                    fp8(np.uint16(0x7F80), (5,))]),
            ("cm", [fp8(np.uint8(0x7C), (1, 5, 5, 4)), fp8(np.uint8(0x78), (3, 3, 2, 4)),
                    fp8(np.uint8(0x7C), (4,))]),
        ]:
            (want,) = module.run_function(name, *args)
            (got,) = module.run_function(name, *args, mode="compiled")
            assert np.array_equal(codes(want), codes(got)), (name, want, got)


WIDE_MINIFLOATS = """module {
func.func @to_e8m23(%x: tensor<N xf32>) -> tensor<N x!qcost.float<8, 23>> {
  %y = qcost.quantize %x overflow wrap : (tensor<N xf32>) -> tensor<N x!qcost.float<8, 23>>
  return %y : tensor<N x!qcost.float<8, 23>>
}
func.func @to_e8m7(%x: tensor<N xf32>) -> tensor<N x!qcost.float<8, 7>> {
  %y = qcost.quantize %x overflow wrap : (tensor<N xf32>) -> tensor<N x!qcost.float<8, 7>>
  return %y : tensor<N x!qcost.float<8, 7>>
}
func.func @to_e5m10(%x: tensor<N xf32>) -> tensor<N x!qcost.float<5, 10>> {
  %y = qcost.quantize %x overflow wrap : (tensor<N xf32>) -> tensor<N x!qcost.float<5, 10>>
  return %y : tensor<N x!qcost.float<5, 10>>
}
func.func @cfg3(%a: tensor<256x256xf8E5M2>, %b: tensor<256xf8E5M2>) -> tensor<256x256x!qcost.float<6, 5>> {
  %y = qcost.mul %a, %b overflow wrap : (tensor<256x256xf8E5M2>, tensor<256xf8E5M2>) -> tensor<256x256x!qcost.float<6, 5>>
  return %y : tensor<256x256x!qcost.float<6, 5>>
}
}"""


def decode_ieee_like(codes, e, m):
    """Exact values of IEEE-style codes (bias 2^(E-1) - 1), an oracle written
    apart from the compiler and the reference evaluator."""
    codes = codes.astype(np.int64)
    bias = (1 << (e - 1)) - 1
    field = (codes >> m) & ((1 << e) - 1)
    mant = codes & ((1 << m) - 1)
    sign = np.where(codes >> (e + m) & 1, -1.0, 1.0)
    normal = np.ldexp((mant + (1 << m)).astype(np.float64), field - bias - m)
    sub = np.ldexp(mant.astype(np.float64), 1 - bias - m)
    value = np.where(field == 0, sub, normal)
    top = field == (1 << e) - 1
    value = np.where(top, np.where(mant == 0, np.inf, np.nan), value)
    return sign * value


def test_wide_minifloats_match_ieee():
    """Minifloats up to E = 8 round like IEEE hardware: f32 -> float<8, 23>
    keeps every bit, f32 -> float<8, 7> is bf16 nearest even, f32 ->
    float<5, 10> is numpy's f16, and E5M2 x E5M2 into the exact product type
    float<6, 5> (CFG-3) is exact for all 65,536 pairs."""
    rng = np.random.default_rng(11)
    bits = rng.integers(0, 1 << 32, 4096, dtype=np.uint64).astype(np.uint32)
    # Ties and near-ties for bf16 and f16, subnormals, -0, infinities.
    bits[:512] = (bits[:512] & 0xFFFF0000) | rng.choice([0x8000, 0x7FFF, 0x8001, 0x0000], 512)
    bits[512:1024] = (bits[512:1024] & 0xFFFFE000) | 0x1000
    bits[1024:1040] = [0, 0x80000000, 0x7F800000, 0xFF800000, 1, 0x80000001, 0x007FFFFF, 0x00800000,
                       0x7F7FFFFF, 0xFF7FFFFF, 0x477FEFFF, 0x477FF000, 0x33000000, 0x33000001,
                       0x387FC000, 0x7F7F8000]
    x = bits.view(np.float32)
    finite = ~np.isnan(x)
    module = qcc.parse(WIDE_MINIFLOATS.replace("N x", f"{x.size}x"))
    for name in ("to_e8m23", "to_e8m7", "to_e5m10"):
        (want,) = module.run_function(name, x)
        (got,) = module.run_function(name, x, mode="compiled")
        assert np.array_equal(codes(want), codes(got)), name
    (e8m23,) = module.run_function("to_e8m23", x, mode="compiled")
    assert np.array_equal(e8m23.view(np.uint32)[finite], bits[finite])
    (e8m7,) = module.run_function("to_e8m7", x, mode="compiled")
    b = bits.astype(np.uint64)
    bf16 = ((b + 0x7FFF + ((b >> 16) & 1)) >> 16).astype(np.uint16)
    assert np.array_equal(e8m7.view(np.uint16)[finite], bf16[finite])
    (e5m10,) = module.run_function("to_e5m10", x, mode="compiled")
    with np.errstate(over="ignore"):
        f16 = x.astype(np.float16).view(np.uint16)
    assert np.array_equal(e5m10.view(np.uint16)[finite], f16[finite])
    assert np.all(np.isnan(decode_ieee_like(e5m10.view(np.uint16)[~finite], 5, 10)))

    every = np.arange(256, dtype=np.uint8)
    rows = np.repeat(every[:, None], 256, axis=1)
    (want,) = module.run_function("cfg3", rows, every)
    (got,) = module.run_function("cfg3", rows, every, mode="compiled")
    assert np.array_equal(codes(want), codes(got))
    a = decode_ieee_like(every, 5, 2)
    with np.errstate(invalid="ignore"):
        exact = a[:, None] * a[None, :]
    product = decode_ieee_like(got.view(np.uint16), 6, 5)
    same = (product == exact) & (np.signbit(product) == np.signbit(exact))
    assert np.all(same | (np.isnan(product) & np.isnan(exact)))


def test_minifloat_rounding_sweep():
    """Every minifloat rounding decision near every code: for 36 formats
    (E 1 to 8, every subnormal and special rule), f32 inputs with M + 2
    significant bits (codes, midpoints, quarter points) across the format's
    binades and past its largest value, plus arbitrary bits for the sticky
    cases, quantized under every rounding mode (either overflow mode)."""
    rng = np.random.default_rng(5)
    formats = [random_minifloat(rng, wide=True) for _ in range(24)]
    formats += [(f"!qcost.float<3, {m}, specials = {sp}>", ("mini", 3, m))
                for m in (0, 1, 2) for sp in ("inf_only", "nan_only", "finite")]
    formats += [(f"!qcost.float<{e}, 0>", ("mini", e, 0)) for e in (2, 5, 8)]
    modes = ["nearest_even", "toward_zero", "stochastic seed 3"]
    functions, inputs = [], []
    for i, (ft, (_, e, m)) in enumerate(formats):
        bias = (1 << (e - 1)) - 1
        binades = rng.integers(-bias - m - 4, (1 << e) - bias + 2, 512)
        significands = rng.integers(1 << (m + 1), 1 << (m + 3), 512)
        with np.errstate(over="ignore"):  # past f32: infinities, on purpose
            values = np.ldexp(significands.astype(np.float64), binades - m - 2).astype(np.float32)
        values[:64] = (values[:64].view(np.uint32) ^ rng.integers(0, 1 << 16, 64).astype(np.uint32)).view(np.float32)
        with np.errstate(invalid="ignore"):
            values *= rng.choice([-1, 1], values.size).astype(np.float32)
        values[64:72] = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e38, -1e-45, 3e-39]
        for mode in modes:
            overflow = " overflow wrap" if rng.random() < 0.5 else ""
            name = f"f{len(functions)}"
            functions.append(
                f"func.func @{name}(%x: tensor<512xf32>) -> tensor<512x{ft}> {{\n"
                f"  %y = qcost.quantize %x rounding {mode}{overflow} : (tensor<512xf32>) -> tensor<512x{ft}>\n"
                f"  return %y : tensor<512x{ft}>\n}}\n")
            inputs.append(values)
    module = qcc.parse("module {\n" + "".join(functions) + "}\n")
    for i, values in enumerate(inputs):
        (want,) = module.run_function(f"f{i}", values)
        (got,) = module.run_function(f"f{i}", values, mode="compiled")
        bad = np.nonzero(codes(want) != codes(got))[0]
        assert bad.size == 0, (functions[i], values[bad[:4]], codes(want)[bad[:4]], codes(got)[bad[:4]])
