//===- Translation.cpp - qcc-translate --qcost-to-ptx ---------------------===//

#include "qcc/Target/Ptx/Ptx.h"

#include "qcc/InitAllDialects.h"
#include "qcc/Pipelines/LowerToNVVM.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;

LogicalResult qcc::ptx::translateToPtx(ModuleOp module, StringRef chip,
                                       StringRef features, raw_ostream &os,
                                       bool tensorCores) {
  OwningOpRef<ModuleOp> lowered(module.clone());
  PassManager pm(module.getContext());
  QCostToNVVMOptions options;
  options.chip = chip.str();
  options.features = features.str();
  options.format = "isa";
  options.tensorCores = tensorCores;
  buildQCostToNVVMPipeline(pm, options);
  if (failed(pm.run(*lowered)))
    return failure();
  bool printed = false;
  for (auto binary : lowered->getOps<gpu::BinaryOp>())
    for (Attribute object : binary.getObjects()) {
      os << cast<gpu::ObjectAttr>(object).getObject().getValue();
      printed = true;
    }
  if (!printed)
    return emitError(module.getLoc()) << "the module has no GPU kernels";
  return success();
}

void qcc::ptx::registerToPtxTranslation() {
  static llvm::cl::opt<std::string> chip(
      "gpu-chip", llvm::cl::desc("--qcost-to-ptx: the GPU (sm_80, sm_90, ...)"),
      llvm::cl::init("sm_90"));
  static llvm::cl::opt<std::string> features(
      "gpu-features", llvm::cl::desc("--qcost-to-ptx: PTX features"),
      llvm::cl::init("+ptx80"));
  static llvm::cl::opt<bool> tensorCores(
      "gpu-tensor-cores",
      llvm::cl::desc("--qcost-to-ptx: 8-bit contractions on tensor cores"),
      llvm::cl::init(true));
  TranslateFromMLIRRegistration registration(
      "qcost-to-ptx", "Emit the PTX of qcost functions' GPU kernels",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return emitError(op->getLoc()) << "expected a module";
        return translateToPtx(module, chip, features, os, tensorCores);
      },
      [](DialectRegistry &registry) {
        registerQCCDialects(registry);
        registerQCostToNVVMDependencies(registry);
      });
}
