//===- MapLoops.cpp - the qcc-gpu-map-loops pass --------------------------===//
//
// Every top-level loop nest of a host function becomes one gpu.launch: the
// perfectly nested parallel loops at its top are one flat index space, a
// thread per element, and each thread runs the rest of the nest (its
// reductions in registers, its epilogue) for its element.
//
//===----------------------------------------------------------------------===//

#include "qcc/Conversion/QCostToGPU/QCostToGPU.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace qcc {
#define GEN_PASS_DEF_QCCGPUMAPLOOPS
#include "qcc/Conversion/QCostToGPU/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

/// Whether `value` is defined outside `op` (and so available before it).
bool definedAbove(Value value, Operation *op) {
  return !op->isAncestor(value.getParentRegion()->getParentOp());
}

/// The perfectly nested loops at the top of `root` that are not reductions
/// and whose bounds are known before the nest starts.
SmallVector<scf::ForOp> parallelLoops(scf::ForOp root) {
  SmallVector<scf::ForOp> loops;
  for (scf::ForOp loop = root; loop;) {
    if (loop->hasAttr("qcc.reduction") || loop.getNumResults() != 0 ||
        !llvm::all_of(ValueRange{loop.getLowerBound(), loop.getUpperBound(),
                                 loop.getStep()},
                      [&](Value v) { return definedAbove(v, root); }))
      break;
    loops.push_back(loop);
    Block *body = loop.getBody();
    loop = body->getOperations().size() == 2
               ? dyn_cast<scf::ForOp>(body->front())
               : scf::ForOp();
  }
  return loops;
}

/// Ops that stay on the host: they only name memory.
bool namesMemory(Operation *op) {
  return isa<memref::GetGlobalOp, memref::SubViewOp, memref::CastOp,
             memref::ReinterpretCastOp, memref::ReshapeOp,
             memref::ExpandShapeOp, memref::CollapseShapeOp,
             memref::ExtractStridedMetadataOp, memref::AllocOp,
             memref::DeallocOp, func::ReturnOp>(op);
}

/// Whether `op` is a loop nest with parallel loops of its own kernel.
bool isParallelNest(Operation *op) {
  auto loop = dyn_cast<scf::ForOp>(op);
  return loop && !parallelLoops(loop).empty();
}

class MapLoops : public qcc::impl::QCCGpuMapLoopsBase<MapLoops> {
public:
  using QCCGpuMapLoopsBase::QCCGpuMapLoopsBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return;
    if (blockSize < 1 || blockSize > 1024) {
      function.emitError("qcc-gpu-map-loops: block-size must be 1 to 1024, "
                         "got ")
          << blockSize;
      return signalPassFailure();
    }
    if (!llvm::hasSingleElement(function.getBody())) {
      function.emitError("qcc-gpu-map-loops expects a function of one block");
      return signalPassFailure();
    }
    kernels = 0;
    SmallVector<Operation *> work;
    for (Operation &op : function.getBody().front())
      work.push_back(&op);
    llvm::SmallPtrSet<Operation *, 8> done;
    for (Operation *op : work) {
      if (done.contains(op))
        continue;
      if (failed(mapOp(op, done)))
        return signalPassFailure();
    }
  }

private:
  unsigned kernels = 0;
  using NoneKept = llvm::SmallPtrSet<Operation *, 1>;

  LogicalResult mapOp(Operation *op, llvm::SmallPtrSetImpl<Operation *> &done) {
    OpBuilder builder(op);
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      auto device = gpu::AllocOp::create(
          builder, alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
          /*asyncDependencies=*/ValueRange(), alloc.getDynamicSizes(),
          alloc.getSymbolOperands(), /*hostShared=*/false);
      alloc.replaceAllUsesWith(device.getMemref());
      alloc.erase();
      return success();
    }
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      gpu::DeallocOp::create(builder, dealloc.getLoc(), /*asyncToken=*/Type(),
                             ValueRange(), dealloc.getMemref());
      dealloc.erase();
      return success();
    }
    // Kernels of their own (qcc-gpu-tensor-cores) are already mapped.
    if (isa<gpu::LaunchOp>(op))
      return success();
    if (isParallelNest(op))
      return launch({op}, parallelLoops(cast<scf::ForOp>(op)), NoneKept());
    if (namesMemory(op) || isPure(op))
      return success();
    // One thread runs the op and what follows it up to the next parallel
    // nest or host op: scalar code (a whole-tensor sum and its store, the
    // loads and arithmetic of a one-element op).
    SmallVector<Operation *> group = {op};
    for (Operation *next = op->getNextNode();
         next && !next->hasTrait<OpTrait::IsTerminator>() &&
         !namesMemory(next) && !isParallelNest(next) &&
         !isa<gpu::LaunchOp>(next);
         next = next->getNextNode())
      group.push_back(next);
    // Pure ops the host still needs stay there too (their kernel copy is
    // a clone); anything else the host uses would be a device value.
    llvm::SmallPtrSet<Operation *, 8> members(group.begin(), group.end());
    llvm::SmallPtrSet<Operation *, 8> kept;
    for (Operation *member : llvm::reverse(group)) {
      bool usedOutside = llvm::any_of(member->getUsers(), [&](Operation *u) {
        return !members.contains(u) || kept.contains(u);
      });
      if (!usedOutside)
        continue;
      if (!isPure(member))
        return member->emitError("qcc-gpu-map-loops cannot run this op on "
                                 "the device: the host uses its results");
      kept.insert(member);
    }
    for (Operation *member : kept)
      for (Value operand : member->getOperands())
        if (Operation *def = operand.getDefiningOp();
            def && members.contains(def) && !kept.contains(def))
          return member->emitError("qcc-gpu-map-loops cannot keep this op "
                                   "on the host: it uses a device value");
    done.insert(group.begin(), group.end());
    return launch(group, {}, kept);
  }

  /// Replaces `ops` (consecutive, the first one the nest of `loops`) by a
  /// launch over the index space of `loops` (empty: one thread runs them);
  /// the ops in `kept` are copied into the kernel and stay on the host.
  LogicalResult launch(ArrayRef<Operation *> ops, SmallVector<scf::ForOp> loops,
                       const llvm::SmallPtrSetImpl<Operation *> &kept) {
    Operation *root = ops.front();
    Location loc = root->getLoc();
    OpBuilder builder(root);
    Value one = arith::ConstantIndexOp::create(builder, loc, 1);
    SmallVector<Value> trips;
    Value total = one;
    for (scf::ForOp loop : loops) {
      Value span = arith::SubIOp::create(builder, loc, loop.getUpperBound(),
                                         loop.getLowerBound());
      Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
      Value trip = arith::MaxSIOp::create(
          builder, loc,
          arith::CeilDivSIOp::create(builder, loc, span, loop.getStep()), zero);
      trips.push_back(trip);
      total = arith::MulIOp::create(builder, loc, total, trip);
    }
    Value threads = arith::ConstantIndexOp::create(builder, loc, blockSize);
    Value blocks = arith::CeilDivUIOp::create(builder, loc, total, threads);
    // An empty index space still launches one block, whose threads all
    // fail the bound check.
    blocks = arith::MaxUIOp::create(builder, loc, blocks, one);
    std::string name = (root->getParentOfType<func::FuncOp>().getSymName() +
                        "_k" + std::to_string(kernels++))
                           .str();
    auto launch = gpu::LaunchOp::create(
        builder, loc, blocks, one, one, threads, one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/{}, /*workgroupAttributions=*/{},
        /*privateAttributions=*/{}, nullptr, nullptr, nullptr,
        FlatSymbolRefAttr::get(builder.getContext(), qcc::kKernelModule),
        FlatSymbolRefAttr::get(builder.getContext(), name));
    Block &body = launch.getBody().front();
    builder.setInsertionPointToStart(&body);
    gpu::TerminatorOp::create(builder, loc);
    builder.setInsertionPointToStart(&body);

    // id = block * threads + thread; threads past the end do nothing.
    Value id = arith::AddIOp::create(
        builder, loc,
        arith::MulIOp::create(builder, loc, launch.getBlockIds().x, threads),
        launch.getThreadIds().x);
    Value inside = arith::CmpIOp::create(builder, loc,
                                         arith::CmpIPredicate::ult, id, total);
    auto guard = scf::IfOp::create(builder, loc, inside, /*withElse=*/false);
    builder.setInsertionPointToStart(&guard.getThenRegion().front());

    IRMapping mapping;
    Value rest = id;
    for (int i = int(loops.size()) - 1; i >= 0; --i) {
      Value index =
          i == 0 ? rest
                 : (Value)arith::RemUIOp::create(builder, loc, rest, trips[i]);
      if (i != 0)
        rest = arith::DivUIOp::create(builder, loc, rest, trips[i]);
      Value offset =
          arith::MulIOp::create(builder, loc, index, loops[i].getStep());
      mapping.map(loops[i].getInductionVar(),
                  arith::AddIOp::create(builder, loc, loops[i].getLowerBound(),
                                        offset));
    }
    if (loops.empty()) {
      for (Operation *op : ops)
        builder.clone(*op, mapping);
    } else {
      for (Operation &op : loops.back().getBody()->without_terminator())
        builder.clone(op, mapping);
    }
    for (Operation *op : llvm::reverse(ops))
      if (!kept.contains(op))
        op->erase();

    qcc::readGlobalsInside(launch);
    return success();
  }
};

} // namespace

void qcc::readGlobalsInside(gpu::LaunchOp launch) {
  Block &body = launch.getBody().front();
  llvm::SmallDenseMap<Value, Value> globals;
  launch.getBody().walk([&](Operation *op) {
    for (OpOperand &operand : op->getOpOperands()) {
      auto get = operand.get().getDefiningOp<memref::GetGlobalOp>();
      if (!get || launch->isAncestor(get))
        continue;
      Value &local = globals[get.getResult()];
      if (!local) {
        OpBuilder inner(&body, body.begin());
        local = inner.clone(*get)->getResult(0);
      }
      operand.set(local);
    }
  });
}
