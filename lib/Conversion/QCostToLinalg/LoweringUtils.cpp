//===- LoweringUtils.cpp - shared pieces of convert-qcost-to-linalg -------===//

#include "LoweringUtils.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"
#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Format/ExactReal.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;

unsigned qcc::lowering::storageBits(unsigned width) {
  return width <= 8 ? 8 : width <= 16 ? 16 : width <= 32 ? 32 : 64;
}

std::optional<std::pair<int64_t, unsigned>>
qcc::lowering::integerLayout(const NumberFormat &f) {
  switch (f.getKind()) {
  case FormatKind::Fixed:
    return std::make_pair<int64_t, unsigned>(-f.getFracBits(), f.getBitWidth());
  case FormatKind::Binary:
    return std::make_pair<int64_t, unsigned>(0, 1);
  case FormatKind::PowerOfTwo:
    if (f.getMaxExp() - f.getMinExp() > 60)
      return std::nullopt;
    return std::make_pair<int64_t, unsigned>(f.getMinExp(),
                                             f.getMaxExp() - f.getMinExp() + 1);
  case FormatKind::Float: {
    int64_t lsb = 1 - f.getBias() - static_cast<int64_t>(f.getMantBits());
    if (f.getSubnormals() == Subnormals::AsNormal)
      --lsb;
    ExactValue largest = f.getLargest();
    unsigned bits = 64 - __builtin_clzll(largest.significand | 1) +
                    static_cast<unsigned>(largest.exponent - lsb);
    return std::make_pair(lsb, bits);
  }
  }
  return std::nullopt;
}

std::optional<NumberFormat> qcc::lowering::minifloatFormat(Type element) {
  if (isExactInDouble(element) || element.isF64())
    return std::nullopt;
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format || format->getKind() != FormatKind::Float)
    return std::nullopt;
  return format;
}

LogicalResult qcc::lowering::checkMinifloatResult(Operation *op,
                                                  const NumberFormat &format) {
  if (format.getLargest().isZero())
    return op->emitError("minifloat results of format ")
           << format.str() << " do not lower: its only finite value is zero";
  return success();
}

LogicalResult qcc::lowering::checkMinifloatDivision(Operation *op,
                                                    const NumberFormat &format,
                                                    unsigned divisorBits) {
  // The quotient of a numerator normalized to 126 bits keeps at least
  // 125 - divisorBits bits; 53 of them must lie below the step it rounds at
  // (2^-(M + 1) of its leading bit at the largest finite value).
  int64_t limit = 71 - static_cast<int64_t>(format.getMantBits());
  if (divisorBits > limit)
    return op->emitError("a divisor of ")
           << divisorBits << " bits does not lower into the minifloat "
           << format.str() << " (at most " << limit << ")";
  return success();
}

int64_t qcc::lowering::lowestBitExponent(double value) {
  // ExactReal keeps its significand odd.
  return ExactReal::fromDouble(value).getExponent();
}

/// Splits constant real values into integers times one power of two.
static FailureOr<IntegerOperand> splitConstant(Operation *op, Value value,
                                               OpBuilder &builder) {
  std::optional<SmallVector<double>> reals = qcost::getConstantValues(value);
  if (!reals)
    return op->emitError("operand #")
           << llvm::find(op->getOperands(), value) - op->getOperands().begin()
           << " of float type must be a constant to lower here (run-time "
              "float operands lower only into quantize, dequantize, "
              "batch_norm, relu and clip)";
  int64_t lsb = INT64_MAX;
  for (double real : *reals)
    if (real != 0)
      lsb = std::min(lsb, lowestBitExponent(real));
  if (lsb == INT64_MAX)
    lsb = 0;
  IntegerOperand operand;
  operand.lsb = lsb;
  SmallVector<int64_t> integers;
  unsigned bits = 1;
  for (double real : *reals) {
    double scaled = std::ldexp(real, static_cast<int>(-lsb));
    if (!(std::fabs(scaled) < 0x1.0p62))
      return op->emitError("constant values span too many binades to lower "
                           "as one integer scale (more than 62 bits)");
    int64_t integer = static_cast<int64_t>(scaled);
    integers.push_back(integer);
    bits = std::max(bits, 64u - static_cast<unsigned>(
                                    __builtin_clzll(std::llabs(integer) | 1)));
  }
  auto type = cast<RankedTensorType>(value.getType());
  auto intType = RankedTensorType::get(type.getShape(), builder.getI64Type());
  operand.tensor = arith::ConstantOp::create(
      builder, value.getLoc(),
      DenseElementsAttr::get(intType, ArrayRef(integers)));
  operand.magnitudeBits = bits;
  operand.significantBits = bits;
  operand.shape.assign(type.getShape().begin(), type.getShape().end());
  return operand;
}

FailureOr<IntegerOperand> qcc::lowering::prepareOperand(Operation *op,
                                                        Value original,
                                                        Value converted,
                                                        OpBuilder &builder) {
  Type element = getElementTypeOrSelf(original.getType());
  if (isa<FloatType>(element) && !minifloatFormat(element))
    return splitConstant(op, original, builder);
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  std::optional<std::pair<int64_t, unsigned>> layout =
      format ? integerLayout(*format) : std::nullopt;
  if (!layout)
    return op->emitError("operands of format ")
           << element
           << " do not lower yet (fixed point, power of two, binary, "
              "minifloats and f32/f16/bf16 activations do)";
  IntegerOperand operand;
  operand.tensor = converted;
  operand.format = format;
  operand.lsb = layout->first;
  operand.magnitudeBits = layout->second;
  switch (format->getKind()) {
  case FormatKind::Float:
    operand.significantBits = format->getMantBits() + 1;
    break;
  case FormatKind::PowerOfTwo:
  case FormatKind::Binary:
    operand.significantBits = 1;
    break;
  case FormatKind::Fixed:
    operand.significantBits = layout->second;
    break;
  }
  auto shape = cast<RankedTensorType>(original.getType()).getShape();
  operand.shape.assign(shape.begin(), shape.end());
  return operand;
}

bool qcc::lowering::isExactInDouble(Type element) {
  return element.isF32() || element.isF16() || element.isBF16();
}

FailureOr<DoubleOperand> qcc::lowering::prepareDouble(Operation *op,
                                                      Value original,
                                                      Value converted,
                                                      OpBuilder &builder) {
  auto type = cast<RankedTensorType>(original.getType());
  DoubleOperand operand;
  operand.shape.assign(type.getShape().begin(), type.getShape().end());
  Type element = type.getElementType();
  if (isa<FloatType>(element) && !minifloatFormat(element)) {
    if (!isExactInDouble(element))
      return op->emitError("float operands of type ")
             << element << " do not lower yet (f32, f16 and bf16 do)";
    operand.tensor = converted;
    operand.significantBits = APFloat::semanticsPrecision(
        cast<FloatType>(element).getFloatSemantics());
    return operand;
  }
  FailureOr<IntegerOperand> integer =
      prepareOperand(op, original, converted, builder);
  if (failed(integer))
    return failure();
  if (std::abs(integer->lsb) > 900)
    return op->emitError("operand LSB 2^")
           << integer->lsb << " is outside the f64 range";
  operand.tensor = integer->tensor;
  operand.significantBits = integer->significantBits;
  operand.integer = std::move(*integer);
  return operand;
}

AffineMap qcc::lowering::blockMap(MLIRContext *context,
                                  ArrayRef<int64_t> target,
                                  ArrayRef<int64_t> param) {
  SmallVector<AffineExpr> results;
  size_t offset = target.size() - param.size();
  for (size_t d = 0; d < param.size(); ++d) {
    AffineExpr dim = getAffineDimExpr(offset + d, context);
    int64_t t = target[offset + d], p = param[d];
    if (p == 1)
      results.push_back(getAffineConstantExpr(0, context));
    else if (p == t)
      results.push_back(dim);
    else
      results.push_back(dim.floorDiv(t / p));
  }
  return AffineMap::get(target.size(), 0, results, context);
}

//===----------------------------------------------------------------------===//
// BodyBuilder
//===----------------------------------------------------------------------===//

Value BodyBuilder::constant(int64_t value, Type type) {
  APInt bits(type.getIntOrFloatBitWidth(), static_cast<uint64_t>(value),
             /*isSigned=*/true);
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, bits));
}

Value BodyBuilder::wideConstant(const APInt &value) {
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(wide(), value));
}

Value BodyBuilder::f64Constant(double value) {
  return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(value));
}

Value BodyBuilder::decode(const IntegerOperand &operand, Value element) {
  if (!operand.format)
    return arith::ExtSIOp::create(b, loc, wide(), element);
  const NumberFormat &f = *operand.format;
  switch (f.getKind()) {
  case FormatKind::Fixed:
    return f.isSigned()
               ? (Value)arith::ExtSIOp::create(b, loc, wide(), element)
               : (Value)arith::ExtUIOp::create(b, loc, wide(), element);
  case FormatKind::Binary: {
    Value isOne = arith::TruncIOp::create(b, loc, b.getI1Type(), element);
    return arith::SelectOp::create(b, loc, isOne, constant(1, wide()),
                                   constant(-1, wide()));
  }
  default: {
    // Power of two: sign bit, field clamped to the last level, 1 << level.
    unsigned fieldBits = f.isSigned() ? f.getBitWidth() - 1 : f.getBitWidth();
    Value code = arith::ExtUIOp::create(b, loc, wide(), element);
    Value field = arith::AndIOp::create(
        b, loc, code, constant((int64_t(1) << fieldBits) - 1, wide()));
    int64_t maxField = (f.getMaxExp() - f.getMinExp()) + (f.hasZero() ? 1 : 0);
    field = arith::MinUIOp::create(b, loc, field, constant(maxField, wide()));
    Value level =
        f.hasZero() ? arith::SubIOp::create(b, loc, field, constant(1, wide()))
                    : field;
    Value magnitude = arith::ShLIOp::create(b, loc, constant(1, wide()), level);
    if (f.hasZero()) {
      Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           field, constant(0, wide()));
      magnitude = arith::SelectOp::create(b, loc, isZero, constant(0, wide()),
                                          magnitude);
    }
    if (!f.isSigned())
      return magnitude;
    Value sign =
        arith::ShRUIOp::create(b, loc, code, constant(fieldBits, wide()));
    Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                           sign, constant(0, wide()));
    Value negated =
        arith::SubIOp::create(b, loc, constant(0, wide()), magnitude);
    return arith::SelectOp::create(b, loc, negative, negated, magnitude);
  }
  }
}

Value BodyBuilder::decodeToDouble(const IntegerOperand &operand,
                                  Value element) {
  if (operand.isMinifloat())
    return decodeMinifloatToDouble(*operand.format, element);
  Value n = decode(operand, element);
  // i64 converts in one instruction; i128 would call a runtime routine.
  if (operand.magnitudeBits <= 62)
    n = arith::TruncIOp::create(b, loc, b.getI64Type(), n);
  Value real = arith::SIToFPOp::create(b, loc, b.getF64Type(), n);
  if (operand.lsb != 0)
    real = arith::MulFOp::create(
        b, loc, real,
        f64Constant(std::ldexp(1.0, static_cast<int>(operand.lsb))));
  const std::optional<NumberFormat> &f = operand.format;
  if (f && f->getKind() == FormatKind::PowerOfTwo && f->isSigned() &&
      f->hasZero()) {
    // The zero code with the sign bit set is -0, which IEEE arithmetic on
    // the value can see.
    Value code = arith::ExtUIOp::create(b, loc, wide(), element);
    Value sign = arith::ShRUIOp::create(b, loc, code,
                                        constant(f->getBitWidth() - 1, wide()));
    Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                           sign, constant(0, wide()));
    real = math::CopySignOp::create(b, loc, real,
                                    arith::SelectOp::create(b, loc, negative,
                                                            f64Constant(-1.0),
                                                            f64Constant(1.0)));
  }
  return real;
}

Value BodyBuilder::toDouble(const DoubleOperand &operand, Value element) {
  if (operand.integer)
    return decodeToDouble(*operand.integer, element);
  if (element.getType().isF64())
    return element;
  return arith::ExtFOp::create(b, loc, b.getF64Type(), element);
}

Value BodyBuilder::shiftLeft(Value n, int64_t amount) {
  return amount == 0
             ? n
             : arith::ShLIOp::create(b, loc, n, constant(amount, n.getType()));
}

Value BodyBuilder::linearIndex(ArrayRef<int64_t> shape) {
  Value index = constant(0, b.getI64Type());
  for (auto [d, size] : llvm::enumerate(shape)) {
    Value coordinate = arith::IndexCastOp::create(
        b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, d));
    index = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, index, constant(size, b.getI64Type())),
        coordinate);
  }
  return index;
}

Value BodyBuilder::stochasticDraw(uint64_t seed, Value index) {
  // SplitMix64 of docs/semantics.md section 3.2, in wrapping i64 arithmetic.
  Type i64 = b.getI64Type();
  auto c = [&](uint64_t value) {
    return constant(static_cast<int64_t>(value), i64);
  };
  auto xorShift = [&](Value z, int64_t amount) {
    return arith::XOrIOp::create(b, loc, z,
                                 arith::ShRUIOp::create(b, loc, z, c(amount)));
  };
  Value z = arith::AddIOp::create(
      b, loc, c(seed),
      arith::MulIOp::create(b, loc, arith::AddIOp::create(b, loc, index, c(1)),
                            c(0x9E3779B97F4A7C15ULL)));
  z = arith::MulIOp::create(b, loc, xorShift(z, 30), c(0xBF58476D1CE4E5B9ULL));
  z = arith::MulIOp::create(b, loc, xorShift(z, 27), c(0x94D049BB133111EBULL));
  z = xorShift(z, 31);
  return arith::ShRUIOp::create(b, loc, z, c(11));
}

Value BodyBuilder::encode(Value n, int64_t lsb, const NumberFormat &format,
                          const RoundingSpec &rounding, IntegerType storage,
                          Value divisor) {
  if (format.getKind() == FormatKind::Float) {
    WideFloat value = wideFromInteger(n, lsb);
    if (divisor)
      value = divideWide(value, divisor);
    return encodeMinifloat(value, format, rounding, storage);
  }
  if (format.getKind() == FormatKind::Binary) {
    Value nonNegative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                              n, constant(0, wide()));
    return arith::ExtUIOp::create(b, loc, storage, nonNegative);
  }
  // value * 2^F = n * 2^-shift / divisor = floor + remainder / denominator.
  int64_t shift = -format.getFracBits() - lsb;
  Value floor, remainder, denominator;
  if (!divisor && shift <= 0) {
    n = shiftLeft(n, -shift);
  } else if (!divisor) {
    Value amount = constant(shift, wide());
    floor = arith::ShRSIOp::create(b, loc, n, amount);
    remainder = arith::SubIOp::create(
        b, loc, n, arith::ShLIOp::create(b, loc, floor, amount));
    denominator = wideConstant(APInt(128, 1).shl(shift));
  } else {
    Value numerator = shift < 0 ? shiftLeft(n, -shift) : n;
    denominator = shift > 0 ? shiftLeft(divisor, shift) : divisor;
    // Floor division by a positive denominator.
    Value quotient = arith::DivSIOp::create(b, loc, numerator, denominator);
    Value rest = arith::SubIOp::create(
        b, loc, numerator,
        arith::MulIOp::create(b, loc, quotient, denominator));
    Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                           rest, constant(0, wide()));
    floor = arith::SubIOp::create(
        b, loc, quotient, arith::ExtUIOp::create(b, loc, wide(), negative));
    remainder = arith::SelectOp::create(
        b, loc, negative, arith::AddIOp::create(b, loc, rest, denominator),
        rest);
  }
  if (floor) {
    Value up;
    switch (rounding.mode) {
    case qcost::RoundingMode::nearest_even: {
      Value twice = shiftLeft(remainder, 1);
      Value above = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt,
                                          twice, denominator);
      Value tie = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, twice,
                                        denominator);
      Value odd = arith::TruncIOp::create(b, loc, b.getI1Type(), floor);
      up = arith::OrIOp::create(b, loc, above,
                                arith::AndIOp::create(b, loc, tie, odd));
      break;
    }
    case qcost::RoundingMode::toward_zero: {
      // Negative values with a remainder move up, toward zero.
      Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                             floor, constant(0, wide()));
      Value inexact = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                            remainder, constant(0, wide()));
      up = arith::AndIOp::create(b, loc, negative, inexact);
      break;
    }
    case qcost::RoundingMode::stochastic: {
      // Up iff k * 2^-53 < remainder / denominator, compared exactly.
      Value k = arith::ExtUIOp::create(
          b, loc, wide(), stochasticDraw(rounding.seed, rounding.index));
      up = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                 arith::MulIOp::create(b, loc, k, denominator),
                                 shiftLeft(remainder, 53));
      break;
    }
    }
    n = arith::AddIOp::create(b, loc, floor,
                              arith::ExtUIOp::create(b, loc, wide(), up));
  }
  unsigned width = format.getBitWidth();
  if (rounding.overflow == OverflowMode::Wrap) {
    Value low = arith::TruncIOp::create(b, loc, b.getIntegerType(width), n);
    if (width == storage.getWidth())
      return low;
    return format.isSigned()
               ? (Value)arith::ExtSIOp::create(b, loc, storage, low)
               : (Value)arith::ExtUIOp::create(b, loc, storage, low);
  }
  APInt lo = format.isSigned() ? APInt::getSignedMinValue(width).sext(128)
                               : APInt(128, 0);
  APInt hi = format.isSigned() ? APInt::getSignedMaxValue(width).sext(128)
                               : APInt::getMaxValue(width).zext(128);
  n = arith::MaxSIOp::create(b, loc, n, wideConstant(lo));
  n = arith::MinSIOp::create(b, loc, n, wideConstant(hi));
  return arith::TruncIOp::create(b, loc, storage, n);
}

Value BodyBuilder::asStorage(Value code, Type storage) {
  if (isa<FloatType>(storage))
    return arith::BitcastOp::create(b, loc, storage, code);
  return code;
}

Value BodyBuilder::encodeDouble(Value value, const NumberFormat &format,
                                const RoundingSpec &rounding,
                                IntegerType storage) {
  Type i64 = b.getI64Type();
  if (format.getKind() == FormatKind::Float)
    return encodeMinifloat(wideFromDouble(value), format, rounding, storage);
  if (format.getKind() == FormatKind::Binary) {
    // x >= 0 (including -0) is +1; NaN and negatives are code 0.
    Value nonNegative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                              value, f64Constant(0.0));
    return arith::ExtUIOp::create(b, loc, storage, nonNegative);
  }
  // scaled = x * 2^F is exact: the callers' values have at most 53
  // significant bits well inside the double exponent range.
  Value scaled = arith::MulFOp::create(
      b, loc, value,
      f64Constant(std::ldexp(1.0, static_cast<int>(format.getFracBits()))));
  Value rounded;
  switch (rounding.mode) {
  case qcost::RoundingMode::nearest_even:
    rounded = math::RoundEvenOp::create(b, loc, scaled);
    break;
  case qcost::RoundingMode::toward_zero:
    rounded = math::TruncOp::create(b, loc, scaled);
    break;
  case qcost::RoundingMode::stochastic: {
    // floor and the fraction above it are exact; so is u = k * 2^-53.
    Value floor = math::FloorOp::create(b, loc, scaled);
    Value fraction = arith::SubFOp::create(b, loc, scaled, floor);
    Value u = arith::MulFOp::create(
        b, loc,
        arith::UIToFPOp::create(b, loc, b.getF64Type(),
                                stochasticDraw(rounding.seed, rounding.index)),
        f64Constant(0x1.0p-53));
    Value up =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, u, fraction);
    rounded = arith::AddFOp::create(b, loc, floor,
                                    arith::SelectOp::create(b, loc, up,
                                                            f64Constant(1.0),
                                                            f64Constant(0.0)));
    break;
  }
  }
  unsigned width = format.getBitWidth();
  bool isSigned = format.isSigned();
  double low = isSigned ? -std::ldexp(1.0, width - 1) : 0.0;
  double high = std::ldexp(1.0, isSigned ? width - 1 : width); // exclusive
  APInt minCode =
      isSigned ? APInt::getSignedMinValue(width).sext(64) : APInt(64, 0);
  APInt maxCode = isSigned ? APInt::getSignedMaxValue(width).sext(64)
                           : APInt::getMaxValue(width).zext(64);
  auto codeConstant = [&](const APInt &code) {
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(i64, code));
  };
  auto toStorage = [&](Value code) {
    return storage.getWidth() == 64
               ? code
               : (Value)arith::TruncIOp::create(b, loc, storage, code);
  };
  Value tooLarge = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                         rounded, f64Constant(high));
  Value tooSmall = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                         rounded, f64Constant(low));
  // Saturated code; NaN gives code 0.
  Value inRange = arith::AndIOp::create(
      b, loc,
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, rounded,
                            f64Constant(low)),
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, rounded,
                            f64Constant(high)));
  Value safe =
      arith::SelectOp::create(b, loc, inRange, rounded, f64Constant(0.0));
  Value code = isSigned ? (Value)arith::FPToSIOp::create(b, loc, i64, safe)
                        : (Value)arith::FPToUIOp::create(b, loc, i64, safe);
  Value saturated = arith::SelectOp::create(
      b, loc, tooLarge, codeConstant(maxCode),
      arith::SelectOp::create(b, loc, tooSmall, codeConstant(minCode), code));
  if (rounding.overflow == OverflowMode::Saturate)
    return toStorage(saturated);
  // Wrap: the integer modulo 2^64 (exact in double), then its low W bits;
  // infinities still clamp.
  Value two64 = f64Constant(0x1.0p64);
  Value m = arith::RemFOp::create(b, loc, rounded, two64);
  m = arith::SelectOp::create(b, loc,
                              arith::CmpFOp::create(b, loc,
                                                    arith::CmpFPredicate::OGE,
                                                    m, f64Constant(0x1.0p63)),
                              arith::SubFOp::create(b, loc, m, two64), m);
  m = arith::SelectOp::create(b, loc,
                              arith::CmpFOp::create(b, loc,
                                                    arith::CmpFPredicate::OLT,
                                                    m, f64Constant(-0x1.0p63)),
                              arith::AddFOp::create(b, loc, m, two64), m);
  Value finite = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE,
                                       math::AbsFOp::create(b, loc, rounded),
                                       f64Constant(INFINITY));
  Value wrappedSafe =
      arith::SelectOp::create(b, loc, finite, m, f64Constant(0.0));
  Value wrapped = arith::FPToSIOp::create(b, loc, i64, wrappedSafe);
  if (width < 64) {
    Value lowBits =
        arith::TruncIOp::create(b, loc, b.getIntegerType(width), wrapped);
    wrapped = isSigned ? (Value)arith::ExtSIOp::create(b, loc, i64, lowBits)
                       : (Value)arith::ExtUIOp::create(b, loc, i64, lowBits);
  }
  return toStorage(arith::SelectOp::create(b, loc, finite, wrapped, saturated));
}

Value BodyBuilder::roundDoubleToFloat(Value value, FloatType type,
                                      bool saturate) {
  Value rounded = arith::TruncFOp::create(b, loc, type, value);
  return canonicalizeNaN(saturate ? saturateInfinity(rounded) : rounded);
}

Value BodyBuilder::saturateInfinity(Value value) {
  auto type = cast<FloatType>(value.getType());
  auto typed = [&](const APFloat &v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v));
  };
  const llvm::fltSemantics &semantics = type.getFloatSemantics();
  Value infinite = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                         math::AbsFOp::create(b, loc, value),
                                         typed(APFloat::getInf(semantics)));
  Value largest = math::CopySignOp::create(
      b, loc, typed(APFloat::getLargest(semantics)), value);
  return arith::SelectOp::create(b, loc, infinite, largest, value);
}

Value BodyBuilder::canonicalizeNaN(Value value) {
  auto type = cast<FloatType>(value.getType());
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  Value nan = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type, APFloat::getQNaN(type.getFloatSemantics())));
  return arith::SelectOp::create(b, loc, isNaN, nan, value);
}

//===----------------------------------------------------------------------===//
// Helpers shared by the patterns
//===----------------------------------------------------------------------===//

LogicalResult qcc::lowering::checkRoundingLowers(Operation *op,
                                                 const NumberFormat &format) {
  auto rounded = dyn_cast<qcost::RoundingOpInterface>(op);
  if (rounded && rounded.getRounding() == qcost::RoundingMode::stochastic &&
      format.getKind() == FormatKind::Binary)
    return op->emitError("stochastic rounding into !qcost.binary does not "
                         "lower yet");
  return success();
}

FailureOr<NumberFormat> qcc::lowering::integerResultFormat(Operation *op) {
  Type element = getElementTypeOrSelf(op->getResult(0).getType());
  if (std::optional<NumberFormat> minifloat = minifloatFormat(element)) {
    if (failed(checkMinifloatResult(op, *minifloat)))
      return failure();
    return *minifloat;
  }
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format || isa<FloatType>(element) ||
      (format->getKind() != FormatKind::Fixed &&
       format->getKind() != FormatKind::Binary))
    return op->emitError("results of format ")
           << element
           << " do not lower yet (fixed point, integers, binary and "
              "minifloats do)";
  if (failed(checkRoundingLowers(op, *format)))
    return failure();
  return *format;
}

Value qcc::lowering::elementwiseGeneric(
    OpBuilder &builder, Location loc, RankedTensorType resultType,
    ValueRange inputs, ArrayRef<AffineMap> maps,
    function_ref<Value(BodyBuilder &, ValueRange)> body) {
  Value init = tensor::EmptyOp::create(builder, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(AffineMap::getMultiDimIdentityMap(resultType.getRank(),
                                                      builder.getContext()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, resultType, inputs, ValueRange{init}, allMaps,
             iterators,
             [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
               BodyBuilder bodyBuilder(b, bodyLoc);
               linalg::YieldOp::create(b, bodyLoc,
                                       body(bodyBuilder, args.drop_back()));
             })
      .getResult(0);
}

/// A tensor of decoded elements of `elementType`, padded (NHWC) with
/// `neutral` when `padding` is not all zero.
static Value
decodeElements(OpBuilder &builder, Location loc, Value codes, Type elementType,
               ArrayRef<int64_t> padding,
               function_ref<Value(BodyBuilder &, Value)> decodeElement,
               function_ref<Value(BodyBuilder &)> neutral) {
  auto type = cast<RankedTensorType>(codes.getType());
  if (llvm::all_of(padding, [](int64_t p) { return p == 0; })) {
    auto i64Type = RankedTensorType::get(type.getShape(), elementType);
    auto identity =
        AffineMap::getMultiDimIdentityMap(type.getRank(), builder.getContext());
    return elementwiseGeneric(builder, loc, i64Type, ValueRange{codes},
                              {identity},
                              [&](BodyBuilder &body, ValueRange args) {
                                return decodeElement(body, args[0]);
                              });
  }
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += padding[0] + padding[1];
  shape[2] += padding[2] + padding[3];
  auto paddedType = RankedTensorType::get(shape, elementType);
  return elementwiseGeneric(
      builder, loc, paddedType, ValueRange{}, {},
      [&](BodyBuilder &body, ValueRange) -> Value {
        OpBuilder &b = body.builder();
        Location bodyLoc = body.location();
        auto indexConstant = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(b, bodyLoc, v);
        };
        // Padded position -> input position, clamped; outside -> neutral.
        SmallVector<Value> coordinates;
        Value inside;
        for (int64_t d = 0; d < 4; ++d) {
          Value position = linalg::IndexOp::create(b, bodyLoc, d);
          if (d == 1 || d == 2) {
            int64_t before = padding[d == 1 ? 0 : 2];
            Value shifted = arith::SubIOp::create(b, bodyLoc, position,
                                                  indexConstant(before));
            Value low =
                arith::CmpIOp::create(b, bodyLoc, arith::CmpIPredicate::sge,
                                      shifted, indexConstant(0));
            Value high = arith::CmpIOp::create(
                b, bodyLoc, arith::CmpIPredicate::slt, shifted,
                indexConstant(type.getDimSize(d)));
            Value here = arith::AndIOp::create(b, bodyLoc, low, high);
            inside =
                inside ? (Value)arith::AndIOp::create(b, bodyLoc, inside, here)
                       : here;
            position = arith::MinSIOp::create(
                b, bodyLoc,
                arith::MaxSIOp::create(b, bodyLoc, shifted, indexConstant(0)),
                indexConstant(type.getDimSize(d) - 1));
          }
          coordinates.push_back(position);
        }
        Value element =
            tensor::ExtractOp::create(b, bodyLoc, codes, coordinates);
        return arith::SelectOp::create(
            b, bodyLoc, inside, decodeElement(body, element), neutral(body));
      });
}

Value qcc::lowering::decodeTensor(OpBuilder &builder, Location loc,
                                  const IntegerOperand &operand, int64_t shift,
                                  ArrayRef<int64_t> padding, int64_t neutral) {
  return decodeElements(
      builder, loc, operand.tensor, builder.getI64Type(), padding,
      [&](BodyBuilder &body, Value element) -> Value {
        Value n = body.shiftLeft(body.decode(operand, element), shift);
        OpBuilder &b = body.builder();
        return arith::TruncIOp::create(b, body.location(), b.getI64Type(), n);
      },
      [&](BodyBuilder &body) {
        return body.constant(neutral, body.builder().getI64Type());
      });
}

Value qcc::lowering::decodeTensorToDouble(OpBuilder &builder, Location loc,
                                          const DoubleOperand &operand,
                                          ArrayRef<int64_t> padding,
                                          double neutral) {
  return decodeElements(
      builder, loc, operand.tensor, builder.getF64Type(), padding,
      [&](BodyBuilder &body, Value element) {
        return body.toDouble(operand, element);
      },
      [&](BodyBuilder &body) { return body.f64Constant(neutral); });
}

Value qcc::lowering::filled(OpBuilder &builder, Location loc,
                            ArrayRef<int64_t> shape, TypedAttr value) {
  Value fill = arith::ConstantOp::create(builder, loc, value);
  Value empty = tensor::EmptyOp::create(builder, loc, shape, value.getType());
  return linalg::FillOp::create(builder, loc, fill, ValueRange{empty})
      .getResult(0);
}

Value qcc::lowering::filledI64(OpBuilder &builder, Location loc,
                               ArrayRef<int64_t> shape, int64_t value) {
  return filled(builder, loc, shape, builder.getI64IntegerAttr(value));
}

IntegerType qcc::lowering::codeType(Type storage) {
  return IntegerType::get(storage.getContext(),
                          storage.getIntOrFloatBitWidth());
}

Value qcc::lowering::wrapAccumulator(OpBuilder &builder, Location loc,
                                     Value sum, Value bias,
                                     const NumberFormat &accumulator,
                                     RankedTensorType storageType) {
  MLIRContext *context = builder.getContext();
  int64_t rank = storageType.getRank();
  SmallVector<Value> inputs = {sum};
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, context)};
  if (bias) {
    inputs.push_back(bias);
    maps.push_back(
        AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context)));
  }
  unsigned width = accumulator.getBitWidth();
  bool isSigned = accumulator.isSigned();
  auto storage = cast<IntegerType>(storageType.getElementType());
  return elementwiseGeneric(
      builder, loc, storageType, inputs, maps,
      [&](BodyBuilder &body, ValueRange args) -> Value {
        OpBuilder &builder = body.builder();
        Location loc = body.location();
        Type i64 = builder.getI64Type();
        Value total = args[0];
        if (bias) {
          Value b64 = args[1];
          if (storage.getWidth() != 64)
            b64 = isSigned
                      ? (Value)arith::ExtSIOp::create(builder, loc, i64, b64)
                      : (Value)arith::ExtUIOp::create(builder, loc, i64, b64);
          total = arith::AddIOp::create(builder, loc, total, b64);
        }
        Value low = width == 64 ? total
                                : (Value)arith::TruncIOp::create(
                                      builder, loc,
                                      builder.getIntegerType(width), total);
        if (width == storage.getWidth())
          return low;
        return isSigned
                   ? (Value)arith::ExtSIOp::create(builder, loc, storage, low)
                   : (Value)arith::ExtUIOp::create(builder, loc, storage, low);
      });
}
