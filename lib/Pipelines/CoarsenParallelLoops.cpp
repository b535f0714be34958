//===- CoarsenParallelLoops.cpp - the qcc-coarsen-parallel-loops pass -----===//
//
// Parallel loop nests shaped for threads: the leading dimensions shared
// among them, the rest sequential inside (docs/lowering.md#threads).
//
//===----------------------------------------------------------------------===//

#include "qcc/Pipelines/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/MathExtras.h"

namespace qcc {
#define GEN_PASS_DEF_QCCCOARSENPARALLELLOOPS
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

/// The static trip count of dimension `d` of `loop`, if known.
std::optional<int64_t> tripCount(scf::ParallelOp loop, unsigned d) {
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound()[d]);
  std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound()[d]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
  if (!lower || !upper || !step || *step <= 0)
    return std::nullopt;
  return *upper > *lower ? llvm::divideCeil(*upper - *lower, *step) : 0;
}

int64_t saturatingProduct(int64_t a, int64_t b) {
  int64_t product;
  return llvm::MulOverflow(a, b, product) ? INT64_MAX : product;
}

/// Op executions of one run of `block`: nested loops of static trip count
/// times their bodies (others once).
int64_t workOf(Block &block) {
  int64_t work = 0;
  for (Operation &op : block) {
    int64_t inner = 0;
    for (Region &region : op.getRegions())
      for (Block &nested : region)
        inner = saturatingProduct(1, inner + workOf(nested));
    int64_t times = 1;
    if (auto forOp = dyn_cast<scf::ForOp>(op))
      if (std::optional<APInt> count = forOp.getStaticTripCount())
        times = int64_t(count->getLimitedValue(INT64_MAX));
    work = std::min<int64_t>(INT64_MAX / 2,
                             work + 1 + saturatingProduct(times, inner));
  }
  return work;
}

/// Rewrites `loop` as an scf.parallel over its first `kept` dimensions
/// (none: no scf.parallel) around scf.for loops over the others.
void splitAfter(scf::ParallelOp loop, unsigned kept) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  unsigned rank = loop.getNumLoops();
  Block *body = loop.getBody();
  SmallVector<Value> ivs(rank);
  // The sequential loops, innermost last, each built inside the previous.
  std::function<void(unsigned)> build = [&](unsigned d) {
    if (d == rank) {
      IRMapping mapping;
      for (unsigned i = 0; i < rank; ++i)
        mapping.map(body->getArgument(i), ivs[i]);
      for (Operation &op : body->without_terminator())
        b.clone(op, mapping);
      return;
    }
    auto forOp = scf::ForOp::create(b, loc, loop.getLowerBound()[d],
                                    loop.getUpperBound()[d], loop.getStep()[d]);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forOp.getBody()->getTerminator());
    ivs[d] = forOp.getInductionVar();
    build(d + 1);
  };
  if (kept == 0) {
    build(0);
  } else {
    scf::ParallelOp::create(
        b, loc, loop.getLowerBound().take_front(kept),
        loop.getUpperBound().take_front(kept), loop.getStep().take_front(kept),
        [&](OpBuilder &nested, Location, ValueRange outerIvs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(),
                              nested.getInsertionPoint());
          for (unsigned i = 0; i < kept; ++i)
            ivs[i] = outerIvs[i];
          build(kept);
        });
  }
  loop.erase();
}

struct QCCCoarsenParallelLoopsPass
    : qcc::impl::QCCCoarsenParallelLoopsBase<QCCCoarsenParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    // A loop inside another parallel loop becomes sequential (its parent
    // already occupies the threads); innermost first, so that each rewrite
    // leaves the loops still to do in place.
    SmallVector<scf::ParallelOp> nested, outermost;
    getOperation()->walk([&](scf::ParallelOp loop) {
      if (loop.getNumReductions() != 0)
        return;
      (loop->getParentOfType<scf::ParallelOp>() ? nested : outermost)
          .push_back(loop);
    });
    for (scf::ParallelOp loop : nested)
      splitAfter(loop, 0);
    for (scf::ParallelOp loop : outermost) {
      int64_t iterations = 1, leading = 1;
      unsigned kept = 0;
      bool known = true;
      for (unsigned d = 0; d < loop.getNumLoops(); ++d) {
        std::optional<int64_t> count = tripCount(loop, d);
        if (!count) {
          known = false;
          if (kept == d && leading < minChunks)
            kept = d + 1;
          continue;
        }
        iterations = saturatingProduct(iterations, *count);
        if (kept == d && leading < minChunks) {
          leading = saturatingProduct(leading, *count);
          kept = d + 1;
        }
      }
      if (known &&
          saturatingProduct(iterations, workOf(*loop.getBody())) < minWork)
        kept = 0;
      if (kept < loop.getNumLoops())
        splitAfter(loop, kept);
    }
  }
};

} // namespace
