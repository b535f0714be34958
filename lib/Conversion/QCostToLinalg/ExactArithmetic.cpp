//===- ExactArithmetic.cpp - exact results of elementwise formulas --------===//

#include "ExactArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace qcc::lowering;

//===----------------------------------------------------------------------===//
// IntegerArithmetic
//===----------------------------------------------------------------------===//

void IntegerArithmetic::note(const Term &t) {
  widest = std::max(widest, t.bits);
  widestSignificant = std::max(widestSignificant, t.significant);
}

Value IntegerArithmetic::constant(const APInt &value) {
  unsigned width = type.getIntOrFloatBitWidth();
  return arith::ConstantOp::create(
      *b, loc, IntegerAttr::get(type, value.sextOrTrunc(width)));
}

Term IntegerArithmetic::align(const Term &t, int64_t lsb) {
  Term r{t.n, lsb, t.bits + static_cast<unsigned>(t.lsb - lsb), t.significant};
  if (b && t.lsb != lsb)
    r.n = arith::ShLIOp::create(*b, loc, t.n, constant(APInt(64, t.lsb - lsb)));
  note(r);
  return r;
}

Term IntegerArithmetic::add(const Term &x, const Term &y, bool subtract) {
  int64_t lsb = std::min(x.lsb, y.lsb);
  Term u = align(x, lsb), v = align(y, lsb);
  // A sum can need every bit between the two operands' extremes.
  unsigned bits = std::max(u.bits, v.bits) + 1;
  Term r{{}, lsb, bits, bits};
  if (b)
    r.n = subtract ? (Value)arith::SubIOp::create(*b, loc, u.n, v.n)
                   : (Value)arith::AddIOp::create(*b, loc, u.n, v.n);
  note(r);
  return r;
}

Term IntegerArithmetic::mul(const Term &x, const Term &y) {
  Term r{{}, x.lsb + y.lsb, x.bits + y.bits, x.significant + y.significant};
  if (b)
    r.n = arith::MulIOp::create(*b, loc, x.n, y.n);
  note(r);
  return r;
}

Term IntegerArithmetic::select(Value condition, const Term &x, const Term &y) {
  int64_t lsb = std::min(x.lsb, y.lsb);
  Term u = align(x, lsb), v = align(y, lsb);
  Term r{{},
         lsb,
         std::max(u.bits, v.bits),
         std::max(u.significant, v.significant)};
  if (b)
    r.n = arith::SelectOp::create(*b, loc, condition, u.n, v.n);
  return r;
}

Value IntegerArithmetic::positive(const Term &x, bool orZero) {
  if (!b)
    return {};
  return arith::CmpIOp::create(
      *b, loc, orZero ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sgt,
      x.n, constant(APInt(64, 0)));
}

Term IntegerArithmetic::clamp(const Term &x, const Bound &bound, bool isMax) {
  Term r = x;
  r.bits = std::max<unsigned>(x.bits, bound.integer.getSignificantBits());
  Value limit = b ? constant(bound.integer) : Value();
  if (b)
    r.n = isMax ? (Value)arith::MaxSIOp::create(*b, loc, x.n, limit)
                : (Value)arith::MinSIOp::create(*b, loc, x.n, limit);
  note(r);
  return r;
}

//===----------------------------------------------------------------------===//
// DoubleArithmetic
//===----------------------------------------------------------------------===//

Value DoubleArithmetic::constant(double value) {
  return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(value));
}

Term DoubleArithmetic::add(const Term &x, const Term &y, bool subtract) {
  Value n = subtract ? (Value)arith::SubFOp::create(b, loc, x.n, y.n)
                     : (Value)arith::AddFOp::create(b, loc, x.n, y.n);
  return Term{n, std::min(x.lsb, y.lsb), 0};
}

Term DoubleArithmetic::mul(const Term &x, const Term &y) {
  return Term{arith::MulFOp::create(b, loc, x.n, y.n), x.lsb + y.lsb, 0};
}

Term DoubleArithmetic::select(Value condition, const Term &x, const Term &y) {
  return Term{arith::SelectOp::create(b, loc, condition, x.n, y.n),
              std::min(x.lsb, y.lsb), 0};
}

Value DoubleArithmetic::positive(const Term &x, bool orZero) {
  return arith::CmpFOp::create(
      b, loc, orZero ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT,
      x.n, constant(0.0));
}

Term DoubleArithmetic::clamp(const Term &x, const Bound &bound, bool isMax) {
  // maximumf/minimumf: NaN wins, +0 > -0 (docs/semantics.md section 4.9).
  Value value = constant(bound.value);
  Value n = isMax ? (Value)arith::MaximumFOp::create(b, loc, x.n, value)
                  : (Value)arith::MinimumFOp::create(b, loc, x.n, value);
  return Term{n, x.lsb, 0};
}
