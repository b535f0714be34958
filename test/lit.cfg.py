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

tool_dirs = [config.qcc_tools_dir, config.llvm_tools_dir]
tools = [ToolSubst("qcc-opt", unresolved="fatal"),
         ToolSubst("qcc-run", unresolved="fatal")]
llvm_config.add_tool_substitutions(tools, tool_dirs)
