//===- QCostOps.h - qcost operations ----------------------------*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTOPS_H
#define QCC_DIALECT_QCOST_IR_QCOSTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "qcc/Dialect/QCost/IR/QCostAttributes.h"
#include "qcc/Dialect/QCost/IR/QCostDialect.h"
#include "qcc/Dialect/QCost/IR/QCostInterfaces.h"
#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#define GET_OP_CLASSES
#include "qcc/Dialect/QCost/IR/QCostOps.h.inc"

#endif // QCC_DIALECT_QCOST_IR_QCOSTOPS_H
