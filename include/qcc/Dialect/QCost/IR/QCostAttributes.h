//===- QCostAttributes.h - qcost enums and attributes -----------*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_H
#define QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "qcc/Dialect/QCost/IR/Arithmetic.h"
#include "qcc/Format/NumberFormat.h"

#include "qcc/Dialect/QCost/IR/QCostEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "qcc/Dialect/QCost/IR/QCostAttributes.h.inc"

namespace qcc::qcost {

/// The dialect's rounding and overflow modes as the format library's.
::qcc::Rounding toFormatRounding(RoundingMode mode, uint64_t seed);
::qcc::OverflowMode toFormatOverflow(OverflowMode mode);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_IR_QCOSTATTRIBUTES_H
