//===- Intervals.cpp - interval arithmetic sound under IEEE rounding ------===//
//
// An end computed in double is used as it is when it is exact (checked
// with an FMA or the two-sum error term) and rounded to nearest-even in the
// op's type, as the op does; otherwise it moves one double ulp outward and
// rounds outward in the op's type.
//
//===----------------------------------------------------------------------===//

#include "Intervals.h"

#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace qcc::ranges {

static constexpr double kInf = std::numeric_limits<double>::infinity();
/// Integers are tracked exactly below 2^53.
static constexpr double kExactIntegers = 0x1p53;

/// `value` rounded in `type`'s semantics with `mode` (f64: unchanged).
static double roundIn(double value, FloatType type, llvm::RoundingMode mode) {
  if (type.isF64() || std::isnan(value))
    return value;
  llvm::APFloat converted(value);
  bool losesInfo;
  converted.convert(type.getFloatSemantics(), mode, &losesInfo);
  converted.convert(llvm::APFloat::IEEEdouble(),
                    llvm::RoundingMode::NearestTiesToEven, &losesInfo);
  return converted.convertToDouble();
}

/// A bound on the op's result in `type` from `value`, the double nearest
/// the exact result, and `error` = exact - value (0: exact).
double bound(double value, double error, FloatType type, bool upper) {
  if (std::isnan(value))
    return upper ? kInf : -kInf;
  if (error == 0 || std::isinf(value))
    return roundIn(value, type, llvm::RoundingMode::NearestTiesToEven);
  double outward = std::nextafter(value, upper ? kInf : -kInf);
  return roundIn(outward, type,
                 upper ? llvm::RoundingMode::TowardPositive
                       : llvm::RoundingMode::TowardNegative);
}

namespace {
enum class Arith { Add, Mul, Div };
} // namespace

/// A bound on `a op b` rounded in `type`; a NaN result (inf - inf, 0 * inf)
/// is the caller's to detect.
static double combine(double a, double b, Arith op, FloatType type,
                      bool upper) {
  double value, error = 0;
  switch (op) {
  case Arith::Add: {
    value = a + b;
    if (std::isfinite(value)) { // Two-sum: the exact error of the sum.
      double bPart = value - a;
      error = (a - (value - bPart)) + (b - bPart);
    }
    break;
  }
  case Arith::Mul:
    value = a * b;
    if (std::isfinite(value))
      error = std::fma(a, b, -value);
    break;
  case Arith::Div:
    value = a / b;
    if (std::isfinite(value) && std::isfinite(b) && b != 0)
      error = std::fma(-value, b, a);
    break;
  }
  if (std::isinf(value) && std::isfinite(a) && std::isfinite(b)) {
    // The double overflowed: the exact result is beyond it.
    if (upper)
      return value > 0 ? kInf : -std::numeric_limits<double>::max();
    return value > 0 ? roundIn(std::numeric_limits<double>::max(), type,
                               llvm::RoundingMode::TowardNegative)
                     : -kInf;
  }
  return bound(value, error, type, upper);
}

/// The range of `a op b` over every pair of ends; NaN when some pair gives
/// NaN (then the whole range too).
static Interval combineRanges(const Interval &a, const Interval &b, Arith op,
                              FloatType type) {
  double ends[2][2] = {{a.low, a.high}, {b.low, b.high}};
  Interval result = Interval::of(kInf, -kInf, a.nan || b.nan);
  for (double x : ends[0])
    for (double y : ends[1]) {
      if (std::isnan(op == Arith::Add   ? x + y
                     : op == Arith::Mul ? x * y
                                        : x / y))
        return Interval::unknown();
      result.low = std::min(result.low, combine(x, y, op, type, false));
      result.high = std::max(result.high, combine(x, y, op, type, true));
    }
  return result;
}

bool contains(const Interval &r, double x) { return r.low <= x && x <= r.high; }

Interval addRanges(const Interval &a, const Interval &b, FloatType type) {
  // inf + -inf is NaN.
  bool nan =
      (a.high == kInf && b.low == -kInf) || (a.low == -kInf && b.high == kInf);
  if (nan)
    return Interval::unknown();
  return combineRanges(a, b, Arith::Add, type);
}

Interval negate(const Interval &r) {
  return Interval::of(-r.high, -r.low, r.nan);
}

Interval mulRanges(const Interval &a, const Interval &b, FloatType type) {
  // 0 * inf is NaN.
  bool aInf = a.low == -kInf || a.high == kInf;
  bool bInf = b.low == -kInf || b.high == kInf;
  if ((aInf && contains(b, 0)) || (bInf && contains(a, 0)))
    return Interval::unknown();
  return combineRanges(a, b, Arith::Mul, type);
}

Interval divRanges(const Interval &a, const Interval &b, FloatType type) {
  // x / 0 is infinite or NaN, inf / inf NaN.
  bool aInf = a.low == -kInf || a.high == kInf;
  bool bInf = b.low == -kInf || b.high == kInf;
  if (contains(b, 0) || (aInf && bInf))
    return Interval::unknown();
  return combineRanges(a, b, Arith::Div, type);
}

/// The signed integers an iN holds (i1: 0 and 1), as doubles (bounds
/// past 2^53 are powers of two, exact).
Interval integerRange(unsigned width, bool isUnsigned) {
  if (width == 1)
    return Interval::of(0, 1);
  if (isUnsigned)
    return Interval::of(0, std::ldexp(1.0, width) - 1);
  return Interval::of(-std::ldexp(1.0, width - 1),
                      std::ldexp(1.0, width - 1) - 1);
}

/// `r` if it fits an iN and is tracked exactly, else all of iN.
Interval clampToWidth(const Interval &r, unsigned width) {
  Interval all = integerRange(width);
  if (r.nan || r.low < all.low || r.high > all.high ||
      std::max(-r.low, r.high) >= kExactIntegers)
    return all;
  return r;
}

/// Whether a comparison relation holds for every pair (`always`) or none
/// (`never`) of non-NaN values from `a` and `b`.
namespace {
struct Decided {
  bool always, never;
};
} // namespace

static Decided relation(arith::CmpFPredicate predicate, const Interval &a,
                        const Interval &b) {
  using P = arith::CmpFPredicate;
  bool disjoint = a.high < b.low || a.low > b.high;
  bool samePoint = a.low == a.high && b.low == b.high && a.low == b.low;
  switch (predicate) {
  case P::OLT:
  case P::ULT:
    return {a.high < b.low, a.low >= b.high};
  case P::OLE:
  case P::ULE:
    return {a.high <= b.low, a.low > b.high};
  case P::OGT:
  case P::UGT:
    return {a.low > b.high, a.high <= b.low};
  case P::OGE:
  case P::UGE:
    return {a.low >= b.high, a.high < b.low};
  case P::OEQ:
  case P::UEQ:
    return {samePoint, disjoint};
  case P::ONE:
  case P::UNE:
    return {disjoint, samePoint};
  default:
    return {false, false};
  }
}

static Interval boolean(bool always, bool never) {
  if (always)
    return Interval::of(1, 1);
  if (never)
    return Interval::of(0, 0);
  return Interval::of(0, 1);
}

Interval compareFloats(arith::CmpFPredicate predicate, const Interval &a,
                       const Interval &b) {
  using P = arith::CmpFPredicate;
  bool maybeNaN = a.nan || b.nan;
  switch (predicate) {
  case P::AlwaysFalse:
    return boolean(false, true);
  case P::AlwaysTrue:
    return boolean(true, false);
  case P::ORD:
    return boolean(!maybeNaN, false);
  case P::UNO:
    return boolean(false, !maybeNaN);
  default:
    break;
  }
  Decided d = relation(predicate, a, b);
  bool unordered = predicate >= P::UEQ;
  if (unordered) // NaN makes it true.
    return boolean(d.always, d.never && !maybeNaN);
  return boolean(d.always && !maybeNaN, d.never);
}

Interval compareIntegers(arith::CmpIPredicate predicate, const Interval &a,
                         const Interval &b) {
  using P = arith::CmpIPredicate;
  // Unsigned predicates are decided only on non-negative ranges, where
  // they agree with the signed ones.
  bool nonNegative = a.low >= 0 && b.low >= 0;
  switch (predicate) {
  case P::eq:
    return boolean(a.isPoint() && b.isPoint() && a.low == b.low,
                   a.high < b.low || a.low > b.high);
  case P::ne:
    return boolean(a.high < b.low || a.low > b.high,
                   a.isPoint() && b.isPoint() && a.low == b.low);
  case P::slt:
    return boolean(a.high < b.low, a.low >= b.high);
  case P::sle:
    return boolean(a.high <= b.low, a.low > b.high);
  case P::sgt:
    return boolean(a.low > b.high, a.high <= b.low);
  case P::sge:
    return boolean(a.low >= b.high, a.high < b.low);
  case P::ult:
    return nonNegative ? boolean(a.high < b.low, a.low >= b.high)
                       : Interval::of(0, 1);
  case P::ule:
    return nonNegative ? boolean(a.high <= b.low, a.low > b.high)
                       : Interval::of(0, 1);
  case P::ugt:
    return nonNegative ? boolean(a.low > b.high, a.high <= b.low)
                       : Interval::of(0, 1);
  case P::uge:
    return nonNegative ? boolean(a.low >= b.high, a.high < b.low)
                       : Interval::of(0, 1);
  }
  return Interval::of(0, 1);
}

Interval Interval::join(const Interval &other) const {
  return Interval::of(std::min(low, other.low), std::max(high, other.high),
                      nan || other.nan);
}

} // namespace qcc::ranges
