//===- BatchNorm.cpp - batch_norm step by step in its parameter type ------===//
//
// docs/semantics.md section 4.4: every step rounds to nearest even in the
// parameter type P (f32 or f16), which the IEEE operations of P do. The
// per-channel scale s = gamma / sqrt(variance + eps) is computed once per
// parameter element in its own generic, not once per activation; the
// activation generic then subtracts the mean, multiplies by s and adds beta,
// and encodes the result.
//
//===----------------------------------------------------------------------===//

#include "Encoding.h"
#include "LinalgBuilders.h"
#include "Operands.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

namespace {

class BatchNormLowering : public QCostLowering<BatchNormOp> {
public:
  using QCostLowering::QCostLowering;

protected:
  LogicalResult lower(BatchNormOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    auto paramType =
        cast<FloatType>(getElementTypeOrSelf(op.getGamma().getType()));
    if (!paramType.isF32() && !paramType.isF16())
      return reject(Twine("parameters of type ") + typeName(paramType) +
                    " are not supported (f32 and f16 are)");
    FailureOr<ResultEncoding> encoding =
        getResultEncoding(op, *getTypeConverter(), reject);
    if (failed(encoding))
      return failure();
    FailureOr<ExactOperand> input =
        prepareOperand(op, 0, adaptor.getInput(), rewriter, reject,
                       /*splitConstants=*/false);
    if (failed(input))
      return failure();
    if (!input->isExactInDouble())
      return reject("the input is not exact in f64");
    // x enters P by an encode (nearest even); y leaves it by one.
    ResultEncoding toP;
    toP.format = *getNumberFormat(paramType);
    toP.formatType = paramType;
    toP.storageType = RankedTensorType::get(encoding->shape(), paramType);
    toP.overflow = qcost::OverflowMode::wrap; // IEEE: overflow to infinity
    MLIRContext *context = op.getContext();
    if (failed(checkEncode(toP, floatValue(context), reject)) ||
        failed(checkEncode(*encoding, floatValue(context, paramType), reject)))
      return failure();

    Location loc = op.getLoc();
    // round_P(epsilon), at compile time.
    APFloat epsilon(op.getEpsilon().convertToDouble());
    bool losesInfo;
    epsilon.convert(paramType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    auto scaleOf = [&](OpBuilder &b, Location loc, Value gamma,
                       Value variance) -> Value {
      Value eps =
          arith::ConstantOp::create(b, loc, b.getFloatAttr(paramType, epsilon));
      Value v = arith::AddFOp::create(b, loc, variance, eps);
      Value r = math::SqrtOp::create(b, loc, v);
      return arith::DivFOp::create(b, loc, gamma, r);
    };
    auto gammaType = cast<RankedTensorType>(adaptor.getGamma().getType());
    bool scalePerParameter =
        gammaType == cast<RankedTensorType>(adaptor.getVariance().getType());
    Value scale;
    if (scalePerParameter)
      scale = elementwiseGeneric(
          rewriter, loc, gammaType,
          ValueRange{adaptor.getGamma(), adaptor.getVariance()},
          {AffineMap::getMultiDimIdentityMap(gammaType.getRank(), context),
           AffineMap::getMultiDimIdentityMap(gammaType.getRank(), context)},
          [&](OpBuilder &b, Location loc, ValueRange args) {
            return scaleOf(b, loc, args[0], args[1]);
          });

    bool inputIsP = getElementTypeOrSelf(op.getInput().getType()) == paramType;
    SmallVector<Value> inputs = {input->tensor, adaptor.getMean(),
                                 adaptor.getBeta()};
    if (scalePerParameter)
      inputs.push_back(scale);
    else
      inputs.append({adaptor.getGamma(), adaptor.getVariance()});
    ArrayRef<int64_t> shape = encoding->shape();
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(shape.size(), context)};
    for (Value param : ArrayRef(inputs).drop_front())
      maps.push_back(blockMap(
          context, shape, cast<RankedTensorType>(param.getType()).getShape()));
    Value result = elementwiseGeneric(
        rewriter, loc, encoding->storageType, inputs, maps,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value x = inputIsP ? args[0]
                             : encode(b, loc, toP,
                                      decodeDouble(b, loc, *input, args[0]));
          Value s =
              scalePerParameter ? args[3] : scaleOf(b, loc, args[3], args[4]);
          Value d = arith::SubFOp::create(b, loc, x, args[1]);
          Value t = arith::MulFOp::create(b, loc, d, s);
          Value y = arith::AddFOp::create(b, loc, t, args[2]);
          return encode(b, loc, *encoding, y);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  static std::string typeName(Type type) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << type;
    return text;
  }
};

} // namespace

void qcc::lowering::populateBatchNormLowerings(
    const QCostStorageTypeConverter &converter, RewritePatternSet &patterns,
    const std::shared_ptr<LoweringFailures> &failures) {
  addLowerings<BatchNormLowering>(converter, patterns, failures);
}
