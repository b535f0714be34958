//===- QCostAttributes.td - qcost enums and attributes -----*- tablegen -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_TD
#define QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_TD

include "qcc/Dialect/QCost/IR/QCostDialect.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/AttrTypeBase.td"

// Enums are stored as specialized integer attributes so that op assembly
// formats print them as bare keywords (`rounding stochastic`).

def QCost_RoundingModeAttr : I32EnumAttr<"RoundingMode",
    "rounding mode: nearest_even (ties to the even code), toward_zero, or "
    "stochastic (with a seed; see docs/semantics.md)", [
  I32EnumAttrCase<"nearest_even", 0>,
  I32EnumAttrCase<"toward_zero", 1>,
  I32EnumAttrCase<"stochastic", 2>,
]> {
  let cppNamespace = "::qcc::qcost";
}


def QCost_OverflowModeAttr : I32EnumAttr<"OverflowMode",
    "overflow mode: saturate (clamp to the finite range) or wrap (fixed "
    "point modulo 2^W, floats overflow to infinity)", [
  I32EnumAttrCase<"saturate", 0>,
  I32EnumAttrCase<"wrap", 1>,
]> {
  let cppNamespace = "::qcc::qcost";
}


//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class QCost_Attr<string name, string attrMnemonic>
    : AttrDef<QCost_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def QCost_CostAttr : QCost_Attr<"Cost", "cost"> {
  let summary = "the price of an op (or a module) in one cost model";
  let description = [{
    What `qcost-annotate-cost` attaches to every priced op (`qcost.cost`) and
    to the module (`qcost.cost_totals`): the cost model's name, the cost
    split into PikeLPN's categories (MAC, batch-norm `bn`, activation `act`,
    quantization `qp`, other elementwise work), the number of MACs, and
    `unknown` when the model has no price for part of the op's arithmetic.
    `total` is printed for reading and checked when parsed; it is always the
    sum of the five categories. Costs are in the model's unit
    (docs/cost-model.md), finite and non-negative, and printed as the
    shortest decimal that reads back exactly (integers as integers).

    ```mlir
    %y = qcost.conv2d %x, %w {qcost.cost = #qcost.cost<act = 0, bn = 0,
        mac = 28901376, macs = 1806336, model = "ace-v2", other = 0, qp = 0,
        total = 28901376>} : ...
    ```
  }];
  let parameters = (ins "::mlir::StringAttr":$model,
                        "::qcc::qcost::Cost":$cost,
                        "int64_t":$macs);
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    double getTotal() const { return getCost().total(); }
  }];
}

#endif // QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_TD
