"""The hls4ml side of bench/hls_peers.py; runs under .venv-peers/bin/python.

  hls4ml_side.py MODEL.onnx INPUTS.npy OUT_DIR IO_TYPE

Executes the QONNX graph with qonnx (the model's own float32 semantics),
converts it with hls4ml 1.3 (qonnx cleanup, channels-last, Vitis backend,
per-layer config from the graph's Quant nodes), compiles hls4ml's C-simulation
library with g++ and predicts; writes qonnx.npy and hls4ml.npy into OUT_DIR and
prints one JSON line.
"""

import json
import os
import sys
import time

import numpy as np
from qonnx.core.modelwrapper import ModelWrapper
from qonnx.core.onnx_exec import execute_onnx
from qonnx.transformation.channels_last import ConvertToChannelsLastAndClean
from qonnx.transformation.gemm_to_matmul import GemmToMatMul
from qonnx.util.cleanup import cleanup_model

import hls4ml

path, inputs_path, out_dir, io_type = sys.argv[1:5]
precision = sys.argv[5] if len(sys.argv) > 5 else "fixed<16,6>"
x = np.load(inputs_path)
model = cleanup_model(ModelWrapper(path))
name_in, name_out = model.graph.input[0].name, model.graph.output[0].name
exact = np.stack([execute_onnx(model, {name_in: xi[None]})[name_out][0] for xi in x])

model = cleanup_model(model.transform(ConvertToChannelsLastAndClean()).transform(GemmToMatMul()))
config = hls4ml.utils.config.config_from_onnx_model(
    model, granularity="name", backend="Vitis", default_precision=precision)
hls_model = hls4ml.converters.convert_from_onnx_model(
    model, output_dir=out_dir, io_type=io_type, backend="Vitis", hls_config=config)
start = time.time()
hls_model.compile()
compile_s = time.time() - start
# hls4ml keeps the ONNX (NCHW) input order at its port.
y = np.asarray(hls_model.predict(np.ascontiguousarray(x.reshape(len(x), -1)))).reshape(exact.shape)
np.save(os.path.join(out_dir, "qonnx.npy"), exact)
np.save(os.path.join(out_dir, "hls4ml.npy"), y)
print(json.dumps({"compile_s": round(compile_s, 1), "hls4ml": hls4ml.__version__}))
