//===- ResultsInPlace.cpp - the qcc-results-in-place pass -----------------===//

#include "qcc/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace qcc {
#define GEN_PASS_DEF_QCCRESULTSINPLACE
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

struct ResultsInPlacePass
    : qcc::impl::QCCResultsInPlaceBase<ResultsInPlacePass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal() || !function.getBody().hasOneBlock())
      return;
    Block &body = function.getBody().front();
    // The copies just before the return, last first.
    auto ret = dyn_cast<func::ReturnOp>(body.getTerminator());
    if (!ret)
      return;
    Operation *cursor = ret->getPrevNode();
    while (auto copy = dyn_cast_or_null<memref::CopyOp>(cursor)) {
      cursor = copy->getPrevNode();
      auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
      auto out = dyn_cast<BlockArgument>(copy.getTarget());
      if (!alloc || !out || out.getOwner() != &body || !out.hasOneUse() ||
          alloc.getType() != out.getType() || !alloc.getType().hasStaticShape())
        continue;
      // The buffer must not escape: only memref ops and structured ops of
      // this function use it.
      bool escapes = llvm::any_of(alloc->getUsers(), [&](Operation *user) {
        return isa<func::ReturnOp, func::CallOp>(user);
      });
      if (escapes)
        continue;
      copy.erase();
      alloc.getResult().replaceAllUsesWith(out);
      alloc.erase();
    }
  }
};

} // namespace
