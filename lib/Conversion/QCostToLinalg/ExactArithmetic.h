//===- ExactArithmetic.h - exact results of elementwise formulas -*- C++
//-*-===//
//
// Private to lib/Conversion/QCostToLinalg. An elementwise op's formula runs
// twice on the same terms: first as a dry run on (lsb, bits) alone, which
// says how wide the exact integers get (or how many significant bits an f64
// needs), then in the body on decoded values. Integer terms compute in one
// signless integer type wide enough for every intermediate; f64 terms carry
// NaN, infinities and signed zeros as IEEE does and are exact while every
// intermediate has at most 53 significant bits.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_EXACTARITHMETIC_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_EXACTARITHMETIC_H

#include "mlir/IR/Builders.h"
#include "llvm/ADT/APInt.h"

namespace qcc::lowering {

/// An exact value n * 2^lsb with |n| < 2^bits and at most `significant`
/// significant bits (f64 terms: n is the f64 value itself). `n` is null in
/// a dry run.
struct Term {
  mlir::Value n;
  int64_t lsb = 0;
  unsigned bits = 0;
  unsigned significant = 0;
};

/// A bound of clip or relu: its value, and (integer arithmetic) the integer
/// it is at the LSB of the term it bounds.
struct Bound {
  double value = 0;
  llvm::APInt integer = llvm::APInt(64, 0);
};

/// Exact arithmetic on terms: integers of one type inside a body, or a dry
/// run (no builder) that records the widest intermediate.
class IntegerArithmetic {
public:
  /// A dry run.
  IntegerArithmetic() = default;
  IntegerArithmetic(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type)
      : b(&b), loc(loc), type(type) {}

  Term align(const Term &t, int64_t lsb);
  Term add(const Term &x, const Term &y, bool subtract = false);
  Term mul(const Term &x, const Term &y);
  /// `condition ? x : y` at their common LSB.
  Term select(mlir::Value condition, const Term &x, const Term &y);
  /// x > 0, or x >= 0 with `orZero` (null in a dry run).
  mlir::Value positive(const Term &x, bool orZero);
  /// max(x, bound) or min(x, bound).
  Term clamp(const Term &x, const Bound &bound, bool isMax);

  unsigned widest = 0;
  unsigned widestSignificant = 0;

private:
  void note(const Term &t);
  mlir::Value constant(const llvm::APInt &value);
  mlir::OpBuilder *b = nullptr;
  mlir::Location loc = mlir::UnknownLoc();
  mlir::Type type;
};

/// The same arithmetic on exact f64 values.
class DoubleArithmetic {
public:
  DoubleArithmetic(mlir::OpBuilder &b, mlir::Location loc) : b(b), loc(loc) {}

  Term align(const Term &t, int64_t lsb) { return Term{t.n, lsb, t.bits}; }
  Term add(const Term &x, const Term &y, bool subtract = false);
  Term mul(const Term &x, const Term &y);
  Term select(mlir::Value condition, const Term &x, const Term &y);
  mlir::Value positive(const Term &x, bool orZero);
  Term clamp(const Term &x, const Bound &bound, bool isMax);

private:
  mlir::Value constant(double value);
  mlir::OpBuilder &b;
  mlir::Location loc;
};

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_EXACTARITHMETIC_H
