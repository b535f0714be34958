//===- LowerToHls.h - qcost to the loops the HLS emitter prints -*- C++ -*-===//
//
// `qcost-lower-to-hls-loops`: convert-qcost-to-linalg with codes stored at
// their formats' own widths, qcc-fuse-elementwise, bufferization (results
// as out-parameters computed in place, no deallocation: HLS arrays are
// static), loops, and qcc-hls-outline-codec. The result is what the HLS C++ emitter prints
// (docs/hls.md).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_PIPELINES_LOWERTOHLS_H
#define QCC_PIPELINES_LOWERTOHLS_H

#include "mlir/Pass/PassManager.h"

namespace qcc {

/// Adds the passes of qcost-lower-to-hls-loops to `pm` (on a module).
void buildQCostToHlsLoopsPipeline(mlir::OpPassManager &pm);

/// Registers the `qcost-lower-to-hls-loops` pipeline.
void registerQCostToHlsLoopsPipeline();

} // namespace qcc

#endif // QCC_PIPELINES_LOWERTOHLS_H
