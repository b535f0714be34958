//===- Floats.cpp - quantize, dequantize, batch_norm, float activations ---===//
//
// Float activations (f32, f16, bf16) meet integer-like values and minifloats
// in f64: the product of two values of at most 53 significant bits together
// is exact there, so one conversion (rounding by integer code into a fixed
// point, binary or minifloat format, or an IEEE fptrunc) is the single
// rounding of the semantics. batch_norm computes step by step
// in its parameter type P with IEEE arithmetic, as the semantics prescribe.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

namespace {

/// How a double result is rounded into the result type of `op`.
struct ResultRounding {
  RankedTensorType storageType;
  std::optional<NumberFormat> integerFormat; // fixed, binary or minifloat
  FloatType floatType;                       // f32 or f16 (nearest even)
  RoundingSpec spec;
};

FailureOr<ResultRounding> resultRounding(Operation *op,
                                         const TypeConverter &converter,
                                         bool alwaysIeee = false) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  ResultRounding result;
  result.storageType =
      cast<RankedTensorType>(converter.convertType(resultType));
  if (auto rounded = dyn_cast<RoundingOpInterface>(op))
    result.spec = RoundingSpec{rounded.getRounding(),
                               rounded.getSeed().value_or(0),
                               rounded.getFormatOverflow(),
                               {}};
  if (alwaysIeee)
    result.spec.overflow = qcc::OverflowMode::Wrap;
  Type element = resultType.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element);
      floatType && !minifloatFormat(element)) {
    if (!floatType.isF32() && !floatType.isF16())
      return op->emitError("results of type ")
             << element << " do not lower yet (f32 and f16 do)";
    if (result.spec.mode != qcost::RoundingMode::nearest_even)
      return op->emitError("float results lower with nearest_even rounding "
                           "only");
    result.floatType = floatType;
    return result;
  }
  FailureOr<NumberFormat> format = integerResultFormat(op);
  if (failed(format))
    return failure();
  result.integerFormat = *format;
  return result;
}

Value roundResult(BodyBuilder &body, const ResultRounding &rounding,
                  Value exact, ArrayRef<int64_t> shape) {
  if (rounding.floatType)
    return body.roundDoubleToFloat(exact, rounding.floatType,
                                   rounding.spec.overflow ==
                                       qcc::OverflowMode::Saturate);
  RoundingSpec spec = rounding.spec;
  if (spec.mode == qcost::RoundingMode::stochastic)
    spec.index = body.linearIndex(shape);
  return body.encodeDouble(
      exact, *rounding.integerFormat, spec,
      cast<IntegerType>(rounding.storageType.getElementType()));
}

/// quantize and dequantize: round(x * s) with the product exact in f64.
template <typename OpTy>
class ScaleLowering : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isDequantize = std::is_same_v<OpTy, DequantizeOp>;
    FailureOr<ResultRounding> rounding =
        resultRounding(op, *this->getTypeConverter(), isDequantize);
    if (failed(rounding))
      return failure();
    SmallVector<DoubleOperand> operands;
    for (auto [original, converted] :
         llvm::zip(op->getOperands(), adaptor.getOperands())) {
      FailureOr<DoubleOperand> operand =
          prepareDouble(op, original, converted, rewriter);
      if (failed(operand))
        return failure();
      operands.push_back(*operand);
    }
    unsigned bits = 0;
    for (const DoubleOperand &operand : operands)
      bits += operand.significantBits;
    if (bits > 53)
      return op.emitError("the exact product needs ")
             << bits << " significant bits; it lowers up to 53 (f64)";
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    ArrayRef<int64_t> shape = resultType.getShape();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (const DoubleOperand &operand : operands) {
      inputs.push_back(operand.tensor);
      maps.push_back(blockMap(op.getContext(), shape, operand.shape));
    }
    Value result = elementwiseGeneric(
        rewriter, op.getLoc(), rounding->storageType, inputs, maps,
        [&](BodyBuilder &body, ValueRange args) -> Value {
          Value exact = body.toDouble(operands[0], args[0]);
          if (operands.size() > 1)
            exact =
                arith::MulFOp::create(body.builder(), body.location(), exact,
                                      body.toDouble(operands[1], args[1]));
          return roundResult(body, *rounding, exact, shape);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// batch_norm, step by step in the parameter type P (f32 or f16).
class BatchNormLowering : public OpConversionPattern<BatchNormOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto paramType =
        cast<FloatType>(getElementTypeOrSelf(op.getGamma().getType()));
    if (!paramType.isF32() && !paramType.isF16())
      return op.emitError("batch_norm with parameters of type ")
             << paramType << " does not lower yet (f32 and f16 do)";
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    bool resultIsP = resultType.getElementType() == paramType;
    std::optional<ResultRounding> rounding;
    if (!resultIsP) {
      FailureOr<ResultRounding> computed =
          resultRounding(op, *getTypeConverter());
      if (failed(computed))
        return failure();
      rounding = *computed;
    }
    FailureOr<DoubleOperand> input =
        prepareDouble(op, op.getInput(), adaptor.getInput(), rewriter);
    if (failed(input))
      return failure();
    if (input->significantBits > 53)
      return op.emitError("inputs of more than 53 significant bits do not "
                          "lower yet");
    bool inputIsP = getElementTypeOrSelf(op.getInput().getType()) == paramType;
    bool saturate = op.getFormatOverflow() == qcc::OverflowMode::Saturate;

    // round_P(epsilon), at compile time.
    APFloat epsilon(op.getEpsilon().convertToDouble());
    bool losesInfo;
    epsilon.convert(paramType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);

    ArrayRef<int64_t> shape = resultType.getShape();
    SmallVector<Value> inputs = {input->tensor, adaptor.getGamma(),
                                 adaptor.getBeta(), adaptor.getMean(),
                                 adaptor.getVariance()};
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(shape.size(), op.getContext())};
    for (Value param : ArrayRef(inputs).drop_front())
      maps.push_back(
          blockMap(op.getContext(), shape,
                   cast<RankedTensorType>(param.getType()).getShape()));
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(resultType));
    Value result = elementwiseGeneric(
        rewriter, op.getLoc(), storageType, inputs, maps,
        [&](BodyBuilder &body, ValueRange args) -> Value {
          OpBuilder &b = body.builder();
          Location loc = body.location();
          Value x = args[0];
          if (!inputIsP)
            x = arith::TruncFOp::create(b, loc, paramType,
                                        body.toDouble(*input, x));
          Value gamma = args[1], beta = args[2], mean = args[3],
                variance = args[4];
          Value eps = arith::ConstantOp::create(
              b, loc, b.getFloatAttr(paramType, epsilon));
          Value v = arith::AddFOp::create(b, loc, variance, eps);
          Value r = math::SqrtOp::create(b, loc, v);
          Value s = arith::DivFOp::create(b, loc, gamma, r);
          Value d = arith::SubFOp::create(b, loc, x, mean);
          Value t = arith::MulFOp::create(b, loc, d, s);
          Value y = arith::AddFOp::create(b, loc, t, beta);
          // A result of type P is y encoded with the op's overflow mode:
          // saturate clamps infinities.
          if (resultIsP)
            return body.canonicalizeNaN(saturate ? body.saturateInfinity(y)
                                                 : y);
          return roundResult(body, *rounding,
                             arith::ExtFOp::create(b, loc, b.getF64Type(), y),
                             shape);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

LogicalResult
qcc::lowering::lowerFloatActivation(Operation *op, Value input,
                                    const TypeConverter &converter,
                                    ConversionPatternRewriter &rewriter) {
  Type inputType = getElementTypeOrSelf(op->getOperand(0).getType());
  if (!isExactInDouble(inputType))
    return op->emitError("float operands of type ")
           << inputType << " do not lower yet (f32, f16 and bf16 do)";
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  auto rounded = cast<RoundingOpInterface>(op);
  double lo = 0.0, hi = INFINITY;
  if (auto clip = dyn_cast<ClipOp>(op)) {
    lo = clip.getMin().convertToDouble();
    hi = clip.getMax().convertToDouble();
  }
  ArrayRef<int64_t> shape = resultType.getShape();
  MLIRContext *context = op->getContext();
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(shape.size(), context)};

  if (resultType.getElementType() == inputType) {
    // Same float type: the bounds rounded with the op's modes clip the input
    // exactly (rounding is monotone, so it commutes with min and max).
    if (rounded.getRounding() == qcost::RoundingMode::stochastic)
      return op->emitError("stochastic rounding of float clip/relu does not "
                           "lower yet");
    std::optional<NumberFormat> format = getNumberFormat(inputType);
    auto floatType = cast<FloatType>(inputType);
    auto boundAttr = [&](double bound) {
      uint64_t code = format->encode(bound, rounded.getFormatRounding(),
                                     rounded.getFormatOverflow());
      APInt bits(floatType.getWidth(), code);
      return rewriter.getFloatAttr(
          floatType, APFloat(floatType.getFloatSemantics(), bits));
    };
    FloatAttr loAttr = boundAttr(lo), hiAttr = boundAttr(hi);
    bool saturate = rounded.getFormatOverflow() == qcc::OverflowMode::Saturate;
    Value result = elementwiseGeneric(
        rewriter, op->getLoc(), resultType, ValueRange{input}, maps,
        [&](BodyBuilder &body, ValueRange args) -> Value {
          OpBuilder &b = body.builder();
          Location loc = body.location();
          Value y = arith::MaximumFOp::create(
              b, loc, args[0], arith::ConstantOp::create(b, loc, loAttr));
          if (isa<ClipOp>(op))
            y = arith::MinimumFOp::create(
                b, loc, y, arith::ConstantOp::create(b, loc, hiAttr));
          return body.canonicalizeNaN(saturate ? body.saturateInfinity(y) : y);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  FailureOr<ResultRounding> rounding = resultRounding(op, converter);
  if (failed(rounding))
    return failure();
  Value result = elementwiseGeneric(
      rewriter, op->getLoc(), rounding->storageType, ValueRange{input}, maps,
      [&](BodyBuilder &body, ValueRange args) -> Value {
        OpBuilder &b = body.builder();
        Location loc = body.location();
        Value x = arith::ExtFOp::create(b, loc, b.getF64Type(), args[0]);
        Value y = arith::MaximumFOp::create(b, loc, x, body.f64Constant(lo));
        if (isa<ClipOp>(op))
          y = arith::MinimumFOp::create(b, loc, y, body.f64Constant(hi));
        return roundResult(body, *rounding, y, shape);
      });
  rewriter.replaceOp(op, result);
  return success();
}

void qcc::lowering::populateFloatLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ScaleLowering<QuantizeOp>, ScaleLowering<DequantizeOp>,
               BatchNormLowering>(converter, patterns.getContext());
}
