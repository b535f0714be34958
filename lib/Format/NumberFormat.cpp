//===- NumberFormat.cpp - qcc number formats: encode, decode, ranges ------===//
//
// One mechanism serves power-of-two codes and minifloats: their magnitude
// codes decode to non-decreasing values, so encoding is a binary search for the
// neighbours of |x| followed by the rounding rule. Fixed point is two's
// complement and gets direct integer arithmetic instead.
//
//===----------------------------------------------------------------------===//

#include "qcc/Format/NumberFormat.h"
#include "qcc/Format/ExactReal.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/ErrorHandling.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>

using namespace qcc;
using llvm::APInt;

//===----------------------------------------------------------------------===//
// Rounding helpers
//===----------------------------------------------------------------------===//

double qcc::stochasticUniform(uint64_t seed, uint64_t index) {
  uint64_t z = seed + (index + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

std::optional<RoundingMode> qcc::parseRoundingMode(const std::string &name) {
  if (name == "nearest_even")
    return RoundingMode::NearestEven;
  if (name == "toward_zero")
    return RoundingMode::TowardZero;
  if (name == "stochastic")
    return RoundingMode::Stochastic;
  return std::nullopt;
}

std::optional<OverflowMode> qcc::parseOverflowMode(const std::string &name) {
  if (name == "saturate")
    return OverflowMode::Saturate;
  if (name == "wrap")
    return OverflowMode::Wrap;
  return std::nullopt;
}

const char *qcc::toString(RoundingMode mode) {
  switch (mode) {
  case RoundingMode::NearestEven:
    return "nearest_even";
  case RoundingMode::TowardZero:
    return "toward_zero";
  case RoundingMode::Stochastic:
    return "stochastic";
  }
  return "?";
}

const char *qcc::toString(OverflowMode mode) {
  return mode == OverflowMode::Wrap ? "wrap" : "saturate";
}

std::optional<Subnormals> qcc::parseSubnormals(const std::string &name) {
  if (name == "ieee")
    return Subnormals::Ieee;
  if (name == "no_output")
    return Subnormals::NoOutput;
  if (name == "as_normal")
    return Subnormals::AsNormal;
  if (name == "flush")
    return Subnormals::Flush;
  return std::nullopt;
}

std::optional<Specials> qcc::parseSpecials(const std::string &name) {
  if (name == "ieee")
    return Specials::Ieee;
  if (name == "inf_only")
    return Specials::InfOnly;
  if (name == "nan_only")
    return Specials::NanOnly;
  if (name == "finite")
    return Specials::Finite;
  return std::nullopt;
}

const char *qcc::toString(Subnormals value) {
  switch (value) {
  case Subnormals::Ieee:
    return "ieee";
  case Subnormals::NoOutput:
    return "no_output";
  case Subnormals::AsNormal:
    return "as_normal";
  case Subnormals::Flush:
    return "flush";
  }
  return "?";
}

const char *qcc::toString(Specials value) {
  switch (value) {
  case Specials::Ieee:
    return "ieee";
  case Specials::InfOnly:
    return "inf_only";
  case Specials::NanOnly:
    return "nan_only";
  case Specials::Finite:
    return "finite";
  }
  return "?";
}

//===----------------------------------------------------------------------===//
// ExactValue
//===----------------------------------------------------------------------===//

ExactValue ExactValue::finite(bool negative, uint64_t significand,
                              int32_t exponent) {
  ExactValue value;
  value.negative = negative;
  value.significand = significand;
  value.exponent = exponent;
  return value;
}

ExactValue ExactValue::infinity(bool negative) {
  ExactValue value;
  value.kind = Kind::Infinity;
  value.negative = negative;
  return value;
}

ExactValue ExactValue::nan() {
  ExactValue value;
  value.kind = Kind::NaN;
  return value;
}

ExactValue ExactValue::normalized() const {
  ExactValue value = *this;
  if (!isFinite())
    return value;
  if (value.significand == 0) {
    value.exponent = 0;
    return value;
  }
  while ((value.significand & 1) == 0) {
    value.significand >>= 1;
    ++value.exponent;
  }
  return value;
}

double ExactValue::toDouble() const {
  if (isNaN())
    return std::numeric_limits<double>::quiet_NaN();
  if (isInfinity())
    return negative ? -HUGE_VAL : HUGE_VAL;
  double magnitude = std::ldexp(static_cast<double>(significand), exponent);
  return negative ? -magnitude : magnitude;
}

bool ExactValue::operator==(const ExactValue &other) const {
  if (isNaN() || other.isNaN())
    return false;
  if (isInfinity() || other.isInfinity())
    return kind == other.kind && negative == other.negative;
  if (isZero() && other.isZero())
    return true;
  ExactValue a = normalized(), b = other.normalized();
  return a.negative == b.negative && a.significand == b.significand &&
         a.exponent == b.exponent;
}

std::string ExactValue::str() const {
  if (isNaN())
    return "nan";
  if (isInfinity())
    return negative ? "-inf" : "inf";
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g", toDouble());
  return buffer;
}

//===----------------------------------------------------------------------===//
// Parameter checks and factories
//===----------------------------------------------------------------------===//

static std::string rangeMessage(const char *what, int64_t lo, int64_t hi,
                                int64_t got) {
  return std::string(what) + " must be in [" + std::to_string(lo) + ", " +
         std::to_string(hi) + "], got " + std::to_string(got);
}

std::optional<std::string> NumberFormat::checkFixed(int64_t width,
                                                    int64_t fracBits, bool) {
  if (width < 1 || width > 64)
    return rangeMessage("fixed-point width W", 1, 64, width);
  if (fracBits < -128 || fracBits > 128)
    return rangeMessage("fixed-point fraction bits F", -128, 128, fracBits);
  return std::nullopt;
}

NumberFormat NumberFormat::fixed(unsigned width, int fracBits, bool isSigned) {
  assert(!checkFixed(width, fracBits, isSigned) && "invalid fixed point");
  NumberFormat format;
  format.kind = FormatKind::Fixed;
  format.width = width;
  format.fracBits = fracBits;
  format.isSignedFlag = isSigned;
  return format;
}

std::optional<std::string>
NumberFormat::checkPowerOfTwo(int64_t width, int64_t minExp, int64_t maxExp,
                              bool hasZero, bool isSigned) {
  int64_t minWidth = isSigned ? 2 : 1;
  if (width < minWidth || width > 16)
    return rangeMessage(isSigned
                            ? "power-of-two width W (sign + exponent field)"
                            : "power-of-two width W",
                        minWidth, 16, width);
  if (minExp < -1000 || minExp > 1000)
    return rangeMessage("power-of-two minExp", -1000, 1000, minExp);
  if (maxExp < minExp || maxExp > 1000)
    return rangeMessage("power-of-two maxExp", minExp, 1000, maxExp);
  int64_t fieldBits = width - (isSigned ? 1 : 0);
  int64_t levels = maxExp - minExp + 1 + (hasZero ? 1 : 0);
  if (levels > (int64_t(1) << fieldBits))
    return "power-of-two needs " + std::to_string(levels) + " levels (" +
           std::to_string(maxExp - minExp + 1) + " exponents" +
           (hasZero ? " and zero" : "") + ") but a " +
           std::to_string(fieldBits) + "-bit exponent field holds " +
           std::to_string(int64_t(1) << fieldBits);
  return std::nullopt;
}

NumberFormat NumberFormat::powerOfTwo(unsigned width, int minExp, int maxExp,
                                      bool hasZero, bool isSigned) {
  assert(!checkPowerOfTwo(width, minExp, maxExp, hasZero, isSigned) &&
         "invalid power of two");
  NumberFormat format;
  format.kind = FormatKind::PowerOfTwo;
  format.width = width;
  format.minExp = minExp;
  format.maxExp = maxExp;
  format.hasZeroFlag = hasZero;
  format.isSignedFlag = isSigned;
  return format;
}

std::optional<std::string>
NumberFormat::checkFloat(int64_t expBits, int64_t mantBits, int64_t bias,
                         Subnormals subnormals, Specials specials) {
  if (expBits < 1 || expBits > 8)
    return rangeMessage("minifloat exponent bits E", 1, 8, expBits);
  if (mantBits < 0 || mantBits > 23)
    return rangeMessage("minifloat mantissa bits M", 0, 23, mantBits);
  int64_t lo = -(int64_t(1) << expBits), hi = int64_t(1) << (expBits + 1);
  if (bias < lo || bias > hi)
    return rangeMessage("minifloat bias", lo, hi, bias);
  if (specials == Specials::Ieee && expBits < 2)
    return std::string("minifloat with IEEE specials needs E >= 2 (the top "
                       "exponent is reserved), got E = ") +
           std::to_string(expBits);
  (void)subnormals;
  return std::nullopt;
}

NumberFormat NumberFormat::minifloat(unsigned expBits, unsigned mantBits,
                                     int bias, Subnormals subnormals,
                                     Specials specials) {
  assert(!checkFloat(expBits, mantBits, bias, subnormals, specials) &&
         "invalid minifloat");
  NumberFormat format;
  format.kind = FormatKind::Float;
  format.width = 1 + expBits + mantBits;
  format.expBits = expBits;
  format.mantBits = mantBits;
  format.bias = bias;
  format.subnormals = subnormals;
  format.specials = specials;
  return format;
}

NumberFormat NumberFormat::binary() {
  NumberFormat format;
  format.kind = FormatKind::Binary;
  format.width = 1;
  return format;
}

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

bool NumberFormat::hasInfinity() const {
  return kind == FormatKind::Float &&
         (specials == Specials::Ieee || specials == Specials::InfOnly);
}

bool NumberFormat::hasNaN() const {
  return kind == FormatKind::Float &&
         ((specials == Specials::Ieee && mantBits > 0) ||
          specials == Specials::NanOnly);
}

static uint64_t lowBits(unsigned width) {
  return width >= 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
}

/// Number of magnitude codes (sign excluded) of a sign-magnitude format.
static unsigned magnitudeBits(const NumberFormat &f) {
  return f.getKind() == FormatKind::Float ? f.getExpBits() + f.getMantBits()
         : f.isSigned()                   ? f.getBitWidth() - 1
                                          : f.getBitWidth();
}

/// The largest magnitude code that is a finite value.
static uint64_t maxFiniteMagnitude(const NumberFormat &f) {
  if (f.getKind() == FormatKind::PowerOfTwo)
    return (f.getMaxExp() - f.getMinExp()) + (f.hasZero() ? 1 : 0);
  uint64_t all = lowBits(magnitudeBits(f));
  switch (f.getSpecials()) {
  case Specials::Ieee:
    // The top exponent is reserved; the largest finite is just below it.
    return ((lowBits(f.getExpBits()) - 1) << f.getMantBits()) |
           lowBits(f.getMantBits());
  case Specials::InfOnly:
  case Specials::NanOnly:
    return all - 1;
  case Specials::Finite:
    return all;
  }
  return all;
}

uint64_t NumberFormat::getLargestMagnitudeCode() const {
  return maxFiniteMagnitude(*this);
}

uint64_t NumberFormat::getNaNCode() const {
  if (kind != FormatKind::Float || !hasNaN())
    return 0;
  uint64_t topExp = lowBits(expBits) << mantBits;
  return specials == Specials::NanOnly
             ? topExp | lowBits(mantBits)
             : topExp | (uint64_t(1) << (mantBits - 1));
}

uint64_t NumberFormat::getInfinityCode() const {
  uint64_t topExp = lowBits(expBits) << mantBits;
  return specials == Specials::Ieee ? topExp : topExp | lowBits(mantBits);
}

/// Whether the encoder may produce magnitude code `m` (subnormal codes are
/// read but not produced with no_output and flush).
static bool isProducible(const NumberFormat &f, uint64_t m) {
  if (f.getKind() != FormatKind::Float)
    return true;
  bool subnormal = (m >> f.getMantBits()) == 0 && m != 0;
  return !subnormal || f.getSubnormals() == Subnormals::Ieee ||
         f.getSubnormals() == Subnormals::AsNormal;
}

/// The exact value of a magnitude code of a power-of-two or float format.
static ExactValue decodeMagnitude(const NumberFormat &f, uint64_t m) {
  if (f.getKind() == FormatKind::PowerOfTwo) {
    if (f.hasZero()) {
      if (m == 0)
        return ExactValue::finite(false, 0, 0);
      return ExactValue::finite(false, 1, f.getMinExp() + int(m) - 1);
    }
    return ExactValue::finite(false, 1, f.getMinExp() + int(m));
  }
  unsigned mant = f.getMantBits();
  uint64_t e = m >> mant, frac = m & lowBits(mant);
  uint64_t topExp = lowBits(f.getExpBits());
  bool allOnes = frac == lowBits(mant);
  if (e == topExp) {
    if (f.getSpecials() == Specials::Ieee)
      return frac == 0 ? ExactValue::infinity(false) : ExactValue::nan();
    if (f.getSpecials() == Specials::InfOnly && allOnes)
      return ExactValue::infinity(false);
    if (f.getSpecials() == Specials::NanOnly && allOnes)
      return ExactValue::nan();
  }
  int base = -f.getBias() - int(mant);
  if (e == 0) {
    switch (f.getSubnormals()) {
    case Subnormals::Ieee:
    case Subnormals::NoOutput:
      return ExactValue::finite(false, frac, base + 1);
    case Subnormals::AsNormal:
      if (frac == 0)
        return ExactValue::finite(false, 0, 0);
      return ExactValue::finite(false, (uint64_t(1) << mant) | frac, base);
    case Subnormals::Flush:
      return ExactValue::finite(false, 0, 0);
    }
  }
  return ExactValue::finite(false, (uint64_t(1) << mant) | frac, base + int(e));
}

ExactValue NumberFormat::decode(uint64_t code) const {
  code &= lowBits(width);
  switch (kind) {
  case FormatKind::Fixed: {
    bool negative = isSignedFlag && width > 0 && ((code >> (width - 1)) & 1);
    uint64_t magnitude = code;
    if (negative) // Two's complement magnitude, exact even for -2^63.
      magnitude = (~code + 1) & lowBits(width);
    return ExactValue::finite(negative, magnitude, -fracBits);
  }
  case FormatKind::Binary:
    return ExactValue::finite(code == 0, 1, 0);
  case FormatKind::PowerOfTwo:
  case FormatKind::Float: {
    unsigned bits = magnitudeBits(*this);
    bool negative = isSignedFlag && ((code >> bits) & 1);
    uint64_t m = code & lowBits(bits);
    // Power-of-two field values past the last level are unused; they read as
    // the largest level.
    if (kind == FormatKind::PowerOfTwo && m > maxFiniteMagnitude(*this))
      m = maxFiniteMagnitude(*this);
    ExactValue value = decodeMagnitude(*this, m);
    value.negative = negative && !value.isNaN();
    return value;
  }
  }
  return ExactValue::nan();
}

ExactValue NumberFormat::getLargest() const {
  switch (kind) {
  case FormatKind::Fixed: {
    uint64_t code = isSignedFlag ? lowBits(width - 1) : lowBits(width);
    return ExactValue::finite(false, code, -fracBits);
  }
  case FormatKind::Binary:
    return ExactValue::finite(false, 1, 0);
  default:
    return decodeMagnitude(*this, maxFiniteMagnitude(*this));
  }
}

ExactValue NumberFormat::getLowest() const {
  switch (kind) {
  case FormatKind::Fixed:
    if (!isSignedFlag)
      return ExactValue::finite(false, 0, 0);
    return ExactValue::finite(true, uint64_t(1) << (width - 1), -fracBits);
  case FormatKind::Binary:
    return ExactValue::finite(true, 1, 0);
  default: {
    if (!isSignedFlag)
      return decodeMagnitude(*this, 0);
    ExactValue value = getLargest();
    value.negative = true;
    return value;
  }
  }
}

ExactValue NumberFormat::getSmallestPositive() const {
  switch (kind) {
  case FormatKind::Fixed:
    return ExactValue::finite(false, 1, -fracBits);
  case FormatKind::Binary:
    return ExactValue::finite(false, 1, 0);
  default:
    for (uint64_t m = 0;; ++m) {
      ExactValue value = decodeMagnitude(*this, m);
      if (value.isFinite() && !value.isZero())
        return value;
    }
  }
}

//===----------------------------------------------------------------------===//
// Encoding
//===----------------------------------------------------------------------===//

/// The 53-bit integer k of the stochastic draw u = k * 2^-53.
static uint64_t stochasticDraw(uint64_t seed, uint64_t index) {
  return static_cast<uint64_t>(std::ldexp(stochasticUniform(seed, index), 53));
}

/// Whether stochastic rounding moves away from the lower neighbour:
/// u < offset / gap, compared exactly (offset = |x| - lo, gap = hi - lo).
static bool stochasticRoundsUp(const ExactReal &offset, const ExactReal &gap,
                               Rounding rounding, uint64_t index) {
  ExactReal u = ExactReal::integer(
                    static_cast<int64_t>(stochasticDraw(rounding.seed, index)))
                    .timesPowerOfTwo(-53);
  return ExactReal::compare(u * gap, offset) < 0;
}

static uint64_t encodeFixed(const NumberFormat &f, const ExactReal &x,
                            Rounding rounding, OverflowMode overflow,
                            uint64_t index) {
  unsigned width = f.getBitWidth();
  uint64_t mask = lowBits(width);
  uint64_t minBits = f.isSigned() ? (uint64_t(1) << (width - 1)) & mask : 0;
  uint64_t maxBits = f.isSigned() ? lowBits(width - 1) : mask;
  if (x.isNaN())
    return 0;
  if (x.isInfinity())
    return x.isNegative() ? minBits : maxBits;
  if (x.isZero())
    return 0;

  // |x| * 2^F = magnitude * 2^shift / denominator = quotient + remainder / den.
  int64_t shift = x.getExponent() + f.getFracBits();
  APInt numerator = x.getMagnitude();
  APInt denominator(64, x.getDenominator());
  if (shift >= 0) {
    numerator = numerator.zext(numerator.getActiveBits() + shift + 1)
                    .shl(static_cast<unsigned>(shift));
  } else {
    denominator =
        denominator.zext(64 - shift + 1).shl(static_cast<unsigned>(-shift));
  }
  unsigned bits =
      std::max(numerator.getBitWidth(), denominator.getBitWidth()) + 2;
  numerator = numerator.zext(bits);
  denominator = denominator.zext(bits);
  APInt quotient = numerator.udiv(denominator);
  APInt remainder = numerator.urem(denominator);

  // Round the magnitude; the candidates of x are -(q+1) and -q when negative.
  bool negative = x.isNegative();
  bool awayFromZero = false;
  if (!remainder.isZero()) {
    switch (rounding.mode) {
    case RoundingMode::NearestEven: {
      APInt twice = remainder.shl(1);
      awayFromZero =
          twice.ugt(denominator) || (twice == denominator && quotient[0]);
      break;
    }
    case RoundingMode::TowardZero:
      break;
    case RoundingMode::Stochastic: {
      // The fraction above floor(x * 2^F) is r/D when positive, 1 - r/D
      // when negative; rounding up moves toward +infinity.
      ExactReal r = ExactReal::dyadic(false, remainder, 0);
      ExactReal d = ExactReal::dyadic(false, denominator, 0);
      ExactReal fraction = negative ? d - r : r;
      bool up = stochasticRoundsUp(fraction, d, rounding, index);
      awayFromZero = negative ? !up : up;
      break;
    }
    }
  }
  if (awayFromZero)
    quotient += 1;

  // Range check on the signed integer, then saturate or wrap modulo 2^W.
  APInt limit = APInt(bits, 1).shl(f.isSigned() ? width - 1 : width);
  bool tooLarge =
      negative ? (f.isSigned() ? quotient.ugt(limit) : !quotient.isZero())
               : quotient.uge(f.isSigned() ? limit : limit);
  if (tooLarge && overflow == OverflowMode::Saturate)
    return negative ? minBits : maxBits;
  uint64_t low = quotient.getLoBits(std::min(width, bits)).getZExtValue();
  return (negative ? 0 - low : low) & mask;
}

/// floor(|x| * 2^k) when it is below 2^63.
static std::optional<uint64_t> floorScaled(const ExactReal &x, int64_t k) {
  int64_t shift = x.getExponent() + k;
  APInt magnitude = x.getMagnitude();
  if (shift >= 0) {
    if (magnitude.getActiveBits() + shift > 62)
      return std::nullopt;
    magnitude = magnitude.zext(64).shl(static_cast<unsigned>(shift));
  } else {
    magnitude = -shift >= magnitude.getBitWidth()
                    ? APInt(magnitude.getBitWidth(), 0)
                    : magnitude.lshr(static_cast<unsigned>(-shift));
    if (magnitude.getActiveBits() > 62)
      return std::nullopt;
  }
  return magnitude.getZExtValue() / x.getDenominator();
}

/// The magnitude code whose value is the largest at most |x| for IEEE-like
/// minifloat layouts and power-of-two levels, from `lead` = floor(log2 |x|)
/// and `floorScaled(k)` = floor(|x| * 2^k) (std::nullopt from 2^62 on);
/// std::nullopt when no quick guess applies.
template <typename FloorScaled>
static std::optional<uint64_t> guessMagnitudeCode(const NumberFormat &f,
                                                  int64_t lead,
                                                  FloorScaled floorScaled) {
  if (f.getKind() == FormatKind::PowerOfTwo) {
    int64_t field = lead - f.getMinExp() + (f.hasZero() ? 1 : 0);
    return field < 0 ? std::nullopt : std::optional<uint64_t>(field);
  }
  int64_t mant = f.getMantBits();
  int64_t biased = lead + f.getBias();
  if (biased >= 1) {
    std::optional<uint64_t> scaled = floorScaled(mant - lead);
    if (!scaled || biased >= (int64_t(1) << f.getExpBits()))
      return std::nullopt;
    return (uint64_t(biased) << mant) | (*scaled & lowBits(mant));
  }
  // Below the normal range: IEEE subnormal steps of 2^(1 - bias - M).
  return floorScaled(f.getBias() + mant - 1);
}

/// The arithmetic encodeMonotone rounds in: exact rationals for any value,
/// or plain doubles where that is exact (see DoubleArithmetic).
struct ExactArithmetic {
  using Real = ExactReal;
  static Real value(const NumberFormat &f, uint64_t m) {
    return ExactReal::fromValue(decodeMagnitude(f, m));
  }
  static int compare(const Real &a, const Real &b) {
    return ExactReal::compare(a, b);
  }
  static bool isNaN(const Real &x) { return x.isNaN(); }
  static bool isInfinity(const Real &x) { return x.isInfinity(); }
  static bool isZero(const Real &x) { return x.isZero(); }
  static bool isNegative(const Real &x) { return x.isNegative(); }
  static std::optional<uint64_t> guess(const NumberFormat &f, const Real &x) {
    if (!x.isFinite() || x.isZero())
      return std::nullopt;
    return guessMagnitudeCode(f, floorLog2(x),
                              [&](int64_t k) { return floorScaled(x, k); });
  }
};

/// Doubles, for a finite double `x` rounded to nearest-even or toward zero
/// into a format that fitsDoubleArithmetic: every value of the format, the
/// sum of two neighbours (at most the format's significand plus two bits),
/// their difference (Sterbenz: neighbours are within a factor of two) and
/// 2|x| are then doubles, so each comparison is exact.
struct DoubleArithmetic {
  using Real = double;
  /// 2^e for a normal double exponent, without ldexp's range handling.
  static double powerOfTwo(int64_t e) {
    return llvm::bit_cast<double>(uint64_t(e + 1023) << 52);
  }
  static Real value(const NumberFormat &f, uint64_t m) {
    ExactValue v = decodeMagnitude(f, m);
    return double(v.significand) * powerOfTwo(v.exponent);
  }
  static int compare(double a, double b) { return a < b ? -1 : a > b ? 1 : 0; }
  static bool isNaN(double x) { return std::isnan(x); }
  static bool isInfinity(double x) { return std::isinf(x); }
  static bool isZero(double x) { return x == 0; }
  static bool isNegative(double x) { return std::signbit(x); }
  static std::optional<uint64_t> guess(const NumberFormat &f, double x) {
    if (!std::isfinite(x) || x == 0)
      return std::nullopt;
    return guessMagnitudeCode(f, std::ilogb(x),
                              [&](int64_t k) -> std::optional<uint64_t> {
                                if (k < -1022 || k > 1023)
                                  return std::nullopt;
                                double scaled = std::floor(x * powerOfTwo(k));
                                if (!(scaled < 0x1p62))
                                  return std::nullopt;
                                return uint64_t(scaled);
                              });
  }
};

/// Whether DoubleArithmetic is exact for `f`: significands of at most 50
/// bits, steps no finer than 2^-960 and values below 2^960 (all normal
/// doubles, and so are the scale factors of its guess).
static bool fitsDoubleArithmetic(const NumberFormat &f) {
  constexpr int64_t kFinest = -960, kLargest = 960;
  if (f.getKind() == FormatKind::PowerOfTwo)
    return f.getMinExp() >= kFinest && f.getMaxExp() <= kLargest;
  if (f.getKind() != FormatKind::Float || f.getMantBits() > 50 ||
      f.getExpBits() > 12)
    return false;
  int64_t finestStep = -int64_t(f.getBias()) - int64_t(f.getMantBits());
  int64_t topExponent = (int64_t(1) << f.getExpBits()) - int64_t(f.getBias());
  return finestStep >= kFinest && topExponent <= kLargest;
}

/// Encodes through the monotone magnitude codes of a power-of-two or float
/// format.
template <typename Arithmetic>
static uint64_t
encodeMonotone(const NumberFormat &f, const typename Arithmetic::Real &x,
               Rounding rounding, OverflowMode overflow, uint64_t index) {
  using Real = typename Arithmetic::Real;
  unsigned bits = magnitudeBits(f);
  uint64_t signBit = f.isSigned() ? uint64_t(1) << bits : 0;
  uint64_t maxMag = maxFiniteMagnitude(f);
  bool isFloat = f.getKind() == FormatKind::Float;

  auto nanCode = [&]() { return f.getNaNCode(); };
  if (Arithmetic::isNaN(x))
    return nanCode();
  bool negative = Arithmetic::isNegative(x);
  if (negative && !f.isSigned()) {
    // Unsigned power of two: negative values clamp to the lowest level.
    return 0;
  }
  if (!isFloat && Arithmetic::isZero(x))
    negative = false; // Power-of-two zero (or smallest level) is positive.
  uint64_t sign = negative ? signBit : 0;

  auto infinityCode = [&]() -> uint64_t {
    if (f.hasInfinity())
      return sign | f.getInfinityCode();
    if (f.hasNaN())
      return nanCode();
    return sign | maxMag;
  };
  if (Arithmetic::isInfinity(x))
    return overflow == OverflowMode::Wrap && f.hasInfinity() ? infinityCode()
                                                             : sign | maxMag;

  Real magnitude = negative ? -x : x;
  auto value = [&](uint64_t m) { return Arithmetic::value(f, m); };
  auto less = [](const Real &a, const Real &b) {
    return Arithmetic::compare(a, b) < 0;
  };
  // Largest producible magnitude code whose value is <= |x|.
  if (less(magnitude, value(0)))
    return sign | 0; // Power of two without zero: the smallest level.
  uint64_t lo, hi;
  Real loValue, hiValue;
  Real top = value(maxMag);
  if (!less(magnitude, top)) {
    lo = maxMag;
    loValue = top;
    hi = maxMag + 1; // Virtual code one top ulp (or one level) above.
    Real below = value(maxMag - (maxMag > 0 ? 1 : 0));
    hiValue = f.getKind() == FormatKind::PowerOfTwo || maxMag == 0
                  ? top + top
                  : top + (top - below);
  } else {
    uint64_t left = 0, right = maxMag; // value(left) <= |x| < value(right)
    // Start from the code the bit position of |x| points at; the search
    // below only confirms it (and covers the formats the guess misses).
    if (std::optional<uint64_t> guess = Arithmetic::guess(f, magnitude)) {
      uint64_t g = std::min(*guess, maxMag - 1);
      if (!less(magnitude, value(g)) && less(magnitude, value(g + 1))) {
        left = g;
        right = g + 1;
      }
    }
    while (right - left > 1) {
      uint64_t mid = left + (right - left) / 2;
      if (!less(magnitude, value(mid)))
        left = mid;
      else
        right = mid;
    }
    lo = left;
    hi = right;
    // Skip codes the format reads but never produces: those are all the
    // subnormals, between zero and the smallest normal.
    if (!isProducible(f, lo))
      lo = 0;
    if (!isProducible(f, hi))
      hi = uint64_t(1) << f.getMantBits();
    loValue = value(lo);
    hiValue = value(hi);
  }

  uint64_t chosen = lo;
  if (Arithmetic::compare(magnitude, loValue) != 0) {
    switch (rounding.mode) {
    case RoundingMode::NearestEven: {
      // |x| - lo vs hi - |x|, i.e. 2|x| vs lo + hi.
      int order = Arithmetic::compare(magnitude + magnitude, loValue + hiValue);
      chosen = order < 0 ? lo : order > 0 ? hi : ((lo & 1) == 0 ? lo : hi);
      break;
    }
    case RoundingMode::TowardZero:
      chosen = lo;
      break;
    case RoundingMode::Stochastic:
      if constexpr (std::is_same_v<Real, ExactReal>)
        chosen = stochasticRoundsUp(magnitude - loValue, hiValue - loValue,
                                    rounding, index)
                     ? hi
                     : lo;
      else
        llvm_unreachable("stochastic rounding needs exact arithmetic");
      break;
    }
  }
  if (chosen > maxMag) {
    if (overflow == OverflowMode::Saturate)
      return sign | maxMag;
    return infinityCode();
  }
  return sign | chosen;
}

uint64_t NumberFormat::encode(const ExactReal &x, Rounding rounding,
                              OverflowMode overflow, uint64_t index) const {
  switch (kind) {
  case FormatKind::Fixed:
    return encodeFixed(*this, x, rounding, overflow, index);
  case FormatKind::Binary: {
    if (x.isNaN())
      return 0;
    if (rounding.mode == RoundingMode::Stochastic) {
      // u < clamp((x + 1) / 2, 0, 1)  <=>  u * 2 < x + 1.
      ExactReal u2 =
          ExactReal::integer(
              static_cast<int64_t>(stochasticDraw(rounding.seed, index)))
              .timesPowerOfTwo(-52);
      return ExactReal::compare(u2, x + ExactReal::integer(1)) < 0 ? 1 : 0;
    }
    return x.isZero() || !x.isNegative() ? 1 : 0;
  }
  case FormatKind::PowerOfTwo:
  case FormatKind::Float:
    return encodeMonotone<ExactArithmetic>(*this, x, rounding, overflow, index);
  }
  return 0;
}

/// encodeFixed for a double whose scaled value x * 2^F is exact in double
/// and below 2^62, rounded to nearest-even or toward zero: the same code
/// without exact arithmetic (scaling by 2^F is exact there, and so are
/// nearbyint and trunc); std::nullopt where that does not hold.
static std::optional<uint64_t> encodeFixedDouble(const NumberFormat &f,
                                                 double x, RoundingMode mode,
                                                 OverflowMode overflow) {
  if (!std::isfinite(x) || mode == RoundingMode::Stochastic)
    return std::nullopt;
  double scaled = std::ldexp(x, f.getFracBits());
  if (!(std::fabs(scaled) < 0x1p62) ||
      std::ldexp(scaled, -f.getFracBits()) != x)
    return std::nullopt;
  // nearbyint rounds ties to even in the default floating-point environment.
  int64_t integer = static_cast<int64_t>(mode == RoundingMode::NearestEven
                                             ? std::nearbyint(scaled)
                                             : std::trunc(scaled));
  unsigned width = f.getBitWidth();
  uint64_t mask = lowBits(width);
  uint64_t minBits = f.isSigned() ? (uint64_t(1) << (width - 1)) & mask : 0;
  uint64_t maxBits = f.isSigned() ? lowBits(width - 1) : mask;
  bool tooLarge;
  if (f.isSigned())
    tooLarge = width < 63 && (integer < -(int64_t(1) << (width - 1)) ||
                              integer >= (int64_t(1) << (width - 1)));
  else
    tooLarge = integer < 0 || (width < 63 && integer >= (int64_t(1) << width));
  if (tooLarge && overflow == OverflowMode::Saturate)
    return integer < 0 ? minBits : maxBits;
  return static_cast<uint64_t>(integer) & mask;
}

uint64_t NumberFormat::encode(double x, Rounding rounding,
                              OverflowMode overflow, uint64_t index) const {
  if (kind == FormatKind::Fixed)
    if (std::optional<uint64_t> code =
            encodeFixedDouble(*this, x, rounding.mode, overflow))
      return *code;
  if (rounding.mode != RoundingMode::Stochastic && fitsDoubleArithmetic(*this))
    return encodeMonotone<DoubleArithmetic>(*this, x, rounding, overflow,
                                            index);
  return encode(ExactReal::fromDouble(x), rounding, overflow, index);
}

bool NumberFormat::isRepresentable(double x) const {
  if (std::isnan(x))
    return hasNaN();
  ExactValue value = decode(encode(x, {}, OverflowMode::Wrap));
  if (std::isinf(x))
    return value.isInfinity() && value.negative == std::signbit(x);
  return value.isFinite() && value.toDouble() == x;
}

std::string NumberFormat::str() const {
  switch (kind) {
  case FormatKind::Fixed:
    return std::string(isSignedFlag ? "fixed<" : "ufixed<") +
           std::to_string(width) + ", " + std::to_string(fracBits) + ">";
  case FormatKind::PowerOfTwo:
    return "pot<" + std::to_string(width) + ", " + std::to_string(minExp) +
           ", " + std::to_string(maxExp) + (hasZeroFlag ? "" : ", nozero") +
           (isSignedFlag ? "" : ", unsigned") + ">";
  case FormatKind::Float: {
    std::string text =
        "float<" + std::to_string(expBits) + ", " + std::to_string(mantBits);
    if (bias != defaultBias(expBits))
      text += ", bias = " + std::to_string(bias);
    if (subnormals != Subnormals::Ieee)
      text += std::string(", subnormals = ") + toString(subnormals);
    if (specials != Specials::Ieee)
      text += std::string(", specials = ") + toString(specials);
    return text + ">";
  }
  case FormatKind::Binary:
    return "binary";
  }
  return "?";
}

bool NumberFormat::operator==(const NumberFormat &other) const {
  return kind == other.kind && isSignedFlag == other.isSignedFlag &&
         hasZeroFlag == other.hasZeroFlag && width == other.width &&
         fracBits == other.fracBits && minExp == other.minExp &&
         maxExp == other.maxExp && expBits == other.expBits &&
         mantBits == other.mantBits && bias == other.bias &&
         subnormals == other.subnormals && specials == other.specials;
}
