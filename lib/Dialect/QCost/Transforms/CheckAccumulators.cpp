//===- CheckAccumulators.cpp - warn about accumulators that may wrap ------===//

#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/Transforms/Contraction.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"

#include <cmath>

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTCHECKACCUMULATORS
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc::qcost;

namespace {

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
      auto accEnvelope = getIntegerEnvelope(acc);
      if (!accEnvelope)
        return;
      // Worst-case sum of K products, in multiples of the accumulator LSB
      // (the verifier guarantees the product LSB is a multiple of it).
      auto sum = getWorstCaseSum(elementTypeOf(contraction->lhs),
                                 elementTypeOf(contraction->rhs),
                                 contraction->length, accEnvelope->lsbExponent);
      if (!sum)
        return;
      ++numChecked;
      auto [lowest, highest] = *sum;
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
