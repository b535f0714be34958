//===- PikeLPN.h - the qcost-pikelpn pipeline -------------------*- C++ -*-===//

#ifndef QCC_PIPELINES_PIKELPN_H
#define QCC_PIPELINES_PIKELPN_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace qcc::qcost {

/// Options of `qcost-pikelpn`; the defaults are PikeLPN's final
/// configuration (REFERENCE.md section 6, last row of Table 6).
struct PikeLPNPipelineOptions
    : public mlir::PassPipelineOptions<PikeLPNPipelineOptions> {
  Option<unsigned> potBits{*this, "pot-bits",
                           llvm::cl::desc("Width of the PoT pointwise and "
                                          "dense weights"),
                           llvm::cl::init(4)};
  Option<unsigned> linearBits{*this, "linear-bits",
                              llvm::cl::desc("Width of the linear depthwise "
                                             "and other weights"),
                              llvm::cl::init(8)};
  Option<std::string> policy{*this, "policy",
                             llvm::cl::desc("PoT layer choice: by-kind or "
                                            "by-distribution"),
                             llvm::cl::init("by-kind")};
  Option<unsigned> scaleBits{*this, "scale-bits",
                             llvm::cl::desc("Width of the QuantNorm scale "
                                            "before double quantization"),
                             llvm::cl::init(8)};
  Option<unsigned> biasBits{*this, "bias-bits",
                            llvm::cl::desc("Width of the QuantNorm bias"),
                            llvm::cl::init(16)};
};

/// PoT rewrite (PoT pointwise/dense, linear depthwise), QuantNorm, then
/// double quantization of every scale to a power of two.
void buildPikeLPNPipeline(mlir::OpPassManager &pm,
                          const PikeLPNPipelineOptions &options);

/// Registers `qcost-pikelpn` with the pass registry (qcc-opt's
/// `--pass-pipeline` and `--qcost-pikelpn`).
void registerQCostPipelines();

} // namespace qcc::qcost

#endif // QCC_PIPELINES_PIKELPN_H
