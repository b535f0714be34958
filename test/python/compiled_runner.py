"""Runs functions lowered by convert-qcost-to-linalg on the CPU.

Until qcc has its own CPU pipeline and runner mode, the tests execute the
lowered IR with the stock tools: a generated @main feeds constant inputs
(storage codes) to each function and prints every result widened to i64;
`mlir-opt` lowers it to the LLVM dialect (the path of docs/running.md) and
`mlir-runner` JIT-compiles and runs it.
"""

import re
import subprocess

import numpy as np

LLVM = "/usr/lib/llvm-22"
QCC_OPT = None  # set by the tests (path to build/bin/qcc-opt)


def main_for(lowered_text, calls):
    """Appends a @main calling each (function, inputs) of `calls`."""
    lines = ["  func.func private @printMemrefI64(memref<*xi64>)", "  func.func @main() {"]
    for c, (fn, inputs) in enumerate(calls):
        lines += call_lines(lowered_text, fn, inputs, f"c{c}_")
    lines.append("    return\n  }")
    return lowered_text.rstrip().rstrip("}") + "\n" + "\n".join(lines) + "\n}\n"


def call_lines(lowered_text, fn, inputs, p):
    sig = re.search(r"func\.func @%s\((.*?)\) -> \(?(.*?)\)? \{" % fn, lowered_text)
    args = re.findall(r"%arg\d+: (tensor<[^>]*>)", sig.group(1))
    results = re.findall(r"tensor<[^>]*>", sig.group(2))
    lines, names = [], []
    for i, (t, a) in enumerate(zip(args, inputs)):
        elem = re.search(r"x?(i\d+|f32)>$", t).group(1)
        vals = ", ".join(str(int(v)) for v in a.ravel())
        lines.append(f"    %{p}in{i} = arith.constant dense<[{vals}]> : tensor<{a.size}x{elem}>")
        lines.append(f"    %{p}s{i} = arith.constant dense<[{', '.join(str(d) for d in a.shape)}]> : tensor<{a.ndim}xi64>")
        lines.append(f"    %{p}a{i} = tensor.reshape %{p}in{i}(%{p}s{i}) : (tensor<{a.size}x{elem}>, tensor<{a.ndim}xi64>) -> {t}")
        names.append(f"%{p}a{i}")
    outs = ", ".join(f"%{p}r{i}" for i in range(len(results)))
    lines.append(f"    {outs} = func.call @{fn}({', '.join(names)}) : ({', '.join(args)}) -> ({', '.join(results)})")
    for i, t in enumerate(results):
        shape = re.match(r"tensor<((?:\d+x)*)(i\d+)>", t)
        dims, elem = shape.group(1), shape.group(2)
        wide = f"tensor<{dims}i64>"
        lines.append(f"    %{p}e{i} = tensor.empty() : {wide}")
        if elem == "i64":
            lines.append(f"    %{p}w{i} = tensor.cast %{p}r{i} : {t} to {wide}")
        else:
            lines.append(f"    %{p}w{i} = linalg.map ins(%{p}r{i} : {t}) outs(%{p}e{i} : {wide}) "
                         f"(%v: {elem}, %o: i64) {{\n      %x = arith.extsi %v : {elem} to i64\n"
                         f"      linalg.yield %x : i64\n    }}")
        lines.append(f"    %{p}m{i} = bufferization.to_buffer %{p}w{i} : {wide} to memref<{dims}i64>")
        lines.append(f"    %{p}u{i} = memref.cast %{p}m{i} : memref<{dims}i64> to memref<*xi64>")
        lines.append(f"    func.call @printMemrefI64(%{p}u{i}) : (memref<*xi64>) -> ()")
    return lines


def run_compiled(lowered_text, calls):
    """Results of every call, flat int64 arrays of sign-extended storage codes."""
    module = main_for(lowered_text, calls)
    pipeline = ("builtin.module(one-shot-bufferize{bufferize-function-boundaries "
                "function-boundary-type-conversion=identity-layout-map},"
                "convert-linalg-to-loops,convert-scf-to-cf,expand-strided-metadata,lower-affine,"
                "finalize-memref-to-llvm,convert-arith-to-llvm,convert-cf-to-llvm,"
                "convert-func-to-llvm,reconcile-unrealized-casts)")
    llvm = subprocess.run([f"{LLVM}/bin/mlir-opt", f"--pass-pipeline={pipeline}"],
                          input=module, capture_output=True, text=True)
    if llvm.returncode:
        raise RuntimeError("mlir-opt failed:\n" + llvm.stderr)
    out = subprocess.run([f"{LLVM}/bin/mlir-runner", "-e", "main", "-entry-point-result=void",
                          f"--shared-libs={LLVM}/lib/libmlir_runner_utils.so,{LLVM}/lib/libmlir_c_runner_utils.so"],
                         input=llvm.stdout, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError("mlir-runner failed:\n" + out.stderr)
    return [np.array([int(v) for v in re.findall(r"-?\d+", block.split("data =")[1])],
                     dtype=np.int64)
            for block in out.stdout.split("Unranked Memref")[1:]]
