//===- LowerToNVVM.h - qcost to GPU kernels for NVIDIA GPUs -----*- C++ -*-===//
//
// `qcost-lower-to-nvvm`: the CPU pipeline's front (convert-qcost-to-linalg
// with the native-integer path, the codec, qcc-fuse-elementwise,
// bufferization with results as out-parameters), loops that reduce in
// registers, one GPU kernel per loop nest (qcc-gpu-map-loops: a thread per
// output element), the weights in the device image, NVVM for the kernels
// and the GPU runtime calls for the host, and the kernels serialized by
// gpu-module-to-binary into PTX, a cubin or a fatbin for `chip`
// (docs/gpu.md).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_PIPELINES_LOWERTONVVM_H
#define QCC_PIPELINES_LOWERTONVVM_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace qcc {

struct QCostToNVVMOptions
    : public mlir::PassPipelineOptions<QCostToNVVMOptions> {
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("The GPU: sm_80, sm_90, ..."),
                           llvm::cl::init("sm_90")};
  Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX features (sm_90 needs PTX 8.0: +ptx80)"),
      llvm::cl::init("+ptx80")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu-module-to-binary makes: isa (PTX), bin "
                     "(cubin, by ptxas) or fatbin"),
      llvm::cl::init("isa")};
  Option<std::string> toolkit{
      *this, "toolkit", llvm::cl::desc("The CUDA toolkit (ptxas, libdevice)"),
      llvm::cl::init("/usr/local/cuda")};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("Threads per block"),
                            llvm::cl::init(256)};
  Option<bool> tensorCores{
      *this, "tensor-cores",
      llvm::cl::desc("Compute 8-bit contractions on tensor cores "
                     "(qcc-gpu-tensor-cores); false: every op on the exact "
                     "path, one thread per output element"),
      llvm::cl::init(true)};
};

/// Adds the passes of qcost-lower-to-nvvm to `pm` (on a module).
void buildQCostToNVVMPipeline(mlir::OpPassManager &pm,
                              const QCostToNVVMOptions &options);

/// What the pipeline needs registered beyond its passes' dialects: the
/// bufferization models and the NVVM target (serialization).
void registerQCostToNVVMDependencies(mlir::DialectRegistry &registry);

/// Registers the `qcost-lower-to-nvvm` pipeline and qcc's GPU passes.
void registerQCostToNVVMPipeline();

} // namespace qcc

#endif // QCC_PIPELINES_LOWERTONVVM_H
