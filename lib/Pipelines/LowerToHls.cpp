//===- LowerToHls.cpp - qcost to the loops the HLS emitter prints ---------===//

#include "qcc/Pipelines/LowerToHls.h"
#include "qcc/Pipelines/LowerToLLVM.h"

#include "qcc/Conversion/Passes.h"
#include "qcc/Pipelines/Passes.h"
#include "qcc/Target/HlsCpp/HlsCpp.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void qcc::buildQCostToHlsLoopsPipeline(OpPassManager &pm) {
  ConvertQCostToLinalgOptions linalg;
  linalg.exactWidths = true;
  pm.addPass(createConvertQCostToLinalg(linalg));
  pm.addPass(createCanonicalizerPass());
  QCCFuseElementwiseOptions fusion;
  fusion.bitMovesIntoReductions = true;
  pm.addNestedPass<func::FuncOp>(createQCCFuseElementwise(fusion));
  // No hoisting: HLS arrays are static, results are computed in place.
  addBufferizationPasses(pm, /*hoistStaticAllocs=*/false);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addNestedPass<func::FuncOp>(createQCCResultsInPlace());
  pm.addPass(createQCCStridedCopiesToLinalg());
  pm.addNestedPass<func::FuncOp>(createQCCLinalgToRegisterLoops());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createQCCHlsOutlineCodec());
  // The helpers' expansions leave dead and duplicate arithmetic.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void qcc::registerQCostToHlsLoopsPipeline() {
  registerQCCHlsCppPasses();
  PassPipelineRegistration<>(
      "qcost-lower-to-hls-loops",
      "Lower qcost functions to the loops the HLS C++ emitter prints (codes "
      "at their formats' widths, codec ops it cannot cast natively outlined "
      "and expanded)",
      [](OpPassManager &pm) { buildQCostToHlsLoopsPipeline(pm); });
}
