# -*- Python -*-
# lit configuration of the qcc regression tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QCC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Unit", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]
# Helper scripts next to a test (foo.mlir.py) are not tests.
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qcc_obj_root, "test")

config.substitutions.append(("%qcc_src_root", config.qcc_src_root))
config.substitutions.append(("%qcc_obj_root", config.qcc_obj_root))
# The example generator needs Debian's numpy, which lives under /usr/bin/python3.
config.substitutions.append(("%python", "/usr/bin/python3"))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# Compiled libraries are cached (docs/running.md): the tests' cache is in the
# build tree, not in the user's home.
config.environment["QCC_CACHE_DIR"] = os.path.join(config.qcc_obj_root, "test",
                                                   "qcc-cache")

tool_dirs = [config.qcc_tools_dir, config.llvm_tools_dir]
tools = [ToolSubst("qcc-opt", unresolved="fatal"),
         ToolSubst("qcc-run", unresolved="fatal"),
         ToolSubst("qcc-translate", unresolved="fatal")]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# The ap_types headers hls4ml ships (scripts/bootstrap.sh installs hls4ml
# into .venv-peers): tests that compile emitted HLS C++ need them.
import glob
ap_types = os.environ.get("QCC_AP_TYPES") or next(iter(sorted(glob.glob(
    os.path.join(config.qcc_src_root, ".venv-peers", "lib", "python3*",
                 "site-packages", "hls4ml", "templates", "vivado",
                 "ap_types")))), "")
if ap_types and os.path.exists(os.path.join(ap_types, "ap_fixed.h")):
    config.available_features.add("ap_types")
    config.substitutions.append(("%ap_types", ap_types))
else:
    lit_config.note("no ap_types headers (.venv-peers/hls4ml): the HLS C++ "
                    "compile tests are unsupported")

# The CUDA toolkit's ptxas (CUDA 13 in /usr/local/cuda): tests that assemble
# the PTX of GPU kernels need it; no GPU is needed.
cuda = os.environ.get("QCC_CUDA", "/usr/local/cuda")
ptxas = os.path.join(cuda, "bin", "ptxas")
if os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
else:
    lit_config.note(f"no ptxas in {cuda}/bin: the PTX assembly tests are "
                    "unsupported")

# Without an NVIDIA device node the GPU runs must fail with one clear line;
# with one, the execution tests of scripts/gpu-check.sh apply instead.
if not os.path.exists("/dev/nvidiactl"):
    config.available_features.add("no-gpu")
