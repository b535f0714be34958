//===- PikeLPN.cpp - the qcost-pikelpn pipeline ---------------------------===//

#include "qcc/Pipelines/PikeLPN.h"

#include "qcc/Dialect/QCost/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void qcc::qcost::buildPikeLPNPipeline(OpPassManager &pm,
                                      const PikeLPNPipelineOptions &options) {
  QCostPotRewriteOptions pot;
  pot.policy = options.policy;
  pot.potBits = options.potBits;
  pot.linearBits = options.linearBits;
  pm.addPass(createQCostPotRewrite(pot));

  QCostQuantNormOptions quantNorm;
  quantNorm.scaleBits = options.scaleBits;
  quantNorm.biasBits = options.biasBits;
  pm.addPass(createQCostQuantNorm(quantNorm));

  QCostDoubleQuantizeOptions doubleQuantize;
  doubleQuantize.target = "pot";
  pm.addPass(createQCostDoubleQuantize(doubleQuantize));
}

void qcc::qcost::registerQCostPipelines() {
  PassPipelineRegistration<PikeLPNPipelineOptions>(
      "qcost-pikelpn",
      "PikeLPN's final configuration: PoT-4 pointwise and dense weights, "
      "linear-8 depthwise weights, QuantNorm, power-of-two scales",
      buildPikeLPNPipeline);
}
