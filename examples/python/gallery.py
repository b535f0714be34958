#!/usr/bin/env python3
"""Makes docs/gallery/: cost breakdowns of real torchvision architectures
imported under several quantization configs.

    PYTHONPATH=build/python .venv/bin/python examples/python/gallery.py docs/gallery

Prints one line per variant (the numbers docs/python.md quotes).
"""

import os
import sys

import qcc
from qcc import report as reports
from qcc.torchvision_models import import_torchvision

VARIANTS = [
    ("MobileNetV2 FP32", "mobilenet_v2", {"weight": {"quantizer": "float"},
                                          "activation": {"quantizer": "float"}}),
    ("MobileNetV2 W8A8", "mobilenet_v2", {"weight": {"bits": 8}, "activation": {"bits": 8}}),
    ("MobileNetV2 W4A4", "mobilenet_v2", {}),
    ("MobileNetV2 W4A4 PoT scales", "mobilenet_v2", {"activation": {"scale_format": "pot"}}),
    ("MobileNetV2 PikeLPN weights", "mobilenet_v2", {
        "activation": {"scale_format": "pot"},
        "layers": {"kind:pointwise": {"weight": {"quantizer": "pot", "bits": 4}},
                   "kind:depthwise": {"weight": {"bits": 8}}}}),
    ("ResNet-18 W4A4", "resnet18", {}),
]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    results = {}
    for label, arch, config in VARIANTS:
        text = import_torchvision(arch, qcc.QuantConfig(config))
        report = qcc.parse(text, arch + ".mlir").cost_report()
        results[label] = report
        shares = reports.breakdown(report)
        print(f"{label:30s} MACs {report['macs']:>13,}  ACE_v2 {report['cost']['total'] / 1e9:8.3f} G"
              f"  MAC {100 * shares['mac']:5.1f}%  BN {100 * shares['bn']:5.1f}%"
              f"  QP {100 * shares['qp']:5.1f}%  other {100 * shares['other']:4.1f}%"
              f"  energy {report['energy_pj'] / 1e6:8.2f} uJ")
    reports.plot_breakdown({k.replace(" ", "\n", 1): v for k, v in results.items()},
                           os.path.join(out_dir, "breakdown.png"),
                           title="ACE_v2 by source, torchvision models imported by qcc")
    reports.plot_layers(results["MobileNetV2 W4A4"], os.path.join(out_dir, "mobilenetv2_layers.png"),
                        top=15)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/gallery")
