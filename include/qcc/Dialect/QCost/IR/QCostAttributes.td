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


#endif // QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_TD
