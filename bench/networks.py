#!/usr/bin/env python3
"""Whole networks: qcc's compiled library against ONNX Runtime, in one process.

For each torchvision architecture (random weights, seed 0, 224x224, batch 1):

- qcc: the model imported W8A8 (`{"weight": {"bits": 8}, "activation":
  {"bits": 8}}`, qcc.torchvision_models), compiled by `qcc-run --mode=compiled
  --compile-only --save-library` (qcost-lower-to-llvm: VNNI kernels where
  the CPU has them, `--cpu-threads`), called through its packed entry point;
- ONNX Runtime: the same float model exported to ONNX, run as is (fp32) and
  quantized by `quantize_static` (QDQ, per-channel weights, calibrated on 8
  random images) as U8S8 (u8 activations, s8 weights) and S8S8,
  `intra_op_num_threads` threads;
- IREE (when `iree-base-compiler`/`-runtime` are installed in .venv-peers):
  the float model with batch norm folded (ONNX Runtime's basic
  optimizations) and its S8S8 QDQ quantization, `iree-import-onnx`,
  `iree-compile` for llvm-cpu with data tiling and ukernels.

The timing runs under `.venv-peers` (ONNX Runtime's quantizer needs a newer
onnx than Debian's); the qcc side (import, compile) runs in `.venv` in a
subprocess (`--prepare`). Rounds are interleaved (each runner calls for --seconds, in turn), the
median time per inference is printed with the ratio to qcc's. With more than
one thread, qcc's OpenMP threads spin 1 ms after a parallel region instead
of libomp's 200 ms (`KMP_BLOCKTIME=1`), so that they do not take the cores
from ONNX Runtime's rounds (whose pool spins briefly by itself);
docs/performance.md records a run.

    .venv-peers/bin/python bench/networks.py [--arch mobilenet_v2 --arch resnet18] \
        [--threads 1]
"""

import argparse
import ctypes
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from compiled_inference import descriptor  # noqa: E402

# The package as the build writes it (QCC_BUILD_DIR, else build/), for
# --prepare.
sys.path.insert(0, str(pathlib.Path(os.environ.get("QCC_BUILD_DIR", REPO / "build")) / "python"))


def time_calls(call, seconds):
    call()
    calls, start = 0, time.perf_counter()
    while True:
        call()
        calls += 1
        now = time.perf_counter()
        if now - start >= seconds:
            return (now - start) / calls


def prepare(arch, build, threads, tmp):
    """In .venv: the float ONNX model and qcc's W8A8 library of `arch`."""
    import qcc
    from qcc.torchvision_models import export_onnx, import_torchvision

    export_onnx(arch, str(tmp / f"{arch}.onnx"))
    config = qcc.QuantConfig({"weight": {"bits": 8}, "activation": {"bits": 8}})
    source = tmp / f"{arch}.mlir"
    source.write_text(import_torchvision(arch, config))
    env = dict(os.environ, QCC_CACHE_DIR="none")
    start = time.perf_counter()
    subprocess.run([build / "bin" / "qcc-run", source, f"--function={arch}", "--mode=compiled",
                    "--compile-only", f"--cpu-threads={threads}",
                    f"--save-library={tmp / (arch + '.so')}"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    (tmp / f"{arch}.seconds").write_text(f"{time.perf_counter() - start:.2f}")


def qcc_runner(arch, tmp):
    lib = ctypes.CDLL(str(tmp / f"{arch}.so"), mode=ctypes.RTLD_LOCAL)
    entry = getattr(lib, f"qcc_packed_{arch}")
    image = np.random.default_rng(1).uniform(-1, 1, (1, 224, 224, 3)).astype(np.float32)
    logits = np.zeros((1, 1000), np.float32)
    descriptors = [descriptor(image), descriptor(logits)]
    args = (ctypes.c_void_p * 2)(*[ctypes.cast(d, ctypes.c_void_p) for d in descriptors])
    # The arrays and descriptors must outlive every call (args holds bare
    # pointers to them).
    keep = (image, logits, descriptors, args)
    return lambda: entry(keep[3])


def iree_available():
    try:
        import iree.compiler  # noqa: F401
        import iree.runtime  # noqa: F401
    except ImportError:
        return False
    return True


IREE_FLAGS = ["--iree-hal-target-device=local", "--iree-hal-local-target-device-backends=llvm-cpu",
              "--iree-llvmcpu-target-cpu=host", "--iree-opt-data-tiling",
              "--iree-llvmcpu-enable-ukernels=all"]


def iree_runner(model, threads, image):
    """IREE 3.13's llvm-cpu backend on `model` (ONNX): iree-import-onnx,
    iree-compile with data tiling and ukernels for the host CPU, run on
    local-sync (1 thread) or local-task with `threads` workers."""
    import iree.runtime as rt

    bindir = pathlib.Path(sys.executable).parent
    source, module = model.with_suffix(".mlir"), model.with_suffix(".vmfb")
    subprocess.run([bindir / "iree-import-onnx", model, "-o", source], check=True)
    subprocess.run([bindir / "iree-compile", source, *IREE_FLAGS, "-o", module], check=True)
    if threads > 1:
        rt.flags.parse_flags(f"--task_topology_max_group_count={threads}")
    context = rt.SystemContext(config=rt.Config("local-task" if threads > 1 else "local-sync"))
    vm_module = rt.VmModule.copy_buffer(context.instance, module.read_bytes())
    context.add_vm_module(vm_module)
    name = [n for n in vm_module.function_names if "$" not in n and not n.startswith("__")][0]
    function = context.modules.module[name]
    return lambda: function(image)


def onnxruntime_runners(arch, threads, tmp):
    import onnxruntime as ort
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                          quantize_static)

    fp32 = tmp / f"{arch}.onnx"
    name = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"]).get_inputs()[0].name
    rng = np.random.default_rng(2)

    class Images(CalibrationDataReader):
        def __init__(self):
            self.left = [{name: rng.uniform(-1, 1, (1, 3, 224, 224)).astype(np.float32)}
                         for _ in range(8)]

        def get_next(self):
            return self.left.pop() if self.left else None

    models = {"ORT fp32": fp32}
    for label, activations in (("ORT int8 U8S8", QuantType.QUInt8),
                               ("ORT int8 S8S8", QuantType.QInt8)):
        path = tmp / f"{arch}_{label[-4:]}.onnx"
        quantize_static(str(fp32), str(path), Images(), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=activations,
                        weight_type=QuantType.QInt8)
        models[label] = path
    image = {name: np.random.default_rng(1).uniform(-1, 1, (1, 3, 224, 224)).astype(np.float32)}
    runners = {}
    if iree_available():
        # IREE imports neither the exported BatchNormalization nor its QDQ
        # form: ONNX Runtime's basic graph optimizations fold it into the
        # convolutions first, for both of IREE's models.
        folded = tmp / f"{arch}_folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(fp32), options, providers=["CPUExecutionProvider"])
        int8 = tmp / f"{arch}_folded_S8S8.onnx"
        quantize_static(str(folded), str(int8), Images(), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=QuantType.QInt8,
                        weight_type=QuantType.QInt8)
        for label, path in (("IREE fp32", folded), ("IREE int8 S8S8", int8)):
            runners[label] = iree_runner(path, threads, image[name])
    for label, path in models.items():
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        runners[label] = (lambda s=session: s.run(None, image))
    return runners


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", action="append", help="torchvision architectures "
                        "(default: mobilenet_v2 and resnet18)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=0.5,
                        help="how long each runner calls per round")
    parser.add_argument("--build", default=os.environ.get("QCC_BUILD_DIR", REPO / "build"))
    parser.add_argument("--prepare", nargs=2, metavar=("ARCH", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    build = pathlib.Path(args.build)
    if args.prepare:
        return prepare(args.prepare[0], build, args.threads, pathlib.Path(args.prepare[1]))
    if args.threads > 1:
        os.environ.setdefault("KMP_BLOCKTIME", "1")
    archs = args.arch or ["mobilenet_v2", "resnet18"]
    if len(archs) > 1:
        # One process per network: their sessions and libraries apart.
        for arch in archs:
            subprocess.run([sys.executable, __file__, "--arch", arch, f"--threads={args.threads}",
                            f"--rounds={args.rounds}", f"--seconds={args.seconds}",
                            f"--build={build}"], check=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for arch in archs:
            subprocess.run([REPO / ".venv" / "bin" / "python", __file__, "--prepare", arch, tmp,
                            f"--threads={args.threads}", f"--build={build}"], check=True)
            compile_seconds = float((tmp / f"{arch}.seconds").read_text())
            runners = {"qcc W8A8": qcc_runner(arch, tmp),
                       **onnxruntime_runners(arch, args.threads, tmp)}
            times = {label: [] for label in runners}
            for _ in range(args.rounds):
                for label, call in runners.items():
                    times[label].append(time_calls(call, args.seconds))
            base = statistics.median(times["qcc W8A8"])
            print(f"{arch}, {args.threads} thread(s), median of {args.rounds} rounds "
                  f"(qcc compile {compile_seconds:.1f} s):")
            for label, values in times.items():
                ms = statistics.median(values) * 1e3
                print(f"  {label:15s} {ms:8.2f} ms   qcc speed vs it: {ms / (base * 1e3):5.2f}x")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
