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

#endif // QCC_CONVERSION_PASSES_TD
