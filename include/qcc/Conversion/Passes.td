//===- Passes.td - qcc conversion passes -------------------*- tablegen -*-===//

#ifndef QCC_CONVERSION_PASSES_TD
#define QCC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQCostToLinalg : Pass<"convert-qcost-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower qcost ops to linalg on storage codes, rounding through "
                "the codec";
  let description = [{
    Replaces qcost tensors by tensors of their storage codes (the layout of
    docs/running.md: signed fixed point sign-extended in i8/i16/i32/i64, every
    other format's raw code zero-extended; f32, f16, bf16 and f64 stay) and
    every qcost op by linalg ops that compute its exact result and round it
    once, bit for bit as docs/semantics.md says. One pattern per op
    (docs/lowering.md):

    - operands are decoded in the linalg bodies by `qcost.decode`: to exact
      integers (integer-like formats; constant float operands are made
      integers times one power of two at compile time) or to exact f64 values
      (floats and minifloats, where a dry run of the formula proves every
      intermediate exact);
    - the exact result is rounded by one `qcost.encode` with the op's
      rounding and overflow modes, into every result format (fixed point,
      binary, power of two, minifloats, f32, f16, bf16);
    - contractions whose operand values are integers of at most 16 bits and
      whose sums fit 32 bits become linalg's named contractions on i8/i16
      operands with i32 sums; the others decode once to i64 or to exact f64
      values whose products round into the accumulator;
    - pooling and reduce_sum reduce exactly and encode once.

    `convert-qcost-codec-to-arith` then expands the codec ops. An op that does
    not lower (a width past the codec's limits, an unsupported accumulator)
    fails with one error at the op naming it, its formats and the reason.

    ```mlir
    %y = qcost.rescale %x, %s : (tensor<4x!qcost.fixed<16, 0>>, tensor<f32>)
                              -> tensor<4x!qcost.fixed<8, 0>>
    // becomes a linalg.generic over tensor<4xi16> -> tensor<4xi8> whose body
    // decodes, multiplies by the scale's integer and encodes:
    //   %p = arith.muli %n, %s : i32
    //   %c = qcost.encode %p lsb -2 as !qcost.fixed<8, 0> : (i32) -> i8
    ```
  }];
  let options = [
    Option<"exactWidths", "exact-widths", "bool", /*default=*/"false",
           "Store codes in integers of the format's own width (iW, as HLS "
           "arrays do) instead of i8/i16/i32/i64">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::math::MathDialect",
                           "mlir::tensor::TensorDialect",
                           "qcc::qcost::QCostDialect"];
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
