//===- QCostAttributes.td - qcost enums and attributes -----*- tablegen -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_TD
#define QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_TD

include "qcc/Dialect/QCost/IR/QCostDialect.td"
include "mlir/IR/EnumAttr.td"

def QCost_RoundingModeEnum : I32EnumAttr<"RoundingMode",
    "how an exact result is rounded into a format", [
  I32EnumAttrCase<"nearest_even", 0>,
  I32EnumAttrCase<"toward_zero", 1>,
  I32EnumAttrCase<"stochastic", 2>,
]> {
  let cppNamespace = "::qcc::qcost";
  let genSpecializedAttr = 0;
}

def QCost_RoundingModeAttr : EnumAttr<QCost_Dialect, QCost_RoundingModeEnum,
                                      "rounding"> {
  let summary = "rounding mode: nearest_even, toward_zero or stochastic";
  let description = [{
    `nearest_even` rounds to the nearest value, ties to the even code;
    `toward_zero` truncates the magnitude; `stochastic` rounds up with
    probability equal to the fractional distance, using the op's `seed`
    (see docs/semantics.md for the exact random stream).
  }];
  let assemblyFormat = "`<` $value `>`";
}

def QCost_OverflowModeEnum : I32EnumAttr<"OverflowMode",
    "what happens to values beyond a format's range", [
  I32EnumAttrCase<"saturate", 0>,
  I32EnumAttrCase<"wrap", 1>,
]> {
  let cppNamespace = "::qcc::qcost";
  let genSpecializedAttr = 0;
}

def QCost_OverflowModeAttr : EnumAttr<QCost_Dialect, QCost_OverflowModeEnum,
                                      "overflow"> {
  let summary = "overflow mode: saturate or wrap";
  let description = [{
    `saturate` clamps to the largest/lowest finite value; `wrap` wraps
    fixed-point values modulo 2^W and lets floats overflow to infinity
    (power-of-two and binary formats always saturate).
  }];
  let assemblyFormat = "`<` $value `>`";
}

#endif // QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_TD
