//===- ExactMath.cpp - the qcc-gpu-exact-math pass ------------------------===//

#include "qcc/Conversion/QCostToGPU/QCostToGPU.h"

#include "mlir/Dialect/Math/IR/Math.h"

namespace qcc {
#define GEN_PASS_DEF_QCCGPUEXACTMATH
#include "qcc/Conversion/QCostToGPU/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

class ExactMath : public qcc::impl::QCCGpuExactMathBase<ExactMath> {
public:
  void runOnOperation() override {
    SmallVector<math::SqrtOp> roots;
    getOperation().walk([&](math::SqrtOp sqrt) { roots.push_back(sqrt); });
    for (math::SqrtOp sqrt : roots) {
      Type type = sqrt.getType();
      StringRef intrinsic = type.isF32()   ? "llvm.nvvm.sqrt.rn.f"
                            : type.isF64() ? "llvm.nvvm.sqrt.rn.d"
                                           : StringRef();
      if (intrinsic.empty())
        continue; // vectors and narrow floats: none in qcc's kernels
      OpBuilder builder(sqrt);
      auto call = LLVM::CallIntrinsicOp::create(
          builder, sqrt.getLoc(), type, builder.getStringAttr(intrinsic),
          ValueRange{sqrt.getOperand()});
      sqrt.replaceAllUsesWith(call.getResult(0));
      sqrt.erase();
    }
  }
};

} // namespace
