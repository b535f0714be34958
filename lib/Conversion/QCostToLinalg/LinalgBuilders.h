//===- LinalgBuilders.h - the linalg ops the lowering builds ----*- C++ -*-===//
//
// Private to lib/Conversion/QCostToLinalg: elementwise generics over a
// result shape with block-broadcast operands, fills, element indices, and a
// decode of a tensor that also pads it.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_LINALGBUILDERS_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_LINALGBUILDERS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"

namespace qcc::lowering {

/// The block-broadcasting indexing map of a parameter of shape `param` for a
/// target of shape `target` (docs/semantics.md section 1).
mlir::AffineMap blockMap(mlir::MLIRContext *context,
                         llvm::ArrayRef<int64_t> target,
                         llvm::ArrayRef<int64_t> param);

/// Computes one element of a body from the block arguments of its inputs.
using BodyFn = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                              mlir::ValueRange)>;

/// A linalg.generic over `resultType`'s shape (all loops parallel) reading
/// `inputs` through `maps` and yielding what `body` computes.
mlir::Value elementwiseGeneric(mlir::OpBuilder &builder, mlir::Location loc,
                               mlir::RankedTensorType resultType,
                               mlir::ValueRange inputs,
                               llvm::ArrayRef<mlir::AffineMap> maps,
                               BodyFn body);

/// The same with every input block-broadcast to the result shape.
mlir::Value broadcastGeneric(mlir::OpBuilder &builder, mlir::Location loc,
                             mlir::RankedTensorType resultType,
                             mlir::ValueRange inputs, BodyFn body);

/// The row-major linear index (i64) of the current element of a
/// linalg.generic whose first `shape.size()` loops are the result's.
mlir::Value linearIndex(mlir::OpBuilder &b, mlir::Location loc,
                        llvm::ArrayRef<int64_t> shape);

/// A tensor of `shape` filled with `value`.
mlir::Value filled(mlir::OpBuilder &builder, mlir::Location loc,
                   llvm::ArrayRef<int64_t> shape, mlir::TypedAttr value);

/// A tensor of `element`s computed from each element of an NHWC tensor
/// `codes`, padded by [top, bottom, left, right] with `neutral`, in one loop
/// (a separate tensor.pad would bufferize into a strided copy).
mlir::Value paddedGeneric(
    mlir::OpBuilder &builder, mlir::Location loc, mlir::Value codes,
    mlir::Type element, llvm::ArrayRef<int64_t> padding,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::Value)>
        compute,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location)> neutral);

/// Whether any of [top, bottom, left, right] is nonzero.
bool isPadded(llvm::ArrayRef<int64_t> padding);

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_LINALGBUILDERS_H
