//===- Passes.td - qcost transformation passes -------------*- tablegen -*-===//

#ifndef QCC_DIALECT_QCOST_TRANSFORMS_PASSES_TD
#define QCC_DIALECT_QCOST_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QCostCheckAccumulators : Pass<"qcost-check-accumulators"> {
  let summary = "Warn where a dot product may overflow its accumulator";
  let description = [{
    The verifier of `qcost.conv2d`, `qcost.matmul` and `qcost.dense` only
    requires that the accumulator holds one product exactly. A sum of `K`
    worst-case products (plus the bias) may still exceed a fixed-point
    accumulator, which then wraps modulo 2^W (docs/semantics.md). This pass
    computes that worst case for integer-like operands and reports every
    contraction at risk with the width it would need; with `as-error` the
    report is an error and the pass fails. A bias that is a `qcost.constant`
    adds the range of its actual values; a bias computed at run time is not
    bounded and not counted. Float accumulators are not checked (they round
    instead of wrapping).

    ```mlir
    // 3x3x32 = 288 products of 4-bit x 4-bit values: needs 16 bits.
    %y = qcost.conv2d %x, %w : (tensor<1x8x8x32x!qcost.fixed<4, 0>>,
                                tensor<3x3x32x16x!qcost.fixed<4, 0>>)
                             -> tensor<1x6x6x16x!qcost.fixed<12, 0>>
    // warning: accumulator '!qcost.fixed<12, 0>' may overflow: 288 products
    // range over [-16128, 18432]; 16 bits are needed
    ```
  }];
  let options = [
    Option<"asError", "as-error", "bool", /*default=*/"false",
           "Report accumulators at risk as errors and fail">,
  ];
  let statistics = [
    Statistic<"numChecked", "checked", "Contractions checked">,
    Statistic<"numAtRisk", "at-risk", "Accumulators that may overflow">,
  ];
}

def QCostAnnotateCost : Pass<"qcost-annotate-cost", "::mlir::ModuleOp"> {
  let summary = "Price every op with a cost model and report";
  let description = [{
    Asks every op for its arithmetic (CostOpInterface) and prices it with the
    cost model named by `model`: `ace-v2` (PikeLPN's bit-adders of every
    multiply, add and shift), `ace` (b_w x b_a per MAC), `energy-45nm` (pJ),
    `bops` (QONNX-style bit operations), `fpga-luts` (LUTs of one MAC unit from
    the measured table). Each priced op gets a `qcost.cost` attribute
    (`#qcost.cost`) with its total and its split into MAC, batch-norm (`bn`),
    activation (`act`), quantization (`qp`) and other elementwise work; the
    module gets `qcost.cost_totals`. Ops of other dialects that do real work are reported
    as unpriced (a warning with their location), never counted as zero.

    With `report=text` or `report=json` the pass also writes a report (see
    docs/cost-model.md for both formats) to `report-file` (`-` is stdout).

    ```mlir
    // qcc-opt model.mlir --qcost-annotate-cost="model=ace-v2 report=text"
    %y = qcost.conv2d %x, %w {qcost.cost = #qcost.cost<act = 0, bn = 0,
        mac = 28901376, macs = 1806336, model = "ace-v2", other = 0, qp = 0,
        total = 28901376>} : ...
    ```
  }];
  // The #qcost.cost attributes need the dialect even in modules with no
  // qcost op.
  let dependentDialects = ["::qcc::qcost::QCostDialect"];
  let options = [
    Option<"model", "model", "std::string", /*default=*/"\"ace-v2\"",
           "Cost model: ace-v2, ace, energy-45nm, bops or fpga-luts">,
    Option<"report", "report", "std::string", /*default=*/"\"none\"",
           "Report to write: none, text or json">,
    Option<"reportFile", "report-file", "std::string", /*default=*/"\"-\"",
           "Where the report goes ('-' is stdout)">,
    Option<"topN", "top", "unsigned", /*default=*/"10",
           "How many of the most expensive ops the text report lists">,
  ];
}

//===----------------------------------------------------------------------===//
// PikeLPN rewrites (REFERENCE.md sections 4-6, docs/rewrites.md)
//===----------------------------------------------------------------------===//

def QCostFoldBatchNorm : Pass<"qcost-fold-batchnorm"> {
  let summary = "Fold batch-norm into the preceding convolution or dense layer";
  let description = [{
    Classic folding: a `qcost.batch_norm` whose input is the only use of a
    `qcost.conv2d` or `qcost.dense` with constant weights (and a constant or
    no bias) disappears into it. With `inv = gamma / sqrt(variance + epsilon)`
    per output channel, computed in double precision:

    - weights: `w'[..., o] = w[..., o] * inv[o]`, encoded in the weights' format;
    - bias: `b'[o] = (b[o] - mean[o]) * inv[o] + beta[o]`, encoded in the
      accumulator format (a bias is added when there was none).

    The folded weights and bias must fit their formats. Float formats
    (builtin or `!qcost.float`) always fold: rounding each folded value once
    is what float folding does. Fixed-point, power-of-two and binary formats
    fold only if no value moves by more than `max-error` times the largest
    magnitude of its tensor (0 by default: exactly); otherwise the batch-norm
    stays and a remark says by how much the formats would lose. 4-bit weights
    can rarely absorb a scale: that is what `qcost-quantnorm` is for.

    When the batch-norm's result type differs from the accumulator, a
    `qcost.rescale` by the constant 1 (a 1-bit power of two) converts the
    accumulator with the batch-norm's rounding and overflow modes.

    ```mlir
    %y = qcost.conv2d %x, %w : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>)
                             -> tensor<1x8x8x32xf32>
    %z = qcost.batch_norm %y, %gamma, %beta, %mean, %var : ...
    // becomes
    %z = qcost.conv2d %x, %w_folded bias(%b_folded) : ...
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let options = [
    Option<"maxError", "max-error", "double", /*default=*/"0.0",
           "Largest error, relative to the tensor's largest magnitude, that "
           "folding may introduce into non-float weights and biases">,
  ];
  let statistics = [
    Statistic<"numFolded", "folded", "Batch-norms folded">,
    Statistic<"numKept", "kept", "Batch-norms left in place">,
  ];
}

def QCostQuantNorm : Pass<"qcost-quantnorm"> {
  let summary = "Rewrite batch-norm as QuantNorm: one multiply, one add";
  let description = [{
    PikeLPN's QuantNorm (REFERENCE.md section 4): every `qcost.batch_norm`
    with constant parameters becomes `qcost.quant_norm %x, %s, %b`, computing
    `x * s + b` rounded once into the batch-norm's result format (its
    rounding, seed and overflow modes carry over). Per channel, in double
    precision:

    - `s = Q_s(gamma / sqrt(variance + epsilon))`: the division in high
      precision, then one rounding into the scale format;
    - `b = Q_b(Q_b(beta) - Q_x(mean) * s)`: `beta` rounded into the bias
      format, `mean` into the input's format (it lives on the input's grid;
      not rounded when the input is a float), the difference rounded into the
      bias format.

    This is the algebraically correct sign (`x * s + b`); PikeLPN's printed
    `x * s - b` with the same `b` is inconsistent (REFERENCE.md section 4,
    Decision). The rewrite works whatever produces the input: a float
    tensor or an already quantized accumulator.

    Formats: `scale-type` and `bias-type` give them as MLIR types
    (`!qcost.fixed<8, 6>`, `!qcost.pot<5, -8, 7>`, `f16`, ...). Left empty,
    they are inferred from the constants and the surrounding formats:

    - scale: `fixed<scale-bits, F>` with the F that holds the largest
      `|gamma / sqrt(var + eps)|` at the finest step;
    - bias: `fixed<bias-bits, F>` with F the smaller of the input's fraction
      bits plus the scale's (so the add needs no alignment shift; none with a
      float input) and the finest F that holds the largest `|b|`.

    Batch-norms with non-constant parameters are left alone with a remark.

    ```mlir
    %y = qcost.batch_norm %acc, %gamma, %beta, %mean, %var
           : (tensor<1x8x8x16x!qcost.fixed<12, 0>>, tensor<16xf32>, ...)
           -> tensor<1x8x8x16xf32>
    // becomes
    %s = qcost.constant dense<[...]> : tensor<16xi8> -> tensor<16x!qcost.fixed<8, 6>>
    %b = qcost.constant dense<[...]> : tensor<16xi16> -> tensor<16x!qcost.fixed<16, 6>>
    %y = qcost.quant_norm %acc, %s, %b
           : (tensor<1x8x8x16x!qcost.fixed<12, 0>>, tensor<16x!qcost.fixed<8, 6>>,
              tensor<16x!qcost.fixed<16, 6>>) -> tensor<1x8x8x16xf32>
    ```
  }];
  let options = [
    Option<"scaleType", "scale-type", "std::string", /*default=*/"\"\"",
           "Format of the scale s (an MLIR type); inferred when empty">,
    Option<"biasType", "bias-type", "std::string", /*default=*/"\"\"",
           "Format of the bias b (an MLIR type); inferred when empty">,
    Option<"scaleBits", "scale-bits", "unsigned", /*default=*/"8",
           "Width of an inferred fixed-point scale format">,
    Option<"biasBits", "bias-bits", "unsigned", /*default=*/"16",
           "Width of an inferred fixed-point bias format">,
  ];
  let statistics = [
    Statistic<"numRewritten", "rewritten", "Batch-norms rewritten">,
    Statistic<"numKept", "kept", "Batch-norms left in place">,
  ];
}

def QCostDoubleQuantize : Pass<"qcost-double-quantize"> {
  let summary = "Quantize the scale factors themselves (to powers of two)";
  let description = [{
    Double quantization (REFERENCE.md section 5): the constant scale operand
    of every `qcost.quantize`, `qcost.dequantize`, `qcost.rescale` and
    `qcost.quant_norm` is re-encoded in a narrow format, so the per-element
    scale multiply becomes a shift (`to=pot`) or a small integer multiply
    (`to=fixed`). Only the scale operand's type changes; the op keeps its
    meaning `round(x * scale)` (docs/semantics.md), and the cost models price
    the new scale.

    - `to=pot`: each scale becomes the power of two nearest to it in the log
      domain, `2^round(log2 |s|)` (the replacement differs from the scale by
      a factor of at most sqrt(2), about 41%). The format is
      `!qcost.pot<bits, minExp, maxExp>` over the exponents in use, unsigned
      when no scale is negative and without zero when no scale is zero;
      `bits=0` takes the narrowest width that holds them all, a given width
      that is too narrow keeps the largest exponents and clamps the rest.
    - `to=fixed`: `fixed<bits, F>` (`ufixed` when no scale is negative), with
      the F that holds the largest scale at the finest step, nearest-even
      rounding; `bits=0` means 8.

    Scales already in the target family, and scales that are not constants,
    are left alone (the latter with a remark). The pass reports the largest
    relative error `|s' - s| / |s|` it introduced, as a remark at the op
    where it occurs, and counts the rewritten scales.

    ```mlir
    %s = arith.constant dense<2.5> : tensor<f32>
    %q = qcost.quantize %x scale(%s) : (tensor<16xf32>, tensor<f32>)
                                     -> tensor<16x!qcost.ufixed<4, 0>>
    // becomes (2.5 -> 2^1, relative error 0.2)
    %s = qcost.constant dense<0> : tensor<i8> -> tensor<!qcost.pot<1, 1, 1, nozero, unsigned>>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let options = [
    Option<"target", "to", "std::string", /*default=*/"\"pot\"",
           "Scale format family: pot or fixed">,
    Option<"bits", "bits", "unsigned", /*default=*/"0",
           "Width of the scale format (0: pot as narrow as needed, fixed 8)">,
  ];
  let statistics = [
    Statistic<"numScales", "scales", "Scale operands re-encoded">,
  ];
}

def QCostPotRewrite : Pass<"qcost-pot-rewrite"> {
  let summary = "Distribution-heterogeneous quantization: PoT or linear weights per layer";
  let description = [{
    Re-encodes the constant weights of `qcost.conv2d` and `qcost.dense` layers
    as power-of-two (PoT) codes, so their multiplies become shifts, or as
    linear fixed point (REFERENCE.md section 6). Which layers become PoT:

    - `policy=by-kind` (PikeLPN's recipe): pointwise 1x1 convolutions and
      dense layers; depthwise and other convolutions stay linear.
    - `policy=by-distribution`: each layer's actual weights are quantized
      with both candidates, PoT with `pot-bits` and linear with `linear-bits`
      (`pot-bits` when 0), and the one with the smaller error under `metric`
      (`mse`, or `sqnr` in dB) wins; ties stay linear.

    PoT weights use `!qcost.pot<pot-bits, maxExp - 2^(pot-bits-1) + 2,
    maxExp>` (signed, with zero, every exponent field used) with `maxExp`
    `floor(log2 max|w|)` or one above, whichever has the smaller squared
    error, and nearest (linear-domain) rounding, which minimizes the squared
    error of weights. Linear layers are re-encoded as `fixed<linear-bits, F>`
    with the fewest fraction bits that keep them exact, else the F with the
    smaller squared error (`linear-bits=0` leaves them as they are).

    A fixed-point accumulator that can no longer hold the new products
    exactly, or their worst-case sum, is widened (more fraction bits for the
    finer PoT levels, more integer bits for the range); a constant bias is
    re-encoded into it. Layers whose weights are not constants, or whose
    widened result would reach an op that needs the old type (`concat`,
    `reshape`, non-qcost ops), are left alone with a remark. `explain=true`
    adds a remark per layer with each candidate's error.

    ```mlir
    %w = qcost.constant dense<...> : tensor<1x1x64x128xi8>
           -> tensor<1x1x64x128x!qcost.fixed<4, 0>>
    // policy=by-kind pot-bits=4 becomes
    %w = qcost.constant dense<...> : tensor<1x1x64x128xi8>
           -> tensor<1x1x64x128x!qcost.pot<4, -3, 3>>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let options = [
    Option<"policy", "policy", "std::string", /*default=*/"\"by-kind\"",
           "Which layers become PoT: by-kind or by-distribution">,
    Option<"potBits", "pot-bits", "unsigned", /*default=*/"4",
           "Width of PoT weights (sign + exponent field), 2 to 16">,
    Option<"linearBits", "linear-bits", "unsigned", /*default=*/"0",
           "Width of linear weights (0: keep them as they are)">,
    Option<"metric", "metric", "std::string", /*default=*/"\"mse\"",
           "Error metric of by-distribution: mse or sqnr">,
    Option<"explain", "explain", "bool", /*default=*/"false",
           "Emit a remark per layer with each candidate's error">,
  ];
  let statistics = [
    Statistic<"numPot", "pot-layers", "Layers with PoT weights">,
    Statistic<"numLinear", "linear-layers", "Layers with linear weights">,
    Statistic<"numWidened", "widened-accumulators", "Accumulators widened">,
  ];
}

#endif // QCC_DIALECT_QCOST_TRANSFORMS_PASSES_TD
