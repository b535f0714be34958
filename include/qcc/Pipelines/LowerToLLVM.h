//===- LowerToLLVM.h - the CPU pipeline from qcost to LLVM ------*- C++ -*-===//
//
// `qcost-lower-to-llvm`: convert-qcost-to-linalg, convert-qcost-codec-to-arith,
// qcc-fuse-elementwise, bufferization with caller-allocated results, loops,
// and the LLVM dialect (docs/lowering.md).
// Every function gets the C interface (`_mlir_ciface_<name>`, memref
// descriptors by pointer, results as trailing out-parameters) and a packed
// entry point `qcc_packed_<name>(void **args)` (docs/running.md).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_PIPELINES_LOWERTOLLVM_H
#define QCC_PIPELINES_LOWERTOLLVM_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace qcc {

/// How qcost-lower-to-llvm computes i8 x i8 -> i32 contractions.
enum class Int8Kernels {
  /// VNNI kernels where the host CPU has AVX512-VNNI, else loops.
  Auto,
  /// qcc-vnni-contractions, whatever the host (for cross-compiling).
  Vnni,
  /// linalg's loops, vectorized by LLVM as it can.
  Loops,
};

/// The options of qcost-lower-to-llvm.
struct QCostToLLVMOptions
    : public mlir::PassPipelineOptions<QCostToLLVMOptions> {
  Option<Int8Kernels> int8Kernels{
      *this, "int8-kernels",
      llvm::cl::desc("How i8 x i8 -> i32 contractions with constant weights "
                     "are computed"),
      llvm::cl::init(Int8Kernels::Auto),
      llvm::cl::values(
          clEnumValN(Int8Kernels::Auto, "auto",
                     "VNNI kernels if the host has AVX512-VNNI, else loops"),
          clEnumValN(Int8Kernels::Vnni, "vnni",
                     "VNNI kernels (qcc-vnni-contractions)"),
          clEnumValN(Int8Kernels::Loops, "loops", "loops"))};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads that run the parallel loops (OpenMP; 1: no "
                     "OpenMP, the library needs no runtime)"),
      llvm::cl::init(1)};
};

/// Whether qcost-lower-to-llvm with `kernels` runs qcc-vnni-contractions
/// (`Auto`: the CPU this runs on has AVX-512 VNNI, and the AVX-512 F/BW the
/// kernels' other instructions need).
bool usesVnniKernels(Int8Kernels kernels);

/// Adds the passes of qcost-lower-to-llvm to `pm` (anchored on a module).
void buildQCostToLLVMPipeline(mlir::OpPassManager &pm,
                              const QCostToLLVMOptions &options = {});

/// The front every compiling pipeline shares (CPU and GPU): linalg on
/// storage codes with the native-integer path, the codec expanded,
/// canonicalization, qcc-fuse-elementwise.
void addLinalgOnCodesPasses(mlir::OpPassManager &pm);

/// Bufferization as qcc's pipelines do it: function boundaries with
/// identity layouts, results as out-parameters of public functions (their
/// static allocations hoisted to the caller with `hoistStaticAllocs`).
void addBufferizationPasses(mlir::OpPassManager &pm, bool hoistStaticAllocs);

/// Registers the external models the pipeline needs (bufferization of
/// arith/linalg/tensor/func) and the LLVM IR translations.
void registerQCostToLLVMDependencies(mlir::DialectRegistry &registry);

/// Registers the `qcost-lower-to-llvm` pipeline with the pass registry.
void registerQCostToLLVMPipeline();

/// Adds `qcc_packed_<name>(ptr)` next to every `_mlir_ciface_<name>` of an
/// LLVM-dialect module: it loads argument i from the i-th pointer of the
/// array and calls the C interface.
void addPackedEntryPoints(mlir::ModuleOp module);

} // namespace qcc

#endif // QCC_PIPELINES_LOWERTOLLVM_H
