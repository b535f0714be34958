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

#endif // QCC_DIALECT_QCOST_TRANSFORMS_PASSES_TD
