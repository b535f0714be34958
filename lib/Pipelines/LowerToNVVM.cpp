//===- LowerToNVVM.cpp - the GPU pipeline from qcost to NVVM --------------===//

#include "qcc/Pipelines/LowerToNVVM.h"

#include "qcc/Conversion/Passes.h"
#include "qcc/Conversion/QCostToGPU/QCostToGPU.h"
#include "qcc/Pipelines/LowerToLLVM.h"
#include "qcc/Pipelines/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUCommon/GPUToLLVM.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVM.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;

namespace {

/// NVPTX has no library to call for integer division or float-integer
/// conversions wider than 64 bits (the codec's i128 and i256 arithmetic:
/// exact averages, wide significands), and fails in instruction selection
/// on them. LLVM expands both inline (ExpandLargeDivRem, ExpandFp) past a
/// width these process-wide options set, unless the user set them.
void expandWideIntegerArithmetic() {
  auto &registered = llvm::cl::getRegisteredOptions();
  for (StringRef name : {"expand-div-rem-bits", "expand-fp-convert-bits"}) {
    auto found = registered.find(name);
    if (found != registered.end() && found->second->getNumOccurrences() == 0)
      (void)found->second->addOccurrence(0, name, "64");
  }
}

} // namespace

void qcc::buildQCostToNVVMPipeline(OpPassManager &pm,
                                   const QCostToNVVMOptions &options) {
  expandWideIntegerArithmetic();
  // The front of the CPU pipeline: linalg on storage codes (the native
  // integer path where it applies), the codec expanded, elementwise fusion.
  addLinalgOnCodesPasses(pm);
  addBufferizationPasses(pm, /*hoistStaticAllocs=*/true);
  // Results computed in their out-parameters, not copied there by a kernel.
  pm.addNestedPass<func::FuncOp>(createQCCResultsInPlace());
  pm.addPass(createQCCStridedCopiesToLinalg());
  // Deallocation while the work is still linalg ops (it rejects the
  // kernels' barriers); the frees between a sum and its epilogue wait.
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCanonicalizerPass());
  // 8-bit contractions (with their fills and epilogues) as tensor-core
  // kernels; what remains goes through the exact path: loops whose
  // reductions are registers (fills as their initial values, elementwise
  // epilogues in their loops).
  if (options.tensorCores)
    pm.addNestedPass<func::FuncOp>(createQCCGpuTensorCores());
  pm.addNestedPass<func::FuncOp>(createQCCLinalgToRegisterLoops());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  QCCGpuMapLoopsOptions mapping;
  mapping.blockSize = options.blockSize;
  pm.addNestedPass<func::FuncOp>(createQCCGpuMapLoops(mapping));
  // Outlining copies the globals kernels read (the weights) into the GPU
  // module; symbol-dce drops the host copies nothing reads any more.
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createSymbolDCEPass());
  // Allocations, launches and frees in stream order (gpu-to-llvm lowers
  // only the asynchronous forms to runtime calls).
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());

  // The kernels: NVVM (math through libdevice), before any arith-to-llvm,
  // which would turn arith.remf into an llvm.frem NVPTX cannot select.
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(memref::createExpandStridedMetadataPass());
  kernels.addPass(createQCCGpuExactMath());
  kernels.addPass(createConvertGpuOpsToNVVMOps());
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());

  // The host: launches as GPU runtime calls, a C interface and packed entry
  // points as the CPU pipeline gives them.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createQCCEmitCInterface());
  pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createQCCPackedEntryPoints());

  GpuModuleToBinaryPassOptions binary;
  binary.toolkitPath = options.toolkit;
  binary.compilationTarget = options.format;
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

void qcc::registerQCostToNVVMDependencies(DialectRegistry &registry) {
  registerQCostToLLVMDependencies(registry);
  registry.insert<gpu::GPUDialect>();
  // convert-gpu-to-nvvm and gpu-to-llvm take every dialect's LLVM patterns
  // from these interfaces.
  arith::registerConvertArithToLLVMInterface(registry);
  cf::registerConvertControlFlowToLLVMInterface(registry);
  registerConvertFuncToLLVMInterface(registry);
  gpu::registerConvertGpuToLLVMInterface(registry);
  index::registerConvertIndexToLLVMInterface(registry);
  registerConvertMathToLLVMInterface(registry);
  registerConvertMemRefToLLVMInterface(registry);
  registerConvertNVVMToLLVMInterface(registry);
  ub::registerConvertUBToLLVMInterface(registry);
  vector::registerConvertVectorToLLVMInterface(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerNVVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
}

void qcc::registerQCostToNVVMPipeline() {
  registerQCCGpuPasses();
  PassPipelineRegistration<QCostToNVVMOptions>(
      "qcost-lower-to-nvvm",
      "Lower qcost functions to GPU kernels for NVIDIA GPUs (a kernel per "
      "loop nest, a thread per output element) serialized to PTX, cubin or "
      "fatbin, and host code calling the GPU runtime",
      [](OpPassManager &pm, const QCostToNVVMOptions &options) {
        buildQCostToNVVMPipeline(pm, options);
      });
}
