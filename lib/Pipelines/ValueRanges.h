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

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

#include <limits>

namespace qcc::ranges {

/// The values a scalar can take: every number in [low, high] is possible
/// (infinities included when an end is infinite), and NaN when `nan`.
/// Integers use the same interval, of exact integers (widths up to 53 bits
/// are tracked; wider ones are unknown).
struct Interval {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool nan = true;

  static Interval unknown() { return Interval(); }
  static Interval of(double low, double high, bool nan = false) {
    return Interval{low, high, nan};
  }
  bool isPoint() const { return !nan && low == high; }
  bool isFinite() const {
    return !nan && low > -std::numeric_limits<double>::infinity() &&
           high < std::numeric_limits<double>::infinity();
  }
  /// Both ranges' values.
  Interval join(const Interval &other) const;
};

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
