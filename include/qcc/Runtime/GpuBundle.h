//===- GpuBundle.h - GPU libraries to run without MLIR ----------*- C++ -*-===//
//
// A bundle is a directory that runs and checks compiled GPU code on a
// machine with nothing but the NVIDIA driver (docs/gpu.md): the GPU library
// of some functions (kernels, host code, qcc's CUDA runtime), the
// qcc-gpu-runner program, each function's inputs, the reference evaluator's
// results for them (computed where the bundle is written), and a text
// manifest naming them.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_RUNTIME_GPUBUNDLE_H
#define QCC_RUNTIME_GPUBUNDLE_H

#include "qcc/Support/CodeTensor.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <utility>
#include <vector>

namespace qcc::runtime {

struct GpuBundleOptions {
  /// The chip the kernels are compiled for.
  std::string chip = "sm_90";
  /// 8-bit contractions on tensor cores (qcc-gpu-tensor-cores).
  bool tensorCores = true;
  /// The qcc-gpu-runner to copy in (empty: the one next to the running
  /// program, else in the build's bin/).
  std::string runner;
  /// Also write the kernels' PTX here (empty: no).
  std::string ptxPath;
  /// Where the expected results come from: the reference evaluator, the
  /// CPU library (bit-identical to it, and fast enough for large GEMMs), or
  /// nowhere (the runner then only times the call).
  enum class Expected {
    Reference,
    CompiledCpu,
    None
  } expected = Expected::Reference;
  /// Functions whose calls are only timed, whatever `expected` says (the
  /// runner fills their inputs, so a large batch adds nothing to the
  /// bundle).
  std::vector<std::string> timedOnly;
};

/// Compiles `calls`' functions of `module` into one GPU library in
/// `directory` and writes each call's inputs and reference results and the
/// manifest. Errors go to the module's context.
mlir::LogicalResult writeGpuBundle(
    mlir::ModuleOp module,
    llvm::ArrayRef<std::pair<std::string, std::vector<CodeTensor>>> calls,
    llvm::StringRef directory, const GpuBundleOptions &options);

} // namespace qcc::runtime

#endif // QCC_RUNTIME_GPUBUNDLE_H
