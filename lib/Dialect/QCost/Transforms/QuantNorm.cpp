//===- QuantNorm.cpp - batch-norm as one multiply and one add -------------===//

#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/Transforms/FormatOption.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"
#include "qcc/Format/FormatFitting.h"

#include "mlir/IR/Builders.h"

#include <algorithm>
#include <cmath>

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTQUANTNORM
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

namespace {

Type elementTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

struct QCostQuantNormPass
    : qcc::qcost::impl::QCostQuantNormBase<QCostQuantNormPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    for (auto [option, text, type] :
         {std::tuple{"scale-type", &scaleType, &fixedScaleType},
          std::tuple{"bias-type", &biasType, &fixedBiasType}}) {
      if (text->empty())
        continue;
      FailureOr<Type> parsed = parseFormatOption(context, option, *text);
      if (failed(parsed))
        return failure();
      *type = *parsed;
    }
    for (auto [option, bits] : {std::pair{"scale-bits", unsigned(scaleBits)},
                                std::pair{"bias-bits", unsigned(biasBits)}})
      if (bits < 2 || bits > 64)
        return emitError(UnknownLoc::get(context))
               << "option '" << option << "' must be in [2, 64], got " << bits;
    return success();
  }

  void runOnOperation() override {
    SmallVector<BatchNormOp> batchNorms;
    getOperation()->walk([&](BatchNormOp op) { batchNorms.push_back(op); });
    for (BatchNormOp op : batchNorms) {
      if (succeeded(rewrite(op)))
        ++numRewritten;
      else
        ++numKept;
    }
  }

  LogicalResult rewrite(BatchNormOp op);

  Type fixedScaleType, fixedBiasType;
};

LogicalResult QCostQuantNormPass::rewrite(BatchNormOp op) {
  std::pair<StringRef, Value> params[] = {{"gamma", op.getGamma()},
                                          {"beta", op.getBeta()},
                                          {"mean", op.getMean()},
                                          {"variance", op.getVariance()}};
  SmallVector<SmallVector<double>> values;
  for (auto [name, param] : params) {
    std::optional<SmallVector<double>> constant = getConstantValues(param);
    if (!constant) {
      op.emitRemark("batch-norm not rewritten to QuantNorm: its ")
          << name << " is not a constant with readable finite values";
      return failure();
    }
    values.push_back(std::move(*constant));
  }
  const SmallVector<double> &gamma = values[0], &beta = values[1],
                            &mean = values[2], &variance = values[3];
  size_t channels = gamma.size();
  double epsilon = op.getEpsilon().convertToDouble();

  SmallVector<double> inverse(channels);
  for (size_t c = 0; c < channels; ++c) {
    double denominator = variance[c] + epsilon;
    if (!(denominator > 0)) {
      op.emitRemark("batch-norm not rewritten to QuantNorm: variance + "
                    "epsilon is not positive in channel ")
          << c << " (" << denominator << ")";
      return failure();
    }
    inverse[c] = gamma[c] / std::sqrt(denominator);
  }

  MLIRContext *context = op.getContext();
  Type scaleElement = fixedScaleType;
  if (!scaleElement)
    scaleElement = getFormatType(context, fitFixed(inverse, scaleBits,
                                                   /*allowUnsigned=*/false,
                                                   /*allowSaturation=*/false));
  NumberFormat scaleFormat = *getNumberFormat(scaleElement);
  std::vector<double> scale = roundTo(scaleFormat, inverse);

  // The mean lives on the input's grid (the accumulator's); a float input
  // keeps it as it is.
  Type inputElement = elementTypeOf(op.getInput());
  std::vector<double> inputMean(mean.begin(), mean.end());
  if (!isFloatLike(inputElement))
    inputMean = roundTo(*getNumberFormat(inputElement), mean);

  Type biasElement = fixedBiasType;
  if (!biasElement) {
    // Size the bias on the unrounded b, then align it with x * s.
    double lowest = 0, largest = 0;
    for (size_t c = 0; c < channels; ++c) {
      double b = beta[c] - inputMean[c] * scale[c];
      lowest = std::min(lowest, b);
      largest = std::max(largest, b);
    }
    int frac = largestHoldingFraction(lowest, largest, biasBits, true);
    std::optional<int> inputLsb = getLsbExponent(inputElement);
    std::optional<int> scaleLsb = getLsbExponent(scaleElement);
    if (inputLsb && scaleLsb)
      frac = std::min(frac, -(*inputLsb + *scaleLsb));
    frac = std::clamp(frac, -128, 128); // The fixed-point limits.
    biasElement = FixedType::get(context, biasBits, frac);
  }
  NumberFormat biasFormat = *getNumberFormat(biasElement);
  std::vector<double> roundedBeta = roundTo(biasFormat, beta);
  std::vector<double> exactBias(channels);
  for (size_t c = 0; c < channels; ++c)
    exactBias[c] = roundedBeta[c] - inputMean[c] * scale[c];

  OpBuilder builder(op);
  Location loc = op.getLoc();
  auto vectorOf = [&](Type element) {
    return RankedTensorType::get({int64_t(channels)}, element);
  };
  Value scaleValue =
      createConstant(builder, loc, vectorOf(scaleElement), scale);
  Value biasValue =
      createConstant(builder, loc, vectorOf(biasElement), exactBias);
  auto quantNorm = QuantNormOp::create(
      builder, loc, op.getResult().getType(), op.getInput(), scaleValue,
      biasValue, op.getRoundingAttr(), op.getSeedAttr(), op.getOverflowAttr());
  op.getResult().replaceAllUsesWith(quantNorm.getResult());
  op.erase();
  SmallVector<Value> replaced;
  for (auto [name, param] : params)
    replaced.push_back(param);
  eraseUnusedConstants(replaced);
  return success();
}

} // namespace
