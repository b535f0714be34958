//===- Pooling.cpp - pooling and reduce_sum to linalg ---------------------===//
//
// Integer-like inputs are decoded to i64 at their LSB; a window (or
// dimension) reduction takes the exact maximum or sum, and one elementwise
// step rounds it, dividing by the number of real (unpadded) inputs for
// averages with the exact quotient's rounding.
//
// Float inputs (f32, f16, bf16, minifloats) are decoded to their exact f64
// values. Their maximum is arith.maximumf (NaN wins, +0 > -0, as the
// semantics' maximum). Their sum is exact: an integer at the format's finest
// LSB, as wide as the window needs (i320 for f32), with NaN and infinities
// carried in flags beside it; padding reads as -0, which changes no sum.
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

/// The format of a float input (f32, f16, bf16 or a minifloat), if it is one.
std::optional<NumberFormat> floatInputFormat(Value input) {
  Type element = getElementTypeOrSelf(input.getType());
  if (isExactInDouble(element))
    return getNumberFormat(element);
  return minifloatFormat(element);
}

/// The exact sum of float values: an integer of `width` bits at LSB `lsb`,
/// and flags.
struct FloatSum {
  unsigned sumBits, width;
  int64_t lsb;
  enum Flag : int64_t { NaN = 1, PlusInf = 2, MinusInf = 4, NotNegZero = 8 };

  FloatSum(const NumberFormat &format, int64_t count) {
    auto [low, bits] = *integerLayout(format);
    lsb = low;
    // A power of two: wider integers whose size in memory is padded (i320
    // takes 48 bytes) come out of clang -O2 -march=native corrupting the
    // heap.
    sumBits = bits + llvm::Log2_64_Ceil(count + 1) + 1;
    width = llvm::PowerOf2Ceil(std::max<uint64_t>(64, sumBits));
  }

  /// Adds an exact f64 `x` to the running (sum, flags).
  std::pair<Value, Value> add(OpBuilder &b, Location loc, Value x, Value sum,
                              Value flags) const {
    BodyBuilder body(b, loc);
    Type wide = b.getIntegerType(width), i64 = b.getI64Type();
    auto c64 = [&](int64_t v) { return body.constant(v, i64); };
    // x = significand * 2^exponent, a multiple of 2^lsb: the significand
    // (53 bits) moves by exponent - lsb, left within `width` or right.
    WideFloat parts = body.wideFromDouble(x);
    Value significand = arith::TruncIOp::create(b, loc, i64, parts.significand);
    Value amount = arith::SubIOp::create(b, loc, parts.exponent, c64(lsb));
    Value left = arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, amount, c64(0)), c64(width - 1));
    Value right = arith::MinSIOp::create(
        b, loc,
        arith::MaxSIOp::create(
            b, loc, arith::SubIOp::create(b, loc, c64(0), amount), c64(0)),
        c64(63));
    auto widen = [&](Value v) -> Value {
      return width > 64 ? arith::ExtUIOp::create(b, loc, wide, v) : v;
    };
    Value n = arith::ShLIOp::create(
        b, loc, widen(arith::ShRUIOp::create(b, loc, significand, right)),
        widen(left));
    Value zero = body.constant(0, wide);
    Value special =
        arith::OrIOp::create(b, loc, parts.flags.nan, parts.flags.infinite);
    n = arith::SelectOp::create(b, loc, special, zero, n);
    Value negative = parts.flags.negative;
    n = arith::SelectOp::create(b, loc, negative,
                                arith::SubIOp::create(b, loc, zero, n), n);

    auto flagIf = [&](Value condition, int64_t flag) {
      return arith::SelectOp::create(b, loc, condition, c64(flag), c64(0));
    };
    Value positive = arith::XOrIOp::create(b, loc, negative,
                                           body.constant(1, b.getI1Type()));
    Value negZero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                              arith::BitcastOp::create(b, loc, i64, x),
                              c64(std::numeric_limits<int64_t>::min()));
    Value seen = arith::OrIOp::create(
        b, loc, flagIf(parts.flags.nan, NaN),
        arith::OrIOp::create(b, loc,
                             flagIf(arith::AndIOp::create(
                                        b, loc, parts.flags.infinite, positive),
                                    PlusInf),
                             flagIf(arith::AndIOp::create(
                                        b, loc, parts.flags.infinite, negative),
                                    MinusInf)));
    seen = arith::OrIOp::create(
        b, loc, seen,
        arith::SelectOp::create(b, loc, negZero, c64(0), c64(NotNegZero)));
    return {arith::AddIOp::create(b, loc, sum, n),
            arith::OrIOp::create(b, loc, flags, seen)};
  }

  /// The exact sum as a wide float: NaN when a NaN or both infinities were
  /// added, else an infinity, else the integer; -0 only when every term was
  /// -0 (IEEE: exact cancellation gives +0).
  WideFloat value(BodyBuilder &body, Value sum, Value flags) const {
    OpBuilder &b = body.builder();
    Location loc = body.location();
    Type i64 = b.getI64Type();
    auto has = [&](int64_t flag) {
      return arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::ne,
          arith::AndIOp::create(b, loc, flags, body.constant(flag, i64)),
          body.constant(0, i64));
    };
    WideFloat result = body.wideFromInteger(sum, lsb);
    Value plus = has(PlusInf), minus = has(MinusInf);
    result.flags.nan = arith::OrIOp::create(
        b, loc, has(NaN), arith::AndIOp::create(b, loc, plus, minus));
    result.flags.infinite = arith::OrIOp::create(b, loc, plus, minus);
    Value zero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, sum,
                                       body.constant(0, sum.getType()));
    Value negZero = arith::AndIOp::create(
        b, loc, zero,
        arith::XOrIOp::create(b, loc, has(NotNegZero),
                              body.constant(1, b.getI1Type())));
    result.flags.negative = arith::SelectOp::create(
        b, loc, result.flags.infinite, minus,
        arith::OrIOp::create(b, loc, result.flags.negative, negZero));
    return result;
  }
};

/// The rounding of a result of `op` and the checks that it lowers: the
/// exact value is a sum of `sumBits` (at most `sumLimit`) at `inputLsb`,
/// divided by a count of `divisorBits`; or, without `inputLsb`, an exact
/// f64. IEEE float results (f32, f16, bf16) round by integer code like
/// minifloats, in every rounding mode.
FailureOr<std::pair<NumberFormat, RoundingSpec>>
roundingOf(Operation *op, std::optional<int64_t> inputLsb, unsigned sumBits,
           unsigned divisorBits, unsigned sumLimit = 63) {
  Type element = getElementTypeOrSelf(op->getResult(0).getType());
  FailureOr<NumberFormat> format = isExactInDouble(element)
                                       ? *getNumberFormat(element)
                                       : integerResultFormat(op);
  if (failed(format))
    return failure();
  auto rounded = cast<RoundingOpInterface>(op);
  RoundingSpec spec{rounded.getRounding(),
                    rounded.getSeed().value_or(0),
                    rounded.getFormatOverflow(),
                    {}};
  if (sumBits > sumLimit)
    return op->emitError("the exact sum needs ")
           << sumBits << " bits; it lowers up to " << sumLimit;
  if (format->getKind() == FormatKind::Float || !inputLsb) {
    if (divisorBits && failed(checkMinifloatDivision(op, *format, divisorBits)))
      return failure();
    return std::make_pair(*format, spec);
  }
  int64_t shift = -format->getFracBits() - *inputLsb;
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

/// The input of a pooling op or reduce_sum: integers at an LSB, or exact
/// float values (then `floatSum` says how they are summed).
struct ReductionInput {
  std::optional<IntegerOperand> integer;
  std::optional<DoubleOperand> real;
  std::optional<FloatSum> floatSum;
  int64_t lsb = 0;
  unsigned sumBits = 0;

  bool isFloat() const { return real.has_value(); }
};

/// Prepares the input of `op` reducing `count` values into a maximum or a
/// sum, with the rounding of its result; or an error at `op`.
FailureOr<std::pair<ReductionInput, std::pair<NumberFormat, RoundingSpec>>>
prepareReduction(Operation *op, Value converted, int64_t count, bool isMax,
                 unsigned divisorBits, OpBuilder &builder) {
  ReductionInput input;
  Value original = op->getOperand(0);
  unsigned countBits = llvm::Log2_64_Ceil(std::max<int64_t>(count, 1));
  FailureOr<std::pair<NumberFormat, RoundingSpec>> rounding;
  if (std::optional<NumberFormat> format = floatInputFormat(original)) {
    FailureOr<DoubleOperand> real =
        prepareDouble(op, original, converted, builder);
    if (failed(real))
      return failure();
    input.real = *real;
    input.floatSum.emplace(*format, count);
    input.lsb = input.floatSum->lsb;
    // A maximum is rounded from its f64; a sum from its integer, which
    // into a fixed-point result must fit in i128.
    Type element = getElementTypeOrSelf(op->getResult(0).getType());
    bool floatResult = isExactInDouble(element) || minifloatFormat(element);
    input.sumBits = isMax ? 0 : input.floatSum->sumBits;
    rounding = isMax ? roundingOf(op, std::nullopt, 0, 0)
                     : roundingOf(op, input.lsb, input.sumBits, divisorBits,
                                  floatResult ? ~0u : 126);
  } else {
    FailureOr<IntegerOperand> integer =
        prepareOperand(op, original, converted, builder);
    if (failed(integer))
      return failure();
    input.integer = *integer;
    input.lsb = integer->lsb;
    input.sumBits = integer->magnitudeBits + (isMax ? 0 : countBits);
    rounding = roundingOf(op, input.lsb, input.sumBits, divisorBits);
  }
  if (failed(rounding))
    return failure();
  return std::make_pair(input, *rounding);
}

/// Reduces `decoded` (the input decoded by decodeReductionInput) into
/// tensors of `shape`: the maximum, or the sum (and, for float inputs, its
/// flags). `extra` inputs and their maps come first in the generic.
SmallVector<Value> reduce(OpBuilder &builder, Location loc,
                          const ReductionInput &input, bool isMax,
                          ArrayRef<int64_t> shape, ValueRange extraInputs,
                          ArrayRef<AffineMap> maps,
                          ArrayRef<utils::IteratorType> iterators) {
  SmallVector<Value> inits;
  SmallVector<Type> types;
  auto add = [&](TypedAttr init) {
    inits.push_back(filled(builder, loc, shape, init));
    types.push_back(RankedTensorType::get(shape, init.getType()));
  };
  if (!input.isFloat()) {
    add(builder.getI64IntegerAttr(isMax ? INT64_MIN : 0));
  } else if (isMax) {
    add(builder.getF64FloatAttr(-INFINITY));
  } else {
    add(builder.getIntegerAttr(builder.getIntegerType(input.floatSum->width),
                               0));
    add(builder.getI64IntegerAttr(0));
  }
  SmallVector<AffineMap> allMaps(maps);
  for (size_t i = 1; i < inits.size(); ++i)
    allMaps.push_back(maps.back());
  auto op = linalg::GenericOp::create(
      builder, loc, types, extraInputs, inits, allMaps, iterators,
      [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
        Value x = args[0];
        ValueRange acc = args.take_back(inits.size());
        SmallVector<Value> next;
        if (!input.isFloat())
          next.push_back(
              isMax ? (Value)arith::MaxSIOp::create(b, bodyLoc, acc[0], x)
                    : (Value)arith::AddIOp::create(b, bodyLoc, acc[0], x));
        else if (isMax)
          next.push_back(arith::MaximumFOp::create(b, bodyLoc, acc[0], x));
        else {
          auto [sum, flags] =
              input.floatSum->add(b, bodyLoc, x, acc[0], acc[1]);
          next = {sum, flags};
        }
        linalg::YieldOp::create(b, bodyLoc, next);
      });
  return SmallVector<Value>(op.getResults());
}

/// The input decoded for reduce: i64 at its LSB, or exact f64 values,
/// padded with what changes no result (the smallest i64 or -inf for a
/// maximum, 0 or -0 for a sum).
Value decodeReductionInput(OpBuilder &builder, Location loc,
                           const ReductionInput &input, bool isMax,
                           ArrayRef<int64_t> padding = {}) {
  if (input.isFloat())
    return decodeTensorToDouble(builder, loc, *input.real, padding,
                                isMax ? -INFINITY : -0.0);
  return decodeTensor(builder, loc, *input.integer, 0, padding,
                      isMax ? INT64_MIN : 0);
}

/// Rounds a reduced element (`reduced`: the maximum or the sum, and the
/// flags of a float sum) into the result, divided by `divisor` (i128) for
/// averages.
Value roundReduced(BodyBuilder &body, const ReductionInput &input, bool isMax,
                   ValueRange reduced, const NumberFormat &format,
                   const RoundingSpec &spec, Type storage, Value divisor = {}) {
  OpBuilder &b = body.builder();
  Location loc = body.location();
  IntegerType codes = codeType(storage);
  if (input.isFloat() && isMax)
    return body.asStorage(body.encodeDouble(reduced[0], format, spec, codes),
                          storage);
  if (input.isFloat() && format.getKind() == FormatKind::Float) {
    WideFloat value = input.floatSum->value(body, reduced[0], reduced[1]);
    if (divisor)
      value = body.divideWide(value, divisor);
    return body.asStorage(body.encodeMinifloat(value, format, spec, codes),
                          storage);
  }
  Value sum = reduced[0];
  unsigned width = sum.getType().getIntOrFloatBitWidth();
  sum = width < 128
            ? (Value)arith::ExtSIOp::create(b, loc, body.wide(), sum)
            : (width > 128
                   ? (Value)arith::TruncIOp::create(b, loc, body.wide(), sum)
                   : sum);
  Value code = body.encode(sum, input.lsb, format, spec, codes, divisor);
  if (input.isFloat()) {
    // NaN and infinities take the codes an f64 of that value gets.
    WideFloat value = input.floatSum->value(body, reduced[0], reduced[1]);
    Value special = arith::SelectOp::create(
        b, loc, value.flags.nan, body.f64Constant(NAN),
        arith::SelectOp::create(b, loc, value.flags.negative,
                                body.f64Constant(-INFINITY),
                                body.f64Constant(INFINITY)));
    code = arith::SelectOp::create(
        b, loc,
        arith::OrIOp::create(b, loc, value.flags.nan, value.flags.infinite),
        body.encodeDouble(special, format, spec, codes), code);
  }
  return body.asStorage(code, storage);
}

/// max_pool2d, avg_pool2d and global_avg_pool.
LogicalResult lowerPool(Operation *op, Value converted, const Window &window,
                        const TypeConverter &converter,
                        ConversionPatternRewriter &rewriter) {
  int64_t count = window.kh * window.kw;
  unsigned divisorBits = window.isMax ? 0 : llvm::Log2_64_Ceil(count + 1);
  auto prepared = prepareReduction(op, converted, count, window.isMax,
                                   divisorBits, rewriter);
  if (failed(prepared))
    return failure();
  const ReductionInput &input = prepared->first;
  const NumberFormat &format = prepared->second.first;
  const RoundingSpec &spec = prepared->second.second;

  Location loc = op->getLoc();
  MLIRContext *context = op->getContext();
  auto inputShape =
      cast<RankedTensorType>(op->getOperand(0).getType()).getShape();
  int64_t height = inputShape[1], width = inputShape[2];
  const SmallVector<int64_t, 4> &pad = window.padding;
  Value decoded = decodeReductionInput(rewriter, loc, input, window.isMax, pad);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<int64_t> shape(resultType.getShape());
  AffineExpr n, oh, ow, c, kh, kw;
  bindDims(context, n, oh, ow, c, kh, kw);
  // kh and kw size no operand dimension alone: like linalg's pooling ops,
  // a tensor of the kernel's shape read at (kh, kw) gives their extent.
  Value kernelShape = filledI64(rewriter, loc, {window.kh, window.kw}, 0);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {n, oh * window.sh + kh, ow * window.sw + kw, c},
                     context),
      AffineMap::get(6, 0, {kh, kw}, context),
      AffineMap::get(6, 0, {n, oh, ow, c}, context)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  SmallVector<Value> reduced =
      reduce(rewriter, loc, input, window.isMax, shape,
             ValueRange{decoded, kernelShape}, maps, iterators);

  auto storageType = cast<RankedTensorType>(converter.convertType(resultType));
  Type storage = storageType.getElementType();
  bool padded = llvm::any_of(pad, [](int64_t p) { return p != 0; });
  SmallVector<AffineMap> identity(
      reduced.size(), AffineMap::getMultiDimIdentityMap(4, context));
  Value result = elementwiseGeneric(
      rewriter, loc, storageType, reduced, identity,
      [&](BodyBuilder &body, ValueRange args) -> Value {
        OpBuilder &b = body.builder();
        Location bodyLoc = body.location();
        RoundingSpec elementSpec = spec;
        if (spec.mode == qcost::RoundingMode::stochastic)
          elementSpec.index = body.linearIndex(shape);
        if (window.isMax)
          return roundReduced(body, input, true, args, format, elementSpec,
                              storage);
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
        return roundReduced(body, input, false, args, format, elementSpec,
                            storage, divisor);
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
    ArrayRef<int64_t> inputShape =
        cast<RankedTensorType>(op.getInput().getType()).getShape();
    int64_t count = 1;
    for (int64_t d : op.getDims())
      count *= inputShape[d];
    auto prepared = prepareReduction(op, adaptor.getInput(), count,
                                     /*isMax=*/false, 0, rewriter);
    if (failed(prepared))
      return failure();
    const ReductionInput &input = prepared->first;
    const NumberFormat &format = prepared->second.first;
    const RoundingSpec &spec = prepared->second.second;
    Location loc = op.getLoc();
    MLIRContext *context = op.getContext();
    Value decoded = decodeReductionInput(rewriter, loc, input, false);
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
    SmallVector<Value> sums =
        reduce(rewriter, loc, input, /*isMax=*/false, shape,
               ValueRange{decoded}, maps, iterators);
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(resultType));
    SmallVector<AffineMap> identity(
        sums.size(), AffineMap::getMultiDimIdentityMap(shape.size(), context));
    Value result = elementwiseGeneric(
        rewriter, loc, storageType, sums, identity,
        [&](BodyBuilder &body, ValueRange args) -> Value {
          RoundingSpec elementSpec = spec;
          if (spec.mode == qcost::RoundingMode::stochastic)
            elementSpec.index = body.linearIndex(shape);
          return roundReduced(body, input, false, args, format, elementSpec,
                              storageType.getElementType());
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
