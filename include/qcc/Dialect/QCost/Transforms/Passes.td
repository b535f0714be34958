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

#endif // QCC_DIALECT_QCOST_TRANSFORMS_PASSES_TD
