//===- LoopBodies.h - linalg bodies written out as scalar code --*- C++ -*-===//
//
// What the backends that write a reduction's loops themselves share
// (qcc-linalg-to-register-loops for the HLS and GPU pipelines, and the
// tensor-core kernels of qcc-gpu-tensor-cores): finding the linalg.fill that
// initializes a reduction's output and the elementwise op that consumes it
// (its epilogue), and emitting a generic's body as scalar code at one
// iteration point.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_PIPELINES_LOOPBODIES_H
#define QCC_PIPELINES_LOOPBODIES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace qcc {

/// The linalg.fill that last wrote all of `buffer` before `op`, in the same
/// block with nothing using the buffer in between; null if there is none.
mlir::linalg::FillOp precedingFill(mlir::Operation *op, mlir::Value buffer);

/// The elementwise consumer of `reduction`'s only output that can run in the
/// reduction's loops, element by element: the output is an allocation
/// nothing else uses, the consumer reads it through the identity, and what
/// lies between the two commutes with the reduction. Null if there is none.
mlir::linalg::GenericOp findEpilogue(mlir::linalg::LinalgOp reduction);

/// Moves the ops between `reduction` and `epilogue` (which
/// findEpilogue found to commute with the reduction) before the reduction,
/// and the deallocations among them after the epilogue.
void hoistOpsBetween(mlir::Operation *reduction, mlir::Operation *epilogue);

/// Erases `buffer`'s allocation and its remaining users (deallocations),
/// once its reduction and epilogue have been replaced by code that keeps
/// the sums in registers.
void eraseSumsBuffer(mlir::Value buffer);

/// The indices `map` gives at the iteration point `at` (one index per loop
/// dimension; null for dimensions no result uses).
llvm::SmallVector<mlir::Value> mapIndices(mlir::OpBuilder &builder,
                                          mlir::Location loc,
                                          mlir::AffineMap map,
                                          llvm::ArrayRef<mlir::Value> at);

/// The element of `operand` (a buffer, or a scalar such as linalg.fill's
/// value, returned as is) that `op` reads at the iteration point `at`.
mlir::Value loadOperand(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::linalg::LinalgOp op, mlir::OpOperand &operand,
                        llvm::ArrayRef<mlir::Value> at);

/// `generic`'s body at the iteration point `at`, its outputs' block
/// arguments bound to `outputs` (null where the body does not read them)
/// and any block argument in `given` to its value; returns what it yields.
llvm::SmallVector<mlir::Value>
emitBody(mlir::OpBuilder &builder, mlir::Location loc,
         mlir::linalg::GenericOp generic, llvm::ArrayRef<mlir::Value> at,
         llvm::ArrayRef<mlir::Value> outputs,
         const llvm::DenseMap<mlir::Value, mlir::Value> *given = nullptr);

/// Stores `results` into `op`'s outputs at the iteration point `at`.
void storeResults(mlir::OpBuilder &builder, mlir::Location loc,
                  mlir::linalg::LinalgOp op, llvm::ArrayRef<mlir::Value> at,
                  mlir::ValueRange results);

/// Runs `epilogue` on the finished sum `sum` of `reduction`'s output element
/// at the reduction's iteration point `at`, and stores what it computes.
void emitEpilogue(mlir::OpBuilder &builder, mlir::Location loc,
                  mlir::linalg::LinalgOp reduction,
                  mlir::linalg::GenericOp epilogue,
                  llvm::ArrayRef<mlir::Value> at, mlir::Value sum);

} // namespace qcc

#endif // QCC_PIPELINES_LOOPBODIES_H
