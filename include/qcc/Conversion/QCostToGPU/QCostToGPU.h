//===- QCostToGPU.h - qcc's GPU passes --------------------------*- C++ -*-===//
//
// The passes that take qcc's loop nests to GPU kernels (docs/gpu.md):
// qcc-gpu-tensor-cores (8-bit contractions as mma.sync kernels tiled
// through shared memory), qcc-gpu-map-loops (one thread per output element,
// device buffers, one GPU module with the weights) and qcc-gpu-exact-math
// (correctly rounded square roots).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_CONVERSION_QCOSTTOGPU_QCOSTTOGPU_H
#define QCC_CONVERSION_QCOSTTOGPU_QCOSTTOGPU_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace qcc {

#define GEN_PASS_DECL
#include "qcc/Conversion/QCostToGPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qcc/Conversion/QCostToGPU/Passes.h.inc"

/// The GPU module every kernel of qcc-gpu-map-loops and
/// qcc-gpu-tensor-cores outlines into (one PTX file, one module load).
inline constexpr llvm::StringLiteral kKernelModule = "qcc_kernels";

/// Makes the ops in `launch` read the globals they use (the weights) through
/// `memref.get_global`s inside it, so that gpu-kernel-outlining copies the
/// globals into the GPU module instead of passing host addresses.
void readGlobalsInside(mlir::gpu::LaunchOp launch);

} // namespace qcc

#endif // QCC_CONVERSION_QCOSTTOGPU_QCOSTTOGPU_H
