//===- CompiledModule.h - qcost functions compiled ahead of time -*- C++
//-*-===//
//
// Ahead-of-time compilation of a qcost module: qcost-lower-to-llvm (CPU) or
// qcost-lower-to-nvvm (GPU), LLVM IR, a shared library built by clang,
// loaded and called through the packed entry points. Arguments and results
// are the reference evaluator's tensors (codes), so the modes are compared
// value for value; on the GPU they are copied to and from device buffers.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_RUNTIME_COMPILEDMODULE_H
#define QCC_RUNTIME_COMPILEDMODULE_H

#include "qcc/Pipelines/LowerToLLVM.h"
#include "qcc/Support/CodeTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace qcc::runtime {

/// Where compiled functions run.
enum class Device { CPU, GPU };

struct CompileOptions {
  /// The CPU (qcost-lower-to-llvm) or an NVIDIA GPU (qcost-lower-to-nvvm,
  /// kernels as a fatbin in the library, the CUDA runtime linked in;
  /// docs/gpu.md).
  Device device = Device::CPU;
  /// CPU: how i8 x i8 -> i32 contractions are computed (auto: VNNI
  /// kernels where the host has AVX512-VNNI).
  Int8Kernels int8Kernels = Int8Kernels::Auto;
  /// CPU: threads that run the parallel loops (OpenMP, libomp linked in;
  /// 1: none).
  unsigned threads = 1;
  /// GPU: the chip the kernels are compiled for.
  std::string gpuChip = "sm_90";
  /// GPU: 8-bit contractions on tensor cores (qcc-gpu-tensor-cores).
  bool gpuTensorCores = true;
  /// GPU: the kernels as a fatbin with their PTX (a later chip can JIT
  /// it), or (false) as a cubin for `gpuChip` alone: smaller where the
  /// weights dominate (their PTX is text), larger where code does (the
  /// fatbin is compressed); bundles use cubins (docs/gpu.md).
  bool gpuEmbedPtx = true;
  /// GPU: also write the kernels' PTX here (empty: no).
  std::string ptxPath;
  /// Load the library (false: build it only, e.g. to save it on a machine
  /// without a GPU).
  bool load = true;
  /// Where built libraries are kept, by a hash of what clang would build
  /// (the bitcode, clang and its flags, the linked runtime), so that the
  /// same module compiled again is not rebuilt: empty for $QCC_CACHE_DIR,
  /// else $XDG_CACHE_HOME/qcc, else ~/.cache/qcc; "none" (also as
  /// $QCC_CACHE_DIR) for no cache.
  std::string cacheDirectory;
  /// The compiler that builds the shared library from LLVM IR (empty:
  /// $QCC_CLANG, else the clang of the LLVM qcc was built with).
  std::string clang;
  /// Extra clang flags (optimization level, target).
  std::vector<std::string> flags = {"-O2", "-march=native"};
  /// Also keep the shared library here (empty: temporary only).
  std::string libraryPath;
  /// Also write the LLVM IR here (empty: no).
  std::string llvmIRPath;
};

/// The bytes of `tensor` as compiled code reads and writes them: per element
/// the storage type's bytes (qcc/Runtime/TensorIO.h), signed codes sign
/// extended. Empty for element types compiled code does not exchange.
std::vector<uint8_t> storageBytes(const CodeTensor &tensor);

/// The bytes of one element of `element` in that layout (0: none).
unsigned storageElementBytes(mlir::Type element);

/// A module's functions compiled into a loaded shared library.
class CompiledModule {
public:
  /// Lowers a clone of `module` and builds and loads the library. With
  /// `functions`, only those (and what they call) are compiled. Errors are
  /// reported through the module's context (lowering errors at their ops).
  static mlir::FailureOr<std::unique_ptr<CompiledModule>>
  compile(mlir::ModuleOp module, const CompileOptions &options = {},
          llvm::ArrayRef<std::string> functions = {});

  ~CompiledModule();

  /// Whether the library came from the cache (clang did not run).
  bool fromCache() const { return cacheHit; }

  /// Runs `function` on `inputs` (codes of the declared argument types) and
  /// returns its results. Errors (unknown function, argument count, shape)
  /// are emitted at `loc`.
  mlir::FailureOr<std::vector<CodeTensor>>
  run(llvm::StringRef function, llvm::ArrayRef<CodeTensor> inputs,
      mlir::Location loc);

private:
  CompiledModule() = default;

  struct Entry {
    mlir::FunctionType type;
    void (*packed)(void **) = nullptr;
  };
  /// The GPU runtime's entry points in the library (lib/Runtime/Cuda).
  struct GpuRuntime {
    const char *(*takeError)() = nullptr;
    int (*deviceCount)() = nullptr;
    void *(*alloc)(uint64_t) = nullptr;
    void (*free)(void *) = nullptr;
    void (*toDevice)(void *, const void *, uint64_t) = nullptr;
    void (*toHost)(void *, const void *, uint64_t) = nullptr;
  };
  void *handle = nullptr;
  bool cacheHit = false;
  llvm::StringMap<Entry> entries;
  Device device = Device::CPU;
  GpuRuntime gpu;
  /// An error of loading the kernels (when the library was loaded).
  std::string gpuLoadError;
  /// GPU: per function, the device buffers of its arguments and results,
  /// allocated by its first run and kept until the module goes.
  llvm::StringMap<std::vector<void *>> deviceBuffers;
  /// Calls run one at a time: a function's buffers are one static arena
  /// (qcc-plan-buffers), and its device buffers are kept.
  std::mutex calls;
};

} // namespace qcc::runtime

#endif // QCC_RUNTIME_COMPILEDMODULE_H
