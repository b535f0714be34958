//===- CheckAccumulators.cpp - warn about accumulators that may wrap ------===//

#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTCHECKACCUMULATORS
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc::qcost;

namespace {

/// The operands of one dot product of a contraction and its length K.
struct Contraction {
  Value lhs, rhs, bias, result;
  int64_t length;
};

std::optional<Contraction> getContraction(Operation *op) {
  auto dim = [](Value v, int64_t i) {
    return cast<RankedTensorType>(v.getType()).getDimSize(i);
  };
  return TypeSwitch<Operation *, std::optional<Contraction>>(op)
      .Case([&](Conv2DOp conv) -> std::optional<Contraction> {
        Value filter = conv.getFilter();
        return Contraction{conv.getInput(), filter, conv.getBias(),
                           conv.getResult(),
                           dim(filter, 0) * dim(filter, 1) * dim(filter, 2)};
      })
      .Case([&](MatmulOp matmul) -> std::optional<Contraction> {
        Value lhs = matmul.getLhs();
        int64_t rank = cast<RankedTensorType>(lhs.getType()).getRank();
        return Contraction{lhs, matmul.getRhs(), Value(), matmul.getResult(),
                           dim(lhs, rank - 1)};
      })
      .Case([&](DenseOp dense) -> std::optional<Contraction> {
        return Contraction{dense.getInput(), dense.getWeight(), dense.getBias(),
                           dense.getResult(), dim(dense.getWeight(), 0)};
      })
      .Default([](Operation *) { return std::nullopt; });
}

Type elementTypeOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

struct QCostCheckAccumulatorsPass
    : qcc::qcost::impl::QCostCheckAccumulatorsBase<QCostCheckAccumulatorsPass> {
  using Base::Base;

  void runOnOperation() override {
    bool failedAny = false;
    getOperation()->walk([&](Operation *op) {
      std::optional<Contraction> contraction = getContraction(op);
      if (!contraction || ShapedType::isDynamic(contraction->length))
        return;
      Type acc = elementTypeOf(contraction->result);
      auto lhs = getIntegerEnvelope(elementTypeOf(contraction->lhs));
      auto rhs = getIntegerEnvelope(elementTypeOf(contraction->rhs));
      auto accEnvelope = getIntegerEnvelope(acc);
      if (!lhs || !rhs || !accEnvelope)
        return;
      ++numChecked;
      // Worst-case sum of K products, in multiples of the accumulator LSB
      // (the verifier guarantees the product LSB is a multiple of it).
      long double corners[] = {lhs->minMultiple * rhs->minMultiple,
                               lhs->minMultiple * rhs->maxMultiple,
                               lhs->maxMultiple * rhs->minMultiple,
                               lhs->maxMultiple * rhs->maxMultiple};
      int shift =
          lhs->lsbExponent + rhs->lsbExponent - accEnvelope->lsbExponent;
      long double k = contraction->length;
      long double lowest =
          std::ldexp(*std::min_element(std::begin(corners), std::end(corners)),
                     shift) *
          k;
      long double highest =
          std::ldexp(*std::max_element(std::begin(corners), std::end(corners)),
                     shift) *
          k;
      // A constant bias adds its actual range (its codes are in accumulator
      // LSBs); a bias computed at run time is not bounded here.
      bool biasCounted = false;
      if (contraction->bias)
        if (auto constant = contraction->bias.getDefiningOp<ConstantOp>())
          if (auto codes = constant.getCodeValues(); codes && !codes->empty()) {
            lowest += *std::min_element(codes->begin(), codes->end());
            highest += *std::max_element(codes->begin(), codes->end());
            biasCounted = true;
          }
      if (lowest >= accEnvelope->minMultiple &&
          highest <= accEnvelope->maxMultiple)
        return;
      ++numAtRisk;
      // Bits of a signed accumulator that holds [lowest, highest].
      long double magnitude = std::max(-lowest, highest + 1);
      int needed = static_cast<int>(std::ceil(std::log2(magnitude))) + 1;
      long double unit = std::ldexp((long double)1, accEnvelope->lsbExponent);
      InFlightDiagnostic diag = asError ? op->emitError() : op->emitWarning();
      diag << "accumulator " << acc << " may overflow: " << contraction->length
           << " products" << (biasCounted ? " plus the bias" : "")
           << " range over [" << formatReal(lowest * unit) << ", "
           << formatReal(highest * unit) << "]; " << needed
           << " bits are needed";
      failedAny |= asError;
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
