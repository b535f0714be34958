//===- NarrowProducts.h - exact-width MAC products by format ----*- C++ -*-===//
//
// Private to lib/Conversion/QCostToLinalg. At exact widths (the HLS
// lowering) a contraction's product is built from what its operands are,
// so an FPGA spends no multiplier where the formats need none:
//
// - fixed point by fixed point: both decoded to integers, multiplied at the
//   sum of their widths;
// - a power of two by an integer: the integer shifted left by the code's
//   level (qcc::expandPowerOfTwoFields), negated by its sign, zero for the
//   zero code: a barrel shifter;
// - binary by an integer: the integer or its negation: a multiplexer;
// - binary by binary: the XNOR of the two bits, counted (a popcount), the
//   sum being 2 * count - N.
//
// Operands that are codes enter the MAC undecoded, so the shift and XNOR
// forms apply where the operand is not zero-padded (weights, matmul and
// dense operands, unpadded convolution inputs).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_NARROWPRODUCTS_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_NARROWPRODUCTS_H

#include "Operands.h"

namespace qcc::lowering {

enum class ProductForm {
  Multiply,
  /// The lhs (rhs) is a power-of-two code: the other operand is shifted.
  ShiftByLhs,
  ShiftByRhs,
  /// The lhs (rhs) is a binary code: the other operand is negated or not.
  NegateByLhs,
  NegateByRhs,
  /// Both binary: bits compared, equal bits counted.
  Xnor,
};

/// The form of `lhs` x `rhs` products; `lhsPadded` when the lhs is read
/// with zero padding (a padded convolution input has no code for zero).
ProductForm chooseProductForm(const ExactOperand &lhs,
                              const ExactOperand &rhs, bool lhsPadded);

/// Whether operand `isLhs` enters the MAC as its code (not decoded).
bool entersAsCode(ProductForm form, bool isLhs);

/// The exact product of `x` and `y` (the operands as they enter the MAC)
/// modulo 2^W, as `sumType` (iW); for Xnor, 1 where the bits are equal.
mlir::Value narrowProduct(mlir::OpBuilder &b, mlir::Location loc,
                          ProductForm form, const ExactOperand &lhs,
                          const ExactOperand &rhs, mlir::Value x,
                          mlir::Value y, mlir::Type sumType);

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_NARROWPRODUCTS_H
