//===- Passes.h - qcost transformation passes -------------------*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_TRANSFORMS_PASSES_H
#define QCC_DIALECT_QCOST_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace qcc::qcost {

#define GEN_PASS_DECL
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_TRANSFORMS_PASSES_H
