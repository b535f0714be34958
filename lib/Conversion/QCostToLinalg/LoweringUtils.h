//===- LoweringUtils.h - shared pieces of convert-qcost-to-linalg -*- C++
//-*-===//
//
// Private to lib/Conversion/QCostToLinalg. Integer-like values (fixed point,
// power of two, binary, builtin integers) become integers `n` at a static LSB
// exponent (value = n * 2^lsb); float activations (f32/f16/bf16) become
// doubles, in which every product of two of them is exact. Both then round
// once into the result format, bit for bit as docs/semantics.md says.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_LOWERINGUTILS_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_LOWERINGUTILS_H

#include "qcc/Conversion/QCostToLinalg/QCostToLinalg.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Format/NumberFormat.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

#include <optional>

namespace qcc::lowering {

/// Storage integer width of a format of `width` bits: 8, 16, 32 or 64.
unsigned storageBits(unsigned width);

/// The LSB exponent and magnitude bits of a format whose finite values are
/// integers times one power of two: integer-like formats and minifloats (the
/// LSB of their finest step; the bits reach the largest finite value), or
/// std::nullopt for too wide power-of-two ranges.
std::optional<std::pair<int64_t, unsigned>>
integerLayout(const NumberFormat &format);

/// The format of a minifloat element type: !qcost.float or a builtin float
/// other than the IEEE activation types (f32, f16, bf16, f64). Minifloats are
/// stored as integer codes and decoded and encoded by integer code.
std::optional<NumberFormat> minifloatFormat(mlir::Type element);

/// Minifloat results need a nonzero finite value to round to; an error at
/// `op` otherwise.
mlir::LogicalResult checkMinifloatResult(mlir::Operation *op,
                                         const NumberFormat &format);

/// The exponent of the lowest set bit of a finite nonzero double.
int64_t lowestBitExponent(double value);

/// An operand as integers: either codes of a format (decoded in a body) or
/// integers prepared at compile time (`format` empty), at LSB exponent `lsb`.
struct IntegerOperand {
  mlir::Value tensor;
  std::optional<NumberFormat> format;
  int64_t lsb = 0;
  /// A bound on the bits of |n|, for the width checks.
  unsigned magnitudeBits = 0;
  /// A bound on the significant bits of a value (below magnitudeBits for
  /// minifloats), for the f64 exactness checks.
  unsigned significantBits = 0;
  llvm::SmallVector<int64_t> shape;

  bool isMinifloat() const {
    return format && format->getKind() == FormatKind::Float;
  }
};

/// Prepares `original` (converted: `converted`) of `op` as integers. Float
/// operands must be constants; they are split into integers times one power
/// of two.
mlir::FailureOr<IntegerOperand> prepareOperand(mlir::Operation *op,
                                               mlir::Value original,
                                               mlir::Value converted,
                                               mlir::OpBuilder &builder);

/// A value entering f64 arithmetic: an IEEE float tensor (f32, f16, bf16)
/// or codes of a format.
struct DoubleOperand {
  mlir::Value tensor;
  std::optional<IntegerOperand> integer; // empty for float tensors
  unsigned significantBits = 0;
  llvm::SmallVector<int64_t> shape;
};

/// Prepares `original` (converted: `converted`) of `op` for f64 arithmetic,
/// or an error at `op`.
mlir::FailureOr<DoubleOperand> prepareDouble(mlir::Operation *op,
                                             mlir::Value original,
                                             mlir::Value converted,
                                             mlir::OpBuilder &builder);

/// The float activation types the lowering computes with exactly in f64.
bool isExactInDouble(mlir::Type element);

/// The block-broadcasting indexing map of a parameter of shape `param` for a
/// target of shape `target` (docs/semantics.md section 1).
mlir::AffineMap blockMap(mlir::MLIRContext *context,
                         llvm::ArrayRef<int64_t> target,
                         llvm::ArrayRef<int64_t> param);

/// How a result is rounded: the op's modes, and the linear index of the
/// element (needed by stochastic rounding only).
/// NaN, infinity and the sign bit of a float value (null members: false).
struct SpecialFlags {
  mlir::Value nan, infinite, negative; // i1
};

/// An exact magnitude `significand * 2^exponent` (i128 below 2^127, i64)
/// plus a sticky bit set when the true magnitude lies strictly between it and
/// the next multiple of 2^exponent. Rounding takes the fraction of a step as
/// kRoundingFractionBits bits plus the sticky bit; that decides ties against
/// 1/2 and the stochastic draw's 53 bits exactly as long as a sticky value
/// keeps at least 53 bits below the step it is rounded at.
constexpr int64_t kRoundingFractionBits = 62;
struct WideFloat {
  mlir::Value significand, exponent, sticky; // i128, i64, i1
  SpecialFlags flags;                        // negative: the result's sign
};

struct RoundingSpec {
  qcost::RoundingMode mode = qcost::RoundingMode::nearest_even;
  uint64_t seed = 0;
  OverflowMode overflow = OverflowMode::Saturate;
  mlir::Value index; // i64, set when mode is stochastic
};

/// Builds the arithmetic inside a linalg body.
class BodyBuilder {
public:
  BodyBuilder(mlir::OpBuilder &builder, mlir::Location loc)
      : b(builder), loc(loc) {}

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() { return loc; }
  mlir::Type wide() { return b.getIntegerType(128); }
  mlir::Value constant(int64_t value, mlir::Type type);
  mlir::Value wideConstant(const llvm::APInt &value);
  mlir::Value f64Constant(double value);

  /// The integer n (i128) of a code or a prepared integer.
  mlir::Value decode(const IntegerOperand &operand, mlir::Value element);
  /// The exact value of a code or integer as an f64 (exact: the caller
  /// checks magnitudeBits <= 53).
  mlir::Value decodeToDouble(const IntegerOperand &operand,
                             mlir::Value element);
  /// The exact f64 value of an element of a DoubleOperand.
  mlir::Value toDouble(const DoubleOperand &operand, mlir::Value element);
  mlir::Value shiftLeft(mlir::Value n, int64_t amount);

  /// The row-major linear index (i64) of the current element of a
  /// linalg.generic whose first `shape.size()` loops are the result's.
  mlir::Value linearIndex(llvm::ArrayRef<int64_t> shape);
  /// The 53-bit integer k of the stochastic draw u = k * 2^-53 (i64).
  mlir::Value stochasticDraw(uint64_t seed, mlir::Value index);

  /// n * 2^lsb / divisor (divisor: a positive i128, or null for 1) rounded
  /// into `format` (fixed point, binary or a minifloat) as a storage integer.
  /// With a divisor and a minifloat format, checkMinifloatDivision bounds the
  /// divisor.
  mlir::Value encode(mlir::Value n, int64_t lsb, const NumberFormat &format,
                     const RoundingSpec &rounding, mlir::IntegerType storage,
                     mlir::Value divisor = {});
  /// A code of codeType(storage) as a `storage` element (IEEE floats: a
  /// bitcast).
  mlir::Value asStorage(mlir::Value code, mlir::Type storage);
  /// An exact f64 value rounded into `format` (fixed point, binary or a
  /// minifloat) as a storage integer.
  mlir::Value encodeDouble(mlir::Value value, const NumberFormat &format,
                           const RoundingSpec &rounding,
                           mlir::IntegerType storage);

  // Minifloats (Minifloats.cpp).
  /// The exact value of a minifloat code as an f64 (every value of E <= 8,
  /// M <= 23 is one), with NaN, infinities and -0.
  mlir::Value decodeMinifloatToDouble(const NumberFormat &format,
                                      mlir::Value code);
  /// NaN, infinity and the sign bit of a minifloat code.
  SpecialFlags minifloatFlags(const NumberFormat &format, mlir::Value code);
  /// An exact f64 as a wide float (exact, no sticky bit).
  WideFloat wideFromDouble(mlir::Value value);
  /// n * 2^lsb (n: any signed integer; past 128 bits its top 126 bits and
  /// a sticky bit) as a wide float.
  WideFloat wideFromInteger(mlir::Value n, int64_t lsb);
  /// A wide float divided by a positive i128: the significand normalized to
  /// 126 bits, then floor plus sticky (exact while the divisor has at most
  /// 71 - M bits; checkMinifloatDivision).
  WideFloat divideWide(const WideFloat &value, mlir::Value divisor);
  /// Rounds a wide float into the minifloat `format` with the rounding and
  /// overflow rules of docs/semantics.md.
  mlir::Value encodeMinifloat(const WideFloat &value,
                              const NumberFormat &format,
                              const RoundingSpec &rounding,
                              mlir::IntegerType storage);
  /// An exact f64 value rounded to nearest even into `type` (f32 or f16);
  /// `saturate` clamps infinities (overflowed or not) to the largest finite
  /// value (docs/semantics.md section 3.4).
  mlir::Value roundDoubleToFloat(mlir::Value value, mlir::FloatType type,
                                 bool saturate);
  /// Any NaN becomes the canonical (positive quiet) NaN of the semantics;
  /// hardware NaNs carry signs and payloads.
  mlir::Value canonicalizeNaN(mlir::Value value);
  /// +-infinity becomes +-largest finite (saturating overflow).
  mlir::Value saturateInfinity(mlir::Value value);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
};

/// The rounding of a result of `op` (a RoundingOpInterface op) into
/// `format`, or an error at `op` when it does not lower (stochastic rounding
/// into binary, or with too wide a divisor).
mlir::LogicalResult checkRoundingLowers(mlir::Operation *op,
                                        const NumberFormat &format);

/// Whether a quotient by a divisor of `divisorBits` bits rounds exactly into
/// the minifloat `format` (divideWide); an error at `op` otherwise.
mlir::LogicalResult checkMinifloatDivision(mlir::Operation *op,
                                           const NumberFormat &format,
                                           unsigned divisorBits);

/// The fixed-point, binary or minifloat result format of `op` (results stored
/// as integer codes), or an error at the op.
mlir::FailureOr<NumberFormat> integerResultFormat(mlir::Operation *op);

/// A linalg.generic over `resultType`'s shape (all loops parallel) reading
/// `inputs` through `maps` and yielding what `body` computes.
mlir::Value elementwiseGeneric(
    mlir::OpBuilder &builder, mlir::Location loc,
    mlir::RankedTensorType resultType, mlir::ValueRange inputs,
    llvm::ArrayRef<mlir::AffineMap> maps,
    llvm::function_ref<mlir::Value(BodyBuilder &, mlir::ValueRange)> body);

/// Decodes a tensor of codes into i64 integers at the format's LSB, shifted
/// left by `shift`. With `padding` ([top, bottom, left, right] of an NHWC
/// tensor) the result is padded with `neutral`, read in the same loop (a
/// separate tensor.pad would bufferize into a strided copy).
mlir::Value decodeTensor(mlir::OpBuilder &builder, mlir::Location loc,
                         const IntegerOperand &operand, int64_t shift,
                         llvm::ArrayRef<int64_t> padding = {},
                         int64_t neutral = 0);

/// A tensor of the exact f64 values of an operand (the caller checks that
/// they are exact), padded with `neutral` like decodeTensor.
mlir::Value decodeTensorToDouble(mlir::OpBuilder &builder, mlir::Location loc,
                                 const DoubleOperand &operand,
                                 llvm::ArrayRef<int64_t> padding = {},
                                 double neutral = 0.0);

/// A tensor of `shape` filled with `value` (accumulator inits).
mlir::Value filled(mlir::OpBuilder &builder, mlir::Location loc,
                   llvm::ArrayRef<int64_t> shape, mlir::TypedAttr value);
/// A tensor of `shape` i64 values, all `value`.
mlir::Value filledI64(mlir::OpBuilder &builder, mlir::Location loc,
                      llvm::ArrayRef<int64_t> shape, int64_t value);

/// The integer type codes for `storage` are built in: the storage integer
/// itself, or the bits of an IEEE float (f32, f16, bf16) storage type.
mlir::IntegerType codeType(mlir::Type storage);

/// Adds the optional bias (per last dimension, in the accumulator format) to
/// an i64 sum and wraps it to the accumulator's width, as storage integers.
mlir::Value wrapAccumulator(mlir::OpBuilder &builder, mlir::Location loc,
                            mlir::Value sum, mlir::Value bias,
                            const NumberFormat &accumulator,
                            mlir::RankedTensorType storageType);

/// relu and clip with a float input (Floats.cpp).
mlir::LogicalResult
lowerFloatActivation(mlir::Operation *op, mlir::Value input,
                     const mlir::TypeConverter &converter,
                     mlir::ConversionPatternRewriter &rewriter);

// The pattern groups, one file each.
void populateElementwiseLoweringPatterns(const mlir::TypeConverter &converter,
                                         mlir::RewritePatternSet &patterns);
void populateContractionLoweringPatterns(const mlir::TypeConverter &converter,
                                         mlir::RewritePatternSet &patterns);
void populateFloatLoweringPatterns(const mlir::TypeConverter &converter,
                                   mlir::RewritePatternSet &patterns);
void populatePoolingLoweringPatterns(const mlir::TypeConverter &converter,
                                     mlir::RewritePatternSet &patterns);
void populateDataMovementLoweringPatterns(const mlir::TypeConverter &converter,
                                          mlir::RewritePatternSet &patterns);

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_LOWERINGUTILS_H
