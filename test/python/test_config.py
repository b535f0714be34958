"""Every quantization-config field, and its error messages."""

import json

import numpy as np
import pytest
from onnx import helper

import qcc
from conftest import make_model, ops_of, weights


def block_model():
    """Depthwise 3x3 -> pointwise 1x1 -> Gemm: one layer of each kind."""
    init = [("dw", weights((8, 1, 3, 3))), ("pw", weights((16, 8, 1, 1), 1)),
            ("fc", weights((4, 16), 2)), ("shape", np.array([1, -1], np.int64))]
    nodes = [helper.make_node("Conv", ["x", "dw"], ["a"], name="dw", group=8, pads=[1] * 4),
             helper.make_node("Relu", ["a"], ["ar"]),
             helper.make_node("Conv", ["ar", "pw"], ["b"], name="pw"),
             helper.make_node("Relu", ["b"], ["br"]),
             helper.make_node("GlobalAveragePool", ["br"], ["g"]),
             helper.make_node("Reshape", ["g", "shape"], ["f"]),
             helper.make_node("Gemm", ["f", "fc"], ["y"], name="fc", transB=1)]
    return make_model(nodes, [("x", [1, 8, 6, 6])], [("y", [1, 4])], init)


def formats(config):
    report = qcc.parse(qcc.import_onnx(block_model(), qcc.QuantConfig(config))).cost_report()
    return [r["formats"] for r in ops_of(report, "qcost.conv2d") + ops_of(report, "qcost.dense")]


def test_defaults_are_w4a4_linear():
    dw, pw, fc = formats({})
    assert " x !qcost.fixed<4, 0>" in dw and " x !qcost.fixed<4, 0>" in pw
    assert pw.startswith("!qcost.ufixed<4, 0>")  # after ReLU: unsigned


def test_pikelpn_recipe_by_kind_and_name():
    dw, pw, fc = formats({
        "layers": {"kind:depthwise": {"weight": {"bits": 8}},
                   "kind:pointwise": {"weight": {"quantizer": "pot", "bits": 4}},
                   "fc": {"weight": {"quantizer": "binary"}, "activation": {"bits": 8}}}})
    assert " x !qcost.fixed<8, 0>" in dw
    assert " x !qcost.pot<4, -6, 0>" in pw
    assert fc.startswith("!qcost.ufixed<8, 0> x !qcost.binary")


@pytest.mark.parametrize("spec,expect", [
    ({"quantizer": "minifloat", "format": "float<4, 3>"}, "!qcost.float<4, 3>"),
    ({"quantizer": "minifloat", "format": "float<5, 2, cfg = 5>"},
     "!qcost.float<5, 2, subnormals = as_normal, specials = inf_only>"),
    ({"quantizer": "linear", "bits": 6, "granularity": "tensor"}, "!qcost.fixed<6, 0>"),
    ({"quantizer": "float"}, "f32")])
def test_weight_quantizers(spec, expect):
    activation = {"quantizer": "float"} if spec["quantizer"] == "float" else {}
    dw, _, _ = formats({"weight": spec, "activation": activation})
    assert f" x {expect}" in dw


def test_scale_formats_and_accumulators():
    text = qcc.import_onnx(block_model(), qcc.QuantConfig(
        {"activation": {"scale_format": "pot"}, "accumulator": "fixed<32, 0>"}))
    assert "scale(" in text and "!qcost.pot<8, -63, 63>" in text
    assert "!qcost.fixed<32, 0>" in text
    text = qcc.import_onnx(block_model(), qcc.QuantConfig(
        {"activation": {"scale_format": "f16"}, "accumulator": "f32"}))
    assert "tensor<f16>" in text and "-> tensor<1x6x6x8xf32>" in text


def test_calibration_settings_change_the_scales():
    a = qcc.import_onnx(block_model(), qcc.QuantConfig({"calibration": {"seed": 1}}))
    b = qcc.import_onnx(block_model(), qcc.QuantConfig({"calibration": {"seed": 2,
                                                                         "samples": 3}}))
    assert a != b


def test_weight_quantization_error_is_bounded():
    # Linear b-bit per-channel codes: |w - code / mult| <= step / 2 (the
    # independent reference is the float weight itself).
    from qcc.onnx_import import _Importer
    imp = _Importer(block_model(), qcc.QuantConfig(), None)
    w = weights((3, 3, 4, 8))
    spec = {"quantizer": "linear", "bits": 4, "granularity": "channel"}
    codes, elem, mult = imp.quantize_weight(None, w, spec)
    assert elem == "!qcost.fixed<4, 0>"
    assert np.all(np.abs(w - codes / mult) <= 0.5 / mult + 1e-7)
    pot, elem, mult = imp.quantize_weight(None, w, {**spec, "quantizer": "pot"})
    nonzero = pot[pot != 0]
    assert np.all(np.log2(np.abs(nonzero)) == np.rint(np.log2(np.abs(nonzero))))


@pytest.mark.parametrize("config,message", [
    ({"wieght": {}}, "wieght: unknown field"),
    ({"weight": {"bits": 0}}, r"weight.bits: 0 is not an integer in \[1, 16\]"),
    ({"weight": {"quantizer": "log"}}, "weight.quantizer: 'log' is not one of"),
    ({"weight": {"granularity": "group"}}, "weight.granularity"),
    ({"activation": {"scale_format": "f8"}}, "activation.scale_format"),
    ({"weight": {"format": "e4m3"}}, "weight.format"),
    ({"accumulator": "int32"}, "accumulator: 'int32'"),
    ({"layers": {"kind:lstm": {}}}, "layers.kind:lstm: unknown kind"),
    ({"layers": {"conv1": {"bias": {}}}}, "layers.conv1.bias: unknown field"),
    ({"calibration": {"samples": 0}}, "calibration.samples: 0 is not a positive integer"),
])
def test_config_errors_name_the_field(config, message):
    with pytest.raises(qcc.ConfigError, match=message):
        qcc.QuantConfig(config)


def test_config_file_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"weight": {"bits": 4,}}')
    with pytest.raises(qcc.ConfigError, match=r"bad.json:1:\d+"):
        qcc.QuantConfig.from_json(bad)
    with pytest.raises(qcc.ConfigError, match="No such file"):
        qcc.QuantConfig.from_json(tmp_path / "missing.json")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"layers": {"nope": {}}}))
    config = qcc.QuantConfig.from_json(good)
    qcc.import_onnx(block_model(), config)
    assert config.unused_layer_names() == ["nope"]


def test_bad_bits_for_quantizer_fail_at_the_layer():
    with pytest.raises(qcc.OnnxImportError, match=r"node 'dw' \(Conv\): power-of-two"):
        qcc.import_onnx(block_model(), qcc.QuantConfig({"weight": {"quantizer": "pot",
                                                                   "bits": 1}}))
