//===- LinalgToLoops.cpp - the qcc-hls-linalg-to-loops pass ---------------===//

#include "qcc/Target/HlsCpp/HlsCpp.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace qcc {
#define GEN_PASS_DEF_QCCHLSLINALGTOLOOPS
#include "qcc/Target/HlsCpp/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

/// Builds the loops of one generic op on buffers.
class LoopBuilder {
public:
  /// `fills` holds, per init operand, the value a linalg.fill just wrote
  /// into all of it.
  LoopBuilder(RewriterBase &rewriter, linalg::GenericOp op,
              const llvm::DenseMap<unsigned, Value> &fills)
      : rewriter(rewriter), op(op), loc(op.getLoc()), ivs(op.getNumLoops()),
        fills(fills) {}

  LogicalResult build() {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return op.emitError("the HLS loops need static shapes");
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
    if (reduction.empty()) {
      SmallVector<Value> results = body(initValues());
      storeResults(results);
      return success();
    }
    SmallVector<Value> partial = initValues();
    SmallVector<Value> results = reduce(reduction, ranges, partial);
    storeResults(results);
    return success();
  }

private:
  Value constant(int64_t value) {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  }

  /// The indices of `operand` at the current iteration.
  SmallVector<Value> indices(OpOperand &operand) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    SmallVector<Value> result;
    for (AffineExpr expr : map.getResults()) {
      if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
        result.push_back(ivs[dim.getPosition()]);
        continue;
      }
      if (auto value = dyn_cast<AffineConstantExpr>(expr)) {
        result.push_back(constant(value.getValue()));
        continue;
      }
      SmallVector<Value> operands;
      for (unsigned d = 0; d < map.getNumDims(); ++d)
        operands.push_back(ivs[d] ? ivs[d] : constant(0));
      result.push_back(affine::AffineApplyOp::create(
          rewriter, loc, AffineMap::get(map.getNumDims(), 0, expr), operands));
    }
    return result;
  }

  Value load(OpOperand &operand) {
    Value source = operand.get();
    if (!isa<MemRefType>(source.getType()))
      return source; // a scalar operand (linalg.fill's value)
    return memref::LoadOp::create(rewriter, loc, source, indices(operand));
  }

  /// The outputs' current values, where the body reads them.
  SmallVector<Value> initValues() {
    SmallVector<Value> values;
    for (OpOperand &init : op.getDpsInitsMutable()) {
      BlockArgument argument = op.getMatchingBlockArgument(&init);
      auto filled = fills.find(init.getOperandNumber());
      if (argument.use_empty())
        values.push_back(Value());
      else if (filled != fills.end())
        values.push_back(filled->second);
      else
        values.push_back(load(init));
    }
    return values;
  }

  /// The body at the current iteration, with `outputs` as the outputs'
  /// block arguments; returns what it yields.
  SmallVector<Value> body(ArrayRef<Value> outputs) {
    IRMapping mapping;
    for (OpOperand *input : op.getDpsInputOperands())
      mapping.map(op.getMatchingBlockArgument(input), load(*input));
    for (auto [init, value] : llvm::zip(op.getDpsInitsMutable(), outputs))
      if (value)
        mapping.map(op.getMatchingBlockArgument(&init), value);
    Block &block = op.getRegion().front();
    for (Operation &inner : block.without_terminator()) {
      if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
        mapping.map(index.getResult(), ivs[index.getDim()]);
        continue;
      }
      rewriter.clone(inner, mapping);
    }
    SmallVector<Value> results;
    for (Value yielded : block.getTerminator()->getOperands())
      results.push_back(mapping.lookupOrDefault(yielded));
    return results;
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
    SmallVector<Value> next = dims.size() == 1
                                  ? body(carried)
                                  : reduce(dims.drop_front(), ranges, carried);
    scf::YieldOp::create(rewriter, loc, next);
    rewriter.setInsertionPointAfter(loop);
    return SmallVector<Value>(loop.getResults());
  }

  void storeResults(ArrayRef<Value> results) {
    for (auto [init, value] : llvm::zip(op.getDpsInitsMutable(), results))
      memref::StoreOp::create(rewriter, loc, value, init.get(),
                              indices(init));
  }

  RewriterBase &rewriter;
  linalg::GenericOp op;
  Location loc;
  SmallVector<Value> ivs;
  const llvm::DenseMap<unsigned, Value> &fills;
};

/// The linalg.fill that last wrote all of `buffer` before `op`, in the same
/// block with nothing using the buffer in between.
linalg::FillOp precedingFill(Operation *op, Value buffer) {
  for (Operation *cursor = op->getPrevNode(); cursor;
       cursor = cursor->getPrevNode()) {
    auto fill = dyn_cast<linalg::FillOp>(cursor);
    if (fill && fill.getOutputs().front() == buffer)
      return fill;
    bool touches = false;
    cursor->walk([&](Operation *inner) {
      touches |= llvm::is_contained(inner->getOperands(), buffer);
    });
    if (touches)
      return {};
  }
  return {};
}

struct LinalgToLoopsPass
    : qcc::impl::QCCHlsLinalgToLoopsBase<LinalgToLoopsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    // First the fills that only initialize a reduction.
    llvm::DenseMap<Operation *, llvm::DenseMap<unsigned, Value>> initialValues;
    getOperation().walk([&](linalg::GenericOp generic) {
      if (generic.getNumReductionLoops() == 0 ||
          !generic.hasPureBufferSemantics())
        return;
      for (OpOperand &init : generic.getDpsInitsMutable())
        if (linalg::FillOp fill = precedingFill(generic, init.get())) {
          initialValues[generic][init.getOperandNumber()] =
              fill.getInputs().front();
          rewriter.eraseOp(fill);
        }
    });
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops) {
      if (!op.hasPureBufferSemantics()) {
        op.emitError("the HLS loops need linalg ops on buffers");
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
      // A fill of a reduction's output is its initial value: the sums start
      // from it in registers, and the fill's pass over the array goes.
      llvm::DenseMap<unsigned, Value> fills =
          initialValues.lookup(op.getOperation());
      rewriter.setInsertionPoint(generic);
      OpBuilder::InsertionGuard guard(rewriter);
      if (failed(LoopBuilder(rewriter, generic, fills).build()))
        return signalPassFailure();
      rewriter.eraseOp(generic);
    }
  }
};

} // namespace
