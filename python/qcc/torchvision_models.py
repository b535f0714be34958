"""torchvision architectures exported to ONNX (batch-norm kept) and imported.

    from qcc.torchvision_models import export_onnx, import_torchvision
    mlir = import_torchvision("mobilenet_v2", config)

Weights are random (seeded) unless a state dict is given: this machine has no
network access, and cost reports depend on shapes and formats, not on trained
values.
"""

import io

ARCHITECTURES = ("mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large",
                 "resnet18", "resnet50")


def build_model(arch, state_dict=None, seed=0):
    import torch
    import torchvision

    if arch not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {arch!r}; expected one of "
                         + ", ".join(ARCHITECTURES))
    torch.manual_seed(seed)
    model = getattr(torchvision.models, arch)()
    if state_dict is not None:
        model.load_state_dict(state_dict)
    model.eval()
    # Give batch-norm non-trivial statistics, as a trained network has.
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d) and state_dict is None:
                c = module.num_features
                module.running_mean.copy_(torch.randn(c, generator=generator) * 0.1)
                module.running_var.copy_(torch.rand(c, generator=generator) + 0.5)
    return model


def export_onnx(arch, path=None, resolution=224, state_dict=None, seed=0,
                opset=13, batch=1):
    """Exports `arch` to ONNX with every BatchNormalization kept as a node,
    for inputs of `batch` images; returns the serialized bytes (also written
    to `path` when given)."""
    import torch

    model = build_model(arch, state_dict, seed)
    example = torch.zeros(batch, 3, resolution, resolution)
    buffer = io.BytesIO()
    # TRAINING mode keeps BatchNormalization nodes (EVAL would fold them into
    # the convolutions); the model itself is in eval mode, so the exported
    # batch-norms use the running statistics.
    torch.onnx.export(model, example, buffer, opset_version=opset,
                      input_names=["input"], output_names=["logits"],
                      training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)
    data = buffer.getvalue()
    if path is not None:
        with open(path, "wb") as f:
            f.write(data)
    return data


def import_torchvision(arch, config=None, resolution=224, state_dict=None, seed=0,
                       batch=1):
    """qcost MLIR text of a torchvision architecture under `config`, for
    inputs of `batch` images."""
    import onnx

    from qcc.onnx_import import import_onnx

    model = onnx.load_from_string(export_onnx(arch, None, resolution, state_dict, seed,
                                              batch=batch))
    return import_onnx(model, config, name=arch)
