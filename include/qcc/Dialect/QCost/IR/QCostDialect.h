//===- QCostDialect.h - the qcost dialect -----------------------*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTDIALECT_H
#define QCC_DIALECT_QCOST_IR_QCOSTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "qcc/Dialect/QCost/IR/QCostOpsDialect.h.inc"

#endif // QCC_DIALECT_QCOST_IR_QCOSTDIALECT_H
