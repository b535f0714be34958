//===- RegisterLoops.cpp - the qcc-linalg-to-register-loops pass ----------===//

#include "qcc/Pipelines/Passes.h"

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

/// Whether `op` (or an op nested in it) uses `buffer`.
bool touches(Operation *op, Value buffer) {
  bool found = false;
  op->walk([&](Operation *inner) {
    found |= llvm::is_contained(inner->getOperands(), buffer);
  });
  return found;
}

/// The linalg.fill that last wrote all of `buffer` before `op`, in the same
/// block with nothing using the buffer in between.
linalg::FillOp precedingFill(Operation *op, Value buffer) {
  for (Operation *cursor = op->getPrevNode(); cursor;
       cursor = cursor->getPrevNode()) {
    auto fill = dyn_cast<linalg::FillOp>(cursor);
    if (fill && fill.getOutputs().front() == buffer)
      return fill;
    if (touches(cursor, buffer))
      return {};
  }
  return {};
}

/// What a reduction's loops do besides its own body.
struct Extras {
  /// Per init operand, the value a linalg.fill wrote into all of it.
  llvm::DenseMap<unsigned, Value> fills;
  /// An elementwise op reading the reduction's only output element by
  /// element, computed in the same loops (the output buffer then goes).
  linalg::GenericOp epilogue;
};

/// The elementwise consumer of `reduction`'s output that can run in its
/// loops: the buffer is an allocation nothing else uses, the consumer reads
/// it through the identity, and what lies between them can move before the
/// reduction.
linalg::GenericOp findEpilogue(linalg::GenericOp reduction) {
  if (reduction.getNumDpsInits() != 1)
    return {};
  OpOperand &init = reduction.getDpsInitsMutable()[0];
  Value buffer = init.get();
  auto type = dyn_cast<MemRefType>(buffer.getType());
  if (!buffer.getDefiningOp<memref::AllocOp>() || !type ||
      !type.hasStaticShape() ||
      reduction.getMatchingIndexingMap(&init).getNumResults() !=
          unsigned(type.getRank()))
    return {};
  linalg::GenericOp consumer;
  for (Operation *user : buffer.getUsers()) {
    if (user == reduction.getOperation() || isa<memref::DeallocOp>(user))
      continue;
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (consumer || !generic || generic->getBlock() != reduction->getBlock())
      return {};
    consumer = generic;
  }
  if (!consumer || !reduction->isBeforeInBlock(consumer) ||
      consumer.getNumReductionLoops() != 0 ||
      consumer.getNumLoops() != unsigned(type.getRank()) ||
      consumer.getStaticLoopRanges() != SmallVector<int64_t>(type.getShape()))
    return {};
  for (OpOperand &operand : consumer->getOpOperands())
    if (operand.get() == buffer &&
        (!consumer.isDpsInput(&operand) ||
         !consumer.getMatchingIndexingMap(&operand).isIdentity()))
      return {};
  // The ops in between commute with the reduction: they do not use its
  // output and write nothing it reads.
  for (Operation *between = reduction->getNextNode(); between != consumer;
       between = between->getNextNode()) {
    if (touches(between, buffer))
      return {};
    for (OpOperand *input : reduction.getDpsInputOperands())
      if (isa<MemRefType>(input->get().getType()) &&
          touches(between, input->get()) &&
          !isa<memref::GetGlobalOp, arith::ConstantOp>(between)) {
        // A reader of the same input commutes; anything else might write.
        auto linalg = dyn_cast<linalg::LinalgOp>(between);
        if (!linalg || llvm::any_of(linalg.getDpsInits(),
                                    [&](Value v) { return v == input->get(); }))
          return {};
      }
  }
  return consumer;
}

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
    SmallVector<Value> results = reduction.empty()
                                     ? body(op, ivs, initValues())
                                     : reduce(reduction, ranges, initValues());
    if (extras.epilogue)
      runEpilogue(results.front());
    else
      store(op, ivs, results);
    return success();
  }

private:
  Value constant(int64_t value) {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  }

  /// The indices `map` gives at the iteration `at` (one value per dim).
  SmallVector<Value> indices(AffineMap map, ArrayRef<Value> at) {
    SmallVector<Value> result;
    for (AffineExpr expr : map.getResults()) {
      if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
        result.push_back(at[dim.getPosition()]);
        continue;
      }
      if (auto value = dyn_cast<AffineConstantExpr>(expr)) {
        result.push_back(constant(value.getValue()));
        continue;
      }
      SmallVector<Value> operands;
      for (unsigned d = 0; d < map.getNumDims(); ++d)
        operands.push_back(at[d] ? at[d] : constant(0));
      result.push_back(affine::AffineApplyOp::create(
          rewriter, loc, AffineMap::get(map.getNumDims(), 0, expr), operands));
    }
    return result;
  }

  Value load(linalg::GenericOp generic, OpOperand &operand,
             ArrayRef<Value> at) {
    Value source = operand.get();
    if (!isa<MemRefType>(source.getType()))
      return source; // a scalar operand (linalg.fill's value)
    return memref::LoadOp::create(
        rewriter, loc, source,
        indices(generic.getMatchingIndexingMap(&operand), at));
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
        values.push_back(load(op, init, ivs));
    }
    return values;
  }

  /// The body of `generic` at the iteration `at`, its outputs' block
  /// arguments bound to `outputs` and any argument in `given` to its value;
  /// returns what it yields.
  SmallVector<Value> body(linalg::GenericOp generic, ArrayRef<Value> at,
                          ArrayRef<Value> outputs,
                          const llvm::DenseMap<Value, Value> *given = nullptr) {
    IRMapping mapping;
    for (OpOperand *input : generic.getDpsInputOperands()) {
      BlockArgument argument = generic.getMatchingBlockArgument(input);
      Value value = given ? given->lookup(argument) : Value();
      mapping.map(argument, value ? value : load(generic, *input, at));
    }
    for (auto [init, value] : llvm::zip(generic.getDpsInitsMutable(), outputs))
      if (value)
        mapping.map(generic.getMatchingBlockArgument(&init), value);
    Block &block = generic.getRegion().front();
    for (Operation &inner : block.without_terminator()) {
      if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
        mapping.map(index.getResult(), at[index.getDim()]);
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
                                  ? body(op, ivs, carried)
                                  : reduce(dims.drop_front(), ranges, carried);
    scf::YieldOp::create(rewriter, loc, next);
    rewriter.setInsertionPointAfter(loop);
    return SmallVector<Value>(loop.getResults());
  }

  void store(linalg::GenericOp generic, ArrayRef<Value> at,
             ArrayRef<Value> results) {
    for (auto [init, value] : llvm::zip(generic.getDpsInitsMutable(), results))
      memref::StoreOp::create(
          rewriter, loc, value, init.get(),
          indices(generic.getMatchingIndexingMap(&init), at));
  }

  /// The epilogue on the finished sum `sum`, at the same output element.
  void runEpilogue(Value sum) {
    linalg::GenericOp epilogue = extras.epilogue;
    OpOperand &init = op.getDpsInitsMutable()[0];
    AffineMap output = op.getMatchingIndexingMap(&init);
    // The epilogue's dimension i is output dimension i.
    SmallVector<Value> at;
    for (unsigned i = 0; i < output.getNumResults(); ++i)
      at.push_back(ivs[output.getDimPosition(i)]);
    llvm::DenseMap<Value, Value> given;
    for (OpOperand *input : epilogue.getDpsInputOperands())
      if (input->get() == init.get())
        given[epilogue.getMatchingBlockArgument(input)] = sum;
    SmallVector<Value> outputs;
    for (OpOperand &out : epilogue.getDpsInitsMutable())
      outputs.push_back(epilogue.getMatchingBlockArgument(&out).use_empty()
                            ? Value()
                            : load(epilogue, out, at));
    store(epilogue, at, body(epilogue, at, outputs, &given));
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
        if (linalg::FillOp fill = precedingFill(generic, init.get())) {
          found.fills[init.getOperandNumber()] = fill.getInputs().front();
          rewriter.eraseOp(fill);
        }
      linalg::GenericOp epilogue = findEpilogue(generic);
      if (!epilogue || epilogues.contains(epilogue))
        continue;
      // What lies between moves before the reduction.
      for (Operation *between = generic->getNextNode(); between != epilogue;) {
        Operation *next = between->getNextNode();
        between->moveBefore(generic);
        between = next;
      }
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
        for (Operation *user : llvm::make_early_inc_range(buffer.getUsers()))
          rewriter.eraseOp(user);
        rewriter.eraseOp(buffer.getDefiningOp());
        continue;
      }
      rewriter.eraseOp(generic);
    }
  }
};

} // namespace
