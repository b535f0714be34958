//===- Passes.td - qcc conversion passes -------------------*- tablegen -*-===//

#ifndef QCC_CONVERSION_PASSES_TD
#define QCC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQCostToLinalg : Pass<"convert-qcost-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower qcost ops to integer-only linalg on storage types";
  let description = [{
    Replaces qcost tensors by tensors of their storage integers (the layout of
    docs/running.md: signed fixed point sign-extended in i8/i16/i32/i64, every
    other format's raw code zero-extended; f32/f16 stay) and every qcost op by
    `linalg.generic` ops that compute the exact result and round it once, bit
    for bit as docs/semantics.md says:

    - integer-like operands are decoded to integers at their format's LSB
      (fixed point: the code; power of two: a shift of one; binary: +-1) and
      the exact result is computed in i128; constant float scales and
      QuantNorm parameters are split at compile time into integers and a
      common power of two;
    - rounding (`nearest_even`, `toward_zero`, `stochastic` with the
      SplitMix64 draw of the element index) is decided on the exact remainder;
      `saturate` clamps, `wrap` truncates;
    - float activations (f32, f16, bf16) meet integers in f64, where their
      products are exact; batch_norm computes in its parameter type with IEEE
      operations;
    - contractions (conv2d with any groups, matmul, dense) multiply-accumulate
      in wrapping 64-bit integers and truncate to the accumulator width;
      pooling divides the exact window sum by the number of real inputs.

    What does not lower fails with an error at the op that names it and the
    format (minifloats, shift, float accumulators, float pooling; see
    docs/running.md).

    ```mlir
    %y = qcost.rescale %x, %s : (tensor<4x!qcost.fixed<16, 0>>, tensor<f32>)
                              -> tensor<4x!qcost.fixed<8, 0>>
    // becomes a linalg.generic over tensor<4xi16> -> tensor<4xi8>
    ```
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::math::MathDialect",
                           "mlir::tensor::TensorDialect"];
}

def ConvertQCostCodecToArith : Pass<"convert-qcost-codec-to-arith"> {
  let summary = "Expand qcost.decode and qcost.encode into arith";
  let description = [{
    Replaces every scalar codec op by arith and math ops on builtin integers
    and floats, bit for bit as docs/semantics.md says, one expansion per
    format kind:

    - fixed point: decodes extend and shift; an integer value rounds by
      splitting at the format's LSB into a floor and a remainder (or by a
      floor division for quotients) in the narrowest integer width that holds
      them, then saturates or wraps; a float value splits the same way in
      f64;
    - binary: the sign; stochastic rounding through ufixed<1, 0>;
    - power of two and minifloats (every subnormal and special variant, and
      bf16): decoded from their fields; values round onto the grid of codes
      from an i128 significand, a run-time exponent and a sticky bit;
    - f32 and f16: decodes extend; nearest-even encodes of floats are one
      `arith.truncf`.

    The rounding decision (nearest even, toward zero, stochastic with the
    SplitMix64 draw of the element index) is one function shared by all of
    them. The op verifiers have already rejected what does not expand
    (qcc/Dialect/QCost/IR/CodecLimits.h).

    ```mlir
    %c = qcost.encode %acc lsb -8 as !qcost.fixed<8, 4> : (i32) -> i8
    // becomes, in i32: floor = acc >> 4, remainder = acc & 15, a
    // nearest-even decision on (remainder, floor & 1), the sum, a clamp to
    // [-128, 127] and a truncation to i8.
    ```
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect"];
}

#endif // QCC_CONVERSION_PASSES_TD
