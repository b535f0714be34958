//===- Contractions.cpp - conv2d, matmul and dense ------------------------===//
//
// One pattern per op. Each first tries the native path
// (NativeContractions.cpp); what it does not cover lowers exactly here:
//
// - integer-like operands into a fixed-point accumulator: the semantics sum
//   exact products modulo 2^W (W <= 64), so the operands are decoded once to
//   i64, multiplied and accumulated in wrapping i64, and the sum is shifted
//   to the accumulator's LSB, plus the bias, and wrapped to W bits; at exact
//   widths (HLS) each operand decodes to the narrowest integer holding it,
//   each product is formed at the sum of their widths and the sums wrap in
//   iW itself (a sum modulo 2^W only needs its terms modulo 2^W);
// - a float or minifloat operand (the FP8 MAC designs) or a float
//   accumulator: the operands are decoded once to exact f64 values and each
//   exact product is rounded into the accumulator by qcost.encode; f32 and
//   f16 accumulators add with their IEEE addition, other float accumulators
//   (bf16, minifloats) add exactly in f64 and round each sum by the codec
//   (the double rounding through f64 is innocuous for M <= 23: 53 >= 2 * 24
//   + 2, Figueroa 1995).
//
//===----------------------------------------------------------------------===//

#include "ContractionCommon.h"
#include "Encoding.h"
#include "LinalgBuilders.h"
#include "NarrowProducts.h"
#include "NativeContractions.h"
#include "Operands.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;
namespace codec = qcc::qcost::codec;

namespace {

/// How a contraction accumulates (semantics 4.2).
enum class Accumulation {
  /// Fixed point: sums in wrapping i64.
  Wrapping,
  /// f32 or f16: each product and each sum rounded by the IEEE operations.
  Ieee,
  /// Any other float format: exact f64 sums, each rounded by the codec.
  Code,
};

/// The exact path of one contraction.
struct ExactPlan {
  Accumulation accumulation = Accumulation::Wrapping;
  ExactOperand lhs, rhs;
  /// Products rounded into the accumulator (float operands or accumulator).
  bool roundsProducts = false;
  /// The accumulator as an encoding: nearest even, wrapping (IEEE overflow
  /// for floats), into its code type (i64 for fixed-point sums).
  ResultEncoding accumulator;
  /// The code type sums are carried in.
  Type sumType;
  /// Integer operands decode to the narrowest integers holding them (exact
  /// widths); otherwise to i64.
  bool narrowOperands = false;
  /// At exact widths, how products are formed (NarrowProducts.h).
  ProductForm form = ProductForm::Multiply;
};

FailureOr<ExactPlan> planExact(const ContractionView &view,
                               ConversionPatternRewriter &rewriter,
                               const TypeConverter &converter,
                               const Rejection &reject, bool exactWidths) {
  Operation *op = view.op;
  MLIRContext *context = op->getContext();
  Type resultElement = view.resultType.getElementType();
  std::optional<NumberFormat> acc = getNumberFormat(resultElement);
  if (!acc || (acc->getKind() != FormatKind::Fixed &&
               acc->getKind() != FormatKind::Float))
    return reject("accumulators must be fixed point or floats");
  ExactPlan plan;
  plan.accumulator.format = *acc;
  plan.accumulator.formatType = resultElement;
  plan.accumulator.overflow = qcost::OverflowMode::wrap;
  plan.accumulator.storageType =
      cast<RankedTensorType>(converter.convertType(view.resultType));
  if (resultElement.isF32() || resultElement.isF16()) {
    plan.accumulation = Accumulation::Ieee;
    plan.sumType = resultElement;
  } else if (acc->getKind() == FormatKind::Float) {
    plan.accumulation = Accumulation::Code;
    plan.sumType = rewriter.getF64Type();
  } else {
    plan.sumType = exactWidths ? rewriter.getIntegerType(acc->getBitWidth())
                               : rewriter.getI64Type();
  }
  FailureOr<ExactOperand> lhs =
      prepareOperand(op, 0, view.lhs, rewriter, reject);
  if (failed(lhs))
    return failure();
  FailureOr<ExactOperand> rhs =
      prepareOperand(op, 1, view.rhs, rewriter, reject);
  if (failed(rhs))
    return failure();
  plan.lhs = *lhs;
  plan.rhs = *rhs;
  // Integer products are exact in a fixed-point accumulator when they lie on
  // its grid (the verifier guarantees it for integer-like formats; constant
  // floats made integers may be finer).
  plan.roundsProducts = plan.accumulation != Accumulation::Wrapping ||
                        !lhs->isInteger() || !rhs->isInteger() ||
                        lhs->lsb() + rhs->lsb() < -acc->getFracBits();
  if (plan.roundsProducts) {
    // Float constants keep their own format's significant bits.
    FailureOr<ExactOperand> lhsCodes = prepareOperand(
        op, 0, view.lhs, rewriter, reject, /*splitConstants=*/false);
    FailureOr<ExactOperand> rhsCodes = prepareOperand(
        op, 1, view.rhs, rewriter, reject, /*splitConstants=*/false);
    if (failed(lhsCodes) || failed(rhsCodes))
      return failure();
    plan.lhs = *lhsCodes;
    plan.rhs = *rhsCodes;
  } else {
    for (const ExactOperand *operand : {&plan.lhs, &plan.rhs})
      if (operand->magnitudeBits() + 1 > 64)
        return reject("integer operands wider than 64 bits do not lower");
    plan.narrowOperands = exactWidths;
    if (exactWidths)
      plan.form = chooseProductForm(plan.lhs, plan.rhs,
                                    view.isConv && isPadded(view.padding));
    return plan;
  }
  for (const ExactOperand *operand : {&plan.lhs, &plan.rhs})
    if (!operand->isExactInDouble())
      return reject(Twine("operand format ") + operand->format.str() +
                    " is not exact in f64, which rounded products need");
  unsigned bits = plan.lhs.significantBits() + plan.rhs.significantBits();
  if (bits > codec::kDoublePrecision)
    return reject(Twine("the exact product needs ") + Twine(bits) +
                  " significant bits; products of float operands or into "
                  "float accumulators lower up to 53 (exact in f64)");
  // Products and sums round into the accumulator's codes (fixed-point
  // accumulators: as an i64 added to the sum).
  ResultEncoding products = plan.accumulator;
  if (plan.accumulation == Accumulation::Wrapping)
    products.storageType = RankedTensorType::get({}, plan.sumType);
  if (failed(checkEncode(products, floatValue(context), reject)))
    return failure();
  return plan;
}

/// The accumulator encoding with `codeType` codes.
ResultEncoding withCodeType(ResultEncoding encoding, Type codeType) {
  encoding.storageType = RankedTensorType::get({}, codeType);
  return encoding;
}

/// One multiply-accumulate step. `real` (i1, optional) is false at
/// convolution padding, which contributes nothing: the sum stays as it is
/// (adding a rounded -0 would round a bias that is no value of the format's
/// results, and 0 * inf would be NaN).
Value multiplyAccumulate(OpBuilder &b, Location loc, const ExactPlan &plan,
                         Value x, Value y, Value sum, Value real) {
  if (!plan.roundsProducts) {
    if (!plan.narrowOperands)
      return arith::AddIOp::create(b, loc, sum,
                                   arith::MulIOp::create(b, loc, x, y));
    Value product = narrowProduct(b, loc, plan.form, plan.lhs, plan.rhs, x,
                                  y, plan.sumType);
    return arith::AddIOp::create(b, loc, sum, product);
  }
  Value product = arith::MulFOp::create(b, loc, x, y);
  const ResultEncoding &acc = plan.accumulator;
  Value next;
  switch (plan.accumulation) {
  case Accumulation::Wrapping:
    next = arith::AddIOp::create(
        b, loc, sum, encode(b, loc, withCodeType(acc, plan.sumType), product));
    break;
  case Accumulation::Ieee:
    next = arith::AddFOp::create(b, loc, sum, encode(b, loc, acc, product));
    break;
  case Accumulation::Code: {
    auto roundTrip = [&](Value value) -> Value {
      Value code = encode(b, loc, acc, value);
      return DecodeOp::create(b, loc, b.getF64Type(), code,
                              TypeAttr::get(acc.formatType), IntegerAttr());
    };
    next = roundTrip(arith::AddFOp::create(b, loc, sum, roundTrip(product)));
    break;
  }
  }
  return real ? (Value)arith::SelectOp::create(b, loc, real, next, sum) : next;
}

/// The operands decoded once: i64 at their LSB, or exact f64 values (the
/// input of a convolution padded with zeros).
std::pair<Value, Value> decodeOperands(OpBuilder &builder, Location loc,
                                       const ExactPlan &plan,
                                       const ContractionView &view) {
  auto decodeWith = [&](const ExactOperand &operand, ArrayRef<int64_t> pad,
                        bool isLhs) -> Value {
    if (plan.narrowOperands && entersAsCode(plan.form, isLhs))
      return operand.tensor;
    Type element = plan.roundsProducts ? (Type)builder.getF64Type()
                   : plan.narrowOperands
                       ? builder.getIntegerType(operand.magnitudeBits() + 1)
                       : (Type)builder.getI64Type();
    return paddedGeneric(
        builder, loc, operand.tensor, element, pad,
        [&](OpBuilder &b, Location loc, Value code) -> Value {
          if (plan.roundsProducts)
            return decodeDouble(b, loc, operand, code);
          return decodeInteger(b, loc, operand, code, operand.lsb(), element);
        },
        [&](OpBuilder &b, Location loc) -> Value {
          return arith::ConstantOp::create(
              b, loc,
              plan.roundsProducts ? (TypedAttr)b.getF64FloatAttr(0.0)
                                  : (TypedAttr)b.getIntegerAttr(element, 0));
        });
  };
  return {decodeWith(plan.lhs,
                     view.isConv ? ArrayRef(view.padding) : ArrayRef<int64_t>{},
                     /*isLhs=*/true),
          decodeWith(plan.rhs, {}, /*isLhs=*/false)};
}

/// The sums' initial values: zeros, or for float accumulators the bias
/// (the semantics start from it and round every addition).
Value accumulatorInit(OpBuilder &builder, Location loc, const ExactPlan &plan,
                      ArrayRef<int64_t> shape, Value bias) {
  if (plan.accumulation == Accumulation::Wrapping)
    return filled(builder, loc, shape,
                  builder.getIntegerAttr(plan.sumType, 0));
  if (!bias)
    return filled(builder, loc, shape, builder.getFloatAttr(plan.sumType, 0.0));
  int64_t rank = shape.size();
  MLIRContext *context = builder.getContext();
  return elementwiseGeneric(
      builder, loc, RankedTensorType::get(shape, plan.sumType),
      ValueRange{bias},
      {AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context))},
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        if (plan.accumulation == Accumulation::Ieee)
          return args[0];
        return DecodeOp::create(b, loc, b.getF64Type(), args[0],
                                TypeAttr::get(plan.accumulator.formatType),
                                IntegerAttr());
      });
}

/// The sums as the result's codes.
Value finishSums(OpBuilder &builder, Location loc, const ExactPlan &plan,
                 const ContractionView &view, Value sum, Value bias,
                 RankedTensorType storageType) {
  if (plan.accumulation == Accumulation::Wrapping) {
    int64_t productLsb = plan.roundsProducts
                             ? -int64_t(plan.accumulator.format.getFracBits())
                             : plan.lhs.lsb() + plan.rhs.lsb();
    // XNOR sums count equal bits: the sum of +-1 is 2 * count - N.
    int64_t popcountOf = plan.narrowOperands && plan.form == ProductForm::Xnor
                             ? view.length()
                             : 0;
    return finishFixedSum(builder, loc, sum, productLsb, bias,
                          plan.accumulator.format, storageType, popcountOf);
  }
  // Float sums already are values of the format: the encode is exact (and
  // canonicalizes NaN).
  return elementwiseGeneric(builder, loc, storageType, ValueRange{sum},
                            {AffineMap::getMultiDimIdentityMap(
                                storageType.getRank(), builder.getContext())},
                            [&](OpBuilder &b, Location loc, ValueRange args) {
                              return encode(b, loc, plan.accumulator, args[0]);
                            });
}

Value lowerExact(const ContractionView &view, const ExactPlan &plan,
                 ConversionPatternRewriter &rewriter,
                 RankedTensorType storageType) {
  Location loc = view.op->getLoc();
  SmallVector<int64_t> shape(view.resultType.getShape());
  auto [lhs, rhs] = decodeOperands(rewriter, loc, plan, view);
  Value init = accumulatorInit(rewriter, loc, plan, shape, view.bias);
  bool paddingMatters =
      view.isConv && isPadded(view.padding) && plan.roundsProducts;
  SmallVector<AffineMap> maps =
      view.isConv ? convolutionMaps(view)
                  : matmulMaps(rewriter.getContext(), shape.size() - 2);
  SmallVector<utils::IteratorType> iterators =
      view.isConv ? reductionIterators(4, 3)
                  : reductionIterators(shape.size(), 1);
  Value sum = linalg::GenericOp::create(
                  rewriter, loc, init.getType(), ValueRange{lhs, rhs},
                  ValueRange{init}, maps, iterators,
                  [&](OpBuilder &b, Location loc, ValueRange args) {
                    Value real =
                        paddingMatters ? readsInput(b, loc, view) : Value();
                    linalg::YieldOp::create(
                        b, loc,
                        ValueRange{multiplyAccumulate(b, loc, plan, args[0],
                                                      args[1], args[2], real)});
                  })
                  .getResult(0);
  return finishSums(rewriter, loc, plan, view, sum, view.bias, storageType);
}

/// conv2d, matmul and dense.
template <typename OpTy>
class ContractionLowering : public QCostLowering<OpTy> {
public:
  using QCostLowering<OpTy>::QCostLowering;
  using OpAdaptor = typename QCostLowering<OpTy>::OpAdaptor;

protected:
  LogicalResult lower(OpTy op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    ContractionView view = viewOf(op, adaptor.getOperands());
    if (!view.isConv && view.resultType.getRank() > 3)
      return reject("matmul with more than one batch dimension is not "
                    "supported");
    RankedTensorType storage = this->storageType(view.resultType);
    // Native integer contractions are for vector units; at exact widths
    // every contraction computes at the widths its formats need.
    if (!this->hasExactWidths())
      if (std::optional<NativePlan> native = planNative(view)) {
        rewriter.replaceOp(op, lowerNative(view, *native, rewriter, storage));
        return success();
      }
    FailureOr<ExactPlan> plan = planExact(view, rewriter,
                                          *this->getTypeConverter(), reject,
                                          this->hasExactWidths());
    if (failed(plan))
      return failure();
    rewriter.replaceOp(op, lowerExact(view, *plan, rewriter, storage));
    return success();
  }
};

} // namespace

void qcc::lowering::populateContractionLowerings(
    const QCostStorageTypeConverter &converter, RewritePatternSet &patterns,
    const std::shared_ptr<LoweringFailures> &failures) {
  addLowerings<ContractionLowering<MatmulOp>, ContractionLowering<DenseOp>,
               ContractionLowering<Conv2DOp>>(converter, patterns, failures);
}
