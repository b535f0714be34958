//===- ValueRanges.h - intervals of scalar arith values -------*- C++ -*-===//
//
// Private to lib/Pipelines: what a scalar value of the arith and math
// dialects can be, for qcc-fold-value-ranges. The codec's encodes and
// decodes guard every step against NaN, infinities and out-of-range values;
// inside a linalg body whose inputs are small integers and constants most
// of those guards are decided, and this says which.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_PIPELINES_VALUERANGES_H
#define QCC_LIB_PIPELINES_VALUERANGES_H

#include "Intervals.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

namespace qcc::ranges {

/// Ranges of the values of one function, computed on demand and memoized.
/// A block argument of a `linalg.generic` input takes the range of that
/// operand's elements: the elements of a dense constant, or what the
/// producing all-parallel `linalg.generic` yields.
class ValueRanges {
public:
  Interval get(mlir::Value value);

private:
  Interval compute(mlir::Value value);
  Interval ofElements(mlir::Value tensor);
  Interval ofOperation(mlir::Operation *op, unsigned result);

  llvm::DenseMap<mlir::Value, Interval> cache;
  unsigned depth = 0;
};

} // namespace qcc::ranges

#endif // QCC_LIB_PIPELINES_VALUERANGES_H
