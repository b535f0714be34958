//===- Schedule.cpp - which loops are pipelined and unrolled --------------===//

#include "Schedule.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

int64_t qcc::hls::tripCount(scf::ForOp loop) {
  std::optional<APInt> count = loop.getStaticTripCount();
  return count ? std::max<int64_t>(0, count->getSExtValue()) : 1;
}

namespace {

/// The loops directly nested in `block` (not in their bodies).
SmallVector<scf::ForOp> childLoops(Block &block) {
  SmallVector<scf::ForOp> loops;
  for (Operation &op : block)
    if (auto loop = dyn_cast<scf::ForOp>(op))
      loops.push_back(loop);
  return loops;
}

/// Innermost-body iterations of one execution of `block`: a block without
/// loops is one iteration; loops run their bodies trip-count times, one
/// after another.
int64_t workOf(Block &block) {
  SmallVector<scf::ForOp> loops = childLoops(block);
  if (loops.empty())
    return 1;
  int64_t work = 0;
  for (scf::ForOp loop : loops)
    work += tripCount(loop) * workOf(*loop.getBody());
  return work;
}

int64_t workOf(scf::ForOp loop) {
  return tripCount(loop) * workOf(*loop.getBody());
}

void unrollAll(scf::ForOp loop, LayerSchedule &schedule) {
  loop.walk([&](scf::ForOp inner) {
    schedule.loops[inner] = LoopDirective::Unroll;
  });
}

/// Latency: pipeline the outermost loop whose body fits the limit.
void scheduleForLatency(scf::ForOp loop, int64_t starts, int64_t limit,
                        LayerSchedule &schedule, scf::ForOp root) {
  SmallVector<scf::ForOp> inner = childLoops(*loop.getBody());
  if (workOf(*loop.getBody()) <= limit || inner.empty()) {
    schedule.loops[loop] = LoopDirective::Pipeline;
    for (scf::ForOp child : inner)
      unrollAll(child, schedule);
    schedule.nests.push_back(
        {root, starts * tripCount(loop), workOf(*loop.getBody())});
    return;
  }
  for (scf::ForOp child : inner)
    scheduleForLatency(child, starts * tripCount(loop), limit, schedule, root);
}

/// Resource: pipeline every innermost loop.
void scheduleForResource(scf::ForOp loop, int64_t starts,
                         LayerSchedule &schedule, scf::ForOp root) {
  SmallVector<scf::ForOp> inner = childLoops(*loop.getBody());
  if (inner.empty()) {
    schedule.loops[loop] = LoopDirective::Pipeline;
    schedule.nests.push_back({root, starts * tripCount(loop), 1});
    return;
  }
  for (scf::ForOp child : inner)
    scheduleForResource(child, starts * tripCount(loop), schedule, root);
}

} // namespace

LayerSchedule qcc::hls::scheduleLayer(ArrayRef<Operation *> statements,
                                      const Options &options,
                                      bool pipelineFunctions) {
  LayerSchedule schedule;
  SmallVector<scf::ForOp> roots;
  for (Operation *op : statements)
    if (auto loop = dyn_cast<scf::ForOp>(op))
      roots.push_back(loop);
  int64_t limit = std::max<int64_t>(1, options.unrollLimit);
  if (options.strategy == Strategy::Latency) {
    int64_t work = 0;
    for (scf::ForOp root : roots)
      work += workOf(root);
    if (work <= limit && pipelineFunctions) {
      schedule.pipelineFunction = true;
      for (scf::ForOp root : roots) {
        unrollAll(root, schedule);
        schedule.nests.push_back({root, 1, workOf(root)});
      }
      return schedule;
    }
    for (scf::ForOp root : roots)
      scheduleForLatency(root, 1, limit, schedule, root);
    return schedule;
  }
  for (scf::ForOp root : roots)
    scheduleForResource(root, 1, schedule, root);
  return schedule;
}
