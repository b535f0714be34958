//===- QCostOps.td - qcost operations ----------------------*- tablegen -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTOPS_TD
#define QCC_DIALECT_QCOST_IR_QCOSTOPS_TD

include "qcc/Dialect/QCost/IR/QCostDialect.td"
include "qcc/Dialect/QCost/IR/QCostAttributes.td"
include "qcc/Dialect/QCost/IR/QCostCodecOps.td"
include "qcc/Dialect/QCost/IR/QCostInterfaces.td"
include "qcc/Dialect/QCost/IR/QCostTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Constraints and shared pieces
//===----------------------------------------------------------------------===//

def QCost_Numeric : Type<CPred<"::qcc::qcost::isNumericType($_self)">,
    "qcost number format, builtin integer (1 to 64 bits) or builtin float">;
def QCost_Tensor : RankedTensorOf<[QCost_Numeric]>;
def QCost_FloatTensor : RankedTensorOf<[AnyFloat]>;

// Every qcost op describes its arithmetic for the cost models.
class QCost_Op<string mnemonic, list<Trait> traits = []>
    : Op<QCost_Dialect, mnemonic, !listconcat([Pure,
        DeclareOpInterfaceMethods<QCost_CostOpInterface>], traits)>;

// Ops that round their exact result once into the result format.
defvar QCost_RoundingArgs = (ins
  DefaultValuedAttr<QCost_RoundingModeAttr,
                    "::qcc::qcost::RoundingMode::nearest_even">:$rounding,
  OptionalAttr<I64Attr>:$seed,
  DefaultValuedAttr<QCost_OverflowModeAttr,
                    "::qcc::qcost::OverflowMode::saturate">:$overflow);
defvar QCost_RoundingDoc = [{

    Rounding: `rounding` (`nearest_even` by default, `toward_zero`,
    `stochastic` with `seed`) and `overflow` (`saturate` by default, `wrap`)
    say how the exact result becomes the result format.
  }];

class QCost_RoundingOp<string mnemonic, list<Trait> traits = []>
    : QCost_Op<mnemonic, !listconcat(traits,
        [QCost_RoundingOpInterface])>;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def QCost_ConstantOp : QCost_Op<"constant", [ConstantLike]> {
  let summary = "a constant tensor in a number format (weights, biases, scales)";
  let description = [{
    Materialises a tensor whose element type is a number format from an
    elements attribute, either `dense` (splats stay one value) or
    `dense_resource` (large weights live in the file's resource section or in
    bytecode, not inline). The attribute's element type says how to read it:

    - an integer type `iN` (N >= W): the elements are the codes; the low W
      bits are the code and the rest must be its sign extension (signed fixed
      point) or zero (every other format);
    - a float type: the elements are real values, each exactly representable
      in the format (checked when the data is available).

    ```mlir
    %w = qcost.constant dense<[[1, -2], [3, 7]]> : tensor<2x2xi4>
           -> tensor<2x2x!qcost.fixed<4, 2>>
    %s = qcost.constant dense<[0.25, 0.5]> : tensor<2xf32>
           -> tensor<2x!qcost.pot<4, -6, 0>>
    %b = qcost.constant dense_resource<pw1_weights> : tensor<1x1x32x64xi8>
           -> tensor<1x1x32x64x!qcost.pot<4, -6, 0>>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$value attr-dict `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The codes in row-major order, as integers: sign-extended for signed
    /// fixed point, zero-extended otherwise (float-valued attributes are
    /// encoded). std::nullopt when the data is not available (a resource
    /// whose blob was elided) or is malformed.
    std::optional<::llvm::SmallVector<int64_t>> getCodeValues();
  }];
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def QCost_Conv2DOp : QCost_Op<"conv2d"> {
  let summary = "2-D convolution (NHWC input, HWIO filter) into an accumulator";
  let description = [{
    `input` is `N x H x W x C`, `filter` is `KH x KW x C/groups x O`, the
    optional `bias` is `O` elements in the accumulator format, the result is
    `N x OH x OW x O` with `OH = (H + pad_top + pad_bottom - dilation_h *
    (KH - 1) - 1) / stride_h + 1` (and likewise `OW`). `padding` is
    `[top, bottom, left, right]` and pads with zero; `strides` and `dilations`
    default to 1, `groups` to 1. Depthwise convolution is `groups = C` with
    `C/groups = 1`; pointwise is a 1x1 kernel with `groups = 1`.

    The result element type is the accumulator format: every product is
    exact, converted into the accumulator, and summed in it (fixed-point
    accumulators wrap modulo 2^W, float ones round each sum). With
    integer-like operands (fixed, power-of-two, binary, integers) and a fixed
    point accumulator, the accumulator must hold one product exactly: enough
    fraction bits and enough range. `qcost-check-accumulators` warns where a
    whole dot product may overflow.

    ```mlir
    // Depthwise 3x3, stride 1, same padding, 4-bit operands, 16-bit acc.
    %y = qcost.conv2d %x, %w padding [1, 1, 1, 1] groups 32
           : (tensor<1x56x56x32x!qcost.ufixed<4, 0>>,
              tensor<3x3x1x32x!qcost.fixed<4, 0>>)
           -> tensor<1x56x56x32x!qcost.fixed<16, 0>>
    ```
  }];
  let arguments = (ins QCost_Tensor:$input, QCost_Tensor:$filter,
                       Optional<QCost_Tensor>:$bias,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       OptionalAttr<DenseI64ArrayAttr>:$padding,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       OptionalAttr<I64Attr>:$groups);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`bias` `(` $bias^ `)`)? (`strides` $strides^)?
    (`padding` $padding^)? (`dilations` $dilations^)? (`groups` $groups^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Strides, dilations (H, W) and padding (top, bottom, left, right) with
    /// their defaults filled in.
    ::llvm::SmallVector<int64_t, 2> getStrideValues();
    ::llvm::SmallVector<int64_t, 2> getDilationValues();
    ::llvm::SmallVector<int64_t, 4> getPaddingValues();
    int64_t getGroupCount() { return getGroups().value_or(1); }
    /// groups == C and one input channel per group.
    bool isDepthwise();
    /// A 1x1 kernel, stride 1, no padding, groups == 1.
    bool isPointwise();
  }];
}

def QCost_MatmulOp : QCost_Op<"matmul"> {
  let summary = "(batched) matrix product into an accumulator";
  let description = [{
    `lhs` is `... x M x K`, `rhs` is `... x K x N` with the same leading batch
    dimensions; the result `... x M x N` is in the accumulator format, with
    the accumulation rules of `qcost.conv2d`.

    ```mlir
    %c = qcost.matmul %a, %b : (tensor<4x64x!qcost.fixed<8, 0>>,
                                tensor<64x16x!qcost.fixed<8, 0>>)
                             -> tensor<4x16x!qcost.fixed<24, 0>>
    ```
  }];
  let arguments = (ins QCost_Tensor:$lhs, QCost_Tensor:$rhs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCost_DenseOp : QCost_Op<"dense"> {
  let summary = "fully connected layer: x * W (+ bias) into an accumulator";
  let description = [{
    `input` is `N x K`, `weight` is `K x O`, the optional `bias` is `O`
    elements in the accumulator format; the result `N x O` is in the
    accumulator format, with the accumulation rules of `qcost.conv2d`.

    ```mlir
    %y = qcost.dense %x, %w bias(%b)
           : (tensor<1x1280x!qcost.ufixed<4, 0>>, tensor<1280x1000x!qcost.fixed<4, 0>>,
              tensor<1000x!qcost.fixed<20, 0>>) -> tensor<1x1000x!qcost.fixed<20, 0>>
    ```
  }];
  let arguments = (ins QCost_Tensor:$input, QCost_Tensor:$weight,
                       Optional<QCost_Tensor>:$bias);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`bias` `(` $bias^ `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

def QCost_QuantizeOp : QCost_RoundingOp<"quantize"> {
  let summary = "float to number format: round(x * scale)";
  let description = !strconcat([{
    Encodes float values into the result format. With a `scale` operand the
    value encoded is `x * scale` (the scale multiplies: it is the inverse of
    the quantization step of ONNX's `QuantizeLinear`). The scale's element
    type says what the multiply costs: a float, a fixed-point value, or a
    power of two (a shift, after double quantization). Its shape
    block-broadcasts to the input: each scale dimension (aligned to the
    trailing dimensions) is 1, equal to the input's, or divides it (one scale
    per block); rank 0 or all ones is per tensor, `[C]` per channel.

    ```mlir
    %q = qcost.quantize %x scale(%s) rounding stochastic seed 7
           : (tensor<1x8x8x16xf32>, tensor<16xf32>)
           -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_FloatTensor:$input,
                            Optional<QCost_Tensor>:$scale), QCost_RoundingArgs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$input (`scale` `(` $scale^ `)`)? " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCost_DequantizeOp : QCost_Op<"dequantize"> {
  let summary = "number format to float: decode(x) * scale";
  let description = [{
    Decodes codes to their real values, multiplies by the optional `scale`
    (block-broadcast as for `qcost.quantize`) and rounds once to the builtin
    float result type (nearest even).

    ```mlir
    %r = qcost.dequantize %q scale(%s)
           : (tensor<16x!qcost.fixed<8, 0>>, tensor<f32>) -> tensor<16xf32>
    ```
  }];
  let arguments = (ins QCost_Tensor:$input, Optional<QCost_Tensor>:$scale);
  let results = (outs QCost_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` `(` $scale^ `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCost_RescaleOp : QCost_RoundingOp<"rescale"> {
  let summary = "multiply by a scale and convert to another format";
  let description = !strconcat([{
    `result = round(input * scale)`: the typical requantization of an
    accumulator to the next layer's activation format. The scale operand's
    element type prices the multiply: float (a float multiply), fixed point
    (an integer multiply) or power of two (a shift). Double quantization is a
    change of this operand's type. The scale block-broadcasts to the input as
    for `qcost.quantize`.

    ```mlir
    %a = qcost.rescale %acc, %s overflow saturate
           : (tensor<1x56x56x32x!qcost.fixed<16, 0>>, tensor<32x!qcost.pot<6, -24, 6>>)
           -> tensor<1x56x56x32x!qcost.ufixed<4, 0>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, QCost_Tensor:$scale),
                       QCost_RoundingArgs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$input `,` $scale " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def QCost_BatchNormOp : QCost_RoundingOp<"batch_norm"> {
  let summary = "inference batch normalization with float parameters";
  let description = !strconcat([{
    `(x - mean) * gamma / sqrt(variance + epsilon) + beta` per channel (the
    last dimension). The four parameters are `[C]` tensors of one builtin
    float type, in which the arithmetic is carried out step by step (see
    docs/semantics.md); the result is rounded once into the result format.

    ```mlir
    %y = qcost.batch_norm %x, %gamma, %beta, %mean, %var epsilon 1.0e-05
           : (tensor<1x56x56x32x!qcost.fixed<16, 0>>, tensor<32xf32>, tensor<32xf32>,
              tensor<32xf32>, tensor<32xf32>) -> tensor<1x56x56x32xf32>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, QCost_FloatTensor:$gamma,
                            QCost_FloatTensor:$beta, QCost_FloatTensor:$mean,
                            QCost_FloatTensor:$variance,
                            DefaultValuedAttr<F64Attr, "1.0e-5">:$epsilon),
                       QCost_RoundingArgs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `,` $mean `,` $variance
    (`epsilon` $epsilon^)? (`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCost_QuantNormOp : QCost_RoundingOp<"quant_norm"> {
  let summary = "quantized normalization: round(x * scale + bias)";
  let description = !strconcat([{
    PikeLPN's QuantNorm: batch-norm as one multiply and one add with
    quantized constants (REFERENCE.md section 4). `scale` and `bias` carry
    their own formats and block-broadcast to the input (usually `[C]`). The
    exact `x * scale + bias` is rounded once into the result format.

    ```mlir
    %y = qcost.quant_norm %acc, %s, %b
           : (tensor<1x56x56x32x!qcost.fixed<16, 0>>, tensor<32x!qcost.fixed<8, 6>>,
              tensor<32x!qcost.fixed<16, 6>>) -> tensor<1x56x56x32x!qcost.fixed<16, 4>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, QCost_Tensor:$scale,
                            QCost_Tensor:$bias), QCost_RoundingArgs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$input `,` $scale `,` $bias " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class QCost_BinaryElementwiseOp<string mnemonic, string what, string example>
    : QCost_RoundingOp<mnemonic> {
  let summary = "elementwise " # what;
  let description = !strconcat("\n    The exact " # what # " of `lhs` and `rhs` "
    # "(any formats), rounded once into the result format. The result has the "
    # "shape of `lhs`; `rhs` has that shape or block-broadcasts to it (a "
    # "scalar, one value per channel, or `1x1x1xC` squeeze-excitation "
    # "weights on an NHWC tensor), so the op is not commutative.\n\n"
    # "    ```mlir\n" # example # "\n    ```\n", QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$lhs, QCost_Tensor:$rhs),
                       QCost_RoundingArgs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs (`rounding` $rounding^)? "
    "(`seed` $seed^)? (`overflow` $overflow^)? attr-dict `:` "
    "functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCost_AddOp : QCost_BinaryElementwiseOp<"add", "sum", [{
    // A skip connection.
    %s = qcost.add %a, %b : (tensor<1x28x28x32x!qcost.fixed<8, 4>>,
                             tensor<1x28x28x32x!qcost.fixed<8, 4>>)
                          -> tensor<1x28x28x32x!qcost.fixed<9, 4>>}]>;

def QCost_MulOp : QCost_BinaryElementwiseOp<"mul", "product", [{
    %p = qcost.mul %a, %b : (tensor<64x!qcost.fixed<8, 4>>, tensor<64x!qcost.fixed<8, 4>>)
                          -> tensor<64x!qcost.fixed<16, 8>>
    // Squeeze-excitation: one gate per image and channel.
    %g = qcost.mul %x, %se : (tensor<1x14x14x96xf32>, tensor<1x1x1x96xf32>)
                           -> tensor<1x14x14x96xf32>}]>;

def QCost_ShiftOp : QCost_RoundingOp<"shift"> {
  let summary = "multiply by 2^amount (arithmetic shift)";
  let description = !strconcat([{
    `round(input * 2^amount)`: positive amounts shift left, negative right.
    `amount` is a builtin integer or `fixed<W, 0>` tensor that
    block-broadcasts to the input (per tensor, per channel, ...).

    ```mlir
    %y = qcost.shift %x, %k rounding toward_zero
           : (tensor<8x16x!qcost.fixed<16, 0>>, tensor<16xi8>)
           -> tensor<8x16x!qcost.fixed<8, 0>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, QCost_Tensor:$amount),
                       QCost_RoundingArgs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$input `,` $amount " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

class QCost_UnaryElementwiseOp<string mnemonic, list<Trait> traits = []>
    : QCost_RoundingOp<mnemonic, traits> {
  let results = (outs QCost_Tensor:$result);
  let hasVerifier = 1;
}

def QCost_ReluOp : QCost_UnaryElementwiseOp<"relu"> {
  let summary = "max(x, 0)";
  let description = !strconcat([{
    The exact `max(x, 0)` rounded once into the result format (often a
    narrower unsigned format: ReLU followed by requantization).

    ```mlir
    %y = qcost.relu %x : (tensor<1x56x56x32x!qcost.fixed<8, 4>>)
                       -> tensor<1x56x56x32x!qcost.ufixed<4, 2>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input), QCost_RoundingArgs);
  let assemblyFormat = "$input " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
}

def QCost_PReluOp : QCost_UnaryElementwiseOp<"prelu"> {
  let summary = "parametric ReLU: x >= 0 ? x : alpha * x";
  let description = !strconcat([{
    `alpha` block-broadcasts to the input (per tensor or per channel). One
    multiply per element.

    ```mlir
    %y = qcost.prelu %x, %alpha : (tensor<1x8x8x16x!qcost.fixed<8, 4>>,
                                   tensor<16x!qcost.fixed<8, 7>>)
                                -> tensor<1x8x8x16x!qcost.fixed<8, 4>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, QCost_Tensor:$alpha),
                       QCost_RoundingArgs);
  let assemblyFormat = "$input `,` $alpha " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
}

def QCost_DPReluOp : QCost_UnaryElementwiseOp<"dprelu"> {
  let summary = "dynamic-shift PReLU of PikeLPN";
  let description = !strconcat([{
    With `t = x - alpha`: `eta * t - beta` if `t > 0`, else `gamma * t - beta`
    (REFERENCE.md section 1). The four parameters block-broadcast to the
    input. One multiply and one add per element.

    ```mlir
    %y = qcost.dprelu %x, %alpha, %beta, %eta, %gamma
           : (tensor<1x8x8x16x!qcost.fixed<8, 4>>, tensor<16x!qcost.fixed<8, 4>>,
              tensor<16x!qcost.fixed<8, 4>>, tensor<16x!qcost.fixed<8, 6>>,
              tensor<16x!qcost.fixed<8, 6>>) -> tensor<1x8x8x16x!qcost.fixed<8, 4>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, QCost_Tensor:$alpha,
                            QCost_Tensor:$beta, QCost_Tensor:$eta,
                            QCost_Tensor:$gamma), QCost_RoundingArgs);
  let assemblyFormat = [{
    $input `,` $alpha `,` $beta `,` $eta `,` $gamma
    (`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)? attr-dict `:` functional-type(operands, results)
  }];
}

def QCost_ClipOp : QCost_UnaryElementwiseOp<"clip"> {
  let summary = "clamp to [min, max]";
  let description = !strconcat([{
    The exact `min(max(x, min), max)` rounded once into the result format;
    `min <= max` are real numbers (ReLU6 is `min 0.0 max 6.0`).

    ```mlir
    %y = qcost.clip %x min 0.0 max 6.0 : (tensor<16x!qcost.fixed<8, 4>>)
                                       -> tensor<16x!qcost.ufixed<4, 1>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, F64Attr:$min, F64Attr:$max),
                       QCost_RoundingArgs);
  let assemblyFormat = "$input `min` $min `max` $max " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
}

def QCost_ReduceSumOp : QCost_RoundingOp<"reduce_sum"> {
  let summary = "sum over dimensions";
  let description = !strconcat([{
    The exact sum of the input over the dimensions listed in `dims` (which
    are removed from the shape), rounded once into the result format. With a
    batched `qcost.matmul` and a `qcost.rescale` it expresses sub-channel
    (group-wise) weight scaling: per-group partial sums, one scale per group
    and output channel, then the sum over the groups.

    ```mlir
    // 4 groups of partial sums, each scaled per output channel, then summed.
    %partial = qcost.matmul %xg, %wg : (tensor<4x1x16x!qcost.fixed<4, 0>>,
                                        tensor<4x16x8x!qcost.fixed<4, 0>>)
                                     -> tensor<4x1x8x!qcost.fixed<16, 0>>
    %scaled = qcost.rescale %partial, %s : (tensor<4x1x8x!qcost.fixed<16, 0>>,
                                            tensor<4x1x8xf32>) -> tensor<4x1x8xf32>
    %y = qcost.reduce_sum %scaled dims [0] : (tensor<4x1x8xf32>) -> tensor<1x8xf32>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input, DenseI64ArrayAttr:$dims),
                       QCost_RoundingArgs);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$input `dims` $dims " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
    " attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

class QCost_Pool2DOp<string mnemonic> : QCost_UnaryElementwiseOp<mnemonic> {
  let arguments = !con((ins QCost_Tensor:$input,
                            DenseI64ArrayAttr:$kernel,
                            OptionalAttr<DenseI64ArrayAttr>:$strides,
                            OptionalAttr<DenseI64ArrayAttr>:$padding),
                       QCost_RoundingArgs);
  let assemblyFormat = "$input `kernel` $kernel (`strides` $strides^)? "
    "(`padding` $padding^)? (`rounding` $rounding^)? (`seed` $seed^)? "
    "(`overflow` $overflow^)? attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    ::llvm::SmallVector<int64_t, 2> getStrideValues();
    ::llvm::SmallVector<int64_t, 4> getPaddingValues();
  }];
}

def QCost_MaxPool2DOp : QCost_Pool2DOp<"max_pool2d"> {
  let summary = "2-D max pooling (NHWC)";
  let description = !strconcat([{
    The largest input in each `kernel` window (padded positions never win),
    rounded into the result format. `strides` default to the kernel size,
    `padding` (`[top, bottom, left, right]`) to zero.

    ```mlir
    %y = qcost.max_pool2d %x kernel [2, 2]
           : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x16x!qcost.ufixed<4, 0>>
    ```
  }], QCost_RoundingDoc);
}

def QCost_AvgPool2DOp : QCost_Pool2DOp<"avg_pool2d"> {
  let summary = "2-D average pooling (NHWC)";
  let description = !strconcat([{
    The exact mean of each `kernel` window, rounded once into the result
    format. Padded positions are not counted. `strides` default to the kernel
    size, `padding` to zero.

    ```mlir
    %y = qcost.avg_pool2d %x kernel [2, 2] strides [2, 2]
           : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x16x!qcost.ufixed<8, 4>>
    ```
  }], QCost_RoundingDoc);
}

def QCost_GlobalAvgPoolOp : QCost_UnaryElementwiseOp<"global_avg_pool"> {
  let summary = "mean over H and W (NHWC to N x 1 x 1 x C)";
  let description = !strconcat([{
    The exact mean of each channel over the spatial dimensions, rounded once
    into the result format.

    ```mlir
    %y = qcost.global_avg_pool %x
           : (tensor<1x7x7x1280x!qcost.ufixed<4, 0>>) -> tensor<1x1x1x1280x!qcost.ufixed<8, 4>>
    ```
  }], QCost_RoundingDoc);
  let arguments = !con((ins QCost_Tensor:$input), QCost_RoundingArgs);
  let assemblyFormat = "$input " #
    "(`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?" #
                       " attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def QCost_ConcatOp : QCost_Op<"concat"> {
  let summary = "concatenate tensors of one format along an axis";
  let description = [{
    All inputs and the result share one element type (requantize first when
    formats differ) and agree on every dimension but `axis`.

    ```mlir
    %c = qcost.concat %a, %b axis 3
           : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<1x8x8x8x!qcost.ufixed<4, 0>>)
           -> tensor<1x8x8x24x!qcost.ufixed<4, 0>>
    ```
  }];
  let arguments = (ins Variadic<QCost_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCost_ReshapeOp : QCost_Op<"reshape"> {
  let summary = "reshape without changing the elements or their format";
  let description = [{
    Same element type and element count, row-major order.

    ```mlir
    %f = qcost.reshape %x : (tensor<1x1x1x1280x!qcost.ufixed<4, 0>>)
                          -> tensor<1x1280x!qcost.ufixed<4, 0>>
    ```
  }];
  let arguments = (ins QCost_Tensor:$input);
  let results = (outs QCost_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // QCC_DIALECT_QCOST_IR_QCOSTOPS_TD
