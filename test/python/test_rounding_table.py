"""docs/lowering.md's table of rounding modes, checked cell by cell.

The table lists, for each op family (rows) and result family (columns),
that every rounding mode (nearest_even, toward_zero, stochastic) and every
overflow mode the format admits (saturate; wrap except for power of two and
binary) lowers. This test reads the table from the document and, for every
cell marked as lowering, compiles one function per mode and overflow and
compares it with the reference evaluator bit for bit on inputs that include
ties, the extreme codes and (for floats) NaN, infinities and -0. A cell the
test does not know, or a row or column missing from the document, fails.
"""

import pathlib

import numpy as np
import pytest

import qcc

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "lowering.md"

# Result families: a result type per column (two for the wide columns).
COLUMNS = {
    "fixed": ["!qcost.fixed<6, 2>", "!qcost.fixed<12, 9>"],
    "ufixed": ["!qcost.ufixed<5, 1>"],
    "binary": ["!qcost.binary"],
    "pot": ["!qcost.pot<4, -3, 2>", "!qcost.pot<4, -2, 4, nozero, unsigned>"],
    "minifloat": ["f8E4M3FN", "f8E5M2", "!qcost.float<3, 2, subnormals = as_normal, specials = inf_only>"],
    "f32/f16": ["f32", "f16"],
    "bf16": ["bf16"],
}
NO_WRAP = {"binary", "pot"}


def floats(rng, shape, step):
    """f32 inputs: multiples of `step` (ties), wide-range values, specials."""
    values = rng.integers(-400, 400, shape) * step
    values = np.where(rng.random(shape) < 0.3, rng.uniform(-300, 300, shape) *
                      2.0 ** rng.integers(-20, 20, shape), values).astype(np.float32)
    flat = values.reshape(-1)
    flat[:6] = [np.nan, np.inf, -np.inf, -0.0, 3e38, -1e-40]
    return values


def f16(values):
    with np.errstate(over="ignore"):  # large values become infinities, on purpose
        return values.astype(np.float16)


def fixed_codes(rng, shape, width):
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    codes = rng.integers(lo, hi + 1, shape)
    codes.reshape(-1)[:3] = [lo, hi, 0]
    return codes.astype(np.int16)


# Op families: (function body for result type R, argument types, inputs).
ROWS = {
    "elementwise on integers (rescale)": (
        "%s = arith.constant dense<[0.375, -1.25, 3.0]> : tensor<3xf32>\n"
        "  %y = qcost.rescale %a0, %s{attrs} : (tensor<8x3x!qcost.fixed<12, 4>>, tensor<3xf32>) -> tensor<8x3xR>",
        ["tensor<8x3x!qcost.fixed<12, 4>>"],
        lambda rng: [fixed_codes(rng, (8, 3), 12)]),
    "elementwise on floats (relu)": (
        "%y = qcost.relu %a0{attrs} : (tensor<8x3xf32>) -> tensor<8x3xR>",
        ["tensor<8x3xf32>"],
        lambda rng: [floats(rng, (8, 3), 2.0 ** -9)]),
    "add of floats (f32 + f32)": (
        "%y = qcost.add %a0, %a1{attrs} : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<8x3xR>",
        ["tensor<8x3xf32>", "tensor<8x3xf32>"],
        lambda rng: [floats(rng, (8, 3), 2.0 ** -9), floats(rng, (8, 3), 2.0 ** -12)]),
    "quantize": (
        "%s = arith.constant dense<[2.0, 0.75, -1.5]> : tensor<3xf32>\n"
        "  %y = qcost.quantize %a0 scale(%s){attrs} : (tensor<8x3xf32>, tensor<3xf32>) -> tensor<8x3xR>",
        ["tensor<8x3xf32>"],
        lambda rng: [floats(rng, (8, 3), 2.0 ** -10)]),
    "batch_norm": (
        "%g = arith.constant dense<[1.5, -0.75, 2.0]> : tensor<3xf32>\n"
        "  %b = arith.constant dense<[0.25, 0.0, -1.0]> : tensor<3xf32>\n"
        "  %m = arith.constant dense<[0.125, -2.0, 0.5]> : tensor<3xf32>\n"
        "  %v = arith.constant dense<[1.0, 0.5, 4.0]> : tensor<3xf32>\n"
        "  %y = qcost.batch_norm %a0, %g, %b, %m, %v epsilon 1.0e-5{attrs} : (tensor<8x3x!qcost.fixed<10, 3>>, "
        "tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<8x3xR>",
        ["tensor<8x3x!qcost.fixed<10, 3>>"],
        lambda rng: [fixed_codes(rng, (8, 3), 10)]),
    "shift": (
        "%y = qcost.shift %a0, %a1{attrs} : (tensor<8x3x!qcost.fixed<8, 2>>, tensor<3xi4>) -> tensor<8x3xR>",
        ["tensor<8x3x!qcost.fixed<8, 2>>", "tensor<3xi4>"],
        lambda rng: [fixed_codes(rng, (8, 3), 8), np.array([-3, 0, 2], np.int8)]),
    "average pooling of integers": (
        "%y = qcost.avg_pool2d %a0 kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1]{attrs} : "
        "(tensor<1x5x5x2x!qcost.fixed<9, 2>>) -> tensor<1x3x3x2xR>",
        ["tensor<1x5x5x2x!qcost.fixed<9, 2>>"],
        lambda rng: [fixed_codes(rng, (1, 5, 5, 2), 9)]),
    "average pooling of floats": (
        "%y = qcost.global_avg_pool %a0{attrs} : (tensor<1x3x3x4xf16>) -> tensor<1x1x1x4xR>",
        ["tensor<1x3x3x4xf16>"],
        lambda rng: [f16(floats(rng, (1, 3, 3, 4), 2.0 ** -8))]),
    "max pooling of floats": (
        "%y = qcost.max_pool2d %a0 kernel [2, 2]{attrs} : (tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xR>",
        ["tensor<1x4x4x3xf32>"],
        lambda rng: [floats(rng, (1, 4, 4, 3), 2.0 ** -10)]),
    "reduce_sum": (
        "%y = qcost.reduce_sum %a0 dims [0]{attrs} : (tensor<7x6x!qcost.ufixed<10, 5>>) -> tensor<6xR>",
        ["tensor<7x6x!qcost.ufixed<10, 5>>"],
        lambda rng: [rng.integers(0, 1024, (7, 6)).astype(np.uint16)]),
}


def read_table():
    """{row: {column: cell}} from the table under '## Rounding modes'."""
    text = DOC.read_text()
    section = text.split("## Rounding modes", 1)[1].split("\n## ", 1)[0]
    lines = [l for l in section.splitlines() if l.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        table[cells[0]] = dict(zip(header[1:], cells[1:]))
    return header[1:], table


def test_table_lists_every_row_and_column():
    columns, table = read_table()
    assert columns == list(COLUMNS)
    assert list(table) == list(ROWS)


@pytest.mark.parametrize("row", list(ROWS))
def test_every_cell_lowers_and_equals_reference(row):
    columns, table = read_table()
    body, arg_types, make_inputs = ROWS[row]
    rng = np.random.default_rng(len(row))
    functions, cases = [], []
    for column in columns:
        cell = table[row][column]
        assert cell == "all modes", f"{row} / {column}: unknown cell {cell!r}"
        for result in COLUMNS[column]:
            for mode in ("nearest_even", "toward_zero", "stochastic seed 11"):
                for overflow in ("", " overflow wrap"):
                    if overflow and column in NO_WRAP:
                        continue
                    name = f"f{len(functions)}"
                    text = body.replace("R>", result + ">").format(
                        attrs=f" rounding {mode}{overflow}")
                    args = ", ".join(f"%a{i}: {t}" for i, t in enumerate(arg_types))
                    result_type = text.rsplit("-> ", 1)[1]
                    functions.append(f"func.func @{name}({args}) -> {result_type} {{\n  {text}\n"
                                     f"  return %y : {result_type}\n}}\n")
                    cases.append((name, column, result, mode, overflow))
    module = qcc.parse("module {\n" + "".join(functions) + "}\n")
    for name, column, result, mode, overflow in cases:
        inputs = make_inputs(rng)
        (want,) = module.run_function(name, *inputs)
        (got,) = module.run_function(name, *inputs, mode="compiled")
        same = np.array_equal(want.view(np.uint8), got.view(np.uint8))
        assert same, (row, result, mode, overflow, want.ravel()[:8], got.ravel()[:8])
