"""qcc, the quant-cost compiler, from Python.

Import ONNX/QONNX models and torchvision architectures into the qcost dialect,
run qcc's passes, and read cost reports as dictionaries and plots:

    import qcc
    module = qcc.import_onnx("model.onnx", qcc.QuantConfig.from_json("cfg.json"))
    report = qcc.parse(module).cost_report()
    print(report["cost"]["total"], report["macs"])

docs/python.md is the manual.
"""

from qcc._qcc import QccError, encode, format_info  # noqa: F401
from qcc.ir import Module, parse, parse_file  # noqa: F401
from qcc.config import QuantConfig, ConfigError  # noqa: F401
from qcc.onnx_import import ImportError_ as OnnxImportError, import_onnx  # noqa: F401

__all__ = [
    "QccError", "encode", "format_info", "Module", "parse", "parse_file",
    "QuantConfig", "ConfigError", "OnnxImportError", "import_onnx",
]
