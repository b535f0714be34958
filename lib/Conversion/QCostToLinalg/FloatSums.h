//===- FloatSums.h - exact sums of float values -----------------*- C++ -*-===//
//
// Private to lib/Conversion/QCostToLinalg. A sum of float values (f32, f16,
// bf16, minifloats, decoded to exact f64) is carried exactly: an integer at
// the format's finest LSB, as wide as the count needs (a power of two of
// bits: i512 for f32), with NaN, infinities and "every term was -0" as flags
// beside it (docs/semantics.md section 4.7). Padding reads as -0, which
// changes no sum.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_FLOATSUMS_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_FLOATSUMS_H

#include "Encoding.h"

#include "qcc/Format/NumberFormat.h"

#include "mlir/IR/Builders.h"

namespace qcc::lowering {

class FloatSum {
public:
  /// A sum of `count` values of `format` (a float format).
  FloatSum(const NumberFormat &format, int64_t count);
  /// A sum of `count` values that are multiples of 2^lsb below
  /// 2^(lsb + magnitudeBits) in magnitude.
  FloatSum(int64_t lsb, unsigned magnitudeBits, int64_t count);

  /// The sum's integer type and LSB, and its significant bits.
  unsigned getWidth() const { return width; }
  int64_t getLsb() const { return lsb; }
  unsigned getSumBits() const { return sumBits; }

  /// Adds the exact f64 `x` to the running (sum, flags); returns both.
  std::pair<mlir::Value, mlir::Value> add(mlir::OpBuilder &b,
                                          mlir::Location loc, mlir::Value x,
                                          mlir::Value sum,
                                          mlir::Value flags) const;

  /// The sum (divided by `divisor` when given) rounded into `encoding`:
  /// NaN when a NaN or both infinities were added, else an infinity, else
  /// the exact sum, -0 only when every term was -0.
  mlir::Value encodeSum(mlir::OpBuilder &b, mlir::Location loc,
                        const ResultEncoding &encoding, mlir::Value sum,
                        mlir::Value flags, mlir::Value divisor = {}) const;

private:
  unsigned sumBits, width;
  int64_t lsb;
};

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_FLOATSUMS_H
