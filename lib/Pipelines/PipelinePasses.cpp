//===- PipelinePasses.cpp - the passes of qcc's pipelines -----------------===//

#include "qcc/Pipelines/LowerToLLVM.h"
#include "qcc/Pipelines/Passes.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qcc {
#define GEN_PASS_DEF_QCCFUSEELEMENTWISE
#define GEN_PASS_DEF_QCCEMITCINTERFACE
#define GEN_PASS_DEF_QCCSTRIDEDCOPIESTOLINALG
#define GEN_PASS_DEF_QCCPACKEDENTRYPOINTS
#define GEN_PASS_DEF_QCCINLINEALLOCASCOPES
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

/// Whether an op only moves bits: recomputing it costs multiplexers.
bool movesBits(Operation &op) {
  if (auto decode = dyn_cast<qcc::qcost::DecodeOp>(op))
    return decode.getNumberFormat().getKind() != qcc::FormatKind::Float &&
           isa<IntegerType>(decode.getValue().getType());
  return isa<arith::ConstantOp, arith::SelectOp, arith::CmpIOp, arith::AndIOp,
             arith::OrIOp, arith::XOrIOp, arith::ExtSIOp, arith::ExtUIOp,
             arith::TruncIOp, arith::IndexCastOp, arith::AddIOp, arith::SubIOp,
             arith::MinSIOp, arith::MaxSIOp, arith::ShLIOp, linalg::IndexOp,
             linalg::YieldOp, tensor::ExtractOp>(op);
}

/// The producer of `operand` has one use and a body that only moves bits.
bool fusesBitMoves(OpOperand *operand) {
  auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
  if (!producer || !producer->hasOneUse())
    return false;
  return llvm::all_of(producer.getRegion().front(), movesBits);
}

struct FuseElementwisePass
    : qcc::impl::QCCFuseElementwiseBase<FuseElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    bool bitMoves = bitMovesIntoReductions;
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [bitMoves](OpOperand *operand) {
          return fusesWithoutRecomputation(operand) ||
                 (bitMoves && fusesBitMoves(operand));
        });
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

struct QCCInlineAllocaScopesPass
    : qcc::impl::QCCInlineAllocaScopesBase<QCCInlineAllocaScopesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation()->walk([&](memref::AllocaScopeOp scope) {
      bool allocates = false;
      scope->walk([&](memref::AllocaOp) { allocates = true; });
      if (!allocates && scope.getBodyRegion().hasOneBlock())
        scopes.push_back(scope);
    });
    for (memref::AllocaScopeOp scope : scopes) {
      Block &body = scope.getBodyRegion().front();
      Operation *terminator = body.getTerminator();
      scope->replaceAllUsesWith(terminator->getOperands());
      terminator->erase();
      scope->getBlock()->getOperations().splice(Block::iterator(scope),
                                                body.getOperations());
      scope->erase();
    }
  }
};

} // namespace
