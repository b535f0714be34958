//===- PipelinePasses.cpp - the passes of qcc's pipelines -----------------===//

#include "qcc/Pipelines/LowerToLLVM.h"
#include "qcc/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qcc {
#define GEN_PASS_DEF_QCCFUSEELEMENTWISE
#define GEN_PASS_DEF_QCCEMITCINTERFACE
#define GEN_PASS_DEF_QCCSTRIDEDCOPIESTOLINALG
#define GEN_PASS_DEF_QCCPACKEDENTRYPOINTS
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

/// Whether fusing `operand`'s producer into its owner computes nothing
/// twice: both elementwise, one use, read element by element.
bool fusesWithoutRecomputation(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
  if (!producer || !producer->hasOneUse() || !consumer)
    return false;
  if (consumer.getNumReductionLoops() != 0)
    return false;
  return consumer.getMatchingIndexingMap(operand).isPermutation();
}

struct FuseElementwisePass
    : qcc::impl::QCCFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns,
                                                 fusesWithoutRecomputation);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

struct EmitCInterfacePass
    : qcc::impl::QCCEmitCInterfaceBase<EmitCInterfacePass> {
  void runOnOperation() override {
    for (auto function : getOperation().getOps<func::FuncOp>())
      if (function.isPublic() && !function.isExternal())
        function->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                          UnitAttr::get(&getContext()));
  }
};

struct StridedCopiesToLinalgPass
    : qcc::impl::QCCStridedCopiesToLinalgBase<StridedCopiesToLinalgPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      auto contiguous = [](Value value) {
        auto type = dyn_cast<MemRefType>(value.getType());
        return type && type.getLayout().isIdentity();
      };
      if (!contiguous(copy.getSource()) || !contiguous(copy.getTarget()))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    }
  }
};

struct PackedEntryPointsPass
    : qcc::impl::QCCPackedEntryPointsBase<PackedEntryPointsPass> {
  void runOnOperation() override { qcc::addPackedEntryPoints(getOperation()); }
};

} // namespace
