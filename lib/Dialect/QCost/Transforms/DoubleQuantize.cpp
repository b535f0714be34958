//===- DoubleQuantize.cpp - quantize the scale factors themselves ---------===//

#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"
#include "qcc/Format/FormatFitting.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTDOUBLEQUANTIZE
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

namespace {

/// The scale operand of the ops that multiply by one, or nullptr.
OpOperand *getScaleOperand(Operation *op) {
  return TypeSwitch<Operation *, OpOperand *>(op)
      .Case([](QuantizeOp op) {
        return op.getScale() ? &op.getScaleMutable()[0] : nullptr;
      })
      .Case([](DequantizeOp op) {
        return op.getScale() ? &op.getScaleMutable()[0] : nullptr;
      })
      .Case([](RescaleOp op) { return &op.getScaleMutable(); })
      .Case([](QuantNormOp op) { return &op.getScaleMutable(); })
      .Default([](Operation *) { return nullptr; });
}

/// A scale tensor in its new format.
struct Requantized {
  Type element;
  std::vector<double> values;
};

struct QCostDoubleQuantizePass
    : qcc::qcost::impl::QCostDoubleQuantizeBase<QCostDoubleQuantizePass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    Location loc = UnknownLoc::get(context);
    if (target != "pot" && target != "fixed")
      return emitError(loc)
             << "option 'to' must be 'pot' or 'fixed', got '" << target << "'";
    unsigned limit = target == "pot" ? 16 : 64;
    if (bits > limit)
      return emitError(loc)
             << "option 'bits' must be at most " << limit
             << " for to=" << target << ", got " << unsigned(bits);
    return success();
  }

  void runOnOperation() override;

  /// The scale in the target format; the error is reported by the caller.
  FailureOr<Requantized> requantize(Operation *op,
                                    ArrayRef<double> values) const;
  bool isInTargetFamily(Type element) const {
    if (target == "pot")
      return isa<PotType>(element);
    return isa<FixedType, UFixedType, IntegerType>(element);
  }
};

FailureOr<Requantized>
QCostDoubleQuantizePass::requantize(Operation *op,
                                    ArrayRef<double> values) const {
  MLIRContext *context = op->getContext();
  if (target == "fixed") {
    NumberFormat format =
        fitFixed(values, bits ? unsigned(bits) : 8u, /*allowUnsigned=*/true,
                 /*allowSaturation=*/false);
    return Requantized{getFormatType(context, format), roundTo(format, values)};
  }

  constexpr int kExpLimit = 1000;
  bool hasZero = false, isSigned = false;
  int minExp = kExpLimit, maxExp = -kExpLimit;
  for (double value : values) {
    if (value == 0) {
      hasZero = true;
      continue;
    }
    isSigned |= value < 0;
    int exponent = std::clamp(roundedLog2(value), -kExpLimit, kExpLimit);
    minExp = std::min(minExp, exponent);
    maxExp = std::max(maxExp, exponent);
  }
  if (minExp > maxExp) // Only zeros.
    minExp = maxExp = 0;
  int64_t levels = int64_t(maxExp - minExp + 1) + (hasZero ? 1 : 0);
  unsigned fieldBits = std::max<unsigned>(isSigned ? 1 : 0,
                                          llvm::Log2_64_Ceil(uint64_t(levels)));
  unsigned width = fieldBits + (isSigned ? 1 : 0);
  if (width == 0)
    width = 1;
  if (bits) {
    width = bits;
    if (width < (isSigned ? 2u : 1u)) {
      op->emitError("scale not double-quantized: a ")
          << width << "-bit power of two cannot hold negative scales";
      return failure();
    }
    fieldBits = width - (isSigned ? 1 : 0);
    // Keep the largest exponents; smaller scales clamp to the smallest.
    int64_t capacity = (int64_t(1) << fieldBits) - (hasZero ? 1 : 0);
    if (maxExp - minExp + 1 > capacity)
      minExp = maxExp - int(capacity) + 1;
  }
  NumberFormat format =
      NumberFormat::powerOfTwo(width, minExp, maxExp, hasZero, isSigned);
  std::vector<double> replaced;
  for (double value : values)
    replaced.push_back(nearestPowerOfTwoInLogDomain(value, minExp, maxExp));
  return Requantized{getFormatType(context, format), std::move(replaced)};
}

void QCostDoubleQuantizePass::runOnOperation() {
  SmallVector<std::pair<Operation *, OpOperand *>> scaled;
  getOperation()->walk([&](Operation *op) {
    if (OpOperand *scale = getScaleOperand(op))
      scaled.push_back({op, scale});
  });

  // A scale constant shared by several ops is re-encoded once.
  DenseMap<Value, Value> replacements;
  double worstError = 0;
  Operation *worstOp = nullptr;
  double worstFrom = 0, worstTo = 0;
  SmallVector<Value> oldScales;
  unsigned rewritten = 0;
  for (auto [op, operand] : scaled) {
    Value scale = operand->get();
    auto type = cast<RankedTensorType>(scale.getType());
    if (isInTargetFamily(type.getElementType()))
      continue;
    if (Value done = replacements.lookup(scale)) {
      operand->set(done);
      continue;
    }
    std::optional<SmallVector<double>> values = getConstantValues(scale);
    if (!values) {
      op->emitRemark("scale not double-quantized: it is not a constant with "
                     "readable finite values");
      continue;
    }
    FailureOr<Requantized> requantized = requantize(op, *values);
    if (failed(requantized))
      return signalPassFailure();
    for (size_t i = 0; i < values->size(); ++i) {
      double from = (*values)[i], to = requantized->values[i];
      double error = maxRelativeError({from}, {to});
      if (!worstOp || error > worstError) {
        worstError = error;
        worstOp = op;
        worstFrom = from;
        worstTo = to;
      }
    }
    OpBuilder builder(op->getContext());
    builder.setInsertionPointAfterValue(scale);
    Value replacement = createConstant(
        builder, scale.getLoc(),
        RankedTensorType::get(type.getShape(), requantized->element),
        requantized->values);
    replacements[scale] = replacement;
    operand->set(replacement);
    oldScales.push_back(scale);
    ++rewritten;
    ++numScales;
  }
  eraseUnusedConstants(oldScales);
  if (worstOp)
    worstOp->emitRemark("double quantization: largest relative error ")
        << formatReal(worstError) << " (scale " << formatReal(worstFrom)
        << " -> " << formatReal(worstTo) << ") over " << rewritten
        << " re-encoded scale tensors";
}

} // namespace
