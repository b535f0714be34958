//===- QCostInterfaces.td - qcost type and op interfaces ---*- tablegen -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTINTERFACES_TD
#define QCC_DIALECT_QCOST_IR_QCOSTINTERFACES_TD

include "mlir/IR/OpBase.td"

def QCost_NumberFormatTypeInterface : TypeInterface<"NumberFormatTypeInterface"> {
  let cppNamespace = "::qcc::qcost";
  let description = [{
    A type that is a number format: it knows its bit width, its range and how
    real values are encoded into its codes, all through the `qcc::NumberFormat`
    it describes. Builtin integer and float types are mapped to formats by
    `qcc::qcost::getNumberFormat(Type)` instead.
  }];
  let methods = [
    InterfaceMethod<"The format this type describes.",
      "::qcc::NumberFormat", "getNumberFormat">,
  ];
}

def QCost_RoundingOpInterface : OpInterface<"RoundingOpInterface"> {
  let cppNamespace = "::qcc::qcost";
  let description = [{
    An op that rounds its exact result once into its result format. The
    rounding mode, its seed (stochastic rounding only) and the overflow mode
    say how; `getFormatRounding()` gives them as the `qcc::Rounding` that
    `qcc::NumberFormat::encode` takes.
  }];
  let methods = [
    InterfaceMethod<"The rounding mode.", "::qcc::qcost::RoundingMode",
      "getRounding">,
    InterfaceMethod<"The overflow mode.", "::qcc::qcost::OverflowMode",
      "getOverflow">,
    InterfaceMethod<"The stochastic rounding seed, if set.",
      "::std::optional<uint64_t>", "getSeed">,
  ];
  let extraSharedClassDeclaration = [{
    /// The rounding rule for qcc::NumberFormat::encode.
    ::qcc::Rounding getFormatRounding() {
      return ::qcc::qcost::toFormatRounding($_op.getRounding(),
                                            $_op.getSeed().value_or(0));
    }
    ::qcc::OverflowMode getFormatOverflow() {
      return ::qcc::qcost::toFormatOverflow($_op.getOverflow());
    }
  }];
  let verify = [{ return ::qcc::qcost::verifyRoundingOp($_op); }];
}

def QCost_CostOpInterface : OpInterface<"CostOpInterface"> {
  let cppNamespace = "::qcc::qcost";
  let description = [{
    An op that can say what arithmetic one execution performs: how many
    multiplies, adds, shifts and compares of which operand widths (integer or
    float), how many activation elements it reads and writes, and which
    parameters it holds. Cost models (ACE_v2, energy, BOPs, ...) price this
    description; they never look at the op itself.
  }];
  let methods = [
    InterfaceMethod<"Describes the arithmetic of one execution of the op.",
      "void", "getArithmetic", (ins "::qcc::qcost::ArithmeticProfile &":$profile)>,
  ];
}

#endif // QCC_DIALECT_QCOST_IR_QCOSTINTERFACES_TD
