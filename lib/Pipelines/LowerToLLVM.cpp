//===- LowerToLLVM.cpp - the CPU pipeline from qcost to LLVM --------------===//

#include "qcc/Pipelines/LowerToLLVM.h"

#include "qcc/Conversion/Passes.h"
#include "qcc/Pipelines/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

void qcc::addLinalgOnCodesPasses(OpPassManager &pm) {
  pm.addPass(createConvertQCostToLinalg());
  pm.addPass(createConvertQCostCodecToArith());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createQCCFuseElementwise());
  // The fused bodies' guards against NaN, infinities and overflow that
  // their inputs' ranges decide go.
  pm.addNestedPass<func::FuncOp>(createQCCFoldValueRanges());
  pm.addPass(createCanonicalizerPass());
}

void qcc::addBufferizationPasses(OpPassManager &pm, bool hoistStaticAllocs) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = hoistStaticAllocs;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
}

bool qcc::usesVnniKernels(Int8Kernels kernels) {
  if (kernels != Int8Kernels::Auto)
    return kernels == Int8Kernels::Vnni;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  return features.lookup("avx512f") && features.lookup("avx512bw") &&
         features.lookup("avx512vnni");
}

void qcc::buildQCostToLLVMPipeline(OpPassManager &pm,
                                   const QCostToLLVMOptions &options) {
  addLinalgOnCodesPasses(pm);
  addBufferizationPasses(pm, /*hoistStaticAllocs=*/true);
  // Results computed in their out-parameters, not copied there at the end.
  pm.addNestedPass<func::FuncOp>(createQCCResultsInPlace());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  bool threaded = options.threads > 1;
  if (usesVnniKernels(options.int8Kernels)) {
    QCCVnniContractionsOptions vnni;
    vnni.parallel = threaded;
    pm.addPass(createQCCVnniContractions(vnni));
  }
  // The intermediate buffers in one arena per function: no malloc per call.
  pm.addPass(createQCCPlanBuffers());
  pm.addPass(createQCCStridedCopiesToLinalg());
  if (threaded) {
    // Every parallel dimension of a linalg op, and the VNNI kernels' pixel
    // loops, shared among the threads.
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
    pm.addNestedPass<func::FuncOp>(createQCCCoarsenParallelLoops());
    ConvertSCFToOpenMPPassOptions openmp;
    openmp.numThreads = options.threads;
    pm.addPass(createConvertSCFToOpenMPPass(openmp));
    pm.addPass(createQCCInlineAllocaScopes());
  } else {
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  }
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createQCCEmitCInterface());
  pm.addPass(createConvertFuncToLLVMPass());
  // After the functions have their C interface (this converts them too).
  if (threaded)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createQCCPackedEntryPoints());
}

void qcc::registerQCostToLLVMDependencies(DialectRegistry &registry) {
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
}

void qcc::registerQCostToLLVMPipeline() {
  registerQCCPipelinesPasses();
  PassPipelineRegistration<QCostToLLVMOptions>(
      "qcost-lower-to-llvm",
      "Lower qcost functions to the LLVM dialect for the CPU (linalg on "
      "storage codes, the codec expanded, VNNI kernels, caller-allocated "
      "results, C interface)",
      [](OpPassManager &pm, const QCostToLLVMOptions &options) {
        buildQCostToLLVMPipeline(pm, options);
      });
}

void qcc::addPackedEntryPoints(ModuleOp module) {
  MLIRContext *context = module.getContext();
  OpBuilder builder(context);
  auto pointer = LLVM::LLVMPointerType::get(context);
  SmallVector<LLVM::LLVMFuncOp> interfaces;
  for (auto function : module.getOps<LLVM::LLVMFuncOp>())
    if (function.getName().starts_with("_mlir_ciface_") &&
        !function.isExternal())
      interfaces.push_back(function);
  for (LLVM::LLVMFuncOp interface : interfaces) {
    Location loc = interface.getLoc();
    std::string name = ("qcc_packed_" +
                        interface.getName().drop_front(strlen("_mlir_ciface_")))
                           .str();
    builder.setInsertionPointToEnd(module.getBody());
    auto packed = LLVM::LLVMFuncOp::create(
        builder, loc, name,
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context),
                                    {pointer}));
    Block *entry = packed.addEntryBlock(builder);
    builder.setInsertionPointToStart(entry);
    SmallVector<Value> arguments;
    for (auto [index, type] :
         llvm::enumerate(interface.getFunctionType().getParams())) {
      Value slot = LLVM::GEPOp::create(
          builder, loc, pointer, pointer, entry->getArgument(0),
          ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
      Value address = LLVM::LoadOp::create(builder, loc, pointer, slot);
      // Scalars are passed by address too; memrefs are descriptor pointers.
      arguments.push_back(
          isa<LLVM::LLVMPointerType>(type)
              ? address
              : (Value)LLVM::LoadOp::create(builder, loc, type, address));
    }
    LLVM::CallOp::create(builder, loc, interface, arguments);
    LLVM::ReturnOp::create(builder, loc, ValueRange{});
  }
}
