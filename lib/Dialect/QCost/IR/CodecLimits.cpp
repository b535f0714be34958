//===- CodecLimits.cpp - what qcost.decode and qcost.encode can do --------===//

#include "qcc/Dialect/QCost/IR/CodecLimits.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;
using namespace qcc::qcost::codec;

unsigned codec::integerWidth(unsigned bits) {
  return static_cast<unsigned>(llvm::PowerOf2Ceil(std::max<uint64_t>(8, bits)));
}

std::optional<IntegerGrid> codec::getIntegerGrid(const NumberFormat &f) {
  IntegerGrid grid;
  switch (f.getKind()) {
  case FormatKind::Fixed:
    grid.lsb = -f.getFracBits();
    grid.magnitudeBits = f.isSigned() ? f.getBitWidth() - 1 : f.getBitWidth();
    return grid;
  case FormatKind::Binary:
    grid.magnitudeBits = 1;
    return grid;
  case FormatKind::PowerOfTwo:
    if (f.getMaxExp() - f.getMinExp() + 2 > int64_t(kMaxIntegerBits))
      return std::nullopt;
    grid.lsb = f.getMinExp();
    grid.magnitudeBits = f.getMaxExp() - f.getMinExp() + 1;
    return grid;
  case FormatKind::Float: {
    grid.lsb = 1 - f.getBias() - static_cast<int64_t>(f.getMantBits());
    if (f.getSubnormals() == Subnormals::AsNormal)
      --grid.lsb;
    ExactValue largest = f.getLargest();
    grid.magnitudeBits = 64 - __builtin_clzll(largest.significand | 1) +
                         static_cast<unsigned>(largest.exponent - grid.lsb);
    return grid;
  }
  }
  return std::nullopt;
}

unsigned codec::getSignificantBits(const NumberFormat &f) {
  switch (f.getKind()) {
  case FormatKind::Fixed:
    return std::max(1u, f.isSigned() ? f.getBitWidth() - 1 : f.getBitWidth());
  case FormatKind::Float:
    return f.getMantBits() + 1;
  case FormatKind::PowerOfTwo:
  case FormatKind::Binary:
    return 1;
  }
  return 64;
}

/// The float types codes decode to and values are encoded from.
static bool isCarrierFloat(Type type) {
  return type.isF16() || type.isBF16() || type.isF32() || type.isF64();
}

bool codec::isExactIn(const NumberFormat &f, FloatType type) {
  if (!isCarrierFloat(type))
    return false;
  if (std::optional<NumberFormat> own = getNumberFormat(type); own && *own == f)
    return true;
  const llvm::fltSemantics &semantics = type.getFloatSemantics();
  int64_t precision = llvm::APFloat::semanticsPrecision(semantics);
  int64_t lowest = llvm::APFloat::semanticsMinExponent(semantics) - precision +
                   1; // the exponent of the smallest subnormal
  int64_t highest = llvm::APFloat::semanticsMaxExponent(semantics);
  if (getSignificantBits(f) > precision)
    return false;
  if (f.getKind() == FormatKind::PowerOfTwo)
    return f.getMinExp() >= lowest && f.getMaxExp() <= highest;
  std::optional<IntegerGrid> grid = getIntegerGrid(f);
  if (!grid)
    return false;
  int64_t top = grid->lsb + grid->magnitudeBits - 1; // leading-bit exponent
  return grid->lsb >= lowest && top <= highest;
}

/// A code of `format` is an integer of at least W bits (64 at most) or the
/// IEEE float type whose format it is.
static std::optional<std::string> checkCodeType(const NumberFormat &f,
                                                Type type, StringRef what) {
  std::string message;
  llvm::raw_string_ostream os(message);
  if (auto integer = dyn_cast<IntegerType>(type)) {
    if (integer.isSignless() && integer.getWidth() >= f.getBitWidth() &&
        integer.getWidth() <= 64)
      return std::nullopt;
    os << what << " " << type << " cannot hold the " << f.getBitWidth()
       << "-bit codes of " << f.str();
    return message;
  }
  if (std::optional<NumberFormat> own = getNumberFormat(type);
      own && *own == f && isa<FloatType>(type))
    return std::nullopt;
  os << what << " " << type << " is not a storage type of " << f.str()
     << " (an integer of at least " << f.getBitWidth()
     << " bits, or the float type itself)";
  return message;
}

std::optional<std::string> codec::checkDecode(const NumberFormat &f,
                                              Type codeType, Type resultType,
                                              int64_t lsb) {
  if (std::optional<std::string> bad = checkCodeType(f, codeType, "code type"))
    return bad;
  std::string message;
  llvm::raw_string_ostream os(message);
  if (auto floatType = dyn_cast<FloatType>(resultType)) {
    if (isExactIn(f, floatType))
      return std::nullopt;
    os << "the values of " << f.str() << " are not all exact in " << resultType;
    return message;
  }
  auto integer = cast<IntegerType>(resultType);
  if (f.getKind() == FormatKind::Float) {
    os << "minifloat codes (" << f.str()
       << ") decode to floats, not to integers";
    return message;
  }
  std::optional<IntegerGrid> grid = getIntegerGrid(f);
  if (!grid) {
    os << "the values of " << f.str() << " need more than " << kMaxIntegerBits
       << " bits as integers";
    return message;
  }
  if (lsb > grid->lsb) {
    os << "lsb " << lsb << " is above the format's LSB " << grid->lsb;
    return message;
  }
  int64_t bits = grid->magnitudeBits + (grid->lsb - lsb) + 1;
  if (bits > integer.getWidth() || bits > kMaxIntegerBits) {
    os << "the values of " << f.str() << " at 2^" << lsb << " need " << bits
       << " bits; " << resultType << " is too narrow";
    return message;
  }
  return std::nullopt;
}

FixedWidths codec::getFixedWidths(const NumberFormat &f,
                                  const EncodeValue &value, RoundingMode mode) {
  FixedWidths widths;
  widths.shift = -int64_t(f.getFracBits()) - value.lsb;
  int64_t s = widths.shift;
  int64_t width = f.getBitWidth();
  if (value.divisorBits == 0) {
    // One bit above the format's width keeps unsigned codes positive.
    int64_t work = std::max<int64_t>(value.bits, width + 1);
    if (s > 0)
      work = std::max<int64_t>(work, s + 2);
    widths.work = integerWidth(static_cast<unsigned>(
        std::min<int64_t>(work, 2 * int64_t(kMaxIntegerBits))));
    return widths;
  }
  int64_t numerator = value.bits + std::max<int64_t>(0, -s);
  int64_t denominator = value.divisorBits + std::max<int64_t>(0, s) + 1;
  int64_t work = std::max({numerator, denominator, width}) + 2;
  widths.work = integerWidth(
      static_cast<unsigned>(std::min<int64_t>(work, 2 * kMaxIntegerBits)));
  return widths;
}

EncodeValue codec::getBinaryReducedValue(const EncodeValue &value) {
  if (value.floatType || value.divisorBits ||
      value.lsb >= kBinarySignificantLsb)
    return value;
  EncodeValue reduced = value;
  int64_t dropped = kBinarySignificantLsb - value.lsb;
  reduced.bits = static_cast<unsigned>(
      std::max<int64_t>(2, int64_t(value.bits) - dropped + 1));
  reduced.lsb = kBinarySignificantLsb - 1;
  return reduced;
}

EncodeValue codec::getBinaryStochasticValue(const EncodeValue &value) {
  // (x + 1) / 2 with x = n * 2^lsb / d is (n * 2^lsb + d) * 2^-1 / d: the
  // sum is an integer at LSB min(lsb, 0), so the value's LSB drops by one.
  EncodeValue half = getBinaryReducedValue(value);
  if (value.floatType) {
    half.floatType = {};
    half.bits = 128;
    half.lsb = kBinaryFloatLsb;
  }
  int64_t lsb = std::min<int64_t>(half.lsb, 0);
  unsigned divisor = std::max(1u, half.divisorBits);
  half.bits = static_cast<unsigned>(
      std::max<int64_t>(half.bits + (half.lsb - lsb), divisor - lsb + 1) + 1);
  half.lsb = lsb - 1;
  return half;
}

unsigned codec::getGridDivisorLimit(const NumberFormat &f) {
  unsigned mant = f.getKind() == FormatKind::Float ? f.getMantBits() : 0;
  return kGridSignificandBits - 1 - kDrawBits - 1 - mant;
}

std::optional<std::string>
codec::checkEncode(const NumberFormat &f, const EncodeValue &value,
                   RoundingMode mode, OverflowMode overflow, Type codeType) {
  if (std::optional<std::string> bad =
          checkCodeType(f, codeType, "result type"))
    return bad;
  std::string message;
  llvm::raw_string_ostream os(message);
  if (overflow == OverflowMode::wrap &&
      (f.getKind() == FormatKind::PowerOfTwo ||
       f.getKind() == FormatKind::Binary)) {
    os << "overflow 'wrap' needs a fixed-point, integer or float format; "
       << f.str() << " always saturates";
    return message;
  }
  if (f.getKind() == FormatKind::Float && f.getLargest().isZero()) {
    os << f.str() << " has no nonzero finite value to round to";
    return message;
  }
  if (value.floatType) {
    if (isCarrierFloat(value.floatType))
      return std::nullopt;
    os << "float values of type " << value.floatType
       << " are not encoded (f16, bf16, f32 and f64 are)";
    return message;
  }
  if (value.bits > kMaxIntegerBits) {
    os << "integer values wider than " << kMaxIntegerBits
       << " bits are not encoded";
    return message;
  }
  if (value.divisorBits > kMaxQuotientBits) {
    os << "divisors wider than " << kMaxQuotientBits
       << " bits are not supported";
    return message;
  }
  switch (f.getKind()) {
  case FormatKind::Binary:
    if (mode != RoundingMode::stochastic)
      return std::nullopt;
    return checkEncode(NumberFormat::fixed(1, 0, /*isSigned=*/false),
                       getBinaryStochasticValue(value), mode,
                       OverflowMode::saturate, codeType);
  case FormatKind::Fixed: {
    FixedWidths widths = getFixedWidths(f, value, mode);
    unsigned workLimit = value.divisorBits ? kMaxQuotientBits : kMaxIntegerBits;
    if (widths.work > workLimit) {
      os << "rounding into " << f.str() << " needs a " << widths.work << "-bit "
         << (value.divisorBits ? "quotient" : "integer") << " (at most "
         << workLimit << ")";
      return message;
    }
    return std::nullopt;
  }
  case FormatKind::PowerOfTwo:
  case FormatKind::Float:
    if (value.divisorBits > getGridDivisorLimit(f)) {
      os << "a divisor of " << value.divisorBits << " bits does not round into "
         << f.str() << " exactly (at most " << getGridDivisorLimit(f) << ")";
      return message;
    }
    return std::nullopt;
  }
  return std::nullopt;
}
