//===- CodecLimits.h - what qcost.decode and qcost.encode can do -*- C++
//-*-===//
//
// The one place that says which decodes and encodes the codec expands
// (convert-qcost-codec-to-arith) and how wide it computes. The verifiers of
// the two ops, the lowering patterns that create them (to reject an op with
// a located error before building anything) and the expansion all ask these
// functions, so a limit is declared once and reported in one wording.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCOST_IR_CODECLIMITS_H
#define QCC_DIALECT_QCOST_IR_CODECLIMITS_H

#include "qcc/Dialect/QCost/IR/QCostAttributes.h"
#include "qcc/Format/NumberFormat.h"

#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <string>

namespace qcc::qcost::codec {

/// The widest integer the codec takes or computes in (exact sums of f32
/// values need 2^9 bits); integers are powers of two wide from 8 bits up,
/// since padded widths (i320) miscompile at clang -O2 -march=native.
inline constexpr unsigned kMaxIntegerBits = 512;
/// The widest numerator or denominator of a quotient rounded into fixed
/// point or binary (one i128 division).
inline constexpr unsigned kMaxQuotientBits = 128;
/// Bits of the stochastic draw u = k * 2^-53.
inline constexpr unsigned kDrawBits = 53;
/// A float value is exact in f64 up to this many significant bits.
inline constexpr unsigned kDoublePrecision = 53;
/// The grid encoder of minifloats and powers of two: the fraction of a step
/// is kept as this many bits plus a sticky bit, which decides ties and the
/// 53-bit draw exactly.
inline constexpr unsigned kGridFractionBits = 62;
/// The grid encoder's significands are i128, normalized to this many bits
/// before a division.
inline constexpr unsigned kGridSignificandBits = 126;

/// A width rounded up to the codec's integer widths (8, 16, 32, ...).
unsigned integerWidth(unsigned bits);

/// The values of a format that has no NaN or infinity as integers: value =
/// n * 2^lsb with |n| < 2^magnitudeBits (minifloats: the finest step and the
/// largest finite value). std::nullopt when the grid needs more than
/// kMaxIntegerBits bits (power-of-two ranges past that).
struct IntegerGrid {
  int64_t lsb = 0;
  unsigned magnitudeBits = 0;
};
std::optional<IntegerGrid> getIntegerGrid(const NumberFormat &format);

/// The significant bits of the format's values (the bits between the
/// leading and the lowest set bit of any value).
unsigned getSignificantBits(const NumberFormat &format);

/// Whether every value of `format` (NaN, infinities and -0 included) is a
/// value of the float type `type`.
bool isExactIn(const NumberFormat &format, mlir::FloatType type);

/// Why a decode of `format` from a code of type `codeType` to `resultType`
/// (at `lsb` for integer results) does not expand, or std::nullopt.
std::optional<std::string> checkDecode(const NumberFormat &format,
                                       mlir::Type codeType,
                                       mlir::Type resultType, int64_t lsb);

/// An exact value being encoded: a signless integer of `bits` bits times
/// 2^lsb, divided by a positive integer of `divisorBits` bits (0: none), or
/// a float of `floatType`.
struct EncodeValue {
  unsigned bits = 0;
  int64_t lsb = 0;
  unsigned divisorBits = 0;
  mlir::FloatType floatType;
};

/// Why an encode of `value` into `format` with `mode` and `overflow`,
/// giving a code of type `codeType`, does not expand, or std::nullopt.
std::optional<std::string> checkEncode(const NumberFormat &format,
                                       const EncodeValue &value,
                                       RoundingMode mode, OverflowMode overflow,
                                       mlir::Type codeType);

/// The width an encode of an integer value into fixed point rounds in: the
/// split of value * 2^-shift (shift = -F - lsb) or of the quotient. (The
/// comparison of a stochastic draw with the remainder widens by 54 bits at
/// most, which stays within kMaxIntegerBits.)
struct FixedWidths {
  int64_t shift = 0;
  unsigned work = 0;
};
FixedWidths getFixedWidths(const NumberFormat &format, const EncodeValue &value,
                           RoundingMode mode);

/// Stochastic rounding into binary decides 2u < x + 1 with u on a 2^-53
/// grid, which only sees x's bits above 2^-62 and whether any remain below:
/// an integer value without a divisor at a lower LSB first becomes its floor
/// at 2^-62 with a sticky bit at 2^-63 (a wide exact float sum stays narrow).
inline constexpr int64_t kBinarySignificantLsb = -62;
EncodeValue getBinaryReducedValue(const EncodeValue &value);

/// Stochastic rounding into binary rounds (x + 1) / 2 into ufixed<1, 0>:
/// the integer value of that (its bits, LSB and divisor) for an integer x
/// (after getBinaryReducedValue).
EncodeValue getBinaryStochasticValue(const EncodeValue &value);
/// A float x enters it as an integer at this LSB (|x| < 1 below 2^-60
/// clamped there keeps every decision) in an i128.
inline constexpr int64_t kBinaryFloatLsb = -113;

/// The most divisor bits a quotient rounded into the minifloat or power of
/// two `format` may have: the quotient of a 126-bit numerator keeps 53 bits
/// below the step it rounds at.
unsigned getGridDivisorLimit(const NumberFormat &format);

} // namespace qcc::qcost::codec

#endif // QCC_DIALECT_QCOST_IR_CODECLIMITS_H
