//===- WideFloat.cpp - exact magnitudes with a run-time exponent ----------===//
//
// The grid encoder takes its value as an i128 significand times a run-time
// power of two plus a sticky bit: f64 values are exact in it, integers of
// any width keep their top 126 bits, and a quotient keeps at least 53 bits
// below the step it rounds at (qcost::codec::getGridDivisorLimit).
//
//===----------------------------------------------------------------------===//

#include "CodecExpansion.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::expansion;
using P = arith::CmpIPredicate;

WideFloat qcc::expansion::wideFromDouble(OpBuilder &b, Location loc,
                                         Value value) {
  Ops i64(b, loc, b.getI64Type());
  Ops f64(b, loc, b.getF64Type());
  if (!value.getType().isF64())
    value = arith::ExtFOp::create(b, loc, b.getF64Type(), value);
  Value bits = arith::BitcastOp::create(b, loc, b.getI64Type(), value);
  Value field = i64.andI(i64.shrU(bits, i64.c(52)), i64.c(0x7FF));
  Value fraction = i64.andI(bits, i64.c((int64_t(1) << 52) - 1));
  Value subnormal = i64.eq(field, i64.c(0));
  Value significand = i64.select(subnormal, fraction,
                                 i64.orI(fraction, i64.c(int64_t(1) << 52)));
  WideFloat result;
  result.significand =
      arith::ExtUIOp::create(b, loc, b.getIntegerType(128), significand);
  result.exponent = i64.sub(i64.maxS(field, i64.c(1)), i64.c(1075));
  result.sticky = i64.i1(false);
  result.flags.negative = i64.cmp(P::slt, bits, i64.c(0));
  result.flags.nan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  result.flags.infinite = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, loc, value),
      f64.f(INFINITY));
  return result;
}

WideFloat qcc::expansion::wideFromInteger(OpBuilder &b, Location loc, Value n,
                                          int64_t lsb) {
  Ops bits(b, loc, n.getType());
  Ops i64(b, loc, b.getI64Type());
  Type wide = b.getIntegerType(128);
  Value negative = bits.cmp(P::slt, n, bits.c(0));
  Value magnitude = bits.select(negative, bits.sub(bits.c(0), n), n);
  WideFloat result;
  result.flags.negative = negative;
  result.flags.nan = result.flags.infinite = i64.i1(false);
  result.exponent = i64.c(lsb);
  result.sticky = i64.i1(false);
  unsigned width = bits.width();
  if (width <= 128) {
    // The magnitude of the most negative value is still right unsigned.
    result.significand =
        width < 128 ? (Value)arith::ExtUIOp::create(b, loc, wide, magnitude)
                    : magnitude;
    return result;
  }
  // Wider integers keep their top 126 bits and a sticky bit (normalized, so
  // a division that follows shifts nothing).
  int64_t keep = qcost::codec::kGridSignificandBits - 1;
  Value shift =
      bits.maxS(bits.sub(bits.leadingBit(magnitude), bits.c(keep)), bits.c(0));
  result.significand =
      arith::TruncIOp::create(b, loc, wide, bits.shrU(magnitude, shift));
  result.sticky = bits.ne(
      bits.andI(magnitude, bits.sub(bits.shl(bits.c(1), shift), bits.c(1))),
      bits.c(0));
  result.exponent = i64.add(result.exponent, i64.fromUnsigned(shift));
  return result;
}

WideFloat qcc::expansion::divideWide(OpBuilder &b, Location loc,
                                     const WideFloat &value, Value divisor) {
  Ops i128(b, loc, b.getIntegerType(128));
  Ops i64(b, loc, b.getI64Type());
  // Normalize the leading bit to 125 first, so the quotient keeps at least
  // 126 - bits(divisor) significant bits.
  int64_t top = qcost::codec::kGridSignificandBits - 1;
  Value shift = i128.sub(i128.c(top), i128.leadingBit(value.significand));
  shift = i128.maxS(shift, i128.c(0));
  Value numerator = i128.shl(value.significand, shift);
  Value wideDivisor = i128.fromUnsigned(divisor);
  WideFloat result = value;
  result.significand = arith::DivUIOp::create(b, loc, numerator, wideDivisor);
  Value rest = arith::RemUIOp::create(b, loc, numerator, wideDivisor);
  result.exponent = i64.sub(value.exponent, i64.fromUnsigned(shift));
  result.sticky = i64.orI(value.sticky, i128.ne(rest, i128.c(0)));
  return result;
}

WideFloat qcc::expansion::wideValueOf(OpBuilder &b, Location loc,
                                      qcost::EncodeOp op) {
  Value value = op.getValue();
  if (isa<FloatType>(value.getType()))
    return wideFromDouble(b, loc, value);
  WideFloat wide = wideFromInteger(b, loc, value, op.getLsbExponent());
  if (Value divisor = op.getDivisor())
    wide = divideWide(b, loc, wide, divisor);
  return wide;
}
