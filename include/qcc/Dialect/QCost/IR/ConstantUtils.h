//===- ConstantUtils.h - read and write constant tensors --------*- C++ -*-===//
//
// The rewrites read weights, scales and batch-norm parameters as real values
// and write re-encoded constants back. Both directions go through the format
// library (qcc::NumberFormat), so a constant means the same to every pass,
// the reference semantics and the backends.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCOST_IR_CONSTANTUTILS_H
#define QCC_DIALECT_QCOST_IR_CONSTANTUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include "qcc/Format/NumberFormat.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace qcc::qcost {

/// The exact real values, in row-major order, of a constant tensor: a
/// `qcost.constant` (its codes decoded) or an `arith.constant` with a dense or
/// `dense_resource` integer or float attribute. std::nullopt when `value` is
/// not such a constant, its data is unavailable (an elided resource), or a
/// value is not finite.
std::optional<llvm::SmallVector<double>> getConstantValues(mlir::Value value);

/// Materialises `values` as a constant of `type`: a `qcost.constant` with
/// integer codes (stored in the narrowest of i8/i16/i32/i64 that holds them)
/// when the element type is a qcost format, an `arith.constant` for builtin
/// integer and float element types. Each value is encoded with nearest-even
/// rounding and saturation; callers that need exactness check first.
mlir::Value createConstant(mlir::OpBuilder &builder, mlir::Location loc,
                           mlir::RankedTensorType type,
                           llvm::ArrayRef<double> values);

/// The qcost type of a format (`!qcost.fixed`, `!qcost.pot`, ...).
mlir::Type getFormatType(mlir::MLIRContext *context,
                         const qcc::NumberFormat &format);

/// Erases the ops defining `values` that are constants without uses left;
/// a value may appear several times.
void eraseUnusedConstants(llvm::ArrayRef<mlir::Value> values);

/// The exponent of the least significant bit of a format's values: -F for
/// fixed point, minExp for power of two, 0 for binary and integers;
/// std::nullopt for floats (no fixed grid).
std::optional<int> getLsbExponent(mlir::Type type);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_IR_CONSTANTUTILS_H
