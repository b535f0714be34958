"""The compiled bindings (errors as exceptions with locations) and the CLI."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import qcc
from conftest import BUILD, REPO

EXAMPLE = os.path.join(REPO, "examples", "pikelpn_separable_block.mlir")


def test_parse_verify_run_and_report():
    module = qcc.parse_file(EXAMPLE)
    module.run("qcost-check-accumulators{as-error=true}")
    report = module.cost_report("ace")
    assert report["schema"] == "qcc-cost-report/1"
    assert report["cost"]["total"] == report["cost"]["mac"]  # ace prices MACs only
    module.run("builtin.module(qcost-annotate-cost{model=bops})")
    assert 'model = "bops"' in str(module)


def test_verifier_errors_carry_locations():
    text = ("func.func @f(%a: tensor<4xf32>) {\n"
            "  %0 = qcost.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<5xf32>\n"
            "  return\n}\n")
    with pytest.raises(qcc.QccError, match=r"bad.mlir:2:8: error: 'qcost.add' op result "
                       r"shape \[5\] must equal the lhs shape \[4\]"):
        qcc.parse(text, "bad.mlir")


def test_parse_errors_and_missing_files():
    with pytest.raises(qcc.QccError, match=r"x.mlir:1:1: error"):
        qcc.parse("qcost.bogus", "x.mlir")
    with pytest.raises(qcc.QccError, match="cannot read '/no/such.mlir'"):
        qcc.parse_file("/no/such.mlir")


def test_pipeline_and_model_errors():
    module = qcc.parse_file(EXAMPLE)
    with pytest.raises(qcc.QccError, match="does not refer to a registered pass"):
        module.run("no-such-pass")
    with pytest.raises(qcc.QccError, match="unknown cost model 'nope'; available: ace-v2"):
        module.run("qcost-annotate-cost{model=nope}")
    with pytest.raises(qcc.QccError, match="unknown cost model 'x'"):
        module.cost_report("x")


def test_unpriced_ops_are_warnings():
    text = ("func.func @f(%a: tensor<4xi8>) -> tensor<4xi8> {\n"
            "  %0 = arith.addi %a, %a : tensor<4xi8>\n  return %0 : tensor<4xi8>\n}\n")
    module = qcc.parse(text, "u.mlir")
    report = module.cost_report()
    assert report["unpriced"][0]["op"] == "arith.addi"
    assert "u.mlir:2:8: warning: 'arith.addi' has no cost description" in module.warnings[0]


def test_encode_uses_the_compiler_formats():
    codes, values = qcc.encode("!qcost.pot<4, -6, 0>", np.array([0.3, -0.07, 5.0]))
    assert values.tolist() == [0.25, -0.0625, 1.0]
    _, values = qcc.encode("!qcost.fixed<4, 1>", [0.25, 0.75, 100.0])
    assert values.tolist() == [0.0, 1.0, 3.5]  # ties to even, saturation
    with pytest.raises(qcc.QccError, match="is not a number format"):
        qcc.encode("tensor<4xf32>", [1.0])
    with pytest.raises(qcc.QccError, match="unknown rounding 'up'"):
        qcc.encode("i8", [1.0], rounding="up")
    assert qcc.format_info("!qcost.float<5, 2>")["largest"] == 57344.0


def cli(*args):
    env = dict(os.environ, PYTHONPATH=os.path.join(BUILD, "python"))
    return subprocess.run([sys.executable, "-m", "qcc", *args], capture_output=True,
                          text=True, env=env)


def test_cli_import_report_plot(tmp_path):
    from test_config import block_model
    import onnx
    onnx.save(block_model(), tmp_path / "m.onnx")
    (tmp_path / "cfg.json").write_text(json.dumps({"weight": {"bits": 8}}))
    out = tmp_path / "m.mlir"
    r = cli("import", str(tmp_path / "m.onnx"), "--config", str(tmp_path / "cfg.json"),
            "-o", str(out))
    assert r.returncode == 0, r.stderr
    r = cli("report", str(out), "--json", "--pipeline", "qcost-check-accumulators")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["macs"] > 0
    png = tmp_path / "b.png"
    r = cli("report", str(out), "--top", "3", "--plot", str(png), "--layers-plot",
            str(tmp_path / "l.png"))
    assert r.returncode == 0 and "split: MAC" in r.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "l.png").stat().st_size > 1000


def test_cli_errors(tmp_path):
    r = cli("import", str(tmp_path / "missing.onnx"))
    assert r.returncode == 1 and "qcc: error: cannot load ONNX model" in r.stderr
    (tmp_path / "junk.onnx").write_bytes(b"\x00junk")
    r = cli("import", str(tmp_path / "junk.onnx"))
    assert r.returncode == 1 and "qcc: error:" in r.stderr
    r = cli("report", str(tmp_path / "missing.mlir"))
    assert r.returncode == 1 and "cannot read" in r.stderr
    r = cli("import")
    assert r.returncode == 1 and "give a model file or --torchvision" in r.stderr
    r = cli("--help")
    assert r.returncode == 0 and "report" in r.stdout


def test_unsupported_op_names_node_and_type():
    from onnx import helper
    from conftest import make_model
    model = make_model([helper.make_node("Softmax", ["x"], ["y"], name="sm")],
                       [("x", [1, 4])], [("y", [1, 4])])
    with pytest.raises(qcc.OnnxImportError,
                       match=r"node 'sm' \(Softmax\): unsupported op type \(supported: "):
        qcc.import_onnx(model)


def test_non_constant_weights_are_rejected():
    from onnx import helper
    from conftest import make_model
    model = make_model([helper.make_node("Conv", ["x", "w"], ["y"], name="c")],
                       [("x", [1, 2, 4, 4]), ("w", [3, 2, 1, 1])], [("y", [1, 3, 4, 4])])
    with pytest.raises(qcc.OnnxImportError,
                       match=r"node 'c' \(Conv\): weight 'w' must be a constant"):
        qcc.import_onnx(model)


def test_compiled_mode_errors():
    module = qcc.parse("""
      func.func @ok(%x: tensor<4xf32>) -> tensor<4x!qcost.fixed<8, 2>> {
        %y = qcost.quantize %x : (tensor<4xf32>) -> tensor<4x!qcost.fixed<8, 2>>
        return %y : tensor<4x!qcost.fixed<8, 2>>
      }
      func.func @shifted(%x: tensor<4x!qcost.fixed<8, 0>>, %k: tensor<4xi32>) -> tensor<4x!qcost.fixed<8, 0>> {
        %y = qcost.shift %x, %k : (tensor<4x!qcost.fixed<8, 0>>, tensor<4xi32>) -> tensor<4x!qcost.fixed<8, 0>>
        return %y : tensor<4x!qcost.fixed<8, 0>>
      }""")
    x = np.array([0.3, -0.125, np.nan, 1e9], np.float32)
    # One function that does not lower leaves the others runnable.
    (codes,) = module.run_function("ok", x, mode="compiled")
    assert codes.tolist() == [1, 0, 0, 127]
    with pytest.raises(qcc.QccError, match=r"'qcost.shift' \(!qcost.fixed<8, 0>, i32\) -> "
                       r"!qcost.fixed<8, 0> does not lower: shift amounts wider"):
        module.run_function("shifted", np.zeros(4, np.int8), np.ones(4, np.int32),
                            mode="compiled")
    with pytest.raises(qcc.QccError, match="unknown mode 'jit'"):
        module.run_function("ok", x, mode="jit")
