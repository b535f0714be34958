//===- RegisterLoops.cpp - the qcc-linalg-to-register-loops pass ----------===//

#include "qcc/Pipelines/Passes.h"

#include "qcc/Pipelines/LoopBodies.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace qcc {
#define GEN_PASS_DEF_QCCLINALGTOREGISTERLOOPS
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

/// What a reduction's loops do besides its own body.
struct Extras {
  /// Per init operand, the value a linalg.fill wrote into all of it.
  llvm::DenseMap<unsigned, Value> fills;
  /// An elementwise op reading the reduction's only output element by
  /// element, computed in the same loops (the output buffer then goes).
  linalg::GenericOp epilogue;
};

/// Builds the loops of one generic op on buffers.
class LoopBuilder {
public:
  LoopBuilder(RewriterBase &rewriter, linalg::GenericOp op,
              const Extras &extras)
      : rewriter(rewriter), op(op), loc(op.getLoc()), ivs(op.getNumLoops()),
        extras(extras) {}

  LogicalResult build() {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return op.emitError("qcc-linalg-to-register-loops needs static shapes");
    SmallVector<unsigned> parallel, reduction;
    for (auto [d, type] : llvm::enumerate(op.getIteratorTypesArray()))
      (type == utils::IteratorType::reduction ? reduction : parallel)
          .push_back(d);
    // Partial results live in registers when every output element depends
    // on the parallel dimensions alone.
    bool registers =
        !reduction.empty() &&
        llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
          AffineMap map = op.getMatchingIndexingMap(&init);
          return map.isProjectedPermutation() &&
                 llvm::none_of(reduction, [&](unsigned d) {
                   return map.isFunctionOfDim(d);
                 });
        });
    if (!registers) {
      parallel.clear();
      for (unsigned d = 0; d < op.getNumLoops(); ++d)
        parallel.push_back(d);
      reduction.clear();
    }
    for (unsigned d : parallel) {
      auto loop = scf::ForOp::create(rewriter, loc, constant(0),
                                     constant(ranges[d]), constant(1));
      ivs[d] = loop.getInductionVar();
      rewriter.setInsertionPointToStart(loop.getBody());
    }
    SmallVector<Value> results =
        reduction.empty() ? qcc::emitBody(rewriter, loc, op, ivs, initValues())
                          : reduce(reduction, ranges, initValues());
    if (extras.epilogue)
      qcc::emitEpilogue(rewriter, loc, op, extras.epilogue, ivs,
                        results.front());
    else
      qcc::storeResults(rewriter, loc, op, ivs, results);
    return success();
  }

private:
  Value constant(int64_t value) {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  }

  /// The outputs' current values, where the body reads them.
  SmallVector<Value> initValues() {
    SmallVector<Value> values;
    for (OpOperand &init : op.getDpsInitsMutable()) {
      BlockArgument argument = op.getMatchingBlockArgument(&init);
      auto filled = extras.fills.find(init.getOperandNumber());
      if (argument.use_empty())
        values.push_back(Value());
      else if (filled != extras.fills.end())
        values.push_back(filled->second);
      else
        values.push_back(qcc::loadOperand(rewriter, loc, op, init, ivs));
    }
    return values;
  }

  /// The reduction loops from `dims[0]` inward, carrying `partial`.
  SmallVector<Value> reduce(ArrayRef<unsigned> dims, ArrayRef<int64_t> ranges,
                            ArrayRef<Value> partial) {
    auto loop = scf::ForOp::create(rewriter, loc, constant(0),
                                   constant(ranges[dims.front()]), constant(1),
                                   partial);
    loop->setAttr("qcc.reduction", rewriter.getUnitAttr());
    ivs[dims.front()] = loop.getInductionVar();
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(loop.getBody());
    SmallVector<Value> carried(loop.getRegionIterArgs());
    SmallVector<Value> next =
        dims.size() == 1 ? qcc::emitBody(rewriter, loc, op, ivs, carried)
                         : reduce(dims.drop_front(), ranges, carried);
    scf::YieldOp::create(rewriter, loc, next);
    rewriter.setInsertionPointAfter(loop);
    return SmallVector<Value>(loop.getResults());
  }

  RewriterBase &rewriter;
  linalg::GenericOp op;
  Location loc;
  SmallVector<Value> ivs;
  const Extras &extras;
};

struct LinalgToLoopsPass
    : qcc::impl::QCCLinalgToRegisterLoopsBase<LinalgToLoopsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    // Named contractions (the native path's matmul and convolutions) become
    // generics first, so that they take their fills and epilogues too;
    // fills stay, to be found as initial values.
    SmallVector<linalg::LinalgOp> named;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::GenericOp, linalg::FillOp>(op.getOperation()) &&
          op.hasPureBufferSemantics() && op.getNumReductionLoops() != 0)
        named.push_back(op);
    });
    for (linalg::LinalgOp op : named) {
      rewriter.setInsertionPoint(op);
      if (failed(linalg::generalizeNamedOp(rewriter, op))) {
        op.emitError("cannot generalize this op into loops");
        return signalPassFailure();
      }
    }
    // Then what joins a reduction's loops: the fill that initializes its
    // output, and the elementwise op that consumes it.
    llvm::DenseMap<Operation *, Extras> extras;
    SmallVector<linalg::GenericOp> reductions;
    getOperation().walk([&](linalg::GenericOp generic) {
      if (generic.getNumReductionLoops() != 0 &&
          generic.hasPureBufferSemantics())
        reductions.push_back(generic);
    });
    llvm::DenseSet<Operation *> epilogues;
    for (linalg::GenericOp generic : reductions) {
      Extras &found = extras[generic];
      for (OpOperand &init : generic.getDpsInitsMutable())
        if (linalg::FillOp fill = qcc::precedingFill(generic, init.get())) {
          found.fills[init.getOperandNumber()] = fill.getInputs().front();
          rewriter.eraseOp(fill);
        }
      linalg::GenericOp epilogue = qcc::findEpilogue(generic);
      if (!epilogue || epilogues.contains(epilogue))
        continue;
      // What lies between moves before the reduction.
      qcc::hoistOpsBetween(generic, epilogue);
      found.epilogue = epilogue;
      epilogues.insert(epilogue);
    }

    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!epilogues.contains(op))
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops) {
      if (!op.hasPureBufferSemantics()) {
        op.emitError(
            "qcc-linalg-to-register-loops needs linalg ops on buffers");
        return signalPassFailure();
      }
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized)) {
          op.emitError("cannot generalize this op into loops");
          return signalPassFailure();
        }
        generic = *generalized;
      }
      Extras none;
      auto found = extras.find(op.getOperation());
      const Extras &mine = found == extras.end() ? none : found->second;
      rewriter.setInsertionPoint(generic);
      OpBuilder::InsertionGuard guard(rewriter);
      if (failed(LoopBuilder(rewriter, generic, mine).build()))
        return signalPassFailure();
      if (mine.epilogue) {
        Value buffer = generic.getDpsInits().front();
        rewriter.eraseOp(mine.epilogue);
        rewriter.eraseOp(generic);
        // The sums' buffer is unused now.
        qcc::eraseSumsBuffer(buffer);
        continue;
      }
      rewriter.eraseOp(generic);
    }
  }
};

} // namespace
