//===- FoldBatchNorm.cpp - fold batch-norm into the previous layer --------===//

#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"
#include "qcc/Format/FormatFitting.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTFOLDBATCHNORM
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

namespace {

struct QCostFoldBatchNormPass
    : qcc::qcost::impl::QCostFoldBatchNormBase<QCostFoldBatchNormPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    if (!(maxError >= 0) || std::isinf(maxError))
      return emitError(UnknownLoc::get(context))
             << "option 'max-error' must be finite and non-negative, got "
             << maxError;
    return success();
  }

  void runOnOperation() override {
    SmallVector<BatchNormOp> batchNorms;
    getOperation()->walk([&](BatchNormOp op) { batchNorms.push_back(op); });
    for (BatchNormOp op : batchNorms) {
      if (succeeded(fold(op)))
        ++numFolded;
      else
        ++numKept;
    }
  }

  LogicalResult fold(BatchNormOp op);

  /// Whether `exact` may be stored as `rounded` in `element`; remarks why
  /// not.
  bool fits(BatchNormOp op, StringRef what, Type element,
            ArrayRef<double> exact, ArrayRef<double> rounded) {
    if (isFloatLike(element))
      return true;
    double error = maxRangeRelativeError(exact, rounded);
    if (error <= maxError)
      return true;
    op.emitRemark("batch-norm not folded: the folded ")
        << what << " would move by up to " << formatReal(error)
        << " of their largest magnitude in " << element << " (max-error is "
        << formatReal(maxError)
        << "); qcost-quantnorm keeps the normalization exact instead";
    return false;
  }
};

LogicalResult QCostFoldBatchNormPass::fold(BatchNormOp op) {
  Operation *layer = op.getInput().getDefiningOp();
  if (!isa_and_nonnull<Conv2DOp, DenseOp>(layer)) {
    op.emitRemark("batch-norm not folded: its input is not the result of a "
                  "qcost.conv2d or qcost.dense");
    return failure();
  }
  if (!layer->getResult(0).hasOneUse()) {
    op.emitRemark("batch-norm not folded: the layer's result has other uses");
    return failure();
  }
  // conv2d and dense share the operand order (input, weights, bias).
  Value weight = layer->getOperand(1);
  Value bias = layer->getNumOperands() > 2 ? layer->getOperand(2) : Value();

  std::pair<StringRef, Value> params[] = {
      {"the layer's weights are", weight},   {"its gamma is", op.getGamma()},
      {"its beta is", op.getBeta()},         {"its mean is", op.getMean()},
      {"its variance is", op.getVariance()}, {"the layer's bias is", bias}};
  SmallVector<SmallVector<double>> values;
  for (auto [name, value] : params) {
    if (!value) {
      values.emplace_back();
      continue;
    }
    std::optional<SmallVector<double>> constant = getConstantValues(value);
    if (!constant) {
      op.emitRemark("batch-norm not folded: ")
          << name << " not a constant with readable finite values";
      return failure();
    }
    values.push_back(std::move(*constant));
  }
  SmallVector<double> &weights = values[0], &gamma = values[1],
                      &beta = values[2], &mean = values[3],
                      &variance = values[4], &oldBias = values[5];
  size_t channels = gamma.size();
  double epsilon = op.getEpsilon().convertToDouble();

  SmallVector<double> newWeights(weights.size()), newBias(channels);
  for (size_t c = 0; c < channels; ++c) {
    double denominator = variance[c] + epsilon;
    if (!(denominator > 0)) {
      op.emitRemark("batch-norm not folded: variance + epsilon is not "
                    "positive in channel ")
          << c;
      return failure();
    }
    double inverse = gamma[c] / std::sqrt(denominator);
    double b = oldBias.empty() ? 0.0 : oldBias[c];
    newBias[c] = (b - mean[c]) * inverse + beta[c];
    // The output channel is the last dimension of HWIO filters and of K x O
    // dense weights.
    for (size_t i = c; i < weights.size(); i += channels)
      newWeights[i] = weights[i] * inverse;
  }

  auto weightType = cast<RankedTensorType>(weight.getType());
  auto resultType = cast<RankedTensorType>(layer->getResult(0).getType());
  Type weightElement = weightType.getElementType();
  Type acc = resultType.getElementType();
  if (!fits(op, "weights", weightElement, newWeights,
            roundTo(*getNumberFormat(weightElement), newWeights)) ||
      !fits(op, "bias", acc, newBias, roundTo(*getNumberFormat(acc), newBias)))
    return failure();

  OpBuilder builder(layer);
  Location loc = layer->getLoc();
  layer->setOperand(
      1, createConstant(builder, weight.getLoc(), weightType, newWeights));
  Value biasValue = createConstant(
      builder, loc, RankedTensorType::get({int64_t(channels)}, acc), newBias);
  if (bias)
    layer->setOperand(2, biasValue);
  else
    layer->insertOperands(2, biasValue);

  // The batch-norm's final rounding into its result format remains, as a
  // multiply by exactly one.
  Value result = layer->getResult(0);
  if (op.getResult().getType() != resultType) {
    builder.setInsertionPoint(op);
    Type one = PotType::get(op.getContext(), 1, 0, 0, /*hasZero=*/false,
                            /*isSigned=*/false);
    Value scale = createConstant(builder, op.getLoc(),
                                 RankedTensorType::get({}, one), {1.0});
    result = RescaleOp::create(builder, op.getLoc(), op.getResult().getType(),
                               result, scale, op.getRoundingAttr(),
                               op.getSeedAttr(), op.getOverflowAttr());
  }
  op.getResult().replaceAllUsesWith(result);
  op.erase();
  SmallVector<Value> replaced;
  for (auto [name, value] : params)
    replaced.push_back(value);
  eraseUnusedConstants(replaced);
  return success();
}

} // namespace
