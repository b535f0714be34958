"""The random programs of random_programs.py (the generator both
differential tests use) through the GPU pipeline, compiled only: every one
becomes PTX that ptxas assembles for sm_80 and sm_90. No GPU is needed; the
bit-for-bit run on a device is scripts/gpu-check.sh's (docs/gpu.md).

QCC_GPU_COMPILE_CASES sets the number of programs (default 96), one module.
The native 8-bit contractions of random_native_case take the tensor-core
path: each becomes an mma.sync kernel, and the CPU library computes them as
the reference evaluator does (their operands, i8 constants down to -128
included, are what the GPU kernels read).
"""

import os
import subprocess

import numpy as np
import pytest

from conftest import BUILD
from random_programs import random_case, random_native_case

CASES = int(os.environ.get("QCC_GPU_COMPILE_CASES", "96"))
PTXAS = os.path.join(os.environ.get("QCC_CUDA", "/usr/local/cuda"), "bin", "ptxas")
TRANSLATE = os.path.join(BUILD, "bin", "qcc-translate")


def assembled_ptx(cases, chip, tmp_path):
    """The PTX of one module of `cases` for `chip`, after checking that
    ptxas assembles it; skips without the CUDA toolkit."""
    if not os.access(PTXAS, os.X_OK):
        pytest.skip(f"no ptxas at {PTXAS} (the CUDA toolkit): PTX assembly skipped")
    source = tmp_path / "cases.mlir"
    source.write_text("module {\n" + "".join(text for text, _ in cases) + "}\n")
    ptx = tmp_path / "cases.ptx"
    result = subprocess.run([TRANSLATE, "--qcost-to-ptx", f"--gpu-chip={chip}", str(source),
                             "-o", str(ptx)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    result = subprocess.run([PTXAS, f"-arch={chip}", str(ptx), "-o", str(tmp_path / "cases.cubin")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return ptx.read_text()


@pytest.mark.parametrize("chip", ["sm_80", "sm_90"])
def test_random_programs_assemble(chip, tmp_path):
    rng = np.random.default_rng(7100)
    text = assembled_ptx([random_case(rng, f"case{i}") for i in range(CASES)], chip, tmp_path)
    # Every function has at least one kernel.
    for i in range(CASES):
        assert f".entry case{i}_k0(" in text, f"case{i} has no kernel"


NATIVE_CASES = int(os.environ.get("QCC_GPU_NATIVE_CASES", "12"))


@pytest.mark.parametrize("chip", ["sm_80", "sm_90"])
def test_native_contractions_take_tensor_cores(chip, tmp_path):
    rng = np.random.default_rng(7200)
    cases = [random_native_case(rng, f"native{i}") for i in range(NATIVE_CASES)]
    text = assembled_ptx(cases, chip, tmp_path)
    for i in range(NATIVE_CASES):
        assert f".entry native{i}_mma0(" in text, f"native{i} is not on tensor cores"
    assert "mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32" in text


def test_native_contractions_compiled_equal_reference():
    import qcc
    rng = np.random.default_rng(7200)
    cases = [random_native_case(rng, f"native{i}") for i in range(NATIVE_CASES)]
    module = qcc.parse("module {\n" + "".join(text for text, _ in cases) + "}\n")
    for i, (_, inputs) in enumerate(cases):
        want = module.run_function(f"native{i}", *inputs)
        got = module.run_function(f"native{i}", *inputs, mode="compiled")
        assert all(np.array_equal(w, g) for w, g in zip(want, got)), f"native{i}"


def test_gpu_mode_without_a_device_says_so():
    if os.path.exists("/dev/nvidiactl"):
        pytest.skip("this machine has a GPU: scripts/gpu-check.sh runs the GPU tests")
    if not os.access(PTXAS, os.X_OK):
        pytest.skip(f"no CUDA toolkit at {os.path.dirname(os.path.dirname(PTXAS))}")
    import qcc
    module = qcc.parse("""
      func.func @twice(%x: tensor<4x!qcost.fixed<8, 0>>) -> tensor<4x!qcost.fixed<8, 0>> {
        %y = qcost.add %x, %x : (tensor<4x!qcost.fixed<8, 0>>, tensor<4x!qcost.fixed<8, 0>>) -> tensor<4x!qcost.fixed<8, 0>>
        return %y : tensor<4x!qcost.fixed<8, 0>>
      }""")
    x = np.arange(4).astype(np.int8)
    with pytest.raises(qcc.QccError, match="no CUDA device to run 'twice' on"):
        module.run_function("twice", x, mode="gpu")
    # The CPU library of the same module still runs.
    (y,) = module.run_function("twice", x, mode="compiled")
    assert y.tolist() == [0, 2, 4, 6]


def test_save_gpu_bundle_writes_manifest_inputs_and_reference_results(tmp_path):
    if not os.access(PTXAS, os.X_OK):
        pytest.skip(f"no CUDA toolkit at {os.path.dirname(os.path.dirname(PTXAS))}")
    import qcc
    rng = np.random.default_rng(7300)
    cases = [random_case(rng, f"case{i}") for i in range(3)]
    module = qcc.parse("module {\n" + "".join(text for text, _ in cases) + "}\n")
    calls = [(f"case{i}", inputs) for i, (_, inputs) in enumerate(cases)]
    module.save_gpu_bundle(str(tmp_path), calls)
    manifest = (tmp_path / "manifest.txt").read_text().splitlines()
    assert manifest[1] == "library kernels.so"
    assert [line.split()[1] for line in manifest if line.startswith("function")] == \
        ["case0", "case1", "case2"]
    assert os.access(tmp_path / "qcc-gpu-runner", os.X_OK)
    # Every expected result is the reference evaluator's, in storage bytes.
    for i, (_, inputs) in enumerate(cases):
        (want,) = module.run_function(f"case{i}", *inputs)
        data = (tmp_path / f"call{i}_expected0.bin").read_bytes()
        assert len(data) == want.size * max(1, want.dtype.itemsize)
    with pytest.raises(qcc.QccError, match="expected='soon' is not reference, compiled or none"):
        module.save_gpu_bundle(str(tmp_path / "other"), calls, expected="soon")


def _gpu_available():
    """Whether this machine has a CUDA device qcc can run on; else why not."""
    if not os.path.exists("/dev/nvidiactl"):
        return False, "no NVIDIA device on this machine"
    if not os.access(PTXAS, os.X_OK):
        return False, f"no CUDA toolkit at {os.path.dirname(os.path.dirname(PTXAS))}"
    return True, ""


def test_gpu_execution_matches_reference():
    available, why = _gpu_available()
    if not available:
        pytest.skip(f"{why}: GPU execution is checked bit for bit by "
                    "scripts/gpu-check.sh on a machine with a GPU (docs/gpu.md)")
    import qcc
    rng = np.random.default_rng(7400)
    cases = [random_case(rng, f"case{i}") for i in range(8)]
    cases += [random_native_case(rng, f"native{i}") for i in range(4)]
    module = qcc.parse("module {\n" + "".join(text for text, _ in cases) + "}\n")
    for (text, inputs) in cases:
        name = text.split("@", 1)[1].split("(", 1)[0]
        want = module.run_function(name, *inputs)
        got = module.run_function(name, *inputs, mode="gpu")
        assert all(np.array_equal(w, g) for w, g in zip(want, got)), name
