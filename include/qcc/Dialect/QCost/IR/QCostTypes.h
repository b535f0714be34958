//===- QCostTypes.h - qcost number-format types -----------------*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTTYPES_H
#define QCC_DIALECT_QCOST_IR_QCOSTTYPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"
#include "qcc/Format/NumberFormat.h"

#include "qcc/Dialect/QCost/IR/QCostTypeInterfaces.h.inc"

#define GET_TYPEDEF_CLASSES
#include "qcc/Dialect/QCost/IR/QCostOpsTypes.h.inc"

namespace qcc::qcost {

/// The number format of a qcost format type, a builtin integer type (`iW` and
/// `siW` are fixed<W, 0>, `uiW` is ufixed<W, 0>) or a builtin float type that
/// a minifloat describes (f32, f16, bf16, tf32 and the f8/f6/f4 types).
/// std::nullopt for anything else, including f64 (wider than any minifloat).
std::optional<NumberFormat> getNumberFormat(mlir::Type type);

/// Element types qcost ops accept: every type getNumberFormat maps, plus f64.
bool isNumericType(mlir::Type type);

/// Builtin float or !qcost.float.
bool isFloatLike(mlir::Type type);

/// Types whose values are integers times a power of two, so products and sums
/// of them are exact in a wide enough fixed-point accumulator: fixed, ufixed,
/// pot, binary and builtin integers.
bool isIntegerLike(mlir::Type type);

/// For integer-like formats: the values are `n * 2^lsbExponent` with the
/// integer `n` in [minMultiple, maxMultiple]; long double keeps the bounds of
/// products of two formats up to 32 bits each exact.
struct IntegerEnvelope {
  int64_t lsbExponent = 0;
  long double minMultiple = 0;
  long double maxMultiple = 0;
};
std::optional<IntegerEnvelope> getIntegerEnvelope(mlir::Type type);

/// Prints a real number compactly for diagnostics: 7.984375, -120, 1e-05.
std::string formatReal(long double value);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_IR_QCOSTTYPES_H
