//===- Contractions.cpp - conv2d, matmul and dense to linalg --------------===//
//
// Integer-like operands into a fixed-point accumulator: the semantics sum
// exact products modulo 2^W (W <= 64), so the operands are decoded once to
// i64 at the accumulator's LSB, multiplied and accumulated in wrapping i64
// arithmetic, and the sum (plus the bias) is truncated to W bits.
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
/// (the left one carries the shift), or an error at the op.
struct DecodedOperands {
  Value left, right;
  NumberFormat accumulator;
};

FailureOr<DecodedOperands>
decodeContraction(Operation *op, Value converted0, Value converted1,
                  ConversionPatternRewriter &rewriter,
                  ArrayRef<int64_t> padding = {}) {
  Type resultElement = getElementTypeOrSelf(op->getResult(0).getType());
  std::optional<NumberFormat> acc = getNumberFormat(resultElement);
  if (!acc || isa<FloatType>(resultElement) ||
      acc->getKind() != FormatKind::Fixed)
    return op->emitError("accumulators of format ")
           << resultElement << " do not lower yet (fixed point only)";
  FailureOr<IntegerOperand> a =
      prepareOperand(op, op->getOperand(0), converted0, rewriter);
  FailureOr<IntegerOperand> b =
      prepareOperand(op, op->getOperand(1), converted1, rewriter);
  if (failed(a) || failed(b))
    return failure();
  if (!a->format || !b->format)
    return op->emitError("float operands of contractions do not lower yet");
  if (a->isMinifloat() || b->isMinifloat())
    return op->emitError("minifloat operands of contractions do not lower "
                         "yet (each product would round into the "
                         "accumulator)");
  Location loc = op->getLoc();
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
  return DecodedOperands{left, decodeTensor(rewriter, loc, *b, 0), *acc};
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
    auto i64Type = RankedTensorType::get(shape, rewriter.getI64Type());
    Value init = filledI64(rewriter, loc, shape, 0);
    SmallVector<Value> operands = {decoded->left, decoded->right};
    Value sum =
        shape.size() == 2
            ? linalg::MatmulOp::create(rewriter, loc, TypeRange{i64Type},
                                       operands, ValueRange{init})
                  .getResult(0)
            : linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{i64Type},
                                            operands, ValueRange{init})
                  .getResult(0);
    Value bias;
    if constexpr (std::is_same_v<OpTy, DenseOp>)
      if (op.getBias())
        bias = adaptor.getBias();
    auto storageType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(resultType));
    rewriter.replaceOp(op, wrapAccumulator(rewriter, loc, sum, bias,
                                           decoded->accumulator, storageType));
    return success();
  }
};

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
    auto i64Type = RankedTensorType::get(shape, rewriter.getI64Type());
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, i64Type, ValueRange{input, decoded->right},
            ValueRange{filledI64(rewriter, loc, shape, 0)}, maps, iterators,
            [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
              Value product =
                  arith::MulIOp::create(b, bodyLoc, args[0], args[1]);
              linalg::YieldOp::create(b, bodyLoc,
                                      ValueRange{arith::AddIOp::create(
                                          b, bodyLoc, args[2], product)});
            })
            .getResult(0);
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(resultType));
    rewriter.replaceOp(op,
                       wrapAccumulator(rewriter, loc, sum, adaptor.getBias(),
                                       decoded->accumulator, storageType));
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
