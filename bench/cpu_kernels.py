#!/usr/bin/env python3
"""qcc's int8 CPU kernels against oneDNN, one contraction at a time.

For each case (int8 GEMMs and the pointwise, depthwise and stem layers of
MobileNetV2 at batch 1) this writes a qcost function (s8 activations, constant
random s8 weights, an i32 accumulator), compiles it with `qcc-run
--mode=compiled --compile-only --save-library` (qcost-lower-to-llvm: the VNNI
kernels where the CPU has them), and runs `qcc-kernel-bench`, which times the
library and oneDNN's s8 x s8 -> s32 primitive of the same shape in
interleaved rounds in one process, checks that the outputs are identical and
prints medians, GOPS and the ratio. docs/performance.md records a run.

    bench/cpu_kernels.py [--threads 1|2] [--only SUBSTRING] [--int8-kernels auto]

Needs a build with qcc-kernel-bench (libdnnl-dev, installed by
scripts/bootstrap.sh). Run it on a quiet machine.
"""

import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent
FIXED8, ACC = "!qcost.fixed<8, 0>", "!qcost.fixed<32, 0>"
LIBOMP = "/usr/lib/llvm-22/lib/libomp.so.5"


def tensor(shape, element):
    return f"tensor<{'x'.join(map(str, shape))}x{element}>"


def hex_constant(weights):
    return '"0x' + weights.astype(np.int8).tobytes().hex().upper() + '"'


def gemm_case(name, m, k, n):
    return dict(name=name, kind="gemm", shape=[m, k], weights=[k, n], args=[m, k, n],
                out=[m, n])


def conv_case(name, h, w, c, f, kernel=1, stride=1, groups=1):
    pad = kernel // 2
    oh, ow = (h + 2 * pad - kernel) // stride + 1, (w + 2 * pad - kernel) // stride + 1
    return dict(name=name, kind="conv", shape=[1, h, w, c],
                weights=[kernel, kernel, c // groups, f],
                args=[1, h, w, c, f, kernel, kernel, stride, pad, groups],
                out=[1, oh, ow, f], stride=stride, pad=pad, groups=groups)


CASES = [
    gemm_case("gemm_256", 256, 256, 256),
    gemm_case("gemm_1024", 1024, 1024, 1024),
    # MobileNetV2's pointwise convolutions (expand and project)
    conv_case("pw_112x112_32to16", 112, 112, 32, 16),
    conv_case("pw_56x56_24to144", 56, 56, 24, 144),
    conv_case("pw_56x56_144to24", 56, 56, 144, 24),
    conv_case("pw_28x28_32to192", 28, 28, 32, 192),
    conv_case("pw_14x14_64to384", 14, 14, 64, 384),
    conv_case("pw_14x14_576to96", 14, 14, 576, 96),
    conv_case("pw_7x7_160to960", 7, 7, 160, 960),
    conv_case("pw_7x7_320to1280", 7, 7, 320, 1280),
    # its depthwise 3x3 convolutions and the stem
    conv_case("dw_112x112x32", 112, 112, 32, 32, 3, 1, 32),
    conv_case("dw_112x112x96_s2", 112, 112, 96, 96, 3, 2, 96),
    conv_case("dw_56x56x144", 56, 56, 144, 144, 3, 1, 144),
    conv_case("dw_14x14x384", 14, 14, 384, 384, 3, 1, 384),
    conv_case("dw_7x7x960", 7, 7, 960, 960, 3, 1, 960),
    conv_case("stem_224x224x3to32_s2", 224, 224, 3, 32, 3, 2),
]
# The same contractions with 4-bit linear and PoT-4 weights (16 and 15
# values: qcc stores them as 4-bit indices, half the bytes), against qcc's
# own int8 above (and oneDNN on the same values as s8).
LOW_BIT = ["gemm_1024", "pw_56x56_24to144", "pw_14x14_576to96", "pw_7x7_320to1280"]
CASES += [dict(case, name=f"{case['name']}_{kind}", values=kind)
          for kind in ("w4", "pot4") for case in CASES if case["name"] in LOW_BIT]


def random_weights(rng, case):
    """s8 weights: any (int8), -8..7 (w4) or 0 and +-2^k, k < 7 (pot4)."""
    kind, shape = case.get("values", "int8"), case["weights"]
    if kind == "w4":
        return rng.integers(-8, 8, size=shape, dtype=np.int64)
    if kind == "pot4":
        magnitude = 2 ** rng.integers(0, 7, size=shape)
        sign = rng.choice([-1, 1], size=shape)
        return np.where(rng.random(shape) < 0.1, 0, sign * magnitude).astype(np.int64)
    return rng.integers(-128, 128, size=shape, dtype=np.int64)


def module_text(case, weights):
    x_t, w_t, y_t = (tensor(case["shape"], FIXED8), tensor(case["weights"], FIXED8),
                     tensor(case["out"], ACC))
    lines = [f"func.func @{case['name']}(%x: {x_t}) -> {y_t} {{",
             f"  %w = qcost.constant dense<{hex_constant(weights)}> : "
             f"{tensor(case['weights'], 'i8')} -> {w_t}"]
    if case["kind"] == "gemm":
        lines.append(f"  %y = qcost.matmul %x, %w : ({x_t}, {w_t}) -> {y_t}")
    else:
        s, p, g = case["stride"], case["pad"], case["groups"]
        groups = f" groups {g}" if g > 1 else ""
        lines.append(f"  %y = qcost.conv2d %x, %w strides [{s}, {s}] padding [{p}, {p}, {p}, {p}]"
                     f"{groups} : ({x_t}, {w_t}) -> {y_t}")
    lines += [f"  return %y : {y_t}", "}"]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.environ.get("QCC_BUILD_DIR", REPO / "build"))
    parser.add_argument("--threads", type=int, default=1,
                        help="threads of both: qcc-run --cpu-threads and OMP_NUM_THREADS")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--int8-kernels", default="auto", choices=["auto", "vnni", "loops"])
    args = parser.parse_args()
    build = pathlib.Path(args.build)
    bench = build / "bin" / "qcc-kernel-bench"
    if not bench.exists():
        sys.exit(f"{bench} is missing: install libdnnl-dev (scripts/bootstrap.sh) and rebuild")
    # One OpenMP runtime for both: qcc's libraries link libomp, oneDNN
    # libgomp, and libomp also implements libgomp's entry points; preloaded,
    # it serves both from one pool of threads (two runtimes would each spin
    # on the cores between the other's rounds).
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), QCC_CACHE_DIR="none",
               LD_PRELOAD=LIBOMP)
    failures = 0
    qcc_ms = {}
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for case in CASES:
            if args.only not in case["name"]:
                continue
            weights = random_weights(rng, case)
            source, library = tmp / f"{case['name']}.mlir", tmp / f"{case['name']}.so"
            blob = tmp / f"{case['name']}.bin"
            source.write_text(module_text(case, weights))
            weights.astype(np.int8).tofile(blob)
            subprocess.run([build / "bin" / "qcc-run", source, f"--function={case['name']}",
                            "--mode=compiled", "--compile-only",
                            f"--int8-kernels={args.int8_kernels}",
                            f"--cpu-threads={args.threads}",
                            f"--save-library={library}"], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            run = subprocess.run([bench, library, case["name"], blob, case["kind"],
                                  *map(str, case["args"])], env=env, capture_output=True,
                                 text=True)
            sys.stdout.write(run.stdout)
            sys.stderr.write(run.stderr)
            failures += run.returncode != 0
            match = re.search(r"qcc\s+([0-9.]+) ms", run.stdout)
            if match:
                qcc_ms[case["name"]] = float(match[1])
            sys.stdout.flush()
    for name, ms in qcc_ms.items():
        base = name.rsplit("_", 1)[0]
        if name.endswith(("_w4", "_pot4")) and base in qcc_ms:
            print(f"{name:28s} qcc 4-bit table weights / qcc int8 speed: "
                  f"{qcc_ms[base] / ms:.2f}x")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
