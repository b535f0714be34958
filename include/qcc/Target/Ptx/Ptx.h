//===- Ptx.h - qcost functions as PTX ---------------------------*- C++ -*-===//
//
// `qcc-translate --qcost-to-ptx`: runs qcost-lower-to-nvvm with format=isa
// and prints the PTX of the kernels (one module for the whole input), so
// that ptxas, lit tests and users can read what the GPU runs.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TARGET_PTX_PTX_H
#define QCC_TARGET_PTX_PTX_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace qcc::ptx {

/// Lowers a clone of `module` for `chip` (with PTX `features`) and writes
/// the PTX of its kernels to `os`, with 8-bit contractions on tensor cores
/// unless `tensorCores` is false. Errors go to the module's context.
mlir::LogicalResult translateToPtx(mlir::ModuleOp module, llvm::StringRef chip,
                                   llvm::StringRef features,
                                   llvm::raw_ostream &os,
                                   bool tensorCores = true);

/// Registers `--qcost-to-ptx` (options --gpu-chip, --gpu-features,
/// --gpu-tensor-cores).
void registerToPtxTranslation();

} // namespace qcc::ptx

#endif // QCC_TARGET_PTX_PTX_H
