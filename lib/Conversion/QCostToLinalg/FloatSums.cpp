//===- FloatSums.cpp - exact sums of float values -------------------------===//

#include "FloatSums.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
namespace codec = qcc::qcost::codec;

namespace {
enum Flag : int64_t { NaN = 1, PlusInf = 2, MinusInf = 4, NotNegZero = 8 };

Value i64Constant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(value));
}
} // namespace

FloatSum::FloatSum(const NumberFormat &format, int64_t count)
    : FloatSum(codec::getIntegerGrid(format)->lsb,
               codec::getIntegerGrid(format)->magnitudeBits, count) {}

FloatSum::FloatSum(int64_t lsb, unsigned magnitudeBits, int64_t count)
    : lsb(lsb) {
  sumBits = magnitudeBits + llvm::Log2_64_Ceil(count + 1) + 1;
  width = codec::integerWidth(std::max(64u, sumBits));
}

std::pair<Value, Value> FloatSum::add(OpBuilder &b, Location loc, Value x,
                                      Value sum, Value flags) const {
  Type wide = b.getIntegerType(width), i64 = b.getI64Type();
  auto c64 = [&](int64_t v) { return i64Constant(b, loc, v); };
  // x = significand * 2^exponent, a multiple of 2^lsb: the significand
  // (53 bits) moves by exponent - lsb, left within `width` or right.
  Value bits = arith::BitcastOp::create(b, loc, i64, x);
  Value field = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, bits, c64(52)), c64(0x7FF));
  Value fraction =
      arith::AndIOp::create(b, loc, bits, c64((int64_t(1) << 52) - 1));
  Value subnormal =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, field, c64(0));
  Value significand = arith::SelectOp::create(
      b, loc, subnormal, fraction,
      arith::OrIOp::create(b, loc, fraction, c64(int64_t(1) << 52)));
  Value exponent = arith::SubIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, field, c64(1)), c64(1075));
  Value amount = arith::SubIOp::create(b, loc, exponent, c64(lsb));
  Value left = arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, amount, c64(0)), c64(width - 1));
  Value right = arith::MinSIOp::create(
      b, loc,
      arith::MaxSIOp::create(
          b, loc, arith::SubIOp::create(b, loc, c64(0), amount), c64(0)),
      c64(63));
  auto widen = [&](Value v) -> Value {
    return width > 64 ? arith::ExtUIOp::create(b, loc, wide, v) : v;
  };
  Value n = arith::ShLIOp::create(
      b, loc, widen(arith::ShRUIOp::create(b, loc, significand, right)),
      widen(left));
  Value zero = arith::ConstantOp::create(b, loc, IntegerAttr::get(wide, 0));
  Value isNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value infinite = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, loc, x),
      arith::ConstantOp::create(b, loc, b.getF64FloatAttr(INFINITY)));
  Value special = arith::OrIOp::create(b, loc, isNaN, infinite);
  n = arith::SelectOp::create(b, loc, special, zero, n);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, bits, c64(0));
  n = arith::SelectOp::create(b, loc, negative,
                              arith::SubIOp::create(b, loc, zero, n), n);

  auto flagIf = [&](Value condition, int64_t flag) {
    return arith::SelectOp::create(b, loc, condition, c64(flag), c64(0));
  };
  Value positive = arith::XOrIOp::create(
      b, loc, negative, arith::ConstantOp::create(b, loc, b.getBoolAttr(true)));
  Value negZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, bits,
                            c64(std::numeric_limits<int64_t>::min()));
  Value seen = arith::OrIOp::create(
      b, loc, flagIf(isNaN, NaN),
      arith::OrIOp::create(
          b, loc,
          flagIf(arith::AndIOp::create(b, loc, infinite, positive), PlusInf),
          flagIf(arith::AndIOp::create(b, loc, infinite, negative), MinusInf)));
  seen = arith::OrIOp::create(
      b, loc, seen,
      arith::SelectOp::create(b, loc, negZero, c64(0), c64(NotNegZero)));
  return {arith::AddIOp::create(b, loc, sum, n),
          arith::OrIOp::create(b, loc, flags, seen)};
}

Value FloatSum::encodeSum(OpBuilder &b, Location loc,
                          const ResultEncoding &encoding, Value sum,
                          Value flags, Value divisor) const {
  auto has = [&](int64_t flag) {
    return arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne,
        arith::AndIOp::create(b, loc, flags, i64Constant(b, loc, flag)),
        i64Constant(b, loc, 0));
  };
  auto f64 = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v));
  };
  // The special values as the f64 they are; an exact cancellation is +0,
  // all -0 terms give -0.
  Value plus = has(PlusInf), minus = has(MinusInf);
  Value nan = arith::OrIOp::create(b, loc, has(NaN),
                                   arith::AndIOp::create(b, loc, plus, minus));
  Value special = arith::SelectOp::create(
      b, loc, nan, f64(NAN),
      arith::SelectOp::create(b, loc, minus, f64(-INFINITY), f64(INFINITY)));
  Value isSpecial = arith::OrIOp::create(
      b, loc, nan, arith::OrIOp::create(b, loc, plus, minus));
  Value zero = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq, sum,
      arith::ConstantOp::create(b, loc, IntegerAttr::get(sum.getType(), 0)));
  Value allNegZero = arith::AndIOp::create(
      b, loc, zero,
      arith::XOrIOp::create(
          b, loc, has(NotNegZero),
          arith::ConstantOp::create(b, loc, b.getBoolAttr(true))));
  special = arith::SelectOp::create(b, loc, allNegZero, f64(-0.0), special);
  isSpecial = arith::OrIOp::create(b, loc, isSpecial, allNegZero);
  Value exact = encode(b, loc, encoding, sum, lsb, divisor);
  return arith::SelectOp::create(b, loc, isSpecial,
                                 encode(b, loc, encoding, special), exact);
}
