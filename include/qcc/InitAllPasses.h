//===- InitAllPasses.h - register qcc's passes ------------------*- C++ -*-===//

#ifndef QCC_INITALLPASSES_H
#define QCC_INITALLPASSES_H

#include "qcc/Conversion/Passes.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"
#include "qcc/Pipelines/LowerToHls.h"
#include "qcc/Pipelines/LowerToLLVM.h"
#include "qcc/Pipelines/LowerToNVVM.h"
#include "qcc/Pipelines/PikeLPN.h"

#include "mlir/Transforms/Passes.h"

namespace qcc {

/// Registers every qcc pass and pipeline, plus the upstream generic passes
/// (canonicalize, cse, ...) that qcc pipelines use.
inline void registerQCCPasses() {
  qcost::registerQCostTransformsPasses();
  registerQCCConversionPasses();
  qcost::registerQCostPipelines();
  registerQCostToLLVMPipeline();
  registerQCostToHlsLoopsPipeline();
  registerQCostToNVVMPipeline();
  mlir::registerTransformsPasses();
}

} // namespace qcc

#endif // QCC_INITALLPASSES_H
