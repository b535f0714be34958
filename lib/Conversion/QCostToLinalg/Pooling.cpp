//===- Pooling.cpp - pooling and reduce_sum to linalg ---------------------===//
//
// Integer-like inputs are decoded to i64 at their LSB; a window (or
// dimension) reduction takes the exact maximum or sum, and one elementwise
// step rounds it, dividing by the number of real (unpadded) inputs for
// averages with the exact quotient's rounding.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

namespace {

/// A pooling window: kernel, strides, padding [top, bottom, left, right].
struct Window {
  int64_t kh, kw, sh, sw;
  SmallVector<int64_t, 4> padding;
  bool isMax;
};

/// Pooling sums and compares integers; minifloat inputs would need their
/// NaN and infinities carried beside the sum.
LogicalResult checkIntegerInput(Operation *op, const IntegerOperand &input) {
  if (input.isMinifloat())
    return op->emitError("pooling and reduce_sum over minifloat inputs (")
           << input.format->str() << ") do not lower yet";
  return success();
}

/// The rounding of a result of `op` and the checks that it lowers.
FailureOr<std::pair<NumberFormat, RoundingSpec>>
roundingOf(Operation *op, const IntegerOperand &input, unsigned sumBits,
           unsigned divisorBits) {
  FailureOr<NumberFormat> format = integerResultFormat(op);
  if (failed(format))
    return failure();
  auto rounded = cast<RoundingOpInterface>(op);
  RoundingSpec spec{rounded.getRounding(),
                    rounded.getSeed().value_or(0),
                    rounded.getFormatOverflow(),
                    {}};
  if (sumBits > 63)
    return op->emitError("the exact sum needs ")
           << sumBits << " bits; it lowers up to 63";
  if (format->getKind() == FormatKind::Float) {
    if (divisorBits && failed(checkMinifloatDivision(op, *format, divisorBits)))
      return failure();
    return std::make_pair(*format, spec);
  }
  int64_t shift = -format->getFracBits() - input.lsb;
  if (sumBits + std::max<int64_t>(0, -shift) + divisorBits + 2 > 125 ||
      divisorBits + std::max<int64_t>(0, shift) > 100)
    return op->emitError("the exact result needs more than 125 bits; it does "
                         "not lower");
  if (spec.mode == qcost::RoundingMode::stochastic &&
      std::max<int64_t>(0, shift) + divisorBits > 72)
    return op->emitError("stochastic rounding that drops more than 72 bits "
                         "does not lower");
  return std::make_pair(*format, spec);
}

/// max_pool2d, avg_pool2d and global_avg_pool.
LogicalResult lowerPool(Operation *op, Value converted, const Window &window,
                        const TypeConverter &converter,
                        ConversionPatternRewriter &rewriter) {
  FailureOr<IntegerOperand> input =
      prepareOperand(op, op->getOperand(0), converted, rewriter);
  if (failed(input) || failed(checkIntegerInput(op, *input)))
    return failure();
  int64_t count = window.kh * window.kw;
  unsigned divisorBits = window.isMax ? 0 : llvm::Log2_64_Ceil(count + 1);
  unsigned sumBits = input->magnitudeBits + (window.isMax ? 0 : divisorBits);
  auto rounding = roundingOf(op, *input, sumBits, divisorBits);
  if (failed(rounding))
    return failure();

  Location loc = op->getLoc();
  MLIRContext *context = op->getContext();
  auto inputShape =
      cast<RankedTensorType>(op->getOperand(0).getType()).getShape();
  int64_t height = inputShape[1], width = inputShape[2];
  const SmallVector<int64_t, 4> &pad = window.padding;
  // Padding never wins a maximum and adds nothing to a sum.
  Value decoded =
      decodeTensor(rewriter, loc, *input, 0, pad, window.isMax ? INT64_MIN : 0);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<int64_t> shape(resultType.getShape());
  AffineExpr n, oh, ow, c, kh, kw;
  bindDims(context, n, oh, ow, c, kh, kw);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {n, oh * window.sh + kh, ow * window.sw + kw, c},
                     context),
      AffineMap::get(6, 0, {n, oh, ow, c}, context)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  // kh and kw size no operand dimension alone: like linalg's pooling ops,
  // a tensor of the kernel's shape read at (kh, kw) gives their extent.
  Value kernelShape = filledI64(rewriter, loc, {window.kh, window.kw}, 0);
  maps.insert(maps.begin() + 1, AffineMap::get(6, 0, {kh, kw}, context));
  Value reduced =
      linalg::GenericOp::create(
          rewriter, loc, RankedTensorType::get(shape, rewriter.getI64Type()),
          ValueRange{decoded, kernelShape},
          ValueRange{
              filledI64(rewriter, loc, shape, window.isMax ? INT64_MIN : 0)},
          maps, iterators,
          [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
            Value next = window.isMax
                             ? (Value)arith::MaxSIOp::create(b, bodyLoc,
                                                             args[2], args[0])
                             : (Value)arith::AddIOp::create(b, bodyLoc, args[2],
                                                            args[0]);
            linalg::YieldOp::create(b, bodyLoc, ValueRange{next});
          })
          .getResult(0);

  auto storageType = cast<RankedTensorType>(converter.convertType(resultType));
  auto storage = cast<IntegerType>(storageType.getElementType());
  NumberFormat format = rounding->first;
  RoundingSpec spec = rounding->second;
  bool padded = llvm::any_of(pad, [](int64_t p) { return p != 0; });
  Value result = elementwiseGeneric(
      rewriter, loc, storageType, ValueRange{reduced},
      {AffineMap::getMultiDimIdentityMap(4, context)},
      [&](BodyBuilder &body, ValueRange args) -> Value {
        OpBuilder &b = body.builder();
        Location bodyLoc = body.location();
        Value sum = arith::ExtSIOp::create(b, bodyLoc, body.wide(), args[0]);
        RoundingSpec elementSpec = spec;
        if (spec.mode == qcost::RoundingMode::stochastic)
          elementSpec.index = body.linearIndex(shape);
        if (window.isMax)
          return body.encode(sum, input->lsb, format, elementSpec, storage);
        Value divisor = body.constant(count, body.wide());
        if (padded) {
          // Real inputs of the window: rows times columns inside the input.
          Type i64 = b.getI64Type();
          auto covered = [&](unsigned dim, int64_t stride, int64_t before,
                             int64_t size, int64_t extent) {
            Value position = arith::IndexCastOp::create(
                b, bodyLoc, i64, linalg::IndexOp::create(b, bodyLoc, dim));
            Value start = arith::SubIOp::create(
                b, bodyLoc,
                arith::MulIOp::create(b, bodyLoc, position,
                                      body.constant(stride, i64)),
                body.constant(before, i64));
            Value end = arith::AddIOp::create(b, bodyLoc, start,
                                              body.constant(size, i64));
            Value first = arith::MaxSIOp::create(b, bodyLoc, start,
                                                 body.constant(0, i64));
            Value last = arith::MinSIOp::create(b, bodyLoc, end,
                                                body.constant(extent, i64));
            return arith::SubIOp::create(b, bodyLoc, last, first);
          };
          Value rows = covered(1, window.sh, pad[0], window.kh, height);
          Value cols = covered(2, window.sw, pad[2], window.kw, width);
          divisor = arith::ExtSIOp::create(
              b, bodyLoc, body.wide(),
              arith::MulIOp::create(b, bodyLoc, rows, cols));
        }
        return body.encode(sum, input->lsb, format, elementSpec, storage,
                           divisor);
      });
  rewriter.replaceOp(op, result);
  return success();
}

template <typename OpTy>
class WindowPoolLowering : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<int64_t, 2> strides = op.getStrideValues();
    Window window{op.getKernel()[0],
                  op.getKernel()[1],
                  strides[0],
                  strides[1],
                  op.getPaddingValues(),
                  std::is_same_v<OpTy, MaxPool2DOp>};
    return lowerPool(op, adaptor.getInput(), window, *this->getTypeConverter(),
                     rewriter);
  }
};

class GlobalAvgPoolLowering : public OpConversionPattern<GlobalAvgPoolOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto shape = cast<RankedTensorType>(op.getInput().getType()).getShape();
    Window window{shape[1], shape[2], 1, 1, {0, 0, 0, 0}, false};
    return lowerPool(op, adaptor.getInput(), window, *getTypeConverter(),
                     rewriter);
  }
};

/// reduce_sum: the exact sum over `dims`, rounded once.
class ReduceSumLowering : public OpConversionPattern<ReduceSumOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReduceSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<IntegerOperand> input =
        prepareOperand(op, op.getInput(), adaptor.getInput(), rewriter);
    if (failed(input) || failed(checkIntegerInput(op, *input)))
      return failure();
    ArrayRef<int64_t> inputShape =
        cast<RankedTensorType>(op.getInput().getType()).getShape();
    int64_t count = 1;
    for (int64_t d : op.getDims())
      count *= inputShape[d];
    unsigned sumBits =
        input->magnitudeBits + llvm::Log2_64_Ceil(std::max<int64_t>(count, 1));
    auto rounding = roundingOf(op, *input, sumBits, 0);
    if (failed(rounding))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value decoded = decodeTensor(rewriter, loc, *input, 0);
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    SmallVector<int64_t> shape(resultType.getShape());
    SmallVector<AffineExpr> kept;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0, e = inputShape.size(); d < e; ++d) {
      bool reducedDim = llvm::is_contained(op.getDims(), d);
      iterators.push_back(reducedDim ? utils::IteratorType::reduction
                                     : utils::IteratorType::parallel);
      if (!reducedDim)
        kept.push_back(getAffineDimExpr(d, context));
    }
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(inputShape.size(), context),
        AffineMap::get(inputShape.size(), 0, kept, context)};
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, RankedTensorType::get(shape, rewriter.getI64Type()),
            ValueRange{decoded}, ValueRange{filledI64(rewriter, loc, shape, 0)},
            maps, iterators,
            [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
              linalg::YieldOp::create(b, bodyLoc,
                                      ValueRange{arith::AddIOp::create(
                                          b, bodyLoc, args[1], args[0])});
            })
            .getResult(0);
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(resultType));
    auto storage = cast<IntegerType>(storageType.getElementType());
    NumberFormat format = rounding->first;
    RoundingSpec spec = rounding->second;
    Value result = elementwiseGeneric(
        rewriter, loc, storageType, ValueRange{sum},
        {AffineMap::getMultiDimIdentityMap(shape.size(), context)},
        [&](BodyBuilder &body, ValueRange args) -> Value {
          RoundingSpec elementSpec = spec;
          if (spec.mode == qcost::RoundingMode::stochastic)
            elementSpec.index = body.linearIndex(shape);
          Value wide = arith::ExtSIOp::create(body.builder(), body.location(),
                                              body.wide(), args[0]);
          return body.encode(wide, input->lsb, format, elementSpec, storage);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void qcc::lowering::populatePoolingLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<WindowPoolLowering<MaxPool2DOp>, WindowPoolLowering<AvgPool2DOp>,
               GlobalAvgPoolLowering, ReduceSumLowering>(converter,
                                                         patterns.getContext());
}
