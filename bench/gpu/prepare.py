"""Writes the bundles scripts/gpu-check.sh runs on a machine with a GPU
(docs/gpu.md). Runs here, with qcc's Python package:

  PYTHONPATH=build/python .venv/bin/python bench/gpu/prepare.py DIR [--chip sm_90]

- random/: the differential generator's programs (every op family and
  format), one library, expected results from the reference evaluator;
- native/: its native 8-bit contractions at sizes the tensor cores take
  (random_native_case: matmuls and convolutions cut at tile edges), and
  native-exact/ the same programs with tensor cores off, as a control;
- block/: the PikeLPN separable block on a random 4-bit input (reference);
- mobilenetv2/: the 4-bit MobileNetV2 example on a random image, expected
  logits from the CPU library (bit-identical to the reference evaluator,
  docs/running.md); mobilenetv2-w8a8/: torchvision's MobileNetV2 imported
  W8A8 (qcc.torchvision_models), likewise, and mobilenetv2-w8a8-b64/ the
  same network at batch 64 (timed only: the runner fills the input);
- gemm/: int8 x int8 -> int32 matmuls 1024^3 (checked against the CPU
  library), gemm-exact/ 512^3 without tensor cores (the control), and
  gemm-large/ 4096^3, 8192^3 (timed only), for the ratios against cuBLASLt
  (cublaslt-gemm, built here from bench/gpu/cublaslt_gemm.cpp) and
  torch._int_mm (bench/gpu/torch_anchor.py).
"""

import argparse
import os
import sys

import numpy as np

import qcc

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "test", "python"))
from random_programs import random_case, random_native_case  # noqa: E402


def gemm_module(sizes):
    text = "module {\n"
    for m, k, n in sizes:
        acc = 16 + int(np.ceil(np.log2(k)))
        text += (f"  func.func @gemm_{m}x{k}x{n}(%a: tensor<{m}x{k}x!qcost.fixed<8, 0>>, "
                 f"%b: tensor<{k}x{n}x!qcost.fixed<8, 0>>) -> tensor<{m}x{n}x!qcost.fixed<{acc}, 0>> {{\n"
                 f"    %c = qcost.matmul %a, %b : (tensor<{m}x{k}x!qcost.fixed<8, 0>>, "
                 f"tensor<{k}x{n}x!qcost.fixed<8, 0>>) -> tensor<{m}x{n}x!qcost.fixed<{acc}, 0>>\n"
                 f"    return %c : tensor<{m}x{n}x!qcost.fixed<{acc}, 0>>\n  }}\n")
    return qcc.parse(text + "}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--chip", default="sm_90")
    parser.add_argument("--cases", type=int, default=96)
    parser.add_argument("--native-cases", type=int, default=32)
    args = parser.parse_args()
    out = args.directory
    rng = np.random.default_rng(20261202)

    cases = [random_case(rng, f"case{i}") for i in range(args.cases)]
    module = qcc.parse("module {\n" + "".join(text for text, _ in cases) + "}\n")
    module.save_gpu_bundle(os.path.join(out, "random"),
                           [(f"case{i}", inputs) for i, (_, inputs) in enumerate(cases)],
                           args.chip)
    print(f"random: {args.cases} programs", flush=True)

    native = [random_native_case(rng, f"native{i}") for i in range(args.native_cases)]
    module = qcc.parse("module {\n" + "".join(text for text, _ in native) + "}\n")
    calls = [(f"native{i}", inputs) for i, (_, inputs) in enumerate(native)]
    module.save_gpu_bundle(os.path.join(out, "native"), calls, args.chip)
    module.save_gpu_bundle(os.path.join(out, "native-exact"), calls, args.chip,
                           tensor_cores=False)
    print(f"native: {args.native_cases} tensor-core programs (and the exact control)", flush=True)

    block = qcc.parse_file(os.path.join(REPO, "examples", "pikelpn_separable_block.mlir"))
    x = rng.integers(0, 16, (1, 56, 56, 64)).astype(np.uint8)
    block.save_gpu_bundle(os.path.join(out, "block"), [("separable_block", [x])], args.chip,
                          expected="compiled")
    print("block: the PikeLPN separable block", flush=True)

    mnv2 = qcc.parse_file(os.path.join(REPO, "examples", "mobilenetv2", "mobilenetv2_4w4a.mlir"))
    image = rng.uniform(-1, 1, (1, 224, 224, 3)).astype(np.float32)
    mnv2.save_gpu_bundle(os.path.join(out, "mobilenetv2"), [("mobilenetv2", [image])],
                         args.chip, expected="compiled")
    print("mobilenetv2: the 4-bit example", flush=True)

    from qcc.torchvision_models import import_torchvision
    config = qcc.QuantConfig({"weight": {"bits": 8}, "activation": {"bits": 8}})
    for batch in (1, 64):
        # One function name per batch, for the summary's lines; batch 64 is
        # timed only (the runner fills the input).
        text = import_torchvision("mobilenet_v2", config, batch=batch).replace(
            "func.func @mobilenet_v2(", f"func.func @mobilenet_v2_b{batch}(")
        name = f"mobilenet_v2_b{batch}"
        images = image if batch == 1 else np.zeros((batch, 224, 224, 3), np.float32)
        qcc.parse(text).save_gpu_bundle(
            os.path.join(out, "mobilenetv2-w8a8" + ("" if batch == 1 else f"-b{batch}")),
            [(name, [images])], args.chip, expected="compiled",
            timed=[name] if batch > 1 else [])
    print("mobilenetv2-w8a8: torchvision's MobileNetV2 imported W8A8 (batch 1 checked, "
          "batch 64 timed)", flush=True)

    small = gemm_module([(1024, 1024, 1024)])
    a = rng.integers(-128, 128, (1024, 1024)).astype(np.int8)
    b = rng.integers(-128, 128, (1024, 1024)).astype(np.int8)
    small.save_gpu_bundle(os.path.join(out, "gemm"), [("gemm_1024x1024x1024", [a, b])],
                          args.chip, expected="compiled")
    control = gemm_module([(512, 512, 512)])
    control.save_gpu_bundle(os.path.join(out, "gemm-exact"),
                            [("gemm_512x512x512", [a[:512, :512].copy(), b[:512, :512].copy()])],
                            args.chip, expected="compiled", tensor_cores=False)
    large = gemm_module([(4096, 4096, 4096), (8192, 8192, 8192)])
    calls = []
    for n in (4096, 8192):
        # Timed only: the runner fills the operands itself.
        operand = np.zeros((n, n), np.int8)
        calls.append((f"gemm_{n}x{n}x{n}", [operand, operand]))
    large.save_gpu_bundle(os.path.join(out, "gemm-large"), calls, args.chip, expected="none")
    print("gemm: 1024^3 (checked), 512^3 without tensor cores (checked), 4096^3 and "
          "8192^3 (timed)", flush=True)


if __name__ == "__main__":
    main()
