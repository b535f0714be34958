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

/// The operands of a contraction decoded to i64 at the accumulator's LSB
/// (the left one carries the shift), or, with a float or minifloat operand
/// or accumulator, to their exact f64 values (`roundsProducts`); or an error
/// at the op.
struct DecodedOperands {
  Value left, right;
  NumberFormat accumulator;
  bool roundsProducts = false;
  /// f32 or f16 accumulators: operands in f64, each product and each sum
  /// rounded by the IEEE operations of that type.
  FloatType floatAccumulator;
};

/// One multiply-accumulate step in i64. Integer operands: the exact product
/// (already at the accumulator's LSB). Minifloat operands: the exact f64
/// product rounded to nearest even into the accumulator, wrapping (NaN is 0,
/// infinities clamp), as a sign- or zero-extended code.
/// `real` (i1, optional) is false at convolution padding, whose products
/// contribute nothing: -0 leaves every float sum unchanged (0 * inf would not).
Value multiplyAccumulate(OpBuilder &b, Location loc,
                         const DecodedOperands &decoded, Value x, Value y,
                         Value sum, Value real = {}) {
  if (!decoded.roundsProducts)
    return arith::AddIOp::create(b, loc, sum,
                                 arith::MulIOp::create(b, loc, x, y));
  Value product = arith::MulFOp::create(b, loc, x, y);
  if (decoded.floatAccumulator) {
    Value rounded =
        arith::TruncFOp::create(b, loc, decoded.floatAccumulator, product);
    if (real)
      rounded = arith::SelectOp::create(
          b, loc, real, rounded,
          arith::ConstantOp::create(
              b, loc, b.getFloatAttr(decoded.floatAccumulator, -0.0)));
    return arith::AddFOp::create(b, loc, sum, rounded);
  }
  BodyBuilder body(b, loc);
  RoundingSpec rounding{
      qcost::RoundingMode::nearest_even, 0, qcc::OverflowMode::Wrap, {}};
  Value code =
      body.encodeDouble(product, decoded.accumulator, rounding, b.getI64Type());
  return arith::AddIOp::create(b, loc, sum, code);
}

/// The accumulators' initial values: zeros, or for float accumulators the
/// bias (the semantics start from it and round every addition).
Value accumulatorInit(OpBuilder &builder, Location loc,
                      const DecodedOperands &decoded, ArrayRef<int64_t> shape,
                      Value bias) {
  if (!decoded.floatAccumulator)
    return filledI64(builder, loc, shape, 0);
  auto type = RankedTensorType::get(shape, decoded.floatAccumulator);
  if (!bias) {
    Value zero = arith::ConstantOp::create(
        builder, loc, builder.getFloatAttr(decoded.floatAccumulator, 0.0));
    Value empty =
        tensor::EmptyOp::create(builder, loc, shape, decoded.floatAccumulator);
    return linalg::FillOp::create(builder, loc, zero, ValueRange{empty})
        .getResult(0);
  }
  MLIRContext *context = builder.getContext();
  int64_t rank = shape.size();
  return elementwiseGeneric(
      builder, loc, type, ValueRange{bias},
      {AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context))},
      [](BodyBuilder &, ValueRange args) { return args[0]; });
}

/// The sums as the result: float sums with canonical NaNs (the bias is
/// already in them), fixed-point sums plus the bias, wrapped.
Value finishAccumulation(OpBuilder &builder, Location loc,
                         const DecodedOperands &decoded, Value sum, Value bias,
                         RankedTensorType storageType) {
  if (!decoded.floatAccumulator)
    return wrapAccumulator(builder, loc, sum, bias, decoded.accumulator,
                           storageType);
  int64_t rank = storageType.getRank();
  return elementwiseGeneric(
      builder, loc, storageType, ValueRange{sum},
      {AffineMap::getMultiDimIdentityMap(rank, builder.getContext())},
      [](BodyBuilder &body, ValueRange args) {
        return body.canonicalizeNaN(args[0]);
      });
}

FailureOr<DecodedOperands>
decodeContraction(Operation *op, Value converted0, Value converted1,
                  ConversionPatternRewriter &rewriter,
                  ArrayRef<int64_t> padding = {}) {
  Type resultElement = getElementTypeOrSelf(op->getResult(0).getType());
  auto floatAcc = dyn_cast<FloatType>(resultElement);
  if (floatAcc && !floatAcc.isF32() && !floatAcc.isF16())
    floatAcc = FloatType();
  std::optional<NumberFormat> acc = getNumberFormat(resultElement);
  if (!floatAcc && (!acc || isa<FloatType>(resultElement) ||
                    acc->getKind() != FormatKind::Fixed))
    return op->emitError("accumulators of format ")
           << resultElement
           << " do not lower yet (fixed point, f32 and f16 do)";
  Location loc = op->getLoc();
  auto isFloat = [](Value value) {
    Type element = getElementTypeOrSelf(value.getType());
    return isa<FloatType>(element) || minifloatFormat(element);
  };
  if (floatAcc || isFloat(op->getOperand(0)) || isFloat(op->getOperand(1))) {
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
                           floatAcc ? NumberFormat::fixed(64, 0) : *acc,
                           /*roundsProducts=*/true, floatAcc};
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
  return DecodedOperands{left, decodeTensor(rewriter, loc, *b, 0), *acc,
                         /*roundsProducts=*/false, FloatType()};
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
              if (decoded->floatAccumulator && padded)
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
