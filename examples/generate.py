#!/usr/bin/python3
"""Writes the qcost example networks as MLIR.

  examples/generate.py mobilenetv2 -o examples/mobilenetv2/mobilenetv2_4w4a.mlir
  examples/generate.py mobilenetv1 -o examples/mobilenetv1/mobilenetv1_4w4a.mlir
  examples/generate.py pikelpn-block -o examples/pikelpn_separable_block.mlir
  examples/generate.py mobilenetv2-stage -o examples/mobilenetv2/mobilenetv2_stage3.mlir

(The script runs on /usr/bin/python3 with Debian's python3-numpy, which
scripts/bootstrap.sh installs.)

The networks are quantized the way a 4-bit-weight, 4-bit-activation (W4A4)
model is deployed before any PikeLPN rewrite: linear 4-bit weights (signed
codes, per-tensor scale folded into the requantization), 4-bit activations,
float batch-norm after every convolution, ReLU6 as a float clip followed by
quantization (ReLU in the PikeLPN-style MobileNetV1 and the separable
block). Weights are deterministic random codes (numpy, fixed seed) held in
`dense_resource` blobs; batch-norm parameters are realistic random f32 values.
Accumulators are the narrowest fixed-point formats that cannot overflow:
operand bits + ceil(log2(dot-product length)) (+1 with a bias), which
`qcc-opt --qcost-check-accumulators=as-error=true` confirms.
"""

import argparse
import math
import sys

import numpy as np

ACT = "!qcost.ufixed<4, 0>"        # activations after ReLU / ReLU6
BOTTLENECK = "!qcost.fixed<4, 0>"  # linear bottleneck outputs (signed)
WEIGHT = "!qcost.fixed<4, 0>"


def tensor(shape, element):
    return "tensor<" + "x".join(str(d) for d in shape) + ("x" if shape else "") + element + ">"


def format_bits(element):
    """(signed width, is_unsigned) of a fixed/ufixed element spelling."""
    width = int(element.split("<")[1].split(",")[0])
    return width, element.startswith("!qcost.ufixed")


def accumulator(lhs, rhs, length, frac=0, bias=False):
    """Narrowest signed fixed point that holds `length` products exactly."""
    wa, ua = format_bits(lhs)
    wb, ub = format_bits(rhs)
    product = wa + wb - (1 if ua and ub else 0)
    width = product + math.ceil(math.log2(length)) + (1 if bias else 0)
    return f"!qcost.fixed<{width}, {frac}>"


class Writer:
    def __init__(self, seed, per_channel=False):
        self.rng = np.random.default_rng(seed)
        self.per_channel = per_channel
        self.lines = []
        self.resources = {}
        self.macs = 0
        self.bn_elements = 0
        self.counter = 0

    def emit(self, text):
        self.lines.append("    " + text)

    def fresh(self, name):
        self.counter += 1
        return f"%{name}"

    def blob(self, name, array):
        data = np.ascontiguousarray(array)
        alignment = data.dtype.itemsize
        header = alignment.to_bytes(4, "little")
        self.resources[name] = "0x" + (header + data.tobytes()).hex().upper()
        return name

    def weight_codes(self, name, shape):
        # 4-bit codes from a discretized normal, the usual shape of trained
        # weights, stored one per byte (i8).
        codes = np.clip(np.rint(self.rng.normal(0.0, 2.2, size=shape)), -8, 7)
        self.blob(name, codes.astype(np.int8))
        value = f"%{name}"
        self.emit(f"{value} = qcost.constant dense_resource<{name}> : "
                  f"{tensor(shape, 'i8')} -> {tensor(shape, WEIGHT)}")
        return value

    def image_input(self, image_shape):
        """Quantizes the f32 image `%image` (normalized pixels * 32) to 8-bit
        codes; returns the value and its element type."""
        scale = self.scalar("image_scale", 32.0)
        x, element = "%image_q", "!qcost.fixed<8, 0>"
        self.emit(f"{x} = qcost.quantize %image scale({scale}) : "
                  f"({tensor(image_shape, 'f32')}, tensor<f32>) -> "
                  f"{tensor(image_shape, element)}")
        return x, element

    def classifier_head(self, x, shape, element):
        """Global average pool, flatten, a C->1000 dense layer with bias and
        the f32 logits `%logits`."""
        channels = shape[-1]
        pooled_element = "!qcost.ufixed<8, 4>"
        pooled_shape = [1, 1, 1, channels]
        self.emit(f"%pool = qcost.global_avg_pool {x} : ({tensor(shape, element)}) -> "
                  f"{tensor(pooled_shape, pooled_element)}")
        self.emit(f"%flat = qcost.reshape %pool : ({tensor(pooled_shape, pooled_element)}) -> "
                  f"{tensor([1, channels], pooled_element)}")
        w = self.weight_codes("classifier_w", [channels, 1000])
        acc = accumulator(pooled_element, WEIGHT, channels, frac=4, bias=True)
        bias_codes = self.rng.integers(-2 ** 10, 2 ** 10, size=1000).astype(np.int32)
        self.blob("classifier_b", bias_codes)
        self.emit(f"%classifier_b = qcost.constant dense_resource<classifier_b> : "
                  f"{tensor([1000], 'i32')} -> {tensor([1000], acc)}")
        self.emit(f"%logits_acc = qcost.dense %flat, {w} bias(%classifier_b) : "
                  f"({tensor([1, channels], pooled_element)}, "
                  f"{tensor([channels, 1000], WEIGHT)}, "
                  f"{tensor([1000], acc)}) -> {tensor([1, 1000], acc)}")
        self.macs += channels * 1000
        logit_scale = self.scalar("logit_scale", 0.0625)
        self.emit(f"%logits = qcost.dequantize %logits_acc scale({logit_scale}) : "
                  f"({tensor([1, 1000], acc)}, tensor<f32>) -> {tensor([1, 1000], 'f32')}")

    def f32_vector(self, name, values):
        self.blob(name, np.asarray(values, dtype=np.float32))
        value = f"%{name}"
        self.emit(f"{value} = arith.constant dense_resource<{name}> : "
                  f"{tensor([len(values)], 'f32')}")
        return value

    def scalar(self, name, value):
        ssa = f"%{name}"
        self.emit(f"{ssa} = arith.constant dense<{value!r}> : tensor<f32>")
        return ssa

    def conv(self, name, x, shape, element, out_channels, kernel, stride, groups):
        n, h, w, c = shape
        pad = kernel // 2
        oh = (h + 2 * pad - kernel) // stride + 1
        ow = (w + 2 * pad - kernel) // stride + 1
        filt = self.weight_codes(f"{name}_w", [kernel, kernel, c // groups, out_channels])
        length = kernel * kernel * (c // groups)
        acc = accumulator(element, WEIGHT, length)
        out_shape = [n, oh, ow, out_channels]
        attrs = ""
        if stride != 1:
            attrs += f" strides [{stride}, {stride}]"
        if pad:
            attrs += f" padding [{pad}, {pad}, {pad}, {pad}]"
        if groups != 1:
            attrs += f" groups {groups}"
        y = f"%{name}"
        self.emit(f"{y} = qcost.conv2d {x}, {filt}{attrs} : "
                  f"({tensor(shape, element)}, {tensor([kernel, kernel, c // groups, out_channels], WEIGHT)}) "
                  f"-> {tensor(out_shape, acc)}")
        self.macs += oh * ow * out_channels * length * n
        return y, out_shape, acc

    def batch_norm(self, name, x, shape, element):
        c = shape[-1]
        gamma = self.f32_vector(f"{name}_bn_gamma", self.rng.normal(1.0, 0.1, c))
        beta = self.f32_vector(f"{name}_bn_beta", self.rng.normal(0.0, 0.1, c))
        mean = self.f32_vector(f"{name}_bn_mean", self.rng.normal(0.0, 0.5, c))
        var = self.f32_vector(f"{name}_bn_var", np.abs(self.rng.normal(1.0, 0.2, c)) + 0.05)
        y = f"%{name}_bn"
        p = tensor([c], "f32")
        self.emit(f"{y} = qcost.batch_norm {x}, {gamma}, {beta}, {mean}, {var} : "
                  f"({tensor(shape, element)}, {p}, {p}, {p}, {p}) -> {tensor(shape, 'f32')}")
        self.bn_elements += int(np.prod(shape))
        return y

    def activation_quantize(self, name, x, shape, activation):
        if activation == "prelu":
            alpha = self.f32_vector(f"{name}_prelu_alpha",
                                    np.abs(self.rng.normal(0.1, 0.05, shape[-1])))
            clipped = f"%{name}_prelu"
            self.emit(f"{clipped} = qcost.prelu {x}, {alpha} : "
                      f"({tensor(shape, 'f32')}, {tensor([shape[-1]], 'f32')}) -> "
                      f"{tensor(shape, 'f32')}")
        elif activation == "relu6":
            clipped = f"%{name}_relu6"
            self.emit(f"{clipped} = qcost.clip {x} min 0.0 max 6.0 : "
                      f"({tensor(shape, 'f32')}) -> {tensor(shape, 'f32')}")
        else:
            clipped = f"%{name}_relu"
            self.emit(f"{clipped} = qcost.relu {x} : "
                      f"({tensor(shape, 'f32')}) -> {tensor(shape, 'f32')}")
        # 15 / 6: [0, 6] -> codes 0..15 (saturating above 6 after a ReLU).
        scale, scale_type = self.scale(f"{name}_act_scale", 2.5, shape[-1])
        q = f"%{name}_act"
        self.emit(f"{q} = qcost.quantize {clipped} scale({scale}) : "
                  f"({tensor(shape, 'f32')}, {scale_type}) -> {tensor(shape, ACT)}")
        return q

    def scale(self, name, value, channels):
        """A per-tensor scalar, or with per-channel scales one value per
        channel (same value: only the granularity changes)."""
        if not self.per_channel:
            return self.scalar(name, value), "tensor<f32>"
        return (self.f32_vector(name, np.full(channels, value)),
                tensor([channels], "f32"))

    def quantize_linear(self, name, x, shape):
        # [-4, 3.5] -> codes -8..7
        scale, scale_type = self.scale(f"{name}_out_scale", 2.0, shape[-1])
        q = f"%{name}_out"
        self.emit(f"{q} = qcost.quantize {x} scale({scale}) : "
                  f"({tensor(shape, 'f32')}, {scale_type}) -> {tensor(shape, BOTTLENECK)}")
        return q

    def conv_bn(self, name, x, shape, element, out_channels, kernel=1, stride=1,
                groups=1, activation="relu6"):
        """conv -> float batch-norm -> activation (relu6, relu or None) ->
        4-bit requantization."""
        y, out_shape, acc = self.conv(name, x, shape, element, out_channels,
                                      kernel, stride, groups)
        y = self.batch_norm(name, y, out_shape, acc)
        if activation:
            return (self.activation_quantize(name, y, out_shape, activation),
                    out_shape, ACT)
        return self.quantize_linear(name, y, out_shape), out_shape, BOTTLENECK

    def module(self, header, name, args, result_type, result):
        out = [header, "", "module {",
               f"  func.func @{name}({args}) -> {result_type} {{"]
        out += self.lines
        out.append(f"    return {result} : {result_type}")
        out.append("  }")
        out.append("}")
        out.append("")
        out.append("{-#")
        out.append("  dialect_resources: {")
        out.append("    builtin: {")
        items = list(self.resources.items())
        for i, (key, hexdata) in enumerate(items):
            comma = "," if i + 1 < len(items) else ""
            out.append(f"      {key}: \"{hexdata}\"{comma}")
        out.append("    }")
        out.append("  }")
        out.append("#-}")
        return "\n".join(out) + "\n"


def inverted_residual(wr, name, x, shape, element, t, c, stride, act):
    """MobileNetV2's block: 1x1 expansion (t > 1), 3x3 depthwise with
    `stride`, linear 1x1 projection, and the residual add when the shapes
    allow it."""
    block_in, in_shape, in_element = x, shape, element
    hidden = in_shape[-1] * t
    if t != 1:
        x, shape, element = wr.conv_bn(f"{name}_expand", x, shape, element, hidden,
                                       activation=act)
    x, shape, element = wr.conv_bn(f"{name}_dw", x, shape, element, hidden,
                                   kernel=3, stride=stride, groups=hidden,
                                   activation=act)
    x, shape, element = wr.conv_bn(f"{name}_project", x, shape, element, c,
                                   activation=None)
    if stride == 1 and in_shape[-1] == c:
        y = f"%{name}_residual"
        wr.emit(f"{y} = qcost.add {block_in}, {x} : ({tensor(in_shape, in_element)}, "
                f"{tensor(shape, element)}) -> {tensor(shape, element)}")
        x = y
    return x, shape, element


def mobilenetv2_stage(args):
    """MobileNetV2's third stage at 224x224: three inverted residual blocks
    (t = 6, 32 channels), the first with stride 2 (no residual), the others
    with residual adds; 1x56x56x24 in, 1x28x28x32 out."""
    wr = Writer(args.seed, per_channel=args.scales == "channel")
    shape = [1, 56, 56, 24]
    x, element = "%input", BOTTLENECK
    for i in range(3):
        x, shape, element = inverted_residual(wr, f"block{i + 4}", x, shape, element,
                                              6, 32, 2 if i == 0 else 1, args.activation)
    header = (
        "// MobileNetV2's third stage (blocks 4-6 of the 224x224 network) quantized\n"
        "// W4A4: a stride-2 inverted residual block and two with residual adds,\n"
        "// 4-bit linear weights and activations, float batch-norm.\n"
        "// Generated by: examples/generate.py mobilenetv2-stage --seed %d\n"
        "// Convolution MACs: %d; batch-norm output elements: %d."
        % (args.seed, wr.macs, wr.bn_elements))
    text = wr.module(header, "mobilenetv2_stage", f"%input: {tensor([1, 56, 56, 24], BOTTLENECK)}",
                     tensor(shape, element), x)
    return text, wr


def mobilenetv2(args):
    wr = Writer(args.seed, per_channel=args.scales == "channel")
    act = args.activation
    res = args.resolution
    image_shape = [1, res, res, 3]
    x, image_element = wr.image_input(image_shape)
    x, shape, element = wr.conv_bn("stem", x, image_shape, image_element, 32,
                                   kernel=3, stride=2, activation=act)
    settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
    block = 0
    for t, c, n, s in settings:
        for i in range(n):
            block += 1
            x, shape, element = inverted_residual(wr, f"block{block}", x, shape, element,
                                                  t, c, s if i == 0 else 1, act)
    x, shape, element = wr.conv_bn("head", x, shape, element, 1280, activation=act)
    wr.classifier_head(x, shape, element)
    header = (
        "// MobileNetV2 (width 1.0, %dx%d input) quantized W4A4: 4-bit linear weights,\n"
        "// 4-bit activations, float batch-norm, 8-bit first-layer input.\n"
        "// Generated by: examples/generate.py mobilenetv2 --seed %d --resolution %d\n"
        "// Convolution + dense MACs: %d; batch-norm output elements: %d."
        % (res, res, args.seed, res, wr.macs, wr.bn_elements))
    text = wr.module(header, "mobilenetv2", f"%image: {tensor(image_shape, 'f32')}",
                     tensor([1, 1000], "f32"), "%logits")
    return text, wr


def mobilenetv1(args):
    """MobileNetV1 as PikeLPN builds it: a 3x3 stem, 13 separable blocks
    (depthwise 3x3 -> BN -> ReLU, pointwise 1x1 -> BN -> ReLU), global average
    pool and a 1024->1000 dense layer, every activation a ReLU followed by
    4-bit requantization."""
    wr = Writer(args.seed, per_channel=args.scales == "channel")
    res = args.resolution
    image_shape = [1, res, res, 3]
    x, image_element = wr.image_input(image_shape)
    x, shape, element = wr.conv_bn("stem", x, image_shape, image_element, 32,
                                   kernel=3, stride=2, activation="relu")
    # (pointwise output channels, depthwise stride) of the 13 separable blocks.
    settings = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2),
                (1024, 1)]
    for block, (c, stride) in enumerate(settings, start=1):
        name = f"block{block}"
        channels = shape[-1]
        x, shape, element = wr.conv_bn(f"{name}_dw", x, shape, element, channels,
                                       kernel=3, stride=stride, groups=channels,
                                       activation="relu")
        x, shape, element = wr.conv_bn(f"{name}_pw", x, shape, element, c,
                                       activation="relu")
    wr.classifier_head(x, shape, element)
    header = (
        "// MobileNetV1 (width 1.0, %dx%d input) as PikeLPN builds it, quantized W4A4\n"
        "// before any PikeLPN rewrite: 3x3 stem and 13 separable blocks (depthwise\n"
        "// 3x3 -> batch-norm -> ReLU, pointwise 1x1 -> batch-norm -> ReLU), 4-bit\n"
        "// linear weights, 4-bit activations, float batch-norm, 8-bit first-layer\n"
        "// input, global average pool, 1024->1000 dense layer with bias.\n"
        "// Generated by: examples/generate.py mobilenetv1 --seed %d --resolution %d\n"
        "// Convolution + dense MACs: %d; batch-norm output elements: %d."
        % (res, res, args.seed, res, wr.macs, wr.bn_elements))
    text = wr.module(header, "mobilenetv1", f"%image: {tensor(image_shape, 'f32')}",
                     tensor([1, 1000], "f32"), "%logits")
    return text, wr


def pikelpn_block(args):
    wr = Writer(args.seed)
    shape = [1, 56, 56, 64]
    x = "%input"
    x, dw_shape, element = wr.conv_bn("dw", x, shape, ACT, 64, kernel=3, groups=64,
                                      activation="relu")
    x, out_shape, element = wr.conv_bn("pw", x, dw_shape, element, 128,
                                       activation="relu")
    header = (
        "// A PikeLPN separable block (REFERENCE.md section 6) before the PikeLPN\n"
        "// rewrites: depthwise 3x3 -> batch-norm -> ReLU -> pointwise 1x1 ->\n"
        "// batch-norm -> ReLU, 4-bit linear weights and activations, float\n"
        "// batch-norm, requantization to 4 bits after each activation.\n"
        "// Generated by: examples/generate.py pikelpn-block --seed %d\n"
        "// MACs: %d (depthwise %d, pointwise %d); batch-norm output elements: %d."
        % (args.seed, wr.macs, 56 * 56 * 64 * 9, 56 * 56 * 64 * 128, wr.bn_elements))
    text = wr.module(header, "separable_block", f"%input: {tensor(shape, ACT)}",
                     tensor(out_shape, ACT), x)
    return text, wr


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    networks = {"mobilenetv2": mobilenetv2, "mobilenetv1": mobilenetv1,
                "pikelpn-block": pikelpn_block, "mobilenetv2-stage": mobilenetv2_stage}
    parser.add_argument("network", choices=list(networks))
    parser.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of weights and BN")
    parser.add_argument("--resolution", type=int, default=224,
                        help="input height and width (MobileNetV1/V2 only)")
    parser.add_argument("--activation", choices=["relu6", "prelu"], default="relu6",
                        help="MobileNetV2 activation (prelu: per-channel f32 slopes); "
                        "MobileNetV1 and the separable block use ReLU")
    parser.add_argument("--scales", choices=["layer", "channel"], default="layer",
                        help="granularity of the activation quantization scales")
    parser.add_argument("--stats", action="store_true",
                        help="print MACs and batch-norm elements to stderr")
    args = parser.parse_args()
    text, wr = networks[args.network](args)
    if args.stats:
        print(f"MACs: {wr.macs} ({wr.macs / 1e6:.2f}M), batch-norm output elements: "
              f"{wr.bn_elements} ({wr.bn_elements / 1e6:.3f}M)", file=sys.stderr)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
