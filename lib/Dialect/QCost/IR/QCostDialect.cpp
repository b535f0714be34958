//===- QCostDialect.cpp - the qcost dialect -------------------------------===//

#include "qcc/Dialect/QCost/IR/QCostDialect.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace qcc::qcost;

#include "qcc/Dialect/QCost/IR/QCostOpsDialect.cpp.inc"

void QCostDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "qcc/Dialect/QCost/IR/QCostOps.cpp.inc"
      >();
  registerTypes();
  registerAttributes();
}
