//===- QCostInterfaces.h - qcost op interfaces ------------------*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTINTERFACES_H
#define QCC_DIALECT_QCOST_IR_QCOSTINTERFACES_H

#include "mlir/IR/OpDefinition.h"
#include "qcc/Dialect/QCost/IR/Arithmetic.h"
#include "qcc/Dialect/QCost/IR/QCostAttributes.h"

namespace qcc::qcost {
/// Shared verifier of RoundingOpInterface: a seed only with stochastic
/// rounding.
mlir::LogicalResult verifyRoundingOp(mlir::Operation *op);
} // namespace qcc::qcost

#include "qcc/Dialect/QCost/IR/QCostOpInterfaces.h.inc"

#endif // QCC_DIALECT_QCOST_IR_QCOSTINTERFACES_H
