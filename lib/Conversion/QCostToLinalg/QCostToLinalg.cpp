//===- QCostToLinalg.cpp - qcost to integer linalg ------------------------===//
//
// One mechanism serves every integer-like op: operands become integers `n` at
// a static LSB exponent (value = n * 2^lsb), the op's exact result is computed
// on them in i128 (the widths are checked at compile time), and one rounding
// step turns it into the result format's code. Contractions decode their
// operands once, multiply-accumulate with linalg's named ops in i64 (the
// accumulator semantics are arithmetic modulo 2^W, W <= 64) and wrap.
//
//===----------------------------------------------------------------------===//

#include "qcc/Conversion/Passes.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/IR/QCostTypes.h"
#include "qcc/Dialect/QCost/Transforms/ConstantUtils.h"
#include "qcc/Format/ExactReal.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

namespace qcc {
#define GEN_PASS_DEF_CONVERTQCOSTTOLINALG
#include "qcc/Conversion/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

static unsigned storageBits(unsigned width) {
  return width <= 8 ? 8 : width <= 16 ? 16 : width <= 32 ? 32 : 64;
}

QCostStorageTypeConverter::QCostStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    Type element = type.getElementType();
    if (isa<FloatType>(element))
      return type;
    std::optional<NumberFormat> format = getNumberFormat(element);
    if (!format)
      return type;
    return RankedTensorType::get(
        type.getShape(), IntegerType::get(type.getContext(),
                                          storageBits(format->getBitWidth())));
  });
  auto cast = [](OpBuilder &builder, Type type, ValueRange inputs,
                 Location loc) -> Value {
    return UnrealizedConversionCastOp::create(builder, loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(cast);
  addTargetMaterialization(cast);
}

namespace {

/// An operand of an elementwise body: either codes of a format (decoded in
/// the body) or integers prepared at compile time, at LSB exponent `lsb`.
struct IntegerOperand {
  Value tensor;
  std::optional<NumberFormat> format; // std::nullopt: already integers
  int64_t lsb = 0;
  /// Bits of |n| (a bound), for the width checks.
  unsigned magnitudeBits = 0;
  SmallVector<int64_t> shape;
};

/// The exponent of the LSB and the magnitude bits of an integer-like format.
std::optional<std::pair<int64_t, unsigned>>
integerLayout(const NumberFormat &f) {
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
  case FormatKind::Float:
    return std::nullopt;
  }
  return std::nullopt;
}

/// The exponent of the lowest set bit of a finite nonzero double (ExactReal
/// keeps its significand odd).
int64_t lowestBitExponent(double value) {
  return ExactReal::fromDouble(value).getExponent();
}

/// Splits constant real values into integers times one power of two.
FailureOr<IntegerOperand> splitConstant(Operation *op, Value value,
                                        OpBuilder &builder) {
  std::optional<SmallVector<double>> reals = getConstantValues(value);
  if (!reals)
    return op->emitError("operand #")
           << llvm::find(op->getOperands(), value) - op->getOperands().begin()
           << " of float type must be a constant to lower (run-time float "
              "operands do not lower yet)";
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
  operand.shape.assign(type.getShape().begin(), type.getShape().end());
  return operand;
}

/// Prepares operand `index` of `op` (original value `original`, converted
/// value `converted`).
FailureOr<IntegerOperand> prepareOperand(Operation *op, Value original,
                                         Value converted, OpBuilder &builder) {
  Type element = getElementTypeOrSelf(original.getType());
  if (isa<FloatType>(element))
    return splitConstant(op, original, builder);
  std::optional<NumberFormat> format = getNumberFormat(element);
  std::optional<std::pair<int64_t, unsigned>> layout =
      format ? integerLayout(*format) : std::nullopt;
  if (!layout)
    return op->emitError("operands of format ")
           << element << " do not lower yet (integer-like formats only)";
  IntegerOperand operand;
  operand.tensor = converted;
  operand.format = format;
  operand.lsb = layout->first;
  operand.magnitudeBits = layout->second;
  auto shape = cast<RankedTensorType>(original.getType()).getShape();
  operand.shape.assign(shape.begin(), shape.end());
  return operand;
}

/// The block-broadcasting indexing map of a parameter of shape `param` for a
/// target of shape `target` (docs/semantics.md section 1).
AffineMap blockMap(MLIRContext *context, ArrayRef<int64_t> target,
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

/// Builds the arithmetic inside a linalg body.
class BodyBuilder {
public:
  BodyBuilder(OpBuilder &builder, Location loc) : b(builder), loc(loc) {}

  Type wide() { return b.getIntegerType(128); }
  Value constant(int64_t value, Type type) {
    APInt bits(type.getIntOrFloatBitWidth(), static_cast<uint64_t>(value),
               /*isSigned=*/true);
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, bits));
  }
  Value wideConstant(const APInt &value) {
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(wide(), value));
  }

  /// The integer n (i128) of a code or a prepared integer.
  Value decode(const IntegerOperand &operand, Value element) {
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
      int64_t maxField =
          (f.getMaxExp() - f.getMinExp()) + (f.hasZero() ? 1 : 0);
      field = arith::MinUIOp::create(b, loc, field, constant(maxField, wide()));
      Value level = f.hasZero() ? arith::SubIOp::create(b, loc, field,
                                                        constant(1, wide()))
                                : field;
      Value magnitude =
          arith::ShLIOp::create(b, loc, constant(1, wide()), level);
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

  Value shiftLeft(Value n, int64_t amount) {
    return amount == 0
               ? n
               : arith::ShLIOp::create(b, loc, n, constant(amount, wide()));
  }

  /// n * 2^lsb rounded into `format` (fixed point or binary), as a storage
  /// integer of `storage` bits.
  Value encode(Value n, int64_t lsb, const NumberFormat &format,
               qcost::RoundingMode rounding, qcc::OverflowMode overflow,
               IntegerType storage) {
    if (format.getKind() == FormatKind::Binary) {
      Value nonNegative = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::sge, n, constant(0, wide()));
      return arith::ExtUIOp::create(b, loc, storage, nonNegative);
    }
    int64_t shift = -format.getFracBits() - lsb;
    if (shift < 0) {
      n = shiftLeft(n, -shift);
    } else if (shift > 0) {
      Value amount = constant(shift, wide());
      Value floor = arith::ShRSIOp::create(b, loc, n, amount);
      Value remainder = arith::SubIOp::create(
          b, loc, n, arith::ShLIOp::create(b, loc, floor, amount));
      Value up;
      if (rounding == qcost::RoundingMode::nearest_even) {
        Value half = wideConstant(APInt(128, 1).shl(shift - 1));
        Value above = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt,
                                            remainder, half);
        Value tie = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                          remainder, half);
        Value odd = arith::TruncIOp::create(b, loc, b.getI1Type(), floor);
        up = arith::OrIOp::create(b, loc, above,
                                  arith::AndIOp::create(b, loc, tie, odd));
      } else { // toward_zero: negative values with a remainder move up.
        Value negative = arith::CmpIOp::create(
            b, loc, arith::CmpIPredicate::slt, n, constant(0, wide()));
        Value inexact = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                              remainder, constant(0, wide()));
        up = arith::AndIOp::create(b, loc, negative, inexact);
      }
      n = arith::AddIOp::create(b, loc, floor,
                                arith::ExtUIOp::create(b, loc, wide(), up));
    }
    unsigned width = format.getBitWidth();
    if (overflow == qcc::OverflowMode::Wrap) {
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

private:
  OpBuilder &b;
  Location loc;
};

/// Bits needed by |n| after aligning to `lsb`, or failure beyond i128.
bool fitsWide(unsigned bits) { return bits <= 125; }

/// Elementwise ops: add, mul, rescale, quant_norm, relu, clip, prelu.
class ElementwiseLowering : public ConversionPattern {
public:
  ElementwiseLowering(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<AddOp, MulOp, RescaleOp, QuantNormOp, ReluOp, PReluOp>(op))
      return failure();
    return lower(op, operands, rewriter, nullptr);
  }

  /// Clip's bounds as integers at a common LSB with the input.
  struct ClipBounds {
    int64_t lsb = 0;
    APInt lo, hi;
  };

  LogicalResult lower(Operation *op, ArrayRef<Value> operands,
                      ConversionPatternRewriter &rewriter,
                      const ClipBounds *clip) const {
    auto rounded = cast<RoundingOpInterface>(op);
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    std::optional<NumberFormat> resultFormat =
        getNumberFormat(resultType.getElementType());
    if (!resultFormat || (resultFormat->getKind() != FormatKind::Fixed &&
                          resultFormat->getKind() != FormatKind::Binary))
      return op->emitError("results of format ")
             << resultType.getElementType()
             << " do not lower yet (fixed point, integers and binary do)";
    if (rounded.getRounding() == qcost::RoundingMode::stochastic)
      return op->emitError("stochastic rounding does not lower yet");

    SmallVector<IntegerOperand> prepared;
    for (auto [original, converted] : llvm::zip(op->getOperands(), operands)) {
      FailureOr<IntegerOperand> operand =
          prepareOperand(op, original, converted, rewriter);
      if (failed(operand))
        return failure();
      prepared.push_back(*operand);
    }
    // Width check of the exact result: products add bits, alignment shifts
    // add the exponent difference.
    unsigned bits = prepared[0].magnitudeBits;
    int64_t minLsb = prepared[0].lsb;
    if (isa<MulOp, RescaleOp, QuantNormOp, PReluOp>(op))
      bits += prepared[1].magnitudeBits;
    for (const IntegerOperand &operand : prepared)
      minLsb = std::min(minLsb, operand.lsb);
    int64_t spread = 0;
    for (const IntegerOperand &operand : prepared)
      spread = std::max(spread, operand.lsb - minLsb);
    int64_t targetShift = -resultFormat->getFracBits();
    if (!fitsWide(bits + spread + 2) ||
        !fitsWide(bits + spread + std::max<int64_t>(0, minLsb - targetShift)))
      return op->emitError("the exact result needs more than 125 bits; it "
                           "does not lower");

    Location loc = op->getLoc();
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(resultType));
    Value init = tensor::EmptyOp::create(rewriter, loc, storageType.getShape(),
                                         storageType.getElementType());
    MLIRContext *context = op->getContext();
    SmallVector<AffineMap> maps;
    SmallVector<Value> inputs;
    ArrayRef<int64_t> target = resultType.getShape();
    for (const IntegerOperand &operand : prepared) {
      inputs.push_back(operand.tensor);
      maps.push_back(blockMap(context, target, operand.shape));
    }
    maps.push_back(AffineMap::getMultiDimIdentityMap(target.size(), context));
    SmallVector<utils::IteratorType> iterators(target.size(),
                                               utils::IteratorType::parallel);
    NumberFormat format = *resultFormat;
    qcost::RoundingMode rounding = rounded.getRounding();
    qcc::OverflowMode overflow = rounded.getFormatOverflow();
    auto storage = cast<IntegerType>(storageType.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, storageType, inputs, ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          BodyBuilder body(b, bodyLoc);
          SmallVector<Value> n;
          for (auto [operand, arg] : llvm::zip(prepared, args))
            n.push_back(body.decode(operand, arg));
          auto align = [&](unsigned i, int64_t lsb) {
            return body.shiftLeft(n[i], prepared[i].lsb - lsb);
          };
          Value result;
          int64_t lsb = minLsb;
          if (isa<AddOp>(op)) {
            result =
                arith::AddIOp::create(b, bodyLoc, align(0, lsb), align(1, lsb));
          } else if (isa<MulOp, RescaleOp>(op)) {
            result = arith::MulIOp::create(b, bodyLoc, n[0], n[1]);
            lsb = prepared[0].lsb + prepared[1].lsb;
          } else if (isa<QuantNormOp>(op)) {
            Value product = arith::MulIOp::create(b, bodyLoc, n[0], n[1]);
            int64_t productLsb = prepared[0].lsb + prepared[1].lsb;
            lsb = std::min(productLsb, prepared[2].lsb);
            result = arith::AddIOp::create(
                b, bodyLoc, body.shiftLeft(product, productLsb - lsb),
                align(2, lsb));
          } else if (isa<ReluOp>(op)) {
            lsb = prepared[0].lsb;
            result = arith::MaxSIOp::create(b, bodyLoc, n[0],
                                            body.constant(0, body.wide()));
          } else if (isa<PReluOp>(op)) {
            lsb = prepared[0].lsb + prepared[1].lsb;
            Value scaled = arith::MulIOp::create(b, bodyLoc, n[1], n[0]);
            Value x = align(0, lsb);
            Value nonNegative =
                arith::CmpIOp::create(b, bodyLoc, arith::CmpIPredicate::sge,
                                      n[0], body.constant(0, body.wide()));
            result =
                arith::SelectOp::create(b, bodyLoc, nonNegative, x, scaled);
          } else {
            lsb = clip->lsb;
            Value x = align(0, lsb);
            x = arith::MaxSIOp::create(b, bodyLoc, x,
                                       body.wideConstant(clip->lo));
            result = arith::MinSIOp::create(b, bodyLoc, x,
                                            body.wideConstant(clip->hi));
          }
          linalg::YieldOp::create(
              b, bodyLoc,
              body.encode(result, lsb, format, rounding, overflow, storage));
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }

public:
  /// Converts clip's f64 bounds to integers at a common LSB with the input.
  static FailureOr<ClipBounds> clipBounds(ClipOp clip, int64_t inputLsb) {
    double lo = clip.getMin().convertToDouble();
    double hi = clip.getMax().convertToDouble();
    if (!std::isfinite(lo) || !std::isfinite(hi))
      return clip.emitError("infinite clip bounds do not lower yet");
    ClipBounds bounds;
    bounds.lsb = inputLsb;
    for (double bound : {lo, hi})
      if (bound != 0)
        bounds.lsb = std::min(bounds.lsb, lowestBitExponent(bound));
    if (std::fabs(std::ldexp(lo, -bounds.lsb)) >= 0x1.0p62 ||
        std::fabs(std::ldexp(hi, -bounds.lsb)) >= 0x1.0p62 ||
        inputLsb - bounds.lsb > 60)
      return clip.emitError("clip bounds too far from the input's LSB to "
                            "lower");
    auto toInteger = [&](double value) {
      double scaled = std::ldexp(value, static_cast<int>(-bounds.lsb));
      return APInt(128, static_cast<uint64_t>(static_cast<int64_t>(scaled)),
                   /*isSigned=*/true);
    };
    bounds.lo = toInteger(lo);
    bounds.hi = toInteger(hi);
    return bounds;
  }
};

/// Wraps ElementwiseLowering to prepare clip bounds first.
class ClipLowering : public OpConversionPattern<ClipOp> {
public:
  ClipLowering(const TypeConverter &converter, MLIRContext *context)
      : OpConversionPattern(converter, context, /*benefit=*/2),
        elementwise(converter, context) {}

  LogicalResult
  matchAndRewrite(ClipOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<NumberFormat> input =
        getNumberFormat(getElementTypeOrSelf(op.getInput().getType()));
    std::optional<std::pair<int64_t, unsigned>> layout =
        input ? integerLayout(*input) : std::nullopt;
    if (!layout)
      return op.emitError("clip of ")
             << getElementTypeOrSelf(op.getInput().getType())
             << " does not lower yet (integer-like formats only)";
    FailureOr<ElementwiseLowering::ClipBounds> bounds =
        ElementwiseLowering::clipBounds(op, layout->first);
    if (failed(bounds))
      return failure();
    SmallVector<Value> operands(adaptor.getOperands());
    return elementwise.lower(op, operands, rewriter, &*bounds);
  }

private:
  ElementwiseLowering elementwise;
};

/// Decodes a tensor of codes into i64 integers at the format's LSB, shifted
/// left by `shift` (so products land on the accumulator's LSB).
Value decodeTensor(OpBuilder &builder, Location loc,
                   const IntegerOperand &operand, int64_t shift) {
  auto type = cast<RankedTensorType>(operand.tensor.getType());
  auto i64Type = RankedTensorType::get(type.getShape(), builder.getI64Type());
  Value init = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                       builder.getI64Type());
  auto identity =
      AffineMap::getMultiDimIdentityMap(type.getRank(), builder.getContext());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, i64Type, ValueRange{operand.tensor},
             ValueRange{init}, SmallVector<AffineMap>{identity, identity},
             iterators,
             [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
               BodyBuilder body(b, bodyLoc);
               Value n = body.shiftLeft(body.decode(operand, args[0]), shift);
               Value low =
                   arith::TruncIOp::create(b, bodyLoc, b.getI64Type(), n);
               linalg::YieldOp::create(b, bodyLoc, low);
             })
      .getResult(0);
}

/// matmul and dense with integer-like operands and a fixed accumulator.
template <typename OpTy>
class MatmulLowering : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Operation *operation = op.getOperation();
    Value lhs = operation->getOperand(0), rhs = operation->getOperand(1);
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    std::optional<NumberFormat> acc =
        getNumberFormat(resultType.getElementType());
    if (!acc || acc->getKind() != FormatKind::Fixed)
      return op.emitError("accumulators of format ")
             << resultType.getElementType()
             << " do not lower yet (fixed point only)";
    FailureOr<IntegerOperand> a =
        prepareOperand(operation, lhs, adaptor.getOperands()[0], rewriter);
    FailureOr<IntegerOperand> b =
        prepareOperand(operation, rhs, adaptor.getOperands()[1], rewriter);
    if (failed(a) || failed(b))
      return failure();
    if (!a->format || !b->format)
      return op.emitError("float operands of contractions do not lower yet");
    Location loc = op.getLoc();
    int64_t shift = a->lsb + b->lsb + acc->getFracBits();
    Value left = decodeTensor(rewriter, loc, *a, shift >= 64 ? 0 : shift);
    Value right = decodeTensor(rewriter, loc, *b, 0);
    SmallVector<int64_t> shape(resultType.getShape());
    auto i64Type = RankedTensorType::get(shape, rewriter.getI64Type());
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getI64IntegerAttr(0));
    Value init = linalg::FillOp::create(
                     rewriter, loc, zero,
                     ValueRange{tensor::EmptyOp::create(rewriter, loc, shape,
                                                        rewriter.getI64Type())})
                     .getResult(0);
    if (shift >= 64) // Every product is 0 modulo 2^64.
      left = linalg::FillOp::create(rewriter, loc, zero, ValueRange{left})
                 .getResult(0);
    Value sum =
        shape.size() == 2
            ? linalg::MatmulOp::create(rewriter, loc, TypeRange{i64Type},
                                       ValueRange{left, right},
                                       ValueRange{init})
                  .getResult(0)
            : linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{i64Type},
                                            ValueRange{left, right},
                                            ValueRange{init})
                  .getResult(0);
    if (shape.size() > 3)
      return op.emitError("matmul with more than one batch dimension does not "
                          "lower yet");
    // Add the bias (already in the accumulator format) and wrap to W bits.
    Value bias;
    if constexpr (std::is_same_v<OpTy, DenseOp>)
      if (op.getBias())
        bias = adaptor.getBias();
    auto storageType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(resultType));
    auto storage = cast<IntegerType>(storageType.getElementType());
    Value out = tensor::EmptyOp::create(rewriter, loc, shape, storage);
    MLIRContext *context = op.getContext();
    SmallVector<Value> inputs = {sum};
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(shape.size(), context)};
    if (bias) {
      inputs.push_back(bias);
      maps.push_back(AffineMap::get(
          shape.size(), 0, getAffineDimExpr(shape.size() - 1, context)));
    }
    maps.push_back(AffineMap::getMultiDimIdentityMap(shape.size(), context));
    unsigned width = acc->getBitWidth();
    bool isSigned = acc->isSigned();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, storageType, inputs, ValueRange{out}, maps,
        SmallVector<utils::IteratorType>(shape.size(),
                                         utils::IteratorType::parallel),
        [&](OpBuilder &builder, Location bodyLoc, ValueRange args) {
          Value total = args[0];
          if (bias) {
            Value b64 = args[1];
            if (storage.getWidth() != 64)
              b64 = isSigned ? (Value)arith::ExtSIOp::create(
                                   builder, bodyLoc, builder.getI64Type(), b64)
                             : (Value)arith::ExtUIOp::create(
                                   builder, bodyLoc, builder.getI64Type(), b64);
            total = arith::AddIOp::create(builder, bodyLoc, total, b64);
          }
          Value low = width == 64 ? total
                                  : (Value)arith::TruncIOp::create(
                                        builder, bodyLoc,
                                        builder.getIntegerType(width), total);
          if (width != storage.getWidth())
            low = isSigned ? (Value)arith::ExtSIOp::create(builder, bodyLoc,
                                                           storage, low)
                           : (Value)arith::ExtUIOp::create(builder, bodyLoc,
                                                           storage, low);
          linalg::YieldOp::create(builder, bodyLoc, low);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

/// qcost.constant: the codes as an arith.constant of storage integers.
class ConstantLowering : public OpConversionPattern<ConstantOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<SmallVector<int64_t>> codes = op.getCodeValues();
    if (!codes)
      return op.emitError("the constant's data is unavailable");
    auto type = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getResult().getType()));
    unsigned bits = type.getElementType().getIntOrFloatBitWidth();
    SmallVector<APInt> values;
    for (int64_t code : *codes)
      values.push_back(APInt(bits, static_cast<uint64_t>(code),
                             /*isSigned=*/true, /*implicitTrunc=*/true));
    if (values.size() == 1 && type.getNumElements() != 1)
      values.assign(type.getNumElements(), values.front());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, DenseElementsAttr::get(type, values));
    return success();
  }
};

/// qcost.reshape copies codes: a tensor.reshape of the storage tensor.
class ReshapeLowering : public OpConversionPattern<ReshapeOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getResult().getType()));
    SmallVector<int64_t> shape(type.getShape());
    auto shapeType = RankedTensorType::get({static_cast<int64_t>(shape.size())},
                                           rewriter.getI64Type());
    Value shapeValue = arith::ConstantOp::create(
        rewriter, op.getLoc(),
        DenseElementsAttr::get(shapeType, ArrayRef(shape)));
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, type, adaptor.getInput(),
                                                   shapeValue);
    return success();
  }
};

/// Every qcost op without a lowering: a located error naming it.
class UnsupportedLowering : public ConversionPattern {
public:
  UnsupportedLowering(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/0,
                          context) {}

  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value>,
                                ConversionPatternRewriter &) const override {
    // Ops with a lowering report their own, more precise errors.
    if (!isa<QCostDialect>(op->getDialect()) ||
        isa<AddOp, MulOp, RescaleOp, QuantNormOp, ReluOp, PReluOp, ClipOp,
            ConstantOp, ReshapeOp, MatmulOp, DenseOp>(op))
      return failure();
    std::string formats;
    llvm::raw_string_ostream os(formats);
    llvm::interleaveComma(op->getResultTypes(), os,
                          [&](Type type) { os << getElementTypeOrSelf(type); });
    return op->emitError("'") << op->getName() << "' with result format "
                              << formats << " does not lower to linalg yet";
  }
};

struct ConvertQCostToLinalgPass
    : qcc::impl::ConvertQCostToLinalgBase<ConvertQCostToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    QCostStorageTypeConverter converter;
    RewritePatternSet patterns(context);
    populateQCostToLinalgConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    ConversionTarget target(*context);
    target.addIllegalDialect<QCostDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           tensor::TensorDialect>();
    target.addLegalOp<ModuleOp>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType());
    });
    target.addDynamicallyLegalOp<func::ReturnOp>(
        [&](func::ReturnOp op) { return converter.isLegal(op); });
    target.addDynamicallyLegalOp<arith::ConstantOp>(
        [&](arith::ConstantOp op) { return converter.isLegal(op.getType()); });
    // A pattern that rejects an op reports why at the op; the framework's
    // generic "failed to legalize" then adds nothing and is dropped.
    unsigned preciseErrors = 0;
    ScopedDiagnosticHandler filter(context, [&](Diagnostic &diagnostic) {
      if (diagnostic.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      if (!StringRef(diagnostic.str()).starts_with("failed to legalize")) {
        ++preciseErrors;
        return failure();
      }
      return success(preciseErrors > 0);
    });
    if (failed(
            applyFullConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void qcc::populateQCostToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ElementwiseLowering, ClipLowering, ConstantLowering,
               ReshapeLowering, MatmulLowering<MatmulOp>,
               MatmulLowering<DenseOp>, UnsupportedLowering>(converter,
                                                             context);
}
