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
    `linalg.generic` ops whose bodies compute the exact result in wide
    integers and round it once, bit for bit as docs/semantics.md says:

    - operands are decoded to integers at their format's LSB (fixed point:
      the code; power of two: a shift of one; binary: +-1);
    - constant float scales and QuantNorm parameters are split at compile time
      into integers and a common power of two;
    - rounding (`nearest_even`, `toward_zero`) is an arithmetic shift with the
      rounding decided on the shifted-out bits; `saturate` clamps, `wrap`
      truncates;
    - contractions multiply-accumulate in 64-bit integers and wrap to the
      accumulator width.

    What does not lower yet fails with an error at the op that names it and
    the format (minifloat storage, stochastic rounding, batch_norm, pooling,
    float inputs; see docs/running.md).

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
