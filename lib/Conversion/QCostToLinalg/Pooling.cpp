//===- Pooling.cpp - pooling and reduce_sum -------------------------------===//
//
// One reduction computes the exact maximum or sum of each window (or of the
// reduced dimensions), one elementwise generic rounds it by qcost.encode,
// dividing averages by the number of real (unpadded) inputs. Integer-like
// inputs reduce as integers at their LSB in the narrowest width the window
// needs; float inputs as exact f64 values (maximumf: NaN wins, +0 > -0) or
// exact float sums (FloatSums.h).
//
//===----------------------------------------------------------------------===//

#include "Encoding.h"
#include "FloatSums.h"
#include "LinalgBuilders.h"
#include "Operands.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;
namespace codec = qcc::qcost::codec;

namespace {

/// A pooling window: kernel, strides, padding [top, bottom, left, right].
struct Window {
  int64_t kh, kw, sh, sw;
  SmallVector<int64_t, 4> padding;
  bool isMax;
};

/// A reduction of `count` values of one operand into a maximum or a sum,
/// and how its result rounds.
struct Reduction {
  ExactOperand input;
  bool isMax = false;
  /// Integer inputs: the type their maximum or sum is carried in.
  IntegerType integer;
  /// Float sums.
  std::optional<FloatSum> floatSum;
  /// Averages: the type of the count.
  IntegerType divisor;
  ResultEncoding encoding;

  bool isFloat() const { return !input.isInteger(); }
};

FailureOr<Reduction> planReduction(Operation *op, Value converted,
                                   int64_t count, bool isMax, bool isAverage,
                                   ConversionPatternRewriter &rewriter,
                                   const TypeConverter &converter,
                                   const Rejection &reject) {
  Reduction plan;
  plan.isMax = isMax;
  FailureOr<ExactOperand> input =
      prepareOperand(op, 0, converted, rewriter, reject,
                     /*splitConstants=*/false);
  if (failed(input))
    return failure();
  plan.input = *input;
  FailureOr<ResultEncoding> encoding = getResultEncoding(op, converter, reject);
  if (failed(encoding))
    return failure();
  plan.encoding = *encoding;
  unsigned countBits = llvm::Log2_64_Ceil(std::max<int64_t>(count, 1) + 1);
  unsigned divisorBits = 0;
  if (isAverage) {
    plan.divisor = rewriter.getIntegerType(codec::integerWidth(countBits + 1));
    divisorBits = plan.divisor.getWidth();
  }
  MLIRContext *context = op->getContext();
  if (plan.isFloat()) {
    if (!input->isExactInDouble())
      return reject("the input is not exact in f64");
    if (isMax) {
      if (failed(checkEncode(plan.encoding, floatValue(context), reject)))
        return failure();
      return plan;
    }
    plan.floatSum.emplace(input->format, count);
    if (failed(checkEncode(plan.encoding,
                           integerValue(plan.floatSum->getWidth(),
                                        plan.floatSum->getLsb(), divisorBits),
                           reject)) ||
        failed(checkEncode(plan.encoding, floatValue(context), reject)))
      return failure();
    return plan;
  }
  unsigned bits = input->magnitudeBits() + (isMax ? 0 : countBits) + 1;
  if (bits > codec::kMaxIntegerBits)
    return reject(Twine("the exact sum needs ") + Twine(bits) + " bits");
  plan.integer = rewriter.getIntegerType(codec::integerWidth(bits));
  if (failed(checkEncode(
          plan.encoding,
          integerValue(plan.integer.getWidth(), input->lsb(), divisorBits),
          reject)))
    return failure();
  return plan;
}

/// The input decoded for the reduction, padded with what changes no result
/// (the smallest integer or -inf for a maximum, 0 or -0 for a sum).
Value decodeInput(OpBuilder &builder, Location loc, const Reduction &plan,
                  ArrayRef<int64_t> padding = {}) {
  Type element =
      plan.isFloat() ? (Type)builder.getF64Type() : (Type)plan.integer;
  return paddedGeneric(
      builder, loc, plan.input.tensor, element, padding,
      [&](OpBuilder &b, Location loc, Value code) -> Value {
        if (plan.isFloat())
          return decodeDouble(b, loc, plan.input, code);
        return decodeInteger(b, loc, plan.input, code, plan.input.lsb(),
                             plan.integer);
      },
      [&](OpBuilder &b, Location loc) -> Value {
        if (plan.isFloat())
          return arith::ConstantOp::create(
              b, loc, b.getF64FloatAttr(plan.isMax ? -INFINITY : -0.0));
        APInt neutral = plan.isMax
                            ? APInt::getSignedMinValue(plan.integer.getWidth())
                            : APInt(plan.integer.getWidth(), 0);
        return arith::ConstantOp::create(
            b, loc, IntegerAttr::get(plan.integer, neutral));
      });
}

/// Reduces `inputs[0]` (decoded) into tensors of `shape`: the maximum, or
/// the sum and, for float inputs, its flags.
SmallVector<Value> reduce(OpBuilder &builder, Location loc,
                          const Reduction &plan, ArrayRef<int64_t> shape,
                          ValueRange inputs, ArrayRef<AffineMap> maps,
                          ArrayRef<utils::IteratorType> iterators) {
  SmallVector<Value> inits;
  SmallVector<Type> types;
  auto add = [&](TypedAttr init) {
    inits.push_back(filled(builder, loc, shape, init));
    types.push_back(RankedTensorType::get(shape, init.getType()));
  };
  if (!plan.isFloat())
    add(IntegerAttr::get(plan.integer,
                         plan.isMax
                             ? APInt::getSignedMinValue(plan.integer.getWidth())
                             : APInt(plan.integer.getWidth(), 0)));
  else if (plan.isMax)
    add(builder.getF64FloatAttr(-INFINITY));
  else {
    add(builder.getIntegerAttr(
        builder.getIntegerType(plan.floatSum->getWidth()), 0));
    add(builder.getI64IntegerAttr(0));
  }
  SmallVector<AffineMap> allMaps(maps);
  for (size_t i = 1; i < inits.size(); ++i)
    allMaps.push_back(maps.back());
  auto op = linalg::GenericOp::create(
      builder, loc, types, inputs, inits, allMaps, iterators,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value x = args[0];
        ValueRange acc = args.take_back(inits.size());
        SmallVector<Value> next;
        if (!plan.isFloat())
          next.push_back(plan.isMax
                             ? (Value)arith::MaxSIOp::create(b, loc, acc[0], x)
                             : (Value)arith::AddIOp::create(b, loc, acc[0], x));
        else if (plan.isMax)
          next.push_back(arith::MaximumFOp::create(b, loc, acc[0], x));
        else {
          auto [sum, flags] = plan.floatSum->add(b, loc, x, acc[0], acc[1]);
          next = {sum, flags};
        }
        linalg::YieldOp::create(b, loc, next);
      });
  return SmallVector<Value>(op.getResults());
}

/// Rounds a reduced element into the result (divided by `divisor` for
/// averages).
Value encodeReduced(OpBuilder &b, Location loc, const Reduction &plan,
                    ValueRange reduced, Value divisor = {}) {
  if (plan.isFloat() && plan.isMax)
    return encode(b, loc, plan.encoding, reduced[0]);
  if (plan.isFloat())
    return plan.floatSum->encodeSum(b, loc, plan.encoding, reduced[0],
                                    reduced[1], divisor);
  return encode(b, loc, plan.encoding, reduced[0], plan.input.lsb(), divisor);
}

/// max_pool2d, avg_pool2d and global_avg_pool.
LogicalResult lowerPool(Operation *op, Value converted, const Window &window,
                        const TypeConverter &converter,
                        ConversionPatternRewriter &rewriter,
                        const Rejection &reject) {
  int64_t count = window.kh * window.kw;
  FailureOr<Reduction> plan =
      planReduction(op, converted, count, window.isMax, !window.isMax, rewriter,
                    converter, reject);
  if (failed(plan))
    return failure();
  Location loc = op->getLoc();
  MLIRContext *context = op->getContext();
  auto inputShape =
      cast<RankedTensorType>(op->getOperand(0).getType()).getShape();
  int64_t height = inputShape[1], width = inputShape[2];
  const SmallVector<int64_t, 4> &pad = window.padding;
  Value decoded = decodeInput(rewriter, loc, *plan, pad);
  ArrayRef<int64_t> shape = plan->encoding.shape();
  AffineExpr n, oh, ow, c, kh, kw;
  bindDims(context, n, oh, ow, c, kh, kw);
  // kh and kw size no operand dimension alone: like linalg's pooling ops,
  // a tensor of the kernel's shape read at (kh, kw) gives their extent.
  Value kernelShape = filled(rewriter, loc, {window.kh, window.kw},
                             rewriter.getI8IntegerAttr(0));
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {n, oh * window.sh + kh, ow * window.sw + kw, c},
                     context),
      AffineMap::get(6, 0, {kh, kw}, context),
      AffineMap::get(6, 0, {n, oh, ow, c}, context)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  SmallVector<Value> reduced =
      reduce(rewriter, loc, *plan, shape, ValueRange{decoded, kernelShape},
             maps, iterators);

  bool padded = isPadded(pad);
  SmallVector<AffineMap> identity(
      reduced.size(), AffineMap::getMultiDimIdentityMap(4, context));
  Value result = elementwiseGeneric(
      rewriter, loc, plan->encoding.storageType, reduced, identity,
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        if (window.isMax)
          return encodeReduced(b, loc, *plan, args);
        Type i64 = b.getI64Type();
        auto constant = [&](int64_t v) -> Value {
          return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
        };
        Value divisor = constant(count);
        if (padded) {
          // Real inputs of the window: rows times columns inside the input.
          auto covered = [&](unsigned dim, int64_t stride, int64_t before,
                             int64_t size, int64_t extent) {
            Value position = arith::IndexCastOp::create(
                b, loc, i64, linalg::IndexOp::create(b, loc, dim));
            Value start = arith::SubIOp::create(
                b, loc,
                arith::MulIOp::create(b, loc, position, constant(stride)),
                constant(before));
            Value end = arith::AddIOp::create(b, loc, start, constant(size));
            Value first = arith::MaxSIOp::create(b, loc, start, constant(0));
            Value last = arith::MinSIOp::create(b, loc, end, constant(extent));
            return arith::SubIOp::create(b, loc, last, first);
          };
          Value rows = covered(1, window.sh, pad[0], window.kh, height);
          Value cols = covered(2, window.sw, pad[2], window.kw, width);
          divisor = arith::MulIOp::create(b, loc, rows, cols);
        }
        divisor = arith::TruncIOp::create(b, loc, plan->divisor, divisor);
        return encodeReduced(b, loc, *plan, args, divisor);
      });
  rewriter.replaceOp(op, result);
  return success();
}

template <typename OpTy> class WindowPoolLowering : public QCostLowering<OpTy> {
public:
  using QCostLowering<OpTy>::QCostLowering;
  using OpAdaptor = typename QCostLowering<OpTy>::OpAdaptor;

protected:
  LogicalResult lower(OpTy op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    SmallVector<int64_t, 2> strides = op.getStrideValues();
    Window window{op.getKernel()[0],
                  op.getKernel()[1],
                  strides[0],
                  strides[1],
                  op.getPaddingValues(),
                  std::is_same_v<OpTy, MaxPool2DOp>};
    return lowerPool(op, adaptor.getInput(), window, *this->getTypeConverter(),
                     rewriter, reject);
  }
};

class GlobalAvgPoolLowering : public QCostLowering<GlobalAvgPoolOp> {
public:
  using QCostLowering::QCostLowering;

protected:
  LogicalResult lower(GlobalAvgPoolOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    auto shape = cast<RankedTensorType>(op.getInput().getType()).getShape();
    Window window{shape[1], shape[2], 1, 1, {0, 0, 0, 0}, false};
    return lowerPool(op, adaptor.getInput(), window, *getTypeConverter(),
                     rewriter, reject);
  }
};

/// reduce_sum: the exact sum over `dims`, rounded once.
class ReduceSumLowering : public QCostLowering<ReduceSumOp> {
public:
  using QCostLowering::QCostLowering;

protected:
  LogicalResult lower(ReduceSumOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    ArrayRef<int64_t> inputShape =
        cast<RankedTensorType>(op.getInput().getType()).getShape();
    int64_t count = 1;
    for (int64_t d : op.getDims())
      count *= inputShape[d];
    FailureOr<Reduction> plan = planReduction(
        op, adaptor.getInput(), count, /*isMax=*/false,
        /*isAverage=*/false, rewriter, *getTypeConverter(), reject);
    if (failed(plan))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value decoded = decodeInput(rewriter, loc, *plan);
    ArrayRef<int64_t> shape = plan->encoding.shape();
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
    SmallVector<Value> sums = reduce(rewriter, loc, *plan, shape,
                                     ValueRange{decoded}, maps, iterators);
    SmallVector<AffineMap> identity(
        sums.size(), AffineMap::getMultiDimIdentityMap(shape.size(), context));
    Value result = elementwiseGeneric(
        rewriter, loc, plan->encoding.storageType, sums, identity,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return encodeReduced(b, loc, *plan, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void qcc::lowering::populatePoolingLowerings(
    const QCostStorageTypeConverter &converter, RewritePatternSet &patterns,
    const std::shared_ptr<LoweringFailures> &failures) {
  addLowerings<WindowPoolLowering<MaxPool2DOp>, WindowPoolLowering<AvgPool2DOp>,
               GlobalAvgPoolLowering, ReduceSumLowering>(converter, patterns,
                                                         failures);
}
