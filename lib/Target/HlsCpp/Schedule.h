//===- Schedule.h - which loops are pipelined and unrolled ------*- C++ -*-===//
//
// Private to lib/Target/HlsCpp. The strategy and reuse factor decide, for
// every loop nest of a layer, which loop is pipelined (at II = reuse factor)
// and which loops are unrolled inside it; the pragmas the emitter prints and
// the latency and parallelism of the estimates (Estimates.cpp) both come
// from this one decision (docs/hls.md states the rules):
//
// - latency: a layer whose loops do at most `unrollLimit` iterations of
//   their innermost bodies is pipelined as a whole (every loop unrolled);
//   otherwise each nest pipelines its outermost loop whose body does at
//   most `unrollLimit` innermost iterations, the loops in that body
//   unrolled, and the loops around it left to the tool to flatten;
// - resource: each nest pipelines its innermost loops; nothing unrolls.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_TARGET_HLSCPP_SCHEDULE_H
#define QCC_LIB_TARGET_HLSCPP_SCHEDULE_H

#include "qcc/Target/HlsCpp/HlsCpp.h"

#include "llvm/ADT/DenseMap.h"

namespace qcc::hls {

enum class LoopDirective { None, Pipeline, Unroll };

/// The schedule of one layer (the statements of one layer function).
struct LayerSchedule {
  /// The layer function itself is pipelined (its loops all unrolled).
  bool pipelineFunction = false;
  llvm::DenseMap<mlir::Operation *, LoopDirective> loops;

  struct Nest {
    mlir::Operation *root = nullptr;
    /// How often the pipelined body starts (the trips of the pipelined loop
    /// and the loops around it; 1 for an unrolled nest).
    int64_t starts = 1;
    /// Innermost-body iterations per start (unrolled copies).
    int64_t unrolled = 1;
  };
  llvm::SmallVector<Nest> nests;

  LoopDirective directive(mlir::Operation *loop) const {
    auto found = loops.find(loop);
    return found == loops.end() ? LoopDirective::None : found->second;
  }
};

/// The trip count of a loop of the emitted IR (static bounds), or 1.
int64_t tripCount(mlir::scf::ForOp loop);

/// Schedules the statements of one layer; `pipelineFunctions` allows a
/// layer to be pipelined as a whole (io=parallel; a stream layer's FIFO
/// loops do not unroll).
LayerSchedule scheduleLayer(llvm::ArrayRef<mlir::Operation *> statements,
                            const Options &options, bool pipelineFunctions);

} // namespace qcc::hls

#endif // QCC_LIB_TARGET_HLSCPP_SCHEDULE_H
