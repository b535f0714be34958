//===- ExactReal.h - exact real arithmetic for the qcost semantics -*- C++ -*-//
//
// docs/semantics.md defines every op as "compute the exact real result, then
// round once". ExactReal is that exact result: NaN, +-infinity or a rational
// (-1)^negative * magnitude * 2^exponent / denominator with an arbitrarily wide
// magnitude. Sums and products of format values are dyadic (denominator 1);
// only averages divide, by their element count. NumberFormat::encode rounds an
// ExactReal into a format, so the reference evaluator never loses a bit.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_FORMAT_EXACTREAL_H
#define QCC_FORMAT_EXACTREAL_H

#include "qcc/Format/NumberFormat.h"
#include "llvm/ADT/APInt.h"

#include <cstdint>
#include <string>

namespace qcc {

class ExactReal {
public:
  enum class Kind : uint8_t { Finite, Infinity, NaN };

  /// +0.
  ExactReal() = default;
  static ExactReal nan();
  static ExactReal infinity(bool negative);
  static ExactReal integer(int64_t value);
  /// (-1)^negative * magnitude * 2^exponent.
  static ExactReal dyadic(bool negative, const llvm::APInt &magnitude,
                          int64_t exponent);
  static ExactReal fromValue(const ExactValue &value);
  static ExactReal fromDouble(double value);

  Kind getKind() const { return kind; }
  bool isNaN() const { return kind == Kind::NaN; }
  bool isInfinity() const { return kind == Kind::Infinity; }
  bool isFinite() const { return kind == Kind::Finite; }
  bool isZero() const { return isFinite() && magnitude.isZero(); }
  /// The sign bit (also set for -0 and -inf).
  bool isNegative() const { return negative; }
  const llvm::APInt &getMagnitude() const { return magnitude; }
  int64_t getExponent() const { return exponent; }
  uint64_t getDenominator() const { return denominator; }

  ExactReal operator-() const;
  /// IEEE special-value rules (inf - inf and 0 * inf are NaN); an exact zero
  /// sum is -0 only when both operands are -0, as under round-to-nearest.
  /// Operands must be dyadic (denominator 1).
  ExactReal operator+(const ExactReal &other) const;
  ExactReal operator-(const ExactReal &other) const { return *this + -other; }
  ExactReal operator*(const ExactReal &other) const;
  /// Exact division by a positive count (averages).
  ExactReal dividedBy(uint64_t count) const;
  /// x * 2^amount, exact.
  ExactReal timesPowerOfTwo(int64_t amount) const;

  /// Total order on non-NaN values with -0 == +0: -1, 0 or 1.
  static int compare(const ExactReal &a, const ExactReal &b);
  /// Compares magnitudes of finite values.
  static int compareMagnitudes(const ExactReal &a, const ExactReal &b);

  /// The nearest double (ties to even); for diagnostics and statistics only.
  double toDouble() const;
  std::string str() const;

private:
  Kind kind = Kind::Finite;
  bool negative = false;
  llvm::APInt magnitude{64, 0};
  int64_t exponent = 0;
  uint64_t denominator = 1;
};

/// floor(log2 |x|) of a finite nonzero value: the position of its leading bit.
int64_t floorLog2(const ExactReal &x);

} // namespace qcc

#endif // QCC_FORMAT_EXACTREAL_H
