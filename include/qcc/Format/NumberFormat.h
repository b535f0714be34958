//===- NumberFormat.h - qcc number formats: encode, decode, ranges -*- C++
//-*-===//
//
// The arithmetic core of qcc's number formats, independent of MLIR: fixed point
// (Qm.n, signed and unsigned), power-of-two codes, minifloats ExMy with their
// special-value variants (REFERENCE.md section 8) and binary (+-1). The
// dialect's types, the reference evaluator and every backend use these
// definitions, so the rules below are the single source of truth for how a real
// number becomes bits. docs/semantics.md states the same rules for readers.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_FORMAT_NUMBERFORMAT_H
#define QCC_FORMAT_NUMBERFORMAT_H

#include <cstdint>
#include <optional>
#include <string>

namespace qcc {

class ExactReal;

//===----------------------------------------------------------------------===//
// Rounding and overflow
//===----------------------------------------------------------------------===//

enum class RoundingMode : uint8_t {
  /// Round to the nearest representable value; ties go to the even code.
  NearestEven,
  /// Round toward zero (truncate the magnitude).
  TowardZero,
  /// Round up with probability equal to the distance from the lower neighbour
  /// divided by the gap; the random draw is `stochasticUniform(seed, index)`.
  Stochastic,
};

enum class OverflowMode : uint8_t {
  /// Out-of-range values clamp to the largest/lowest finite value.
  Saturate,
  /// Fixed point: two's complement wrap-around (modulo 2^W). Floats: the
  /// non-saturating IEEE behaviour (overflow to infinity, else NaN, else
  /// clamp).
  /// Power-of-two and binary formats have no wrap and saturate.
  Wrap,
};

/// The rounding rule of one conversion. `seed` only matters for Stochastic.
struct Rounding {
  RoundingMode mode = RoundingMode::NearestEven;
  uint64_t seed = 0;
};

/// The random draw of stochastic rounding for element `index` of a conversion
/// with seed `seed`: the SplitMix64 hash of `seed + (index + 1) *
/// 0x9E3779B97F4A7C15`, top 53 bits, as a double in [0, 1). Every backend uses
/// this exact stream.
double stochasticUniform(uint64_t seed, uint64_t index);

/// Parses/prints "nearest_even", "toward_zero", "stochastic" and "saturate",
/// "wrap".
std::optional<RoundingMode> parseRoundingMode(const std::string &name);
std::optional<OverflowMode> parseOverflowMode(const std::string &name);
const char *toString(RoundingMode mode);
const char *toString(OverflowMode mode);

//===----------------------------------------------------------------------===//
// Exact values
//===----------------------------------------------------------------------===//

/// A decoded value: NaN, +-infinity, or the dyadic rational
/// (-1)^negative * significand * 2^exponent. Every code of every qcc format has
/// such an exact value; zero may carry a sign (negative zero).
struct ExactValue {
  enum class Kind : uint8_t { Finite, Infinity, NaN };
  Kind kind = Kind::Finite;
  bool negative = false;
  uint64_t significand = 0;
  int32_t exponent = 0;

  static ExactValue finite(bool negative, uint64_t significand,
                           int32_t exponent);
  static ExactValue infinity(bool negative);
  static ExactValue nan();

  bool isNaN() const { return kind == Kind::NaN; }
  bool isInfinity() const { return kind == Kind::Infinity; }
  bool isFinite() const { return kind == Kind::Finite; }
  bool isZero() const { return isFinite() && significand == 0; }

  /// The same value with trailing zero bits moved from the significand into the
  /// exponent (zero gets exponent 0), so equal values compare field by field.
  ExactValue normalized() const;

  /// Converts to double; exact whenever the significand has at most 53
  /// significant bits and the value lies in double's range (true for every
  /// format qcc accepts except fixed point wider than 53 bits).
  double toDouble() const;

  /// Value equality: NaN equals nothing, +0 == -0.
  bool operator==(const ExactValue &other) const;
  bool operator!=(const ExactValue &other) const { return !(*this == other); }

  /// "nan", "inf", "-inf" or the decimal value of toDouble().
  std::string str() const;
};

//===----------------------------------------------------------------------===//
// Formats
//===----------------------------------------------------------------------===//

/// How a minifloat reads and writes the codes whose exponent field is zero.
enum class Subnormals : uint8_t {
  /// IEEE: 0.m * 2^(1 - bias), read and produced (CFG-1).
  Ieee,
  /// Read as IEEE subnormals, never produced: results below the smallest
  /// normal round to zero or to the smallest normal (CFG-2, CFG-3, CFG-4).
  NoOutput,
  /// Read as normal values 1.m * 2^(-bias) except the all-zero mantissa, which
  /// stays zero; produced as such (CFG-5).
  AsNormal,
  /// Read as zero, never produced (CFG-6).
  Flush,
};

/// Which codes of a minifloat are infinities and NaNs.
enum class Specials : uint8_t {
  /// IEEE: the all-ones exponent holds +-inf (mantissa 0) and NaNs (others).
  Ieee,
  /// The all-ones exponent holds normal values except the all-ones mantissa,
  /// which is +-inf; there is no NaN (REFERENCE.md 8, CFG-4..6 "custom").
  InfOnly,
  /// The all-ones exponent holds normal values except the all-ones mantissa,
  /// which is NaN; there is no infinity (OCP E4M3 "FN").
  NanOnly,
  /// Every code is a finite value.
  Finite,
};

std::optional<Subnormals> parseSubnormals(const std::string &name);
std::optional<Specials> parseSpecials(const std::string &name);
/// "ieee", "no_output", "as_normal", "flush".
const char *toString(Subnormals value);
/// "ieee", "inf_only", "nan_only", "finite".
const char *toString(Specials value);

enum class FormatKind : uint8_t { Fixed, PowerOfTwo, Float, Binary };

/// One number format: a value type, cheap to copy. Build it with the static
/// factories after checking the parameters with the matching `check*` function,
/// which returns the message for the first invalid parameter (naming it and its
/// allowed range), or std::nullopt when the parameters are valid.
///
/// Codes are the W low bits of a uint64_t (higher bits zero); signed fixed
/// point is two's complement, power-of-two and float codes are sign-magnitude
/// with the sign in bit W-1.
class NumberFormat {
public:
  /// Fixed point Qm.n: `width` total bits W in [1, 64] (the sign bit included
  /// when signed), `fracBits` F in [-128, 128]. Value = code * 2^-F. F > W (all
  /// bits are fraction, the value is small) and F < 0 (the LSB weighs more than
  /// one) are both allowed.
  static std::optional<std::string> checkFixed(int64_t width, int64_t fracBits,
                                               bool isSigned);
  static NumberFormat fixed(unsigned width, int fracBits, bool isSigned = true);

  /// Power of two: `width` W in [1, 16] bits; when signed the top bit is the
  /// sign and the remaining k = W - 1 bits (k >= 1) are the exponent field,
  /// else all k = W bits are. Levels are 2^e for e in [minExp, maxExp]
  /// (both in [-1000, 1000], minExp <= maxExp) and, when `hasZero`, zero.
  /// The field counts up from the smallest magnitude: with zero, field 0 is
  /// zero and field f >= 1 is 2^(minExp + f - 1); without zero, field f is
  /// 2^(minExp + f). Needs (maxExp - minExp + 1) + hasZero <= 2^k.
  static std::optional<std::string>
  checkPowerOfTwo(int64_t width, int64_t minExp, int64_t maxExp, bool hasZero,
                  bool isSigned);
  static NumberFormat powerOfTwo(unsigned width, int minExp, int maxExp,
                                 bool hasZero = true, bool isSigned = true);

  /// Minifloat ExMy: sign, `expBits` E in [1, 8], `mantBits` M in [0, 23],
  /// `bias` (default 2^(E-1) - 1) in [-(2^E), 2^(E+1)]. IEEE specials need
  /// E >= 2 (one exponent value is reserved and at least one must remain).
  static std::optional<std::string> checkFloat(int64_t expBits,
                                               int64_t mantBits, int64_t bias,
                                               Subnormals subnormals,
                                               Specials specials);
  static int defaultBias(unsigned expBits) { return (1 << (expBits - 1)) - 1; }
  static NumberFormat minifloat(unsigned expBits, unsigned mantBits, int bias,
                                Subnormals subnormals = Subnormals::Ieee,
                                Specials specials = Specials::Ieee);
  static NumberFormat minifloat(unsigned expBits, unsigned mantBits,
                                Subnormals subnormals = Subnormals::Ieee,
                                Specials specials = Specials::Ieee) {
    return minifloat(expBits, mantBits, defaultBias(expBits), subnormals,
                     specials);
  }

  /// Binary +-1: one bit, code 1 is +1 and code 0 is -1.
  static NumberFormat binary();

  FormatKind getKind() const { return kind; }
  bool isSigned() const { return isSignedFlag; }
  unsigned getBitWidth() const { return width; }

  // Fixed point parameters.
  int getFracBits() const { return fracBits; }
  // Power-of-two parameters.
  int getMinExp() const { return minExp; }
  int getMaxExp() const { return maxExp; }
  bool hasZero() const { return hasZeroFlag; }
  // Minifloat parameters.
  unsigned getExpBits() const { return expBits; }
  unsigned getMantBits() const { return mantBits; }
  int getBias() const { return bias; }
  Subnormals getSubnormals() const { return subnormals; }
  Specials getSpecials() const { return specials; }

  bool hasInfinity() const;
  bool hasNaN() const;

  /// The largest finite value.
  ExactValue getLargest() const;
  /// The magnitude code (sign bit excluded) of the largest finite value, for
  /// power-of-two and float formats.
  uint64_t getLargestMagnitudeCode() const;
  /// The codes the encoder writes for NaN (0 when the format has no NaN) and
  /// for +infinity (only meaningful when hasInfinity()), for float formats.
  uint64_t getNaNCode() const;
  uint64_t getInfinityCode() const;
  /// The most negative finite value (zero or the smallest level when unsigned).
  ExactValue getLowest() const;
  /// The smallest positive value.
  ExactValue getSmallestPositive() const;

  /// Encodes `x`: round with `rounding` (the stochastic draw for element
  /// `index`), then handle values beyond the finite range with `overflow`.
  /// NaN encodes as the canonical NaN where the format has one, else as code 0;
  /// infinities encode as infinities where the format has them (unless
  /// saturating), else clamp to the largest/lowest finite value.
  uint64_t encode(double x, Rounding rounding = {},
                  OverflowMode overflow = OverflowMode::Saturate,
                  uint64_t index = 0) const;
  /// The same for an exact real (qcc/Format/ExactReal.h): the one encoder of
  /// the semantics. Stochastic rounding compares the draw with the exact
  /// fraction, so no intermediate double rounds.
  uint64_t encode(const ExactReal &x, Rounding rounding = {},
                  OverflowMode overflow = OverflowMode::Saturate,
                  uint64_t index = 0) const;

  /// The exact value of `code` (bits above the width are ignored).
  ExactValue decode(uint64_t code) const;
  double decodeToDouble(uint64_t code) const { return decode(code).toDouble(); }

  /// True when `x` is exactly one of the values the encoder produces (so not
  /// the subnormals of `no_output` formats, which are only read).
  bool isRepresentable(double x) const;

  /// The MLIR spelling without the dialect prefix, e.g. "fixed<8, 4>",
  /// "pot<4, -6, 0>", "float<5, 2, subnormals = as_normal>", "binary".
  std::string str() const;

  bool operator==(const NumberFormat &other) const;
  bool operator!=(const NumberFormat &other) const { return !(*this == other); }

private:
  NumberFormat() = default;

  FormatKind kind = FormatKind::Fixed;
  bool isSignedFlag = true;
  bool hasZeroFlag = true;
  unsigned width = 1;
  int fracBits = 0;
  int minExp = 0, maxExp = 0;
  unsigned expBits = 0, mantBits = 0;
  int bias = 0;
  Subnormals subnormals = Subnormals::Ieee;
  Specials specials = Specials::Ieee;
};

} // namespace qcc

#endif // QCC_FORMAT_NUMBERFORMAT_H
