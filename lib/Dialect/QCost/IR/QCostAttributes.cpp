//===- QCostAttributes.cpp - qcost enums and attributes -------------------===//

#include "qcc/Dialect/QCost/IR/QCostAttributes.h"
#include "qcc/Dialect/QCost/IR/QCostDialect.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace qcc::qcost;

#include "qcc/Dialect/QCost/IR/QCostEnums.cpp.inc"

qcc::Rounding qcc::qcost::toFormatRounding(RoundingMode mode, uint64_t seed) {
  switch (mode) {
  case RoundingMode::nearest_even:
    return {qcc::RoundingMode::NearestEven, seed};
  case RoundingMode::toward_zero:
    return {qcc::RoundingMode::TowardZero, seed};
  case RoundingMode::stochastic:
    return {qcc::RoundingMode::Stochastic, seed};
  }
  llvm_unreachable("unknown rounding mode");
}

qcc::OverflowMode qcc::qcost::toFormatOverflow(OverflowMode mode) {
  return mode == OverflowMode::wrap ? qcc::OverflowMode::Wrap
                                    : qcc::OverflowMode::Saturate;
}
