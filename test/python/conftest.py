"""Shared helpers of the Python tests: small ONNX graphs and qcc tools.

Run through scripts/test.sh (PYTHONPATH=build/python, the .venv interpreter).
"""

import os
import subprocess

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("QCC_BUILD_DIR", os.path.join(REPO, "build"))
# Compiled libraries are cached (docs/running.md); the tests' cache is in
# the build tree, not in the user's home.
os.environ.setdefault("QCC_CACHE_DIR", os.path.join(BUILD, "test", "qcc-cache"))
QCC_OPT = os.path.join(BUILD, "bin", "qcc-opt")
PEERS_PYTHON = os.path.join(REPO, ".venv-peers", "bin", "python")


def make_model(nodes, inputs, outputs, initializers=(), opset=13, extra_opsets=()):
    """A checked ONNX model: inputs/outputs are (name, shape) pairs."""
    graph = helper.make_graph(
        nodes, "test",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in outputs],
        initializer=[numpy_helper.from_array(np.asarray(a), n) for n, a in initializers])
    opsets = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v)
                                                 for d, v in extra_opsets]
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 8
    if not extra_opsets:
        onnx.checker.check_model(model)
    return model


def rng(seed=0):
    return np.random.default_rng(seed)


def weights(shape, seed=0):
    return rng(seed).standard_normal(shape).astype(np.float32) * 0.3


def qcc_opt(args, text):
    """Runs build/bin/qcc-opt on MLIR text; returns the CompletedProcess."""
    return subprocess.run([QCC_OPT] + args, input=text, capture_output=True, text=True)


def ops_of(report, name):
    return [r for r in report["ops"] if r["op"] == name]



def find_ap_types():
    """hls4ml's copy of the ap_types headers in .venv-peers, or $QCC_AP_TYPES."""
    if os.environ.get("QCC_AP_TYPES"):
        return os.environ["QCC_AP_TYPES"]
    lib = os.path.join(REPO, ".venv-peers", "lib")
    for python in sorted(os.listdir(lib)) if os.path.isdir(lib) else []:
        path = os.path.join(lib, python, "site-packages", "hls4ml", "templates", "vivado",
                            "ap_types")
        if os.path.exists(os.path.join(path, "ap_fixed.h")):
            return path
    return None


@pytest.fixture
def ap_types():
    """The ap_types directory; the test is skipped, visibly, without it."""
    path = find_ap_types()
    if path is None:
        pytest.skip("no ap_types headers (scripts/bootstrap.sh installs hls4ml into "
                    ".venv-peers): HLS C-simulation skipped")
    return path
