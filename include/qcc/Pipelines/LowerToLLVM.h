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

namespace qcc {

/// Adds the passes of qcost-lower-to-llvm to `pm` (anchored on a module).
void buildQCostToLLVMPipeline(mlir::OpPassManager &pm);

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
