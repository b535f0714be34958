//===- ExactReal.cpp - exact real arithmetic for the qcost semantics ------===//
//
// Magnitudes are llvm::APInt of whatever width the value needs; every result
// is trimmed (trailing zero bits moved into the exponent, width cut to the
// active bits) so values stay small while staying exact.
//
//===----------------------------------------------------------------------===//

#include "qcc/Format/ExactReal.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

using namespace qcc;
using llvm::APInt;

/// Widens or narrows `value` to `bits` bits (the caller guarantees it fits).
static APInt resized(const APInt &value, unsigned bits) {
  return value.getBitWidth() == bits ? value : value.zextOrTrunc(bits);
}

/// `value * 2^shift` in a wide enough APInt.
static APInt shiftedLeft(const APInt &value, uint64_t shift) {
  // At least 64 bits: single-word APInts never allocate.
  unsigned bits = std::max<uint64_t>(64, value.getActiveBits() + shift + 1);
  return resized(value, bits).shl(shift);
}

static APInt fromUnsigned(uint64_t value) { return APInt(64, value); }

/// Brings two magnitudes to one width so APInt operations accept them.
static void unifyWidths(APInt &a, APInt &b) {
  // One spare bit for a carry; 64 at least so small values stay inline.
  unsigned bits = std::max({64u, a.getActiveBits() + 1, b.getActiveBits() + 1});
  a = resized(a, bits);
  b = resized(b, bits);
}

ExactReal ExactReal::nan() {
  ExactReal x;
  x.kind = Kind::NaN;
  return x;
}

ExactReal ExactReal::infinity(bool negative) {
  ExactReal x;
  x.kind = Kind::Infinity;
  x.negative = negative;
  return x;
}

ExactReal ExactReal::integer(int64_t value) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                 : static_cast<uint64_t>(value);
  return dyadic(value < 0, fromUnsigned(magnitude), 0);
}

ExactReal ExactReal::dyadic(bool negative, const APInt &magnitude,
                            int64_t exponent) {
  ExactReal x;
  x.negative = negative;
  x.exponent = exponent;
  if (magnitude.isZero()) {
    x.exponent = 0;
    return x;
  }
  unsigned zeros = magnitude.countr_zero();
  APInt trimmed = magnitude.lshr(zeros);
  x.magnitude = resized(trimmed, std::max(64u, trimmed.getActiveBits()));
  x.exponent += zeros;
  return x;
}

ExactReal ExactReal::fromValue(const ExactValue &value) {
  if (value.isNaN())
    return nan();
  if (value.isInfinity())
    return infinity(value.negative);
  return dyadic(value.negative, fromUnsigned(value.significand),
                value.exponent);
}

ExactReal ExactReal::fromDouble(double value) {
  if (std::isnan(value))
    return nan();
  if (std::isinf(value))
    return infinity(value < 0);
  int exp2 = 0;
  double fraction = std::frexp(std::fabs(value), &exp2);
  // fraction * 2^53 is an integer below 2^53: the exact significand.
  auto significand = static_cast<uint64_t>(std::ldexp(fraction, 53));
  return dyadic(std::signbit(value), fromUnsigned(significand), exp2 - 53);
}

ExactReal ExactReal::operator-() const {
  ExactReal x = *this;
  if (!isNaN())
    x.negative = !negative;
  return x;
}

/// The numerator of `x` over the common denominator `x.den * otherDen`,
/// aligned to `exponent` (<= x.exponent).
static APInt scaledNumerator(const APInt &magnitude, int64_t shift,
                             uint64_t otherDenominator) {
  APInt numerator = shiftedLeft(magnitude, shift);
  if (otherDenominator == 1)
    return numerator;
  numerator = resized(numerator, numerator.getActiveBits() + 64);
  return numerator *
         resized(fromUnsigned(otherDenominator), numerator.getBitWidth());
}

static uint64_t multiplyDenominators(uint64_t a, uint64_t b) {
  unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  if (product >> 64)
    llvm::report_fatal_error("qcc::ExactReal: denominator overflow");
  return static_cast<uint64_t>(product);
}

ExactReal ExactReal::operator+(const ExactReal &other) const {
  if (isNaN() || other.isNaN())
    return nan();
  if (isInfinity() || other.isInfinity()) {
    if (isInfinity() && other.isInfinity() && negative != other.negative)
      return nan();
    return isInfinity() ? *this : other;
  }
  if (isZero() && other.isZero()) {
    ExactReal zero;
    zero.negative = negative && other.negative;
    return zero;
  }
  int64_t common = std::min(exponent, other.exponent);
  APInt a = scaledNumerator(magnitude, exponent - common, other.denominator);
  APInt b =
      scaledNumerator(other.magnitude, other.exponent - common, denominator);
  unifyWidths(a, b);
  ExactReal sum;
  if (negative == other.negative) {
    sum = dyadic(negative, a + b, common);
  } else if (a.uge(b)) {
    sum = dyadic(negative, a - b, common);
  } else {
    sum = dyadic(other.negative, b - a, common);
  }
  if (sum.isZero())
    sum.negative = false;
  else
    sum.denominator = multiplyDenominators(denominator, other.denominator);
  return sum;
}

ExactReal ExactReal::operator*(const ExactReal &other) const {
  bool sign = negative != other.negative;
  if (isNaN() || other.isNaN())
    return nan();
  if (isInfinity() || other.isInfinity()) {
    if (isZero() || other.isZero())
      return nan();
    return infinity(sign);
  }
  unsigned bits = std::max(64u, magnitude.getActiveBits() +
                                    other.magnitude.getActiveBits());
  APInt product = resized(magnitude, bits) * resized(other.magnitude, bits);
  ExactReal x = dyadic(sign, product, exponent + other.exponent);
  if (!x.isZero())
    x.denominator = multiplyDenominators(denominator, other.denominator);
  return x;
}

ExactReal ExactReal::dividedBy(uint64_t count) const {
  if (count == 0)
    llvm::report_fatal_error("qcc::ExactReal: division by zero");
  ExactReal x = *this;
  if (isFinite() && !isZero()) {
    // Powers of two in the count move into the exponent.
    int zeros = __builtin_ctzll(count);
    x.exponent -= zeros;
    x.denominator = multiplyDenominators(denominator, count >> zeros);
  }
  return x;
}

ExactReal ExactReal::timesPowerOfTwo(int64_t amount) const {
  ExactReal x = *this;
  if (isFinite() && !isZero())
    x.exponent += amount;
  return x;
}

int ExactReal::compareMagnitudes(const ExactReal &a, const ExactReal &b) {
  if (a.isZero() || b.isZero())
    return a.isZero() ? (b.isZero() ? 0 : -1) : 1;
  // a.mag * b.den * 2^a.exp  vs  b.mag * a.den * 2^b.exp.
  int64_t common = std::min(a.exponent, b.exponent);
  APInt x = scaledNumerator(a.magnitude, a.exponent - common, b.denominator);
  APInt y = scaledNumerator(b.magnitude, b.exponent - common, a.denominator);
  unifyWidths(x, y);
  return x.ult(y) ? -1 : x.ugt(y) ? 1 : 0;
}

int ExactReal::compare(const ExactReal &a, const ExactReal &b) {
  auto rank = [](const ExactReal &x) {
    if (x.isInfinity())
      return x.negative ? -2 : 2;
    if (x.isZero())
      return 0;
    return x.negative ? -1 : 1;
  };
  int ra = rank(a), rb = rank(b);
  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (ra == 0 || ra == 2 || ra == -2)
    return 0;
  int magnitudes = compareMagnitudes(a, b);
  return ra > 0 ? magnitudes : -magnitudes;
}

int64_t qcc::floorLog2(const ExactReal &x) {
  // mag * 2^exp / den: the leading bit of the quotient.
  const APInt &magnitude = x.getMagnitude();
  int64_t guess =
      static_cast<int64_t>(magnitude.getActiveBits()) - 1 + x.getExponent();
  if (x.getDenominator() == 1)
    return guess;
  // Dividing by den moves the leading bit down by log2(den) or one more.
  int64_t candidate = guess - (63 - __builtin_clzll(x.getDenominator()));
  ExactReal power = ExactReal::dyadic(false, APInt(64, 1), candidate);
  return ExactReal::compareMagnitudes(x, power) >= 0 ? candidate
                                                     : candidate - 1;
}

double ExactReal::toDouble() const {
  if (isNaN())
    return std::numeric_limits<double>::quiet_NaN();
  if (isInfinity())
    return negative ? -HUGE_VAL : HUGE_VAL;
  // Keep the top 64 bits; enough for diagnostics.
  unsigned active = magnitude.getActiveBits();
  unsigned drop = active > 64 ? active - 64 : 0;
  double top = static_cast<double>(magnitude.lshr(drop).getZExtValue());
  double value = std::ldexp(top, static_cast<int>(std::clamp<int64_t>(
                                     exponent + drop, -100000, 100000))) /
                 static_cast<double>(denominator);
  return negative ? -value : value;
}

std::string ExactReal::str() const {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g", toDouble());
  return buffer;
}
