//===- Contractions.cpp - conv2d, matmul and dense to linalg --------------===//
//
// Integer-like operands into a fixed-point accumulator: the semantics sum
// exact products modulo 2^W (W <= 64), so the operands are decoded once to
// i64 at the accumulator's LSB, multiplied and accumulated in wrapping i64
// arithmetic, and the sum (plus the bias) is truncated to W bits. With a
// minifloat operand (the FP8 MAC designs) the operands are decoded once to
// exact f64 values and each exact product is rounded into the accumulator by
// integer code before the same wrapping sum.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

namespace {

/// How a contraction accumulates (semantics 4.2).
enum class Accumulation {
  /// Fixed point: exact sums in wrapping i64.
  Wrapping,
  /// f32 or f16: each product and each sum rounded by the IEEE operations of
  /// that type.
  Ieee,
  /// Any other float format (minifloats, bf16): exact f64 sums, each rounded
  /// to nearest even by integer code. The sum of two values with at most 24
  /// significant bits is exact in f64 or rounded there first; that double
  /// rounding is innocuous (53 >= 2 * 24 + 2, Figueroa 1995).
  Code,
};

/// The operands of a contraction decoded to i64 at the accumulator's LSB
/// (the left one carries the shift), or, with a float or minifloat operand
/// or accumulator, to their exact f64 values (`roundsProducts`); or an error
/// at the op.
struct DecodedOperands {
  Value left, right;
  NumberFormat accumulator;
  bool roundsProducts = false;
  Accumulation accumulation = Accumulation::Wrapping;
  FloatType ieeeAccumulator; // Accumulation::Ieee
};

/// How products and sums round into an accumulator (semantics 4.2): to
/// nearest even; fixed point wraps, floats overflow as IEEE does.
const RoundingSpec kAccumulatorRounding{
    qcost::RoundingMode::nearest_even, 0, qcc::OverflowMode::Wrap, {}};

/// An f64 rounded to nearest even into the float format of a Code
/// accumulator, overflowing as IEEE does, back as its exact f64 value.
Value roundIntoAccumulator(BodyBuilder &body, const NumberFormat &format,
                           Value value) {
  Value code =
      body.encodeDouble(value, format, kAccumulatorRounding,
                        body.builder().getIntegerType(format.getBitWidth()));
  return body.decodeMinifloatToDouble(format, code);
}

/// One multiply-accumulate step. Integer operands: the exact product
/// (already at the accumulator's LSB) added in i64. Float operands: the
/// exact f64 product rounded into the accumulator (into a fixed-point one to
/// nearest even, wrapping, NaN 0 and infinities clamped), then added.
/// `real` (i1, optional) is false at convolution padding, whose products
/// contribute nothing: -0 leaves every float sum unchanged (0 * inf would not).
Value multiplyAccumulate(OpBuilder &b, Location loc,
                         const DecodedOperands &decoded, Value x, Value y,
                         Value sum, Value real = {}) {
  if (!decoded.roundsProducts)
    return arith::AddIOp::create(b, loc, sum,
                                 arith::MulIOp::create(b, loc, x, y));
  Value product = arith::MulFOp::create(b, loc, x, y);
  BodyBuilder body(b, loc);
  auto paddingContributesNothing = [&](Value rounded) {
    if (!real)
      return rounded;
    return (Value)arith::SelectOp::create(
        b, loc, real, rounded,
        arith::ConstantOp::create(b, loc,
                                  b.getFloatAttr(rounded.getType(), -0.0)));
  };
  switch (decoded.accumulation) {
  case Accumulation::Ieee: {
    Value rounded =
        arith::TruncFOp::create(b, loc, decoded.ieeeAccumulator, product);
    return arith::AddFOp::create(b, loc, sum,
                                 paddingContributesNothing(rounded));
  }
  case Accumulation::Code: {
    Value rounded = paddingContributesNothing(
        roundIntoAccumulator(body, decoded.accumulator, product));
    return roundIntoAccumulator(body, decoded.accumulator,
                                arith::AddFOp::create(b, loc, sum, rounded));
  }
  case Accumulation::Wrapping:
    break;
  }
  Value code = body.encodeDouble(product, decoded.accumulator,
                                 kAccumulatorRounding, b.getI64Type());
  return arith::AddIOp::create(b, loc, sum, code);
}

/// The element type the sums are carried in.
Type sumElementType(OpBuilder &builder, const DecodedOperands &decoded) {
  switch (decoded.accumulation) {
  case Accumulation::Wrapping:
    return builder.getI64Type();
  case Accumulation::Ieee:
    return decoded.ieeeAccumulator;
  case Accumulation::Code:
    return builder.getF64Type();
  }
  llvm_unreachable("unknown accumulation");
}

/// The exact f64 value of a code (or bf16 bits) of a Code accumulator.
Value decodeAccumulator(BodyBuilder &body, const NumberFormat &format,
                        Value element) {
  if (isa<FloatType>(element.getType()))
    element = arith::BitcastOp::create(body.builder(), body.location(),
                                       codeType(element.getType()), element);
  return body.decodeMinifloatToDouble(format, element);
}

/// The accumulators' initial values: zeros, or for float accumulators the
/// bias (the semantics start from it and round every addition).
Value accumulatorInit(OpBuilder &builder, Location loc,
                      const DecodedOperands &decoded, ArrayRef<int64_t> shape,
                      Value bias) {
  if (decoded.accumulation == Accumulation::Wrapping)
    return filledI64(builder, loc, shape, 0);
  Type element = sumElementType(builder, decoded);
  auto type = RankedTensorType::get(shape, element);
  if (!bias)
    return filled(builder, loc, shape, builder.getFloatAttr(element, 0.0));
  MLIRContext *context = builder.getContext();
  int64_t rank = shape.size();
  return elementwiseGeneric(
      builder, loc, type, ValueRange{bias},
      {AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context))},
      [&](BodyBuilder &body, ValueRange args) {
        if (decoded.accumulation == Accumulation::Ieee)
          return args[0];
        return decodeAccumulator(body, decoded.accumulator, args[0]);
      });
}

/// The sums as the result: float sums with canonical NaNs (the bias is
/// already in them), encoded when they are codes; fixed-point sums plus the
/// bias, wrapped.
Value finishAccumulation(OpBuilder &builder, Location loc,
                         const DecodedOperands &decoded, Value sum, Value bias,
                         RankedTensorType storageType) {
  if (decoded.accumulation == Accumulation::Wrapping)
    return wrapAccumulator(builder, loc, sum, bias, decoded.accumulator,
                           storageType);
  int64_t rank = storageType.getRank();
  return elementwiseGeneric(
      builder, loc, storageType, ValueRange{sum},
      {AffineMap::getMultiDimIdentityMap(rank, builder.getContext())},
      [&](BodyBuilder &body, ValueRange args) -> Value {
        if (decoded.accumulation == Accumulation::Ieee)
          return body.canonicalizeNaN(args[0]);
        // The sum already is a value of the format: encoding is exact.
        const NumberFormat &format = decoded.accumulator;
        Type element = storageType.getElementType();
        return body.asStorage(body.encodeDouble(args[0], format,
                                                kAccumulatorRounding,
                                                codeType(element)),
                              element);
      });
}

FailureOr<DecodedOperands>
decodeContraction(Operation *op, Value converted0, Value converted1,
                  ConversionPatternRewriter &rewriter,
                  ArrayRef<int64_t> padding = {}) {
  Type resultElement = getElementTypeOrSelf(op->getResult(0).getType());
  std::optional<NumberFormat> acc = getNumberFormat(resultElement);
  Accumulation accumulation = Accumulation::Wrapping;
  FloatType ieeeAcc;
  if (auto floatType = dyn_cast<FloatType>(resultElement);
      floatType && (floatType.isF32() || floatType.isF16())) {
    accumulation = Accumulation::Ieee;
    ieeeAcc = floatType;
  } else if (acc && acc->getKind() == FormatKind::Float &&
             !isa<Float64Type>(resultElement)) {
    if (failed(checkMinifloatResult(op, *acc)))
      return failure();
    accumulation = Accumulation::Code;
  } else if (!acc || isa<FloatType>(resultElement) ||
             acc->getKind() != FormatKind::Fixed) {
    return op->emitError("accumulators of format ")
           << resultElement
           << " do not lower yet (fixed point and floats up to 32 bits do)";
  }
  Location loc = op->getLoc();
  auto isFloat = [](Value value) {
    Type element = getElementTypeOrSelf(value.getType());
    return isa<FloatType>(element) || minifloatFormat(element);
  };
  if (accumulation != Accumulation::Wrapping || isFloat(op->getOperand(0)) ||
      isFloat(op->getOperand(1))) {
    // Float operands or accumulator: exact f64 products, each rounded into
    // the accumulator.
    FailureOr<DoubleOperand> a =
        prepareDouble(op, op->getOperand(0), converted0, rewriter);
    FailureOr<DoubleOperand> b =
        prepareDouble(op, op->getOperand(1), converted1, rewriter);
    if (failed(a) || failed(b))
      return failure();
    unsigned bits = a->significantBits + b->significantBits;
    if (bits > 53)
      return op->emitError("the exact product needs ")
             << bits << " significant bits; products of float operands or "
             << "into float accumulators lower up to 53 (exact in f64)";
    return DecodedOperands{decodeTensorToDouble(rewriter, loc, *a, padding),
                           decodeTensorToDouble(rewriter, loc, *b),
                           ieeeAcc ? NumberFormat::fixed(64, 0) : *acc,
                           /*roundsProducts=*/true,
                           accumulation,
                           ieeeAcc};
  }
  FailureOr<IntegerOperand> a =
      prepareOperand(op, op->getOperand(0), converted0, rewriter);
  FailureOr<IntegerOperand> b =
      prepareOperand(op, op->getOperand(1), converted1, rewriter);
  if (failed(a) || failed(b))
    return failure();
  // The verifier guarantees shift >= 0 (each product is exact in the
  // accumulator); from 64 on every product is 0 modulo 2^64.
  int64_t shift = a->lsb + b->lsb + acc->getFracBits();
  Value left =
      decodeTensor(rewriter, loc, *a, shift >= 64 ? 0 : shift, padding);
  if (shift >= 64) {
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getI64IntegerAttr(0));
    left = linalg::FillOp::create(rewriter, loc, zero, ValueRange{left})
               .getResult(0);
  }
  return DecodedOperands{left,
                         decodeTensor(rewriter, loc, *b, 0),
                         *acc,
                         /*roundsProducts=*/false,
                         accumulation,
                         FloatType()};
}

/// A (batch) matmul whose products round into the accumulator: a
/// linalg.generic over (batch..., m, n, k).
Value roundedProductMatmul(OpBuilder &builder, Location loc,
                           const DecodedOperands &decoded,
                           RankedTensorType sumType, Value init) {
  MLIRContext *context = builder.getContext();
  int64_t batch = sumType.getRank() - 2;
  unsigned dims = batch + 3;
  SmallVector<AffineExpr> prefix;
  for (int64_t d = 0; d < batch; ++d)
    prefix.push_back(getAffineDimExpr(d, context));
  AffineExpr m = getAffineDimExpr(batch, context),
             n = getAffineDimExpr(batch + 1, context),
             k = getAffineDimExpr(batch + 2, context);
  auto map = [&](ArrayRef<AffineExpr> tail) {
    SmallVector<AffineExpr> results(prefix);
    results.append(tail.begin(), tail.end());
    return AffineMap::get(dims, 0, results, context);
  };
  SmallVector<utils::IteratorType> iterators(dims - 1,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             builder, loc, sumType, ValueRange{decoded.left, decoded.right},
             ValueRange{init}, {map({m, k}), map({k, n}), map({m, n})},
             iterators,
             [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
               linalg::YieldOp::create(
                   b, bodyLoc,
                   ValueRange{multiplyAccumulate(b, bodyLoc, decoded, args[0],
                                                 args[1], args[2])});
             })
      .getResult(0);
}

/// matmul and dense.
template <typename OpTy>
class MatmulLowering : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    SmallVector<int64_t> shape(resultType.getShape());
    if (shape.size() > 3)
      return op.emitError("matmul with more than one batch dimension does not "
                          "lower yet");
    FailureOr<DecodedOperands> decoded = decodeContraction(
        op, adaptor.getOperands()[0], adaptor.getOperands()[1], rewriter);
    if (failed(decoded))
      return failure();
    Location loc = op.getLoc();
    Value bias;
    if constexpr (std::is_same_v<OpTy, DenseOp>)
      if (op.getBias())
        bias = adaptor.getBias();
    auto i64Type = RankedTensorType::get(shape, rewriter.getI64Type());
    Value init = accumulatorInit(rewriter, loc, *decoded, shape, bias);
    SmallVector<Value> operands = {decoded->left, decoded->right};
    Value sum =
        decoded->roundsProducts
            ? roundedProductMatmul(rewriter, loc, *decoded,
                                   cast<RankedTensorType>(init.getType()), init)
        : shape.size() == 2
            ? linalg::MatmulOp::create(rewriter, loc, TypeRange{i64Type},
                                       operands, ValueRange{init})
                  .getResult(0)
            : linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{i64Type},
                                            operands, ValueRange{init})
                  .getResult(0);
    auto storageType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(resultType));
    rewriter.replaceOp(op, finishAccumulation(rewriter, loc, *decoded, sum,
                                              bias, storageType));
    return success();
  }
};

/// Whether the current (n, oh, ow, o, kh, kw, ci) iteration of a convolution
/// reads a real input rather than padding.
Value insideInput(OpBuilder &b, Location loc, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> dilations, ArrayRef<int64_t> padding,
                  ArrayRef<int64_t> inputShape) {
  Value inside;
  for (int64_t axis = 0; axis < 2; ++axis) {
    auto index = [&](int64_t dim) -> Value {
      return linalg::IndexOp::create(b, loc, dim);
    };
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    // Position in the padded input, then relative to the real rows/columns.
    Value position = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, index(1 + axis), constant(strides[axis])),
        arith::MulIOp::create(b, loc, index(4 + axis),
                              constant(dilations[axis])));
    Value shifted =
        arith::SubIOp::create(b, loc, position, constant(padding[2 * axis]));
    Value here = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, shifted,
                              constant(0)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, shifted,
                              constant(inputShape[1 + axis])));
    inside = inside ? (Value)arith::AndIOp::create(b, loc, inside, here) : here;
  }
  return inside;
}

/// conv2d, any groups: a linalg.generic over (n, oh, ow, o, kh, kw, ci) on
/// the decoded input, padded with zeros.
class Conv2DLowering : public OpConversionPattern<Conv2DOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<DecodedOperands> decoded =
        decodeContraction(op, adaptor.getInput(), adaptor.getFilter(), rewriter,
                          op.getPaddingValues());
    if (failed(decoded))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value input = decoded->left;
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    SmallVector<int64_t> shape(resultType.getShape());
    auto filterShape =
        cast<RankedTensorType>(op.getFilter().getType()).getShape();
    int64_t groups = op.getGroupCount();
    int64_t channelsPerGroup = filterShape[2];
    int64_t outputsPerGroup = filterShape[3] / groups;
    SmallVector<int64_t, 2> strides = op.getStrideValues();
    SmallVector<int64_t, 2> dilations = op.getDilationValues();
    SmallVector<int64_t, 4> padding = op.getPaddingValues();
    bool padded = llvm::any_of(padding, [](int64_t p) { return p != 0; });
    auto inputShape =
        cast<RankedTensorType>(op.getInput().getType()).getShape();

    AffineExpr n, oh, ow, o, kh, kw, ci;
    bindDims(context, n, oh, ow, o, kh, kw, ci);
    AffineExpr channel =
        groups == 1 ? ci : o.floorDiv(outputsPerGroup) * channelsPerGroup + ci;
    SmallVector<AffineMap> maps = {
        AffineMap::get(7, 0,
                       {n, oh * strides[0] + kh * dilations[0],
                        ow * strides[1] + kw * dilations[1], channel},
                       context),
        AffineMap::get(7, 0, {kh, kw, ci, o}, context),
        AffineMap::get(7, 0, {n, oh, ow, o}, context)};
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    Value init =
        accumulatorInit(rewriter, loc, *decoded, shape, adaptor.getBias());
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, init.getType(), ValueRange{input, decoded->right},
            ValueRange{init}, maps, iterators,
            [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
              Value real;
              if (decoded->accumulation != Accumulation::Wrapping && padded)
                real = insideInput(b, bodyLoc, strides, dilations, padding,
                                   inputShape);
              linalg::YieldOp::create(
                  b, bodyLoc,
                  ValueRange{multiplyAccumulate(b, bodyLoc, *decoded, args[0],
                                                args[1], args[2], real)});
            })
            .getResult(0);
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(resultType));
    rewriter.replaceOp(op, finishAccumulation(rewriter, loc, *decoded, sum,
                                              adaptor.getBias(), storageType));
    return success();
  }
};

} // namespace

void qcc::lowering::populateContractionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<MatmulLowering<MatmulOp>, MatmulLowering<DenseOp>, Conv2DLowering>(
          converter, patterns.getContext());
}
