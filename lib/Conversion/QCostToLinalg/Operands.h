//===- Operands.h - how operands enter exact arithmetic ---------*- C++ -*-===//
//
// Private to lib/Conversion/QCostToLinalg. An operand of a qcost op is a
// tensor of codes of a format; inside a linalg body each element is decoded
// by qcost.decode to its exact value, as an integer at a chosen LSB
// (integer-like formats) or as an f64 (every format of up to 53 significant
// bits). Constant float operands (scales, QuantNorm parameters) are
// re-encoded at compile time as integers times one power of two, so they
// take the integer path too.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_OPERANDS_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_OPERANDS_H

#include "LoweringPattern.h"

#include "qcc/Format/NumberFormat.h"

#include "mlir/IR/Builders.h"

namespace qcc::lowering {

/// An operand of an op as its pattern sees it.
struct ExactOperand {
  /// The tensor of codes (the converted operand, or a constant made here).
  mlir::Value tensor;
  /// The format its elements decode with, and its type (the operand's
  /// element type, or the qcost type of a prepared constant's format).
  NumberFormat format = NumberFormat::binary();
  mlir::Type formatType;
  /// Prepared constants: the value is the decoded code times 2^scale, and
  /// no value has more significant bits than this.
  int64_t scale = 0;
  std::optional<unsigned> constantSignificantBits;
  llvm::SmallVector<int64_t> shape;

  /// Whether the elements decode to integers (not minifloats or IEEE
  /// floats).
  bool isInteger() const { return format.getKind() != FormatKind::Float; }
  /// The values are n * 2^lsb() with |n| < 2^magnitudeBits() (integer
  /// operands; minifloats: their finest step).
  int64_t lsb() const;
  unsigned magnitudeBits() const;
  unsigned significantBits() const;
  /// Whether every value is exact in f64 (NaN, infinities, -0 included).
  bool isExactInDouble() const;
};

/// Whether operand `value` has integer values for the integer path: an
/// integer-like format, or a constant whose values are integers times one
/// power of two within 62 bits.
bool hasIntegerValues(mlir::Value value);

/// Operand `index` of `op` (converted: `converted`): its codes, or, with
/// `splitConstants`, for a constant of a builtin float type, integers made
/// at compile time. An operand whose type is no format is rejected.
mlir::FailureOr<ExactOperand>
prepareOperand(mlir::Operation *op, unsigned index, mlir::Value converted,
               mlir::OpBuilder &builder, const Rejection &reject,
               bool splitConstants = true);

/// All operands of `op`, in order.
mlir::FailureOr<llvm::SmallVector<ExactOperand>>
prepareOperands(mlir::Operation *op, mlir::ValueRange converted,
                mlir::OpBuilder &builder, const Rejection &reject,
                bool splitConstants = true);

/// Constant real values as integer codes times 2^scale in the narrowest
/// storage integer that holds them, or failure when they span more than 62
/// bits. `values` must be finite and of `shape`.
mlir::FailureOr<ExactOperand> integerConstant(mlir::OpBuilder &builder,
                                              mlir::Location loc,
                                              llvm::ArrayRef<double> values,
                                              llvm::ArrayRef<int64_t> shape);

/// The integer n with value n * 2^lsb of an element (lsb <= operand.lsb()),
/// as `type` (wide enough: the caller checks with the codec's limits).
mlir::Value decodeInteger(mlir::OpBuilder &b, mlir::Location loc,
                          const ExactOperand &operand, mlir::Value element,
                          int64_t lsb, mlir::Type type);

/// The exact value of an element as an f64 (operand.isExactInDouble()).
mlir::Value decodeDouble(mlir::OpBuilder &b, mlir::Location loc,
                         const ExactOperand &operand, mlir::Value element);

/// The exponent of the lowest set bit of a finite nonzero double.
int64_t lowestBitExponent(double value);

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_OPERANDS_H
