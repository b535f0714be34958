"""ONNX / QONNX graphs to qcost IR (MLIR text).

A float model becomes a quantized qcost program under a QuantConfig: every
activation that feeds a contraction (Conv, Gemm, MatMul) is quantized by the
layer's activation quantizer (scales calibrated on the float model with ONNX
Runtime), weights are quantized offline into constants, contractions
accumulate in fixed point, and the accumulator is rescaled into the float
domain where the graph continues (folded into a following BatchNormalization
when there is one). QDQ (QuantizeLinear/DequantizeLinear) and QONNX
(Quant/BipolarQuant/Trunc) graphs carry their own quantization, which the
importer keeps. docs/python.md states every convention.

Layouts: ONNX's NCHW activations and OIHW filters become qcost's NHWC and
HWIO; the function takes and returns NHWC tensors.
"""

import math

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference

from qcc import _qcc
from qcc.config import QuantConfig


class ImportError_(Exception):
    """An ONNX node or attribute qcc cannot import; the message names the
    node, its op type and what is missing."""


def _node_error(node, what):
    return ImportError_(f"node '{node.name or node.output[0]}' ({node.op_type}): {what}")


def _tensor(shape, elem):
    dims = "x".join(str(d) for d in shape)
    return f"tensor<{dims}{'x' if shape else ''}{elem}>"


def _qtype(spelling):
    return spelling if spelling.startswith("!") or spelling in ("f32", "f16") \
        else "!qcost." + spelling


def _flt(value):
    """A float literal MLIR reads back exactly (1e-05 -> 1.0e-05)."""
    text = repr(float(value))
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + ("e" + exponent if exponent else "")


def _nchw_to_nhwc_axis(axis, rank):
    return {0: 0, 1: 3, 2: 1, 3: 2}[axis % rank] if rank == 4 else axis % rank


class Value:
    """An imported tensor. `mult` is set for quantized values: the real value
    is the element's value divided by `mult` (a scalar or one per channel)."""

    def __init__(self, ssa, shape, elem, mult=None, flatten_of=None, nonneg=False):
        self.ssa, self.shape, self.elem = ssa, list(shape), elem
        self.mult, self.flatten_of, self.nonneg = mult, flatten_of, nonneg


class QuantConst:
    """A constant that the graph already quantized (QDQ / QONNX): `values` are
    the exact values of `elem` (codes for fixed point), real = values / mult."""

    def __init__(self, values, elem, mult):
        self.values, self.elem, self.mult = values, elem, mult


class _Importer:
    def __init__(self, model, config, calibration_inputs):
        try:
            self.model = shape_inference.infer_shapes(model, strict_mode=True)
        except Exception as e:  # onnx's InferenceError / ValidationError
            raise ImportError_(f"ONNX shape inference failed: {e}") from e
        self.graph = self.model.graph
        self.config = config
        self.lines, self.resources = [], {}
        self.values, self.consts = {}, {}
        # Constants the graph quantized itself (QDQ / QONNX weights).
        self.consts_q = {}
        self.counter = 0
        self.shapes = {}
        for info in list(self.graph.value_info) + list(self.graph.input) + \
                list(self.graph.output):
            dims = info.type.tensor_type.shape.dim
            if info.type.tensor_type.HasField("shape"):
                self.shapes[info.name] = [d.dim_value if d.HasField("dim_value")
                                          else None for d in dims]
        for init in self.graph.initializer:
            self.consts[init.name] = numpy_helper.to_array(init)
        self.consumers = {}
        for node in self.graph.node:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)
        self.skip = set()
        self.ranges = self._calibrate(calibration_inputs)

    # -- emission helpers ------------------------------------------------------
    def fresh(self, hint):
        self.counter += 1
        clean = "".join(c if c.isalnum() else "_" for c in hint).strip("_")[:40]
        return f"%{clean or 'v'}_{self.counter}"

    def emit(self, text):
        self.lines.append("    " + text)

    def blob(self, array):
        name = f"blob{len(self.resources)}"
        data = np.ascontiguousarray(array)
        header = int(data.dtype.itemsize).to_bytes(4, "little")
        self.resources[name] = "0x" + (header + data.tobytes()).hex().upper()
        return name

    def literal(self, array, dtype_name):
        array = np.asarray(array)
        if array.size > 16:
            return f"dense_resource<{self.blob(array)}>"
        flat = array.reshape(-1)
        if dtype_name.startswith("f"):
            items = [_flt(v) for v in flat]
        else:
            items = [str(int(v)) for v in flat]
        if array.ndim == 0:
            return f"dense<{items[0]}>"
        if np.all(flat == flat[0]):
            return f"dense<{items[0]}>"
        if array.ndim == 1:
            return f"dense<[{', '.join(items)}]>"
        return f"dense_resource<{self.blob(array)}>"

    def f32_const(self, hint, array):
        array = np.asarray(array, dtype=np.float32)
        ssa = self.fresh(hint)
        self.emit(f"{ssa} = arith.constant {self.literal(array, 'f32')} : "
                  f"{_tensor(array.shape, 'f32')}")
        return ssa

    def format_const(self, hint, values, elem):
        """A qcost.constant of exact values (integer codes for fixed point)."""
        values = np.asarray(values)
        if elem.startswith("!qcost.fixed") or elem.startswith("!qcost.ufixed"):
            width = int(elem.split("<")[1].split(",")[0])
            dtype = np.int8 if width <= 8 else np.int16 if width <= 16 else \
                np.int32 if width <= 32 else np.int64
            storage = {np.int8: "i8", np.int16: "i16", np.int32: "i32",
                       np.int64: "i64"}[dtype]
            array = values.astype(dtype)
        else:
            as32 = values.astype(np.float32)
            exact = np.array_equal(as32.astype(np.float64), values.astype(np.float64))
            array, storage = (as32, "f32") if exact else (values.astype(np.float64), "f64")
        ssa = self.fresh(hint)
        self.emit(f"{ssa} = qcost.constant {self.literal(array, storage)} : "
                  f"{_tensor(array.shape, storage)} -> {_tensor(array.shape, elem)}")
        return ssa

    def scale_const(self, hint, mult, fmt):
        """The multiplier of a quantize/dequantize: f32, f16 or a power of two
        (double quantization at import)."""
        mult = np.asarray(mult, dtype=np.float64)
        if fmt == "pot":
            exps = np.clip(np.rint(np.log2(np.abs(mult))), -63, 63)
            return self.format_const(hint, np.exp2(exps), "!qcost.pot<8, -63, 63>"), \
                _tensor(mult.shape, "!qcost.pot<8, -63, 63>"), np.exp2(exps)
        elem = "f16" if fmt == "f16" else "f32"
        array = mult.astype(np.float16 if elem == "f16" else np.float32)
        ssa = self.fresh(hint)
        self.emit(f"{ssa} = arith.constant {self.literal(array.astype(np.float32) if elem == 'f32' else array, elem)} : "
                  f"{_tensor(array.shape, elem)}")
        return ssa, _tensor(array.shape, elem), array.astype(np.float64)

    # -- calibration -----------------------------------------------------------
    def _calibrate(self, inputs):
        """(min, max) of every tensor on a few inputs through ONNX Runtime."""
        try:
            import onnxruntime as ort
        except ImportError:
            return {}
        model = onnx.ModelProto()
        model.CopyFrom(self.model)
        known = {o.name for o in model.graph.output}
        for info in model.graph.value_info:
            if info.name not in known:
                model.graph.output.append(info)
        try:
            session = ort.InferenceSession(model.SerializeToString(),
                                           providers=["CPUExecutionProvider"])
        except Exception:  # an op ORT lacks (QONNX custom ops): no calibration
            return {}
        rng = np.random.default_rng(self.config.calibration["seed"])
        ranges = {}
        graph_inputs = [i for i in self.graph.input if i.name not in self.consts]
        for sample in range(self.config.calibration["samples"]):
            feed = {}
            for info in graph_inputs:
                if inputs is not None and info.name in inputs:
                    feed[info.name] = np.asarray(inputs[info.name], dtype=np.float32)
                else:
                    feed[info.name] = rng.standard_normal(
                        self.shapes[info.name]).astype(np.float32)
            names = [o.name for o in session.get_outputs()]
            for name, out in zip(names, session.run(names, feed)):
                if not np.issubdtype(np.asarray(out).dtype, np.floating) or out.size == 0:
                    continue
                lo, hi = float(np.min(out)), float(np.max(out))
                old = ranges.get(name, (lo, hi))
                ranges[name] = (min(lo, old[0]), max(hi, old[1]))
            for name, array in feed.items():
                ranges[name] = (float(array.min()), float(array.max()))
        return ranges

    # -- values ----------------------------------------------------------------
    def value(self, node, name):
        if name in self.values:
            return self.values[name]
        if name in self.consts:
            raise _node_error(node, f"input '{name}' is a constant where an "
                              "activation is expected")
        raise _node_error(node, f"input '{name}' is not produced by any imported node")

    def const(self, node, name, what):
        if name not in self.consts:
            raise _node_error(node, f"{what} '{name}' must be a constant "
                              "(an initializer); computed tensors are not supported")
        return self.consts[name]

    def as_float(self, node, val):
        """The value as an f32 tensor (dequantizing a quantized one)."""
        if val.elem == "f32":
            return val
        if val.mult is None:
            raise _node_error(node, f"needs a float input, got {val.elem}")
        scale, scale_type, _ = self.scale_const("dq_scale", 1.0 / np.asarray(val.mult), "f32")
        ssa = self.fresh(node.name + "_dq")
        self.emit(f"{ssa} = qcost.dequantize {val.ssa} scale({scale}) : "
                  f"({_tensor(val.shape, val.elem)}, {scale_type}) -> {_tensor(val.shape, 'f32')}")
        return Value(ssa, val.shape, "f32", flatten_of=val.flatten_of, nonneg=val.nonneg)

    def quantize_activation(self, node, val, onnx_name, spec):
        """Quantizes a float activation for a contraction with `spec`."""
        if val.mult is not None:
            return val  # already quantized by the graph (QDQ / QONNX)
        kind = spec["quantizer"]
        if kind == "float":
            return val
        lo, hi = self.ranges.get(onnx_name, (None, None))
        if lo is None:
            raise _node_error(node, f"no calibration range for input '{onnx_name}' "
                              "(install onnxruntime: scripts/bootstrap.sh)")
        nonneg = lo >= 0
        peak = max(abs(lo), abs(hi), 1e-12)
        bits = spec["bits"]
        if kind == "linear":
            elem = f"!qcost.{'ufixed' if nonneg else 'fixed'}<{bits}, 0>"
            mult = ((1 << bits) - 1 if nonneg else (1 << (bits - 1)) - 1) / peak
            if bits == 1 and not nonneg:
                raise _node_error(node, "a 1-bit signed linear activation has no "
                                  "positive level; use quantizer 'binary'")
        elif kind == "pot":
            elem, mult = _pot_type(node, bits), 1.0 / peak
        elif kind == "binary":
            elem, mult = "!qcost.binary", 1.0 / peak
        else:
            elem = _qtype(spec["format"])
            mult = _qcc.format_info(elem)["largest"] / peak
        scale, scale_type, mult = self.scale_const(onnx_name + "_scale", mult,
                                                   spec["scale_format"])
        ssa = self.fresh(onnx_name + "_q")
        self.emit(f"{ssa} = qcost.quantize {val.ssa} scale({scale}) : "
                  f"({_tensor(val.shape, 'f32')}, {scale_type}) -> {_tensor(val.shape, elem)}")
        return Value(ssa, val.shape, elem, mult=float(mult), flatten_of=val.flatten_of,
                     nonneg=nonneg)

    def quantize_weight(self, node, w, spec):
        """(values, elem, mult) of weights `w` whose last axis is the output
        channel; real = values / mult."""
        kind, bits = spec["quantizer"], spec["bits"]
        axes = tuple(range(w.ndim - 1))
        per_channel = spec["granularity"] == "channel"
        peak = np.max(np.abs(w), axis=axes) if per_channel else np.max(np.abs(w))
        peak = np.maximum(peak, 1e-12)
        if kind == "float":
            return w.astype(np.float32), "f32", None
        if kind == "linear":
            if bits < 2:
                raise _node_error(node, "linear weights need at least 2 bits; "
                                  "use quantizer 'binary' for 1 bit")
            mult = ((1 << (bits - 1)) - 1) / peak
            codes = np.clip(np.rint(w * mult), -(1 << (bits - 1)), (1 << (bits - 1)) - 1)
            return codes, f"!qcost.fixed<{bits}, 0>", mult
        if kind == "binary":
            mult = 1.0 / np.maximum(np.mean(np.abs(w), axis=axes if per_channel else None), 1e-12)
            return np.where(w >= 0, 1.0, -1.0), "!qcost.binary", mult
        if kind == "pot":
            elem, mult = _pot_type(node, bits), 1.0 / peak
        else:
            elem = _qtype(spec["format"])
            mult = _qcc.format_info(elem)["largest"] / peak
        _, values = _qcc.encode(elem, (w * mult).astype(np.float64))
        return values, elem, mult

    # -- node handlers ---------------------------------------------------------
    def run(self, name):
        args = []
        for info in self.graph.input:
            if info.name in self.consts:
                continue
            shape = self.shapes.get(info.name)
            if shape is None or any(d in (None, 0) for d in shape):
                raise ImportError_(f"graph input '{info.name}' has a dynamic or "
                                   f"unknown shape {shape}; export with static shapes")
            if info.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
                raise ImportError_(f"graph input '{info.name}' is not float32")
            qshape = [shape[0], shape[2], shape[3], shape[1]] if len(shape) == 4 else shape
            ssa = f"%{''.join(c if c.isalnum() else '_' for c in info.name)}"
            args.append(f"{ssa}: {_tensor(qshape, 'f32')}")
            lo = self.ranges.get(info.name, (-1.0, 1.0))[0]
            self.values[info.name] = Value(ssa, qshape, "f32", nonneg=lo >= 0)
        for node in self.graph.node:
            if id(node) in self.skip:
                continue
            handler = getattr(self, "op_" + node.op_type, None)
            if handler is None:
                raise _node_error(node, "unsupported op type (supported: " +
                                  ", ".join(sorted(n[3:] for n in dir(self)
                                                   if n.startswith("op_"))) + ")")
            handler(node)
        results = [self.values[o.name] for o in self.graph.output]
        types = ", ".join(_tensor(r.shape, r.elem) for r in results)
        out = [f"module @{name} attributes {{qcc.source = \"onnx\"}} {{",
               f"  func.func @{name}({', '.join(args)}) -> ({types}) {{"]
        out += self.lines
        out.append(f"    return {', '.join(r.ssa for r in results)} : {types}")
        out += ["  }", "}"]
        if self.resources:
            out += ["", "{-#", "  dialect_resources: {", "    builtin: {"]
            items = list(self.resources.items())
            for i, (key, data) in enumerate(items):
                out.append(f"      {key}: \"{data}\"{',' if i + 1 < len(items) else ''}")
            out += ["    }", "  }", "#-}"]
        return "\n".join(out) + "\n"

    def attrs(self, node):
        return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}

    def alias(self, node):
        source, target = node.input[0], node.output[0]
        if source in self.consts:
            self.consts[target] = self.consts[source]
            if source in self.consts_q:
                self.consts_q[target] = self.consts_q[source]
        else:
            self.values[target] = self.value(node, source)

    op_Identity = alias

    def op_Dropout(self, node):
        self.alias(node)

    def op_Constant(self, node):
        self.consts[node.output[0]] = numpy_helper.to_array(self.attrs(node)["value"])

    def _layer_kind(self, node, group, kernel, channels):
        if node.op_type != "Conv":
            return "dense"
        if group > 1 and group == channels:
            return "depthwise"
        if all(k == 1 for k in kernel) and group == 1:
            return "pointwise"
        return "conv"

    def _contraction(self, node, x_name, weight, bias, kind, mnemonic, attrs,
                     out_shape, reduce_len):
        """Quantizes the input and the weights (last axis = outputs), emits the
        qcost contraction `mnemonic` with `attrs`, and leaves the float result (or the accumulator feeding a folded
        BatchNormalization) in self.values."""
        spec = self.config.for_layer(node.name, kind)
        x = self.value(node, x_name)
        if isinstance(weight, QuantConst):
            wvals, welem, wmult = weight.values, weight.elem, weight.mult
            if x.mult is None:
                x = self.quantize_activation(node, x, x_name, spec["activation"])
        else:
            x = self.quantize_activation(node, x, x_name, spec["activation"])
            wvals, welem, wmult = self.quantize_weight(node, weight, spec["weight"])
        if (x.elem == "f32") != (welem == "f32"):
            raise _node_error(node, "the 'float' quantizer must be set for both "
                              "weights and activations of a layer")
        floating = x.elem == "f32"
        w_ssa = self.f32_const(node.name + "_w", wvals) if floating else \
            self.format_const(node.name + "_w", wvals, welem)
        acc = "f32" if floating else self._accumulator(node, x.elem, welem, reduce_len,
                                                      bias is not None, spec["accumulator"])
        dq = None if floating else 1.0 / (np.asarray(x.mult, dtype=np.float64) *
                                          np.asarray(wmult, dtype=np.float64))
        # A lone BatchNormalization consumer absorbs the rescaling.
        users = self.consumers.get(node.output[0], [])
        fold_bn = (not floating and len(users) == 1 and users[0].op_type ==
                   "BatchNormalization" and node.output[0] not in
                   {o.name for o in self.graph.output})
        bias_operand = ""
        bias_real = None
        bias_after = None
        if bias is not None:
            if floating:
                bias_operand = f" bias({self.f32_const(node.name + '_b', bias)})"
            elif fold_bn:
                bias_real = bias
            else:
                # Where qcc quantizes the layer (calibration), the bias is
                # quantized into the accumulator too, as int8 runtimes do.
                # In a graph that carries its own quantization, a bias on the
                # accumulator's grid (QDQ's int32 bias, up to f32 rounding) is
                # added as codes and any other in f32 after the dequantize:
                # rounding it would change the model (QONNX float biases).
                scaled = bias / dq * _frac_scale(acc)
                codes = np.rint(scaled)
                on_grid = np.all(np.abs(scaled - codes) <= np.abs(scaled) * 2.0 ** -20)
                if on_grid or not isinstance(weight, QuantConst):
                    bias_operand = f" bias({self.format_const(node.name + '_b', codes, acc)})"
                else:
                    bias_after = bias
                    acc = self._accumulator(node, x.elem, welem, reduce_len, False,
                                            spec["accumulator"])
        y = self.fresh(node.name or node.op_type)
        types = [_tensor(x.shape, x.elem), _tensor(np.shape(wvals), welem)]
        if bias_operand:
            types.append(_tensor([out_shape[-1]], acc))
        self.emit(f"{y} = qcost.{mnemonic} {x.ssa}, {w_ssa}{bias_operand}{attrs} : "
                  f"({', '.join(types)}) -> {_tensor(out_shape, acc)}")
        acc_val = Value(y, out_shape, acc)
        if floating:
            self.values[node.output[0]] = acc_val
            return
        dq = dq * np.ones(out_shape[-1]) if np.ndim(dq) else dq
        if fold_bn:
            self._batch_norm(users[0], acc_val, dq=dq, bias=bias_real)
            self.skip.add(id(users[0]))
            return
        dq_acc = dq / _frac_scale(acc)
        acc_val.mult = 1.0 / dq_acc
        y = self.as_float(node, acc_val)
        if bias_after is not None:
            b = self.f32_const(node.name + "_b", bias_after)
            z = self.fresh(node.name + "_bias")
            self.emit(f"{z} = qcost.add {y.ssa}, {b} : ({_tensor(y.shape, 'f32')}, "
                      f"{_tensor([out_shape[-1]], 'f32')}) -> {_tensor(y.shape, 'f32')}")
            y = Value(z, y.shape, "f32")
        self.values[node.output[0]] = y

    def _accumulator(self, node, xelem, welem, length, has_bias, setting):
        if setting == "f32":
            return "f32"
        if setting != "auto":
            return _qtype(setting)
        if "float<" in xelem or "float<" in welem:
            return "f32"
        (wa, fa, ua), (wb, fb, ub) = _envelope(xelem), _envelope(welem)
        width = wa + wb - (1 if ua and ub else 0) + math.ceil(math.log2(max(length, 1))) \
            + (1 if has_bias else 0)
        if width > 64:
            raise _node_error(node, f"the exact accumulator needs {width} bits (more "
                              "than 64); set 'accumulator' in the config")
        return f"!qcost.fixed<{width}, {fa + fb}>"

    def op_Conv(self, node):
        a = self.attrs(node)
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
            raise _node_error(node, "auto_pad is not supported; export with explicit pads")
        w = self.const(node, node.input[1], "weight")
        if w.ndim != 4:
            raise _node_error(node, f"only 2-D convolutions are supported (weight rank {w.ndim})")
        x = self.value(node, node.input[0])
        n, h, wd, c = x.shape
        group = a.get("group", 1)
        kh, kw = w.shape[2], w.shape[3]
        strides = a.get("strides", [1, 1])
        pads = a.get("pads", [0, 0, 0, 0])
        dil = a.get("dilations", [1, 1])
        oh = (h + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) // strides[0] + 1
        ow = (wd + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) // strides[1] + 1
        out_shape = [n, oh, ow, w.shape[0]]
        bias = self.consts.get(node.input[2]) if len(node.input) > 2 and node.input[2] else None
        if len(node.input) > 2 and node.input[2] and bias is None:
            raise _node_error(node, f"bias '{node.input[2]}' must be a constant")
        weight = self.consts_q.get(node.input[1], np.transpose(w, (2, 3, 1, 0)))
        if isinstance(weight, QuantConst):
            weight = QuantConst(np.transpose(weight.values, (2, 3, 1, 0)), weight.elem, weight.mult)
        attrs = ""
        if list(strides) != [1, 1]:
            attrs += f" strides [{strides[0]}, {strides[1]}]"
        if any(pads):
            attrs += f" padding [{pads[0]}, {pads[2]}, {pads[1]}, {pads[3]}]"
        if list(dil) != [1, 1]:
            attrs += f" dilations [{dil[0]}, {dil[1]}]"
        if group != 1:
            attrs += f" groups {group}"
        self._contraction(node, node.input[0], weight, bias,
                          self._layer_kind(node, group, [kh, kw], c), "conv2d", attrs,
                          out_shape, kh * kw * (c // group))

    def _dense(self, node, b, bias):
        x = self.value(node, node.input[0])
        if len(x.shape) != 2:
            raise _node_error(node, f"the input must be 2-D [N, K], got {x.shape}")
        if x.flatten_of is not None:
            hh, ww, cc = x.flatten_of  # rows are in NCHW order: make them NHWC

            def nhwc_rows(rows):
                return rows.reshape(cc, hh, ww, -1).transpose(1, 2, 0, 3) \
                    .reshape(hh * ww * cc, -1)
            b = QuantConst(nhwc_rows(b.values), b.elem, b.mult) \
                if isinstance(b, QuantConst) else nhwc_rows(b)
        out_shape = [x.shape[0], (b.values if isinstance(b, QuantConst) else b).shape[1]]
        self._contraction(node, node.input[0], b, bias, "dense", "dense", "", out_shape,
                          x.shape[1])

    def op_Gemm(self, node):
        a = self.attrs(node)
        if a.get("transA", 0) or a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0:
            raise _node_error(node, "only transA = 0, alpha = 1 and beta = 1 are supported")
        b = self.consts_q.get(node.input[1]) or self.const(node, node.input[1], "weight B")
        if a.get("transB", 0):
            b = QuantConst(b.values.T, b.elem, b.mult) if isinstance(b, QuantConst) else b.T
        bias = None
        if len(node.input) > 2 and node.input[2]:
            bias = self.const(node, node.input[2], "bias C").reshape(-1)
        self._dense(node, b, bias)

    def op_MatMul(self, node):
        b = self.consts_q.get(node.input[1]) or self.const(node, node.input[1], "weight B")
        if (b.values if isinstance(b, QuantConst) else b).ndim != 2:
            raise _node_error(node, "the weight must be a 2-D constant")
        self._dense(node, b, None)

    def _batch_norm(self, node, x, dq=None, bias=None):
        a = self.attrs(node)
        if a.get("training_mode", 0):
            raise _node_error(node, "training_mode = 1 is not supported")
        gamma, beta, mean, var = (self.const(node, n, what).astype(np.float64) for n, what in
                                  zip(node.input[1:5], ("scale", "B", "mean", "var")))
        if dq is not None:  # BN(acc * dq + bias)
            mean = (mean - (0 if bias is None else bias)) / dq
            gamma = gamma * dq
        params = [self.f32_const(node.name + "_" + p, v)
                  for p, v in zip(("gamma", "beta", "mean", "var"), (gamma, beta, mean, var))]
        y = self.fresh(node.name or "bn")
        p = _tensor([len(gamma)], "f32")
        eps = a.get("epsilon", 1e-5)
        self.emit(f"{y} = qcost.batch_norm {x.ssa}, {', '.join(params)} epsilon {_flt(eps)} : "
                  f"({_tensor(x.shape, x.elem)}, {p}, {p}, {p}, {p}) -> {_tensor(x.shape, 'f32')}")
        self.values[node.output[0]] = Value(y, x.shape, "f32")

    def op_BatchNormalization(self, node):
        self._batch_norm(node, self.as_float(node, self.value(node, node.input[0])))

    def _unary(self, node, text, nonneg=False):
        x = self.as_float(node, self.value(node, node.input[0]))
        y = self.fresh(node.name or node.op_type)
        self.emit(f"{y} = {text.format(x=x.ssa)} : ({_tensor(x.shape, 'f32')}) -> "
                  f"{_tensor(x.shape, 'f32')}")
        self.values[node.output[0]] = Value(y, x.shape, "f32", flatten_of=x.flatten_of,
                                            nonneg=nonneg)

    def op_Relu(self, node):
        self._unary(node, "qcost.relu {x}", nonneg=True)

    def op_Clip(self, node):
        a = self.attrs(node)
        lo, hi = a.get("min"), a.get("max")
        if len(node.input) > 1 and node.input[1]:
            lo = float(self.const(node, node.input[1], "min"))
        if len(node.input) > 2 and node.input[2]:
            hi = float(self.const(node, node.input[2], "max"))
        if lo is None or hi is None:
            if lo == 0.0 and hi is None:
                return self.op_Relu(node)
            raise _node_error(node, "both min and max must be given (or min = 0 alone)")
        self._unary(node, f"qcost.clip {{x}} min {_flt(lo)} max {_flt(hi)}",
                    nonneg=lo >= 0)

    def op_PRelu(self, node):
        x = self.as_float(node, self.value(node, node.input[0]))
        slope = self.const(node, node.input[1], "slope").astype(np.float32)
        alpha = self._param_layout(node, slope, x.shape)
        a_ssa = self.f32_const(node.name + "_alpha", alpha)
        y = self.fresh(node.name or "prelu")
        self.emit(f"{y} = qcost.prelu {x.ssa}, {a_ssa} : ({_tensor(x.shape, 'f32')}, "
                  f"{_tensor(alpha.shape, 'f32')}) -> {_tensor(x.shape, 'f32')}")
        self.values[node.output[0]] = Value(y, x.shape, "f32")

    def _param_layout(self, node, array, qshape):
        """A constant that broadcasts (numpy rules) against an ONNX tensor of
        NCHW shape, as the smallest block-broadcast tensor in qcost layout."""
        rank = len(qshape)
        onnx_shape = [qshape[0], qshape[3], qshape[1], qshape[2]] if rank == 4 else qshape
        try:
            full = np.broadcast_to(array, onnx_shape)
        except ValueError:
            raise _node_error(node, f"constant of shape {list(array.shape)} does not "
                              f"broadcast to {onnx_shape}") from None
        if rank == 4:
            full = np.transpose(full, (0, 2, 3, 1))
        for axis in range(rank):
            first = np.take(full, [0], axis=axis)
            if np.all(full == first):
                full = first
        while full.ndim > 0 and full.shape[0] == 1:
            full = full[0]
        return np.ascontiguousarray(full)

    def _binary(self, node, op):
        names = node.input[:2]
        if all(n in self.consts for n in names):
            raise _node_error(node, "both operands are constants; fold them before import")
        vals = [None if n in self.consts else self.as_float(node, self.value(node, n))
                for n in names]
        if vals[0] is None or (vals[1] is not None and
                               np.prod(vals[0].shape) < np.prod(vals[1].shape)):
            vals, names = vals[::-1], names[::-1]
        lhs = vals[0]
        if vals[1] is None:
            rhs_array = self._param_layout(node, self.consts[names[1]].astype(np.float32),
                                           lhs.shape)
            rhs_ssa, rhs_shape = self.f32_const(node.name + "_c", rhs_array), list(rhs_array.shape)
        else:
            rhs_ssa, rhs_shape = vals[1].ssa, vals[1].shape
        y = self.fresh(node.name or op)
        self.emit(f"{y} = qcost.{op} {lhs.ssa}, {rhs_ssa} : ({_tensor(lhs.shape, 'f32')}, "
                  f"{_tensor(rhs_shape, 'f32')}) -> {_tensor(lhs.shape, 'f32')}")
        self.values[node.output[0]] = Value(y, lhs.shape, "f32")

    def op_Add(self, node):
        self._binary(node, "add")

    def op_Mul(self, node):
        self._binary(node, "mul")

    def _hard_sigmoid(self, node, x, alpha, beta):
        shape = _tensor(x.shape, "f32")
        a = self.f32_const(node.name + "_alpha", np.float32(alpha))
        b = self.f32_const(node.name + "_beta", np.float32(beta))
        t, u, v = (self.fresh(node.name or "hs") for _ in range(3))
        self.emit(f"{t} = qcost.mul {x.ssa}, {a} : ({shape}, tensor<f32>) -> {shape}")
        self.emit(f"{u} = qcost.add {t}, {b} : ({shape}, tensor<f32>) -> {shape}")
        self.emit(f"{v} = qcost.clip {u} min 0.0 max 1.0 : ({shape}) -> {shape}")
        return v

    def op_HardSigmoid(self, node):
        a = self.attrs(node)
        x = self.as_float(node, self.value(node, node.input[0]))
        y = self._hard_sigmoid(node, x, a.get("alpha", 0.2), a.get("beta", 0.5))
        self.values[node.output[0]] = Value(y, x.shape, "f32", nonneg=True)

    def op_HardSwish(self, node):
        x = self.as_float(node, self.value(node, node.input[0]))
        gate = self._hard_sigmoid(node, x, 1.0 / 6.0, 0.5)
        y = self.fresh(node.name or "hswish")
        shape = _tensor(x.shape, "f32")
        self.emit(f"{y} = qcost.mul {x.ssa}, {gate} : ({shape}, {shape}) -> {shape}")
        self.values[node.output[0]] = Value(y, x.shape, "f32")

    def _pool(self, node, op):
        a = self.attrs(node)
        x = self.value(node, node.input[0])
        # The maximum commutes with a positive rescale, so a quantized input
        # stays quantized (same format and scale); averages need float.
        keep = op == "max_pool2d" and x.mult is not None and np.all(np.asarray(x.mult) > 0)
        if not keep:
            x = self.as_float(node, x)
        if a.get("ceil_mode", 0):
            raise _node_error(node, "ceil_mode = 1 is not supported")
        if any(d != 1 for d in a.get("dilations", [1, 1])):
            raise _node_error(node, "dilated pooling is not supported")
        kernel = a["kernel_shape"]
        strides = a.get("strides", [1, 1])
        pads = a.get("pads", [0, 0, 0, 0])
        if op == "avg_pool2d" and any(pads) and a.get("count_include_pad", 0):
            raise _node_error(node, "count_include_pad = 1 is not supported "
                              "(qcost averages over the real inputs)")
        n, h, w, c = x.shape
        oh = (h + pads[0] + pads[2] - kernel[0]) // strides[0] + 1
        ow = (w + pads[1] + pads[3] - kernel[1]) // strides[1] + 1
        out = [n, oh, ow, c]
        attrs = f" kernel [{kernel[0]}, {kernel[1]}] strides [{strides[0]}, {strides[1]}]"
        if any(pads):
            attrs += f" padding [{pads[0]}, {pads[2]}, {pads[1]}, {pads[3]}]"
        y = self.fresh(node.name or op)
        self.emit(f"{y} = qcost.{op} {x.ssa}{attrs} : ({_tensor(x.shape, x.elem)}) -> "
                  f"{_tensor(out, x.elem)}")
        self.values[node.output[0]] = Value(y, out, x.elem, mult=x.mult, nonneg=x.nonneg)

    def op_MaxPool(self, node):
        if len(node.output) > 1 and node.output[1]:
            raise _node_error(node, "the Indices output is not supported")
        self._pool(node, "max_pool2d")

    def op_AveragePool(self, node):
        self._pool(node, "avg_pool2d")

    def op_GlobalAveragePool(self, node):
        x = self.as_float(node, self.value(node, node.input[0]))
        out = [x.shape[0], 1, 1, x.shape[3]]
        y = self.fresh(node.name or "gap")
        self.emit(f"{y} = qcost.global_avg_pool {x.ssa} : ({_tensor(x.shape, 'f32')}) -> "
                  f"{_tensor(out, 'f32')}")
        self.values[node.output[0]] = Value(y, out, "f32", nonneg=x.nonneg)

    def _flatten_2d(self, node, x):
        if len(x.shape) == 2:
            self.values[node.output[0]] = x
            return
        if len(x.shape) != 4:
            raise _node_error(node, f"only 4-D NCHW inputs can be flattened, got rank {len(x.shape)}")
        n, h, w, c = x.shape
        out = [n, h * w * c]
        y = self.fresh(node.name or "flatten")
        self.emit(f"{y} = qcost.reshape {x.ssa} : ({_tensor(x.shape, x.elem)}) -> "
                  f"{_tensor(out, x.elem)}")
        self.values[node.output[0]] = Value(y, out, x.elem, mult=x.mult,
                                            flatten_of=None if h == w == 1 else (h, w, c))

    def op_Flatten(self, node):
        if self.attrs(node).get("axis", 1) != 1:
            raise _node_error(node, "only axis = 1 is supported")
        self._flatten_2d(node, self.value(node, node.input[0]))

    def op_Reshape(self, node):
        x = self.value(node, node.input[0])
        target = [int(d) for d in self.const(node, node.input[1], "shape")]
        if len(target) == 2 and target[0] in (x.shape[0], 0) and \
                target[1] in (-1, int(np.prod(x.shape[1:]))):
            return self._flatten_2d(node, x)
        raise _node_error(node, f"only reshapes to [N, -1] are supported, got {target}")

    def op_Concat(self, node):
        vals = [self.as_float(node, self.value(node, n)) for n in node.input]
        rank = len(vals[0].shape)
        axis = _nchw_to_nhwc_axis(self.attrs(node)["axis"], rank)
        out = list(vals[0].shape)
        out[axis] = sum(v.shape[axis] for v in vals)
        y = self.fresh(node.name or "concat")
        types = ", ".join(_tensor(v.shape, "f32") for v in vals)
        self.emit(f"{y} = qcost.concat {', '.join(v.ssa for v in vals)} axis {axis} : "
                  f"({types}) -> {_tensor(out, 'f32')}")
        self.values[node.output[0]] = Value(y, out, "f32")

    # -- QDQ and QONNX -----------------------------------------------------------
    def _qdq_params(self, node, scale_name, zp_name):
        scale = self.const(node, scale_name, "scale").astype(np.float64)
        zp = self.consts.get(zp_name) if zp_name else None
        if zp_name and zp is None:
            raise _node_error(node, f"zero point '{zp_name}' must be a constant")
        if zp is not None and np.any(zp != 0):
            raise _node_error(node, "non-zero zero points are not supported (qcost "
                              "formats are symmetric); quantize with symmetric activations")
        dtype = zp.dtype if zp is not None else np.dtype(np.uint8)
        if dtype == np.int8:
            elem = "!qcost.fixed<8, 0>"
        elif dtype == np.uint8:
            elem = "!qcost.ufixed<8, 0>"
        else:
            raise _node_error(node, f"zero-point type {dtype} is not supported (int8 or uint8)")
        return scale, elem

    def _channel_mult(self, node, mult, axis, rank):
        if mult.ndim == 0 or mult.size == 1:
            return float(mult.reshape(-1)[0])
        if axis % rank != 1 and not (rank == 2 and axis % rank == 1):
            raise _node_error(node, f"per-axis scales on axis {axis} are supported only "
                              "on the channel axis (1) of activations")
        return mult

    def op_QuantizeLinear(self, node):
        a = self.attrs(node)
        scale, elem = self._qdq_params(node, node.input[1],
                                       node.input[2] if len(node.input) > 2 else "")
        if node.input[0] in self.consts:
            w = self.consts[node.input[0]].astype(np.float64)
            codes = np.clip(np.rint(w / _expand(scale, a.get("axis", 1), w.ndim)),
                            *_code_range(elem))
            self._set_quant_const(node.output[0], codes, elem, 1.0 / scale)
            return
        x = self.as_float(node, self.value(node, node.input[0]))
        mult = self._channel_mult(node, 1.0 / scale, a.get("axis", 1), len(x.shape))
        self._emit_quantize(node, x, elem, mult)

    def _emit_quantize(self, node, x, elem, mult):
        s_ssa = self.f32_const(node.name + "_scale", np.asarray(mult, dtype=np.float32))
        y = self.fresh(node.name or "q")
        self.emit(f"{y} = qcost.quantize {x.ssa} scale({s_ssa}) : ({_tensor(x.shape, 'f32')}, "
                  f"{_tensor(np.shape(mult), 'f32')}) -> {_tensor(x.shape, elem)}")
        self.values[node.output[0]] = Value(y, x.shape, elem, mult=mult,
                                            flatten_of=x.flatten_of,
                                            nonneg=elem.startswith("!qcost.ufixed"))

    def _set_quant_const(self, name, values, elem, mult):
        """Records a quantized constant (weights); its consumers read codes."""
        mult = np.asarray(mult, dtype=np.float64).reshape(-1)
        self.consts_q[name] = QuantConst(values, elem, mult[0] if mult.size == 1 else mult)
        self.consts[name] = values / (mult.reshape([-1] + [1] * (values.ndim - 1))
                                      if mult.size > 1 else mult[0])

    def op_DequantizeLinear(self, node):
        a = self.attrs(node)
        if node.input[0] in self.consts_q:
            self.consts_q[node.output[0]] = self.consts_q[node.input[0]]
            self.consts[node.output[0]] = self.consts[node.input[0]]
            return
        scale, elem = self._qdq_params(node, node.input[1],
                                       node.input[2] if len(node.input) > 2 else "")
        if node.input[0] in self.consts:  # int8 weights stored as codes
            codes = self.consts[node.input[0]].astype(np.float64)
            axis = a.get("axis", 1)
            mult = 1.0 / scale
            if np.size(mult) > 1 and axis != 0:
                raise _node_error(node, f"per-axis weight scales must be on axis 0 "
                                  f"(output channels), got {axis}")
            self._set_quant_const(node.output[0], codes, elem, mult)
            return
        x = self.value(node, node.input[0])
        if x.mult is None:
            raise _node_error(node, "dequantizes a tensor that no QuantizeLinear produced")
        self.values[node.output[0]] = x  # stays quantized; consumers dequantize

    def op_Quant(self, node):
        a = self.attrs(node)
        scale = self.const(node, node.input[1], "scale").astype(np.float64)
        zp = self.const(node, node.input[2], "zero point")
        bits = float(self.const(node, node.input[3], "bit width"))
        if np.any(zp != 0):
            raise _node_error(node, "non-zero zero points are not supported")
        if bits != int(bits) or not 2 <= bits <= 32:
            raise _node_error(node, f"bit width {bits} is not an integer in [2, 32]")
        mode = a.get("rounding_mode", b"ROUND")
        mode = mode.decode() if isinstance(mode, bytes) else mode
        if mode not in ("ROUND", "ROUND_TO_ZERO"):
            raise _node_error(node, f"rounding_mode {mode} is not supported "
                              "(ROUND, ROUND_TO_ZERO)")
        signed = a.get("signed", 1)
        elem = f"!qcost.{'fixed' if signed else 'ufixed'}<{int(bits)}, 0>"
        if node.input[0] in self.consts:
            w = self.consts[node.input[0]].astype(np.float64)
            raw = w / (scale if scale.size == 1 else scale.reshape(w.shape[:1] + (1,) * (w.ndim - 1)))
            codes = np.clip(np.rint(raw) if mode == "ROUND" else np.trunc(raw), *_code_range(elem))
            self._set_quant_const(node.output[0], codes, elem, 1.0 / scale.reshape(-1))
            return
        x = self.as_float(node, self.value(node, node.input[0]))
        mult = self._channel_mult(node, 1.0 / scale, 1, len(x.shape))
        self._emit_quantize(node, x, elem, mult)
        if mode == "ROUND_TO_ZERO":
            self.lines[-1] = self.lines[-1].replace(" : (", " rounding toward_zero : (", 1)

    def op_BipolarQuant(self, node):
        scale = self.const(node, node.input[1], "scale").astype(np.float64)
        if node.input[0] in self.consts:
            w = self.consts[node.input[0]]
            self._set_quant_const(node.output[0], np.where(w >= 0, 1.0, -1.0),
                                  "!qcost.binary", 1.0 / scale.reshape(-1))
            return
        x = self.as_float(node, self.value(node, node.input[0]))
        self._emit_quantize(node, x, "!qcost.binary",
                            self._channel_mult(node, 1.0 / scale, 1, len(x.shape)))

    def op_Trunc(self, node):
        a = self.attrs(node)
        x = self.value(node, node.input[0])
        if x.mult is None or not x.elem.startswith("!qcost."):
            raise _node_error(node, "the input must be quantized by a Quant node")
        in_bits = int(float(self.const(node, node.input[3], "input bit width")))
        out_bits = int(float(self.const(node, node.input[4], "output bit width")))
        mode = a.get("rounding_mode", b"FLOOR")
        mode = mode.decode() if isinstance(mode, bytes) else mode
        signed = x.elem.startswith("!qcost.fixed")
        if mode == "FLOOR" and signed:
            raise _node_error(node, "FLOOR rounding of signed values is not supported "
                              "(qcost rounds toward zero or to nearest even)")
        if mode not in ("FLOOR", "ROUND"):
            raise _node_error(node, f"rounding_mode {mode} is not supported (FLOOR, ROUND)")
        shift = in_bits - out_bits
        elem = f"!qcost.{'fixed' if signed else 'ufixed'}<{out_bits}, 0>"
        k = self.fresh(node.name + "_k")
        self.emit(f"{k} = arith.constant dense<{-shift}> : tensor<i8>")
        y = self.fresh(node.name or "trunc")
        rounding = " rounding toward_zero" if mode == "FLOOR" else ""
        self.emit(f"{y} = qcost.shift {x.ssa}, {k}{rounding} : ({_tensor(x.shape, x.elem)}, "
                  f"tensor<i8>) -> {_tensor(x.shape, elem)}")
        self.values[node.output[0]] = Value(y, x.shape, elem,
                                            mult=np.asarray(x.mult) / (2.0 ** shift))


def _frac_scale(acc):
    """2^F of a fixed-point accumulator spelling (value = code / 2^F)."""
    if "fixed<" not in acc:
        return 1.0
    return 2.0 ** int(acc.split(",")[1].strip(" >"))


def _envelope(elem):
    """(integer width, fraction bits, unsigned) that holds every value."""
    if elem == "!qcost.binary":
        return 2, 0, False
    body = elem.split("<", 1)[1].rstrip(">")
    parts = [p.strip() for p in body.split(",")]
    if elem.startswith("!qcost.pot"):
        lo, hi = int(parts[1]), int(parts[2])
        unsigned = "unsigned" in parts
        return hi - lo + (1 if unsigned else 2), -lo, unsigned
    return int(parts[0]), int(parts[1]), elem.startswith("!qcost.ufixed")


def _code_range(elem):
    width, _, unsigned = _envelope(elem)
    return (0, (1 << width) - 1) if unsigned else (-(1 << (width - 1)), (1 << (width - 1)) - 1)


def _expand(scale, axis, rank):
    if scale.size == 1:
        return scale.reshape(-1)[0]
    shape = [1] * rank
    shape[axis] = -1
    return scale.reshape(shape)


def _pot_type(node, bits):
    if bits < 2:
        raise _node_error(node, "power-of-two quantizers need at least 2 bits "
                          "(a sign and an exponent field)")
    # 2^(bits-1) field codes: zero plus exponents -(2^(bits-1) - 2) .. 0.
    return f"!qcost.pot<{bits}, {-((1 << (bits - 1)) - 2)}, 0>"


def import_onnx(model, config=None, calibration_inputs=None, name="main"):
    """Imports an ONNX model (a path or a ModelProto) into qcost MLIR text.

    `config` is a QuantConfig (default: W4A4 linear, per-channel weights);
    `calibration_inputs` optionally maps graph input names to NCHW float
    arrays used instead of random calibration data. Raises OnnxImportError
    naming the node for anything it cannot import.
    """
    if not isinstance(model, onnx.ModelProto):
        try:
            model = onnx.load(str(model))
        except (OSError, onnx.onnx_cpp2py_export.checker.ValidationError) as e:
            raise ImportError_(f"cannot load ONNX model '{model}': {e}") from e
        except Exception as e:  # protobuf DecodeError and friends
            raise ImportError_(f"'{model}' is not an ONNX model: {e}") from e
    config = config if config is not None else QuantConfig()
    return _Importer(model, config, calibration_inputs).run(name)
