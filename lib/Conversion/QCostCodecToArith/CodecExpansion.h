//===- CodecExpansion.h - pieces of convert-qcost-codec-to-arith -*- C++
//-*-===//
//
// Private to lib/Conversion/QCostCodecToArith. One file per format kind
// expands qcost.decode and qcost.encode into arith; they share the integer
// helpers, the rounding decision (Rounding.cpp: the only switch over
// rounding modes) and the grid encoder of minifloats and powers of two
// (Grid.cpp, on the wide floats of WideFloat.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTCODECTOARITH_CODECEXPANSION_H
#define QCC_LIB_CONVERSION_QCOSTCODECTOARITH_CODECEXPANSION_H

#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Format/NumberFormat.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace qcc::expansion {

/// arith on one integer or float type, so bit manipulation reads as
/// arithmetic.
class Ops {
public:
  Ops(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type)
      : b(b), loc(loc), type(type) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() { return loc; }
  mlir::Type getType() { return type; }
  unsigned width() { return type.getIntOrFloatBitWidth(); }

  mlir::Value c(const llvm::APInt &value);
  mlir::Value c(int64_t value);
  mlir::Value f(double value);
  mlir::Value i1(bool value);

  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value sub(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value andI(mlir::Value x, mlir::Value y);
  mlir::Value orI(mlir::Value x, mlir::Value y);
  mlir::Value xorI(mlir::Value x, mlir::Value y);
  mlir::Value notI(mlir::Value x);
  mlir::Value shl(mlir::Value x, mlir::Value y);
  mlir::Value shl(mlir::Value x, int64_t amount);
  mlir::Value shrU(mlir::Value x, mlir::Value y);
  mlir::Value shrS(mlir::Value x, mlir::Value y);
  mlir::Value cmp(mlir::arith::CmpIPredicate p, mlir::Value x, mlir::Value y);
  mlir::Value eq(mlir::Value x, mlir::Value y);
  mlir::Value ne(mlir::Value x, mlir::Value y);
  mlir::Value select(mlir::Value condition, mlir::Value x, mlir::Value y);
  mlir::Value minS(mlir::Value x, mlir::Value y);
  mlir::Value maxS(mlir::Value x, mlir::Value y);
  mlir::Value minU(mlir::Value x, mlir::Value y);
  /// The position of the leading one bit; -1 for zero.
  mlir::Value leadingBit(mlir::Value x);
  /// `x` (any integer) sign- or zero-extended or truncated to this type.
  mlir::Value fromSigned(mlir::Value x);
  mlir::Value fromUnsigned(mlir::Value x);
  /// The low `bits` bits of `x` of this type, sign- or zero-extended back.
  mlir::Value lowBits(mlir::Value x, unsigned bits, bool isSigned);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  mlir::Type type;
};

//===----------------------------------------------------------------------===//
// Rounding (Rounding.cpp)
//===----------------------------------------------------------------------===//

/// What an encode rounds with.
struct RoundingRule {
  qcost::RoundingMode mode = qcost::RoundingMode::nearest_even;
  uint64_t seed = 0;
  mlir::Value index; // i64, stochastic only
};

/// The part of an exact value above its lower candidate, as a fraction
/// remainder / denominator of the gap to the upper candidate, with
/// 0 <= remainder < denominator (unsigned integers of one type). The
/// denominator is 2^denominatorLog2 when that is set, else `denominator`.
struct Fraction {
  mlir::Value remainder;
  mlir::Value denominator;
  std::optional<int64_t> denominatorLog2;
};

/// Whether the value moves from its lower candidate to the upper one: the
/// one switch over rounding modes. `lowerIsOdd` (i1) is the parity of the
/// lower candidate's code, `lowerTowardZero` (i1; null: true) says whether
/// the lower candidate is the one nearer to zero (magnitudes: always; the
/// floor of a signed fixed-point value: when it is not negative).
mlir::Value roundsUp(mlir::OpBuilder &b, mlir::Location loc,
                     const RoundingRule &rule, mlir::Value lowerIsOdd,
                     const Fraction &fraction,
                     mlir::Value lowerTowardZero = {});

/// The 53-bit integer k of the stochastic draw u = k * 2^-53 (i64,
/// docs/semantics.md section 3.2).
mlir::Value stochasticDraw(mlir::OpBuilder &b, mlir::Location loc,
                           uint64_t seed, mlir::Value index);

//===----------------------------------------------------------------------===//
// Wide floats (WideFloat.cpp) and the grid encoder (Grid.cpp)
//===----------------------------------------------------------------------===//

/// NaN, infinity and the sign bit of a value (i1 each).
struct SpecialFlags {
  mlir::Value nan, infinite, negative;
};

/// An exact magnitude `significand * 2^exponent` (i128 below 2^127, i64)
/// plus a sticky bit set when the true magnitude lies strictly between it
/// and the next multiple of 2^exponent, with the value's specials.
struct WideFloat {
  mlir::Value significand, exponent, sticky;
  SpecialFlags flags;
};

/// An exact f64 as a wide float (exact, no sticky bit).
WideFloat wideFromDouble(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value value);
/// n * 2^lsb (any signless integer; past 128 bits its top 126 bits and a
/// sticky bit) as a wide float.
WideFloat wideFromInteger(mlir::OpBuilder &b, mlir::Location loc, mlir::Value n,
                          int64_t lsb);
/// A wide float divided by a positive integer: the significand normalized
/// to 126 bits, then floor plus sticky.
WideFloat divideWide(mlir::OpBuilder &b, mlir::Location loc,
                     const WideFloat &value, mlir::Value divisor);

/// A format whose magnitude codes count up through binades: a minifloat or
/// a power of two (Minifloat.cpp and PowerOfTwo.cpp describe theirs).
struct Grid {
  /// Each binade from `lowest` up holds 2^mant codes; the code of a value
  /// with integer significand q in [2^mant, 2^(mant+1)) in binade b is
  /// ((b - lowest) << mant) + q + codeOffset.
  int64_t mant = 0;
  int64_t lowest = 0;
  int64_t codeOffset = 0;
  /// Below `lowest`: subnormal steps of 2^(lowest - mant) (IEEE), one step
  /// from zero to the smallest normal value, the as_normal quotient, or the
  /// smallest level whatever the value (a power of two without zero).
  enum class Below { Subnormal, OneStep, AsNormal, Smallest } below;
  /// The largest finite magnitude code; its value is topUnits * 2^topStep
  /// in binade topBinade, and the virtual code above it is worth
  /// (topUnits + 1) * 2^topStep.
  uint64_t maxCode = 0;
  int64_t topBinade = 0, topStep = 0, topUnits = 0;
  /// The sign bit (0: unsigned, negative values give code 0).
  uint64_t signBit = 0;
  /// Whether a value that is exactly zero keeps its sign (minifloats).
  bool signedZero = true;
  /// The code of NaN (code 0 without one: NaN encodes as 0) and of
  /// infinity (without the sign), where the format has them.
  bool hasNaN = false;
  uint64_t nanCode = 0;
  std::optional<uint64_t> infinityCode;
};

/// Rounds a wide float into `grid` with the rules of docs/semantics.md
/// section 3; the code as an i64.
mlir::Value encodeOnGrid(mlir::OpBuilder &b, mlir::Location loc,
                         const Grid &grid, const WideFloat &value,
                         const RoundingRule &rule, OverflowMode overflow);

/// The exact value of an encode's operands as a wide float (integer values
/// with their LSB and divisor, or float values).
WideFloat wideValueOf(mlir::OpBuilder &b, mlir::Location loc,
                      qcost::EncodeOp op);

//===----------------------------------------------------------------------===//
// One expansion per format kind
//===----------------------------------------------------------------------===//

mlir::Value decodeFixedPoint(mlir::OpBuilder &b, qcost::DecodeOp op);
mlir::Value encodeFixedPoint(mlir::OpBuilder &b, qcost::EncodeOp op);
mlir::Value decodeBinary(mlir::OpBuilder &b, qcost::DecodeOp op);
mlir::Value encodeBinary(mlir::OpBuilder &b, qcost::EncodeOp op);
mlir::Value decodePowerOfTwo(mlir::OpBuilder &b, qcost::DecodeOp op);
mlir::Value encodePowerOfTwo(mlir::OpBuilder &b, qcost::EncodeOp op);
mlir::Value decodeMinifloat(mlir::OpBuilder &b, qcost::DecodeOp op);
mlir::Value encodeMinifloat(mlir::OpBuilder &b, qcost::EncodeOp op);

/// The rounding rule of an encode.
RoundingRule ruleOf(qcost::EncodeOp op);

/// An integer code (i64) as the encode's result type: truncated, or
/// bitcast to an IEEE float result.
mlir::Value asCodeType(mlir::OpBuilder &b, mlir::Location loc, mlir::Value code,
                       mlir::Type codeType);
/// A code operand (integer or IEEE float) as an i64 of its bits.
mlir::Value codeBits(mlir::OpBuilder &b, mlir::Location loc, mlir::Value code);

/// Encodes the integer value `n` (with the encode's LSB and divisor) into
/// the fixed-point `format` (FixedPoint.cpp; binary's stochastic rounding
/// uses it too), as a code of `codeType`.
mlir::Value encodeIntegerIntoFixed(mlir::OpBuilder &b, mlir::Location loc,
                                   const NumberFormat &format, mlir::Value n,
                                   int64_t lsb, mlir::Value divisor,
                                   const RoundingRule &rule,
                                   OverflowMode overflow, mlir::Type codeType);

} // namespace qcc::expansion

#endif // QCC_LIB_CONVERSION_QCOSTCODECTOARITH_CODECEXPANSION_H
