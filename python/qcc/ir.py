"""qcost modules from Python: parse, verify, run passes, read cost reports."""

import json

from qcc import _qcc


class Module:
    """A parsed and verified qcost module (it owns its MLIR context).

    Every failure raises `qcc.QccError` whose text holds the located MLIR
    diagnostics, e.g. "model.mlir:3:8: error: 'qcost.add' op ...".
    """

    def __init__(self, handle):
        self._handle = handle
        #: Warnings of the last `run` / `cost_report` (e.g. unpriced ops).
        self.warnings = []

    def verify(self):
        self._handle.verify()
        return self

    def run(self, pipeline):
        """Runs a qcc-opt pass pipeline in place, e.g.
        "qcost-check-accumulators{as-error=true}"; returns the module."""
        self.warnings = list(self._handle.run(pipeline))
        return self

    def cost_report(self, model="ace-v2"):
        """The cost report as a dict with the JSON schema of
        docs/cost-model.md ("qcc-cost-report/1")."""
        text, warnings = self._handle.cost_report_json(model)
        self.warnings = list(warnings)
        return json.loads(text)

    def run_function(self, function, *inputs, mode="reference", values=False, hls=None,
                     threads=1):
        """Runs `function` on numpy arrays and returns its results as a list
        of arrays. mode="reference" executes docs/semantics.md op by op
        (qcc's reference evaluator); mode="compiled" lowers the module with
        qcost-lower-to-llvm, builds a shared library with clang and calls it
        (compiled once per `threads`, the OpenMP threads of its parallel
        loops, until a pipeline changes the module); mode="gpu"
        lowers it with qcost-lower-to-nvvm into kernels and a library that
        carries qcc's CUDA host runtime (docs/gpu.md) and runs it on the GPU
        (without one it raises, saying so); mode="hls-csim" emits the function as HLS C++ with a testbench
        (docs/hls.md), builds it with g++ against the ap_types headers and
        runs it (built once per function and options, likewise); `hls` sets
        the emitter's options: {"io": "parallel"|"stream", "strategy":
        "latency"|"resource", "reuse_factor": n, "unroll_limit": n}. Arrays hold codes in their storage dtype
        (signed fixed point as int8/16/32/64, f32 as float32, other formats
        as raw uint bits); with values=True they hold real numbers (any
        numeric dtype in, float64 out). Bad inputs raise `qcc.QccError`."""
        return list(self._handle.run_function(function, list(inputs), mode, values,
                                              hls or {}, threads))

    def save_gpu_bundle(self, directory, calls, chip="sm_90", expected="reference",
                        tensor_cores=True, timed=()):
        """Writes a GPU bundle to `directory` (docs/gpu.md): one library with
        the kernels of the called functions, qcc-gpu-runner, and for every
        call in `calls` (a list of (function, [arrays of codes]) pairs) its
        inputs and the reference evaluator's results. `./qcc-gpu-runner .`
        in the directory runs and checks them on a machine with only the
        NVIDIA driver. `expected` says where the expected results come from:
        "reference" (the evaluator), "compiled" (the CPU library, identical
        to it and fast enough for large GEMMs) or "none" (only timed).
        `tensor_cores=False` compiles every op on the exact path (no
        qcc-gpu-tensor-cores). The calls of the functions named in `timed`
        are only timed: the runner fills their inputs (large batches add
        nothing to the bundle)."""
        self._handle.save_gpu_bundle(directory, [(f, list(a)) for f, a in calls], chip,
                                     expected, tensor_cores, list(timed))

    def ops(self, function):
        """The ops of `function` as a dict: "arguments" (value ids),
        "argument_types" and "ops", a list of dicts with "name", "operands",
        "results" (value ids), "operand_types"/"result_types" ({"shape",
        "element"}), "attributes" and, for constants, "value" (their exact
        real values, flat, row-major)."""
        return self._handle.ops(function)

    def to_string(self, generic=False, elide_resources_above=0):
        return self._handle.to_string(generic, elide_resources_above)

    def __str__(self):
        return self._handle.to_string(False, 0)


def parse(source, name="<string>"):
    """Parses MLIR text into a verified Module."""
    return Module(_qcc.Module.parse(source, name))


def parse_file(path):
    """Parses an .mlir file into a verified Module."""
    return Module(_qcc.Module.parse_file(str(path)))
