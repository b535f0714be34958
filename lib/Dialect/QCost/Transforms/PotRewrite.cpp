//===- PotRewrite.cpp - power-of-two or linear weights per layer ----------===//

#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/Transforms/Contraction.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"
#include "qcc/Format/FormatFitting.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <algorithm>
#include <cmath>

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTPOTREWRITE
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

namespace {

/// A conv2d or dense layer and its kind: "pointwise", "dense", "depthwise"
/// or "conv".
struct Layer {
  Operation *op;
  Contraction contraction;
  StringRef kind;
};

std::optional<Layer> getLayer(Operation *op) {
  StringRef kind;
  if (auto conv = dyn_cast<Conv2DOp>(op))
    kind = conv.isPointwise()   ? "pointwise"
           : conv.isDepthwise() ? "depthwise"
                                : "conv";
  else if (isa<DenseOp>(op))
    kind = "dense";
  else
    return std::nullopt;
  return Layer{op, *getContraction(op), kind};
}

Type elementTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

/// The narrowest fixed-point accumulator, at least as wide and as fine as
/// `acc`, that holds every product of `input` and `weight` exactly and the
/// worst-case sum of `length` of them plus a bias in [biasLow, biasHigh].
/// Returns `acc` itself when it already does, a null type when `acc` is not
/// an integer-like fixed-point format.
Type fitAccumulator(Type acc, Type input, Type weight, int64_t length,
                    double biasLow, double biasHigh) {
  std::optional<IntegerEnvelope> accEnv = getIntegerEnvelope(acc);
  std::optional<IntegerEnvelope> inEnv = getIntegerEnvelope(input);
  std::optional<IntegerEnvelope> wEnv = getIntegerEnvelope(weight);
  if (!accEnv || !inEnv || !wEnv || isa<PotType, BinaryType>(acc))
    return Type();
  NumberFormat accFormat = *getNumberFormat(acc);
  int lsb = std::min<int64_t>(accEnv->lsbExponent,
                              inEnv->lsbExponent + wEnv->lsbExponent);
  std::pair<long double, long double> products =
      *getWorstCaseSum(input, weight, length, lsb);
  long double low = products.first + std::ldexp((long double)biasLow, -lsb);
  long double high = products.second + std::ldexp((long double)biasHigh, -lsb);
  unsigned width = accFormat.getBitWidth() + (accEnv->lsbExponent - lsb);
  auto holds = [&](unsigned w) {
    long double maxCode = accFormat.isSigned() ? std::ldexp(1.0L, w - 1) - 1
                                               : std::ldexp(1.0L, w) - 1;
    long double minCode = accFormat.isSigned() ? -std::ldexp(1.0L, w - 1) : 0;
    return low >= minCode && high <= maxCode;
  };
  // Fixed point is at most 64 bits with at most 128 fraction bits.
  constexpr unsigned kMaxWidth = 64;
  constexpr int kMaxFrac = 128;
  if (-lsb > kMaxFrac)
    return Type();
  while (width <= kMaxWidth && !holds(width))
    ++width;
  if (width > kMaxWidth)
    return Type();
  if (width == accFormat.getBitWidth() && lsb == accEnv->lsbExponent)
    return acc;
  MLIRContext *context = acc.getContext();
  if (accFormat.isSigned())
    return FixedType::get(context, width, -lsb);
  return UFixedType::get(context, width, -lsb);
}

struct QCostPotRewritePass
    : qcc::qcost::impl::QCostPotRewriteBase<QCostPotRewritePass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    Location loc = UnknownLoc::get(context);
    if (policy != "by-kind" && policy != "by-distribution")
      return emitError(loc) << "option 'policy' must be 'by-kind' or "
                               "'by-distribution', got '"
                            << policy << "'";
    if (metric != "mse" && metric != "sqnr")
      return emitError(loc) << "option 'metric' must be 'mse' or 'sqnr', got '"
                            << metric << "'";
    if (potBits < 2 || potBits > 16)
      return emitError(loc) << "option 'pot-bits' must be in [2, 16] (a sign "
                               "bit and an exponent field), got "
                            << unsigned(potBits);
    if (linearBits > 64)
      return emitError(loc) << "option 'linear-bits' must be at most 64, got "
                            << unsigned(linearBits);
    return success();
  }

  void runOnOperation() override {
    SmallVector<Layer> layers;
    getOperation()->walk([&](Operation *op) {
      if (std::optional<Layer> layer = getLayer(op))
        layers.push_back(*layer);
    });
    for (Layer &layer : layers)
      rewrite(layer);
  }

  void rewrite(Layer &layer);
  /// Re-encodes the layer's weights in `format`; false (with a remark) when
  /// the layer cannot take them.
  bool reencode(Layer &layer, ArrayRef<double> weights,
                const NumberFormat &format);
};

void QCostPotRewritePass::rewrite(Layer &layer) {
  bool byKind = policy == "by-kind";
  bool potByKind = layer.kind == "pointwise" || layer.kind == "dense";
  // Under by-kind with linear layers kept as they are, there is nothing to
  // do for a linear layer.
  if (byKind && !potByKind && linearBits == 0)
    return;
  Value weight = layer.contraction.rhs;
  std::optional<SmallVector<double>> weights = getConstantValues(weight);
  if (!weights) {
    layer.op->emitRemark("weights left alone: they are not a constant with "
                         "readable finite values");
    return;
  }

  NumberFormat pot = fitPowerOfTwo(*weights, potBits);
  unsigned linearWidth = linearBits ? unsigned(linearBits) : unsigned(potBits);
  NumberFormat linear = fitFixed(*weights, linearWidth);
  bool choosePot = potByKind;
  if (!byKind || explain) {
    std::vector<double> potValues = roundTo(pot, *weights);
    std::vector<double> linearValues = roundTo(linear, *weights);
    double potError, linearError;
    bool potBetter;
    if (metric == "mse") {
      potError = meanSquaredError(*weights, potValues);
      linearError = meanSquaredError(*weights, linearValues);
      potBetter = potError < linearError;
    } else {
      potError = sqnrDecibels(*weights, potValues);
      linearError = sqnrDecibels(*weights, linearValues);
      potBetter = potError > linearError;
    }
    if (!byKind)
      choosePot = potBetter;
    if (explain)
      layer.op->emitRemark()
          << layer.kind << " layer: PoT-" << unsigned(potBits) << " "
          << pot.str() << " " << metric << " " << formatReal(potError)
          << ", linear-" << linearWidth << " " << linear.str() << " " << metric
          << " " << formatReal(linearError) << " -> "
          << (choosePot ? "PoT" : "linear");
  }
  if (!choosePot && linearBits == 0) {
    ++numLinear;
    return;
  }
  if (reencode(layer, *weights, choosePot ? pot : linear)) {
    if (choosePot)
      ++numPot;
    else
      ++numLinear;
  }
}

bool QCostPotRewritePass::reencode(Layer &layer, ArrayRef<double> weights,
                                   const NumberFormat &format) {
  Operation *op = layer.op;
  MLIRContext *context = op->getContext();
  Value weight = layer.contraction.rhs;
  auto weightType = cast<RankedTensorType>(weight.getType());
  Type newElement = getFormatType(context, format);
  if (newElement == weightType.getElementType())
    return true;

  Value result = op->getResult(0);
  auto resultType = cast<RankedTensorType>(result.getType());
  Type acc = resultType.getElementType();
  Type newAcc = acc;
  std::optional<SmallVector<double>> biasValues;
  // Only integer-like products must be exact in the accumulator; float
  // products round into it (docs/semantics.md section 4.2).
  if (isIntegerLike(acc) &&
      isIntegerLike(elementTypeOf(layer.contraction.lhs))) {
    double biasLow = 0, biasHigh = 0;
    if (layer.contraction.bias) {
      biasValues = getConstantValues(layer.contraction.bias);
      if (biasValues)
        for (double b : *biasValues) {
          biasLow = std::min(biasLow, b);
          biasHigh = std::max(biasHigh, b);
        }
    }
    newAcc =
        fitAccumulator(acc, elementTypeOf(layer.contraction.lhs), newElement,
                       layer.contraction.length, biasLow, biasHigh);
    if (!newAcc) {
      op->emitRemark("weights left alone: no fixed-point accumulator up to 64 "
                     "bits holds the products of ")
          << elementTypeOf(layer.contraction.lhs) << " and " << newElement;
      return false;
    }
  }
  if (newAcc != acc) {
    if (layer.contraction.bias && !biasValues) {
      op->emitRemark("weights left alone: the accumulator must widen to ")
          << newAcc << " but the bias is not a constant";
      return false;
    }
    for (Operation *user : result.getUsers()) {
      if (isa<QCostDialect>(user->getDialect()) &&
          !isa<ConcatOp, ReshapeOp>(user))
        continue;
      op->emitRemark("weights left alone: the accumulator must widen to ")
          << newAcc << " but '" << user->getName()
          << "' needs the result type unchanged";
      return false;
    }
  }

  OpBuilder builder(op);
  Value newWeight = createConstant(
      builder, weight.getLoc(),
      RankedTensorType::get(weightType.getShape(), newElement), weights);
  op->setOperand(1, newWeight);
  eraseUnusedConstants(weight);
  if (newAcc != acc) {
    ++numWidened;
    result.setType(RankedTensorType::get(resultType.getShape(), newAcc));
    if (layer.contraction.bias) {
      auto biasType = cast<RankedTensorType>(layer.contraction.bias.getType());
      Value newBias = createConstant(
          builder, layer.contraction.bias.getLoc(),
          RankedTensorType::get(biasType.getShape(), newAcc), *biasValues);
      Value oldBias = layer.contraction.bias;
      op->replaceUsesOfWith(oldBias, newBias);
      eraseUnusedConstants(oldBias);
    }
  }
  return true;
}

} // namespace
