"""torchvision architectures exported at test time and imported."""

import numpy as np
import onnx
import pytest

import qcc
from conftest import ops_of, qcc_opt
from qcc.torchvision_models import export_onnx


def reference_macs(model):
    """MACs from the ONNX graph itself (shape inference), independent of qcc."""
    model = onnx.shape_inference.infer_shapes(model)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(model.graph.value_info) + list(model.graph.output)}
    inits = {i.name: list(i.dims) for i in model.graph.initializer}
    macs = 0
    for node in model.graph.node:
        if node.op_type == "Conv":
            out = shapes[node.output[0]]
            w = inits[node.input[1]]
            macs += int(np.prod(out)) * w[1] * w[2] * w[3]
        elif node.op_type == "Gemm":
            w = inits[node.input[1]]
            macs += shapes[node.output[0]][0] * w[0] * w[1]
    return macs


@pytest.fixture(scope="module")
def mobilenet_v2():
    model = onnx.load_from_string(export_onnx("mobilenet_v2"))
    text = qcc.import_onnx(model, name="mobilenet_v2")
    return model, text, qcc.parse(text, "mobilenet_v2.mlir").cost_report()


def test_mobilenet_v2_macs_and_batch_norm_elements(mobilenet_v2):
    model, _, report = mobilenet_v2
    assert report["macs"] == 300_774_272 == reference_macs(model)
    bn = ops_of(report, "qcost.batch_norm")
    assert len(bn) == 52
    assert sum(r["elements_written"] for r in bn) == 6_678_112
    assert report["model_name"] == "mobilenet_v2"
    # Float batch-norm and f32 scaling dominate a W4A4 network (PikeLPN).
    assert report["cost"]["elementwise"] > 2 * report["cost"]["mac"]


def test_mobilenet_v2_round_trips_through_qcc_opt(mobilenet_v2):
    _, text, _ = mobilenet_v2
    result = qcc_opt(["--qcost-check-accumulators=as-error=true"], text)
    assert result.returncode == 0, result.stderr[:2000]
    again = qcc_opt([], result.stdout)
    assert again.returncode == 0 and again.stdout == result.stdout


def test_resnet18():
    model = onnx.load_from_string(export_onnx("resnet18"))
    report = qcc.parse(qcc.import_onnx(model)).cost_report()
    assert report["macs"] == reference_macs(model) == 1_814_073_344
    assert len(ops_of(report, "qcost.max_pool2d")) == 1
    assert len(ops_of(report, "qcost.add")) == 8


@pytest.mark.parametrize("arch", ["mobilenet_v3_small", "resnet50"])
def test_other_architectures(arch):
    model = onnx.load_from_string(export_onnx(arch, resolution=96 if arch == "resnet50" else 224))
    report = qcc.parse(qcc.import_onnx(model)).cost_report()
    assert report["macs"] == reference_macs(model)


def test_mobilenet_v2_compiled_equals_reference(mobilenet_v2):
    """The imported W4A4 MobileNetV2 (f32 batch-norm, activations and global
    average pool) compiled for the CPU gives the reference evaluator's
    output bit for bit on a random 224x224 image."""
    _, text, _ = mobilenet_v2
    module = qcc.parse(text, "mobilenet_v2.mlir")
    image = np.random.default_rng(0).standard_normal((1, 224, 224, 3)).astype(np.float32)
    (compiled,) = module.run_function("mobilenet_v2", image, mode="compiled")
    (reference,) = module.run_function("mobilenet_v2", image)
    assert compiled.shape == (1, 1000)
    assert np.array_equal(compiled.view(np.uint32), reference.view(np.uint32))
