//===- Intervals.h - interval arithmetic sound under IEEE rounding -*- C++ -*-//
//
// Private to lib/Pipelines: the values a scalar can take, and what the
// arith and math ops make of them, rounded as the ops round
// (ValueRanges.h applies them to IR).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_PIPELINES_INTERVALS_H
#define QCC_LIB_PIPELINES_INTERVALS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"

#include <limits>

namespace qcc::ranges {

/// The values a scalar can take: every number in [low, high] is possible
/// (infinities included when an end is infinite), and NaN when `nan`.
/// Integers use the same interval, of exact integers (tracked below 2^53;
/// beyond, a width's whole range).
struct Interval {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool nan = true;

  static Interval unknown() { return Interval(); }
  static Interval of(double low, double high, bool nan = false) {
    return Interval{low, high, nan};
  }
  bool isPoint() const { return !nan && low == high; }
  /// Both intervals' values.
  Interval join(const Interval &other) const;
};

/// A bound on an op's result in `type` from `value`, the double nearest the
/// exact result, and `error` = exact - value (0: exact, then rounded to
/// nearest-even as the op rounds; else outward).
double bound(double value, double error, mlir::FloatType type, bool upper);
bool contains(const Interval &r, double x);

/// The float ops in `type`: ranges unknown where NaN can arise (inf - inf,
/// 0 * inf, a divisor range holding 0).
Interval addRanges(const Interval &a, const Interval &b, mlir::FloatType type);
Interval negate(const Interval &r);
Interval mulRanges(const Interval &a, const Interval &b, mlir::FloatType type);
Interval divRanges(const Interval &a, const Interval &b, mlir::FloatType type);

/// The integers an iN holds, signed (i1 and `isUnsigned`: from 0).
Interval integerRange(unsigned width, bool isUnsigned = false);
/// `r` if it fits an iN and is tracked exactly, else all of iN.
Interval clampToWidth(const Interval &r, unsigned width);

/// A comparison's i1 result: [1, 1] when every pair of values satisfies
/// it, [0, 0] when none does, else [0, 1].
Interval compareFloats(mlir::arith::CmpFPredicate predicate, const Interval &a,
                       const Interval &b);
Interval compareIntegers(mlir::arith::CmpIPredicate predicate,
                         const Interval &a, const Interval &b);

} // namespace qcc::ranges

#endif // QCC_LIB_PIPELINES_INTERVALS_H
