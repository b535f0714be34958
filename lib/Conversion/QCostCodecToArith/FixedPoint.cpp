//===- FixedPoint.cpp - fixed-point codes: decode and encode --------------===//
//
// A fixed-point code is the integer n of its value n * 2^-F. Decoding
// extends it (and shifts it to a lower LSB). Encoding an integer value
// n * 2^lsb (/ divisor) splits it at the format's LSB into a floor and a
// remainder in the narrowest width that holds them (an i32 requantize stays
// i32), rounds, then saturates or wraps; a float value is split the same way
// in f64, where x * 2^F, its floor and the fraction above it are exact.
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

/// The lowest and largest codes of a fixed-point format, as integers of
/// `bits` bits.
static std::pair<APInt, APInt> codeRange(const NumberFormat &f, unsigned bits) {
  unsigned width = f.getBitWidth();
  APInt lo = f.isSigned() ? APInt::getSignedMinValue(width).sext(bits)
                          : APInt(bits, 0);
  APInt hi = f.isSigned() ? APInt::getSignedMaxValue(width).sext(bits)
                          : APInt::getMaxValue(width).zext(bits);
  return {lo, hi};
}

/// The low W bits of a signed integer as a code of `codeType`.
static Value toCode(Ops &ops, const NumberFormat &f, Value q, Type codeType) {
  Ops code(ops.builder(), ops.location(), codeType);
  Value low = ops.lowBits(q, f.getBitWidth(), f.isSigned());
  return f.isSigned() ? code.fromSigned(low) : code.fromUnsigned(low);
}

Value qcc::expansion::decodeFixedPoint(OpBuilder &b, qcost::DecodeOp op) {
  NumberFormat f = op.getNumberFormat();
  Location loc = op.getLoc();
  Value code = op.getCode();
  Type resultType = op.getValue().getType();
  if (auto floatType = dyn_cast<FloatType>(resultType)) {
    Value real = f.isSigned()
                     ? (Value)arith::SIToFPOp::create(b, loc, floatType, code)
                     : (Value)arith::UIToFPOp::create(b, loc, floatType, code);
    if (f.getFracBits() == 0)
      return real;
    Ops floats(b, loc, floatType);
    return arith::MulFOp::create(b, loc, real,
                                 floats.f(std::ldexp(1.0, -f.getFracBits())));
  }
  Ops ops(b, loc, resultType);
  Value n = f.isSigned() ? ops.fromSigned(code) : ops.fromUnsigned(code);
  return ops.shl(n, -int64_t(f.getFracBits()) - op.getLsbExponent());
}

Value qcc::expansion::encodeIntegerIntoFixed(OpBuilder &b, Location loc,
                                             const NumberFormat &f, Value n,
                                             int64_t lsb, Value divisor,
                                             const RoundingRule &rule,
                                             OverflowMode overflow,
                                             Type codeType) {
  qcost::codec::EncodeValue value;
  value.bits = n.getType().getIntOrFloatBitWidth();
  value.lsb = lsb;
  value.divisorBits = divisor ? divisor.getType().getIntOrFloatBitWidth() : 0;
  qcost::codec::FixedWidths widths =
      qcost::codec::getFixedWidths(f, value, rule.mode);
  Ops ops(b, loc, b.getIntegerType(widths.work));
  int64_t s = widths.shift;
  auto [lo, hi] = codeRange(f, widths.work);
  Value x = ops.fromSigned(n);
  Value q;
  if (!divisor && s <= 0) {
    // Exact: a left shift. Saturation compares before it, with the bounds
    // divided by 2^k (rounded inward), so nothing is shifted out.
    int64_t k = -s;
    if (k >= int64_t(f.getBitWidth()) && overflow == OverflowMode::Wrap)
      return toCode(ops, f, ops.c(0), codeType);
    q = k >= int64_t(widths.work) ? ops.c(0) : ops.shl(x, k);
    if (overflow == OverflowMode::Saturate) {
      unsigned amount =
          static_cast<unsigned>(std::min<int64_t>(k, widths.work - 1));
      APInt hiK = hi.ashr(amount);
      // ceil(lo / 2^k) for lo <= 0, one bit wider so that -lo fits.
      APInt loWide = lo.sext(widths.work + 1);
      APInt loK = (-((-loWide).ashr(amount))).trunc(widths.work);
      q = ops.select(ops.cmp(P::sgt, x, ops.c(hiK)), ops.c(hi),
                     ops.select(ops.cmp(P::slt, x, ops.c(loK)), ops.c(lo), q));
    }
    return toCode(ops, f, q, codeType);
  }
  Value floor;
  Fraction fraction;
  if (!divisor) {
    floor = ops.shrS(x, ops.c(s));
    fraction.remainder =
        ops.andI(x, ops.c(APInt::getLowBitsSet(widths.work, s)));
    fraction.denominatorLog2 = s;
  } else {
    Value numerator = ops.shl(x, std::max<int64_t>(0, -s));
    Value denominator =
        ops.shl(ops.fromUnsigned(divisor), std::max<int64_t>(0, s));
    Value quotient = arith::DivSIOp::create(b, loc, numerator, denominator);
    Value rest = ops.sub(numerator, ops.mul(quotient, denominator));
    Value negative = ops.cmp(P::slt, rest, ops.c(0));
    floor = ops.sub(quotient, ops.fromUnsigned(negative));
    fraction.remainder = ops.select(negative, ops.add(rest, denominator), rest);
    fraction.denominator = denominator;
  }
  Value odd = arith::TruncIOp::create(b, loc, b.getI1Type(), floor);
  Value nonNegative = ops.cmp(P::sge, floor, ops.c(0));
  Value up = roundsUp(b, loc, rule, odd, fraction, nonNegative);
  q = ops.add(floor, ops.fromUnsigned(up));
  if (overflow == OverflowMode::Saturate)
    q = ops.minS(ops.maxS(q, ops.c(lo)), ops.c(hi));
  return toCode(ops, f, q, codeType);
}

/// floor + 1 when the stochastic draw falls below the fraction above the
/// floor (62 bits plus a sticky bit, which decides the 53-bit draw
/// exactly), else floor.
static Value roundUpFromFloor(OpBuilder &b, Location loc,
                              const RoundingRule &rule, Value safe,
                              Value floor) {
  Ops f64(b, loc, b.getF64Type());
  Ops i64(b, loc, b.getI64Type());
  Value above = arith::MulFOp::create(
      b, loc, arith::SubFOp::create(b, loc, safe, floor), f64.f(0x1.0p62));
  Value bits = arith::FPToUIOp::create(b, loc, b.getI64Type(), above);
  Value sticky = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::ONE, above,
      arith::UIToFPOp::create(b, loc, b.getF64Type(), bits));
  Fraction fraction{
      i64.orI(i64.shl(bits, 1), i64.fromUnsigned(sticky)), {}, 63};
  // Only an inexact floor (below 2^53) has a parity that matters.
  Value clamped = arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, floor, f64.f(-0x1.0p62)),
      f64.f(0x1.0p62));
  Value odd = arith::TruncIOp::create(
      b, loc, b.getI1Type(),
      arith::FPToSIOp::create(b, loc, b.getI64Type(), clamped));
  Value nonNegative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                            floor, f64.f(0.0));
  Value up = roundsUp(b, loc, rule, odd, fraction, nonNegative);
  Value rounded = arith::AddFOp::create(b, loc, floor,
                                        f64.select(up, f64.f(1.0), f64.f(0.0)));
  return rounded;
}

/// An exact f64 value into fixed point: scaled = x * 2^F is exact, so are
/// its floor and the fraction above it, which becomes 62 bits plus a sticky
/// bit for the rounding decision.
static Value encodeFloatIntoFixed(OpBuilder &b, Location loc,
                                  const NumberFormat &f, Value x,
                                  const RoundingRule &rule,
                                  OverflowMode overflow, Type codeType) {
  Ops f64(b, loc, b.getF64Type());
  Ops i64(b, loc, b.getI64Type());
  if (!x.getType().isF64())
    x = arith::ExtFOp::create(b, loc, b.getF64Type(), x);
  Value scaled =
      arith::MulFOp::create(b, loc, x, f64.f(std::ldexp(1.0, f.getFracBits())));
  Value finite = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                       math::AbsFOp::create(b, loc, scaled),
                                       f64.f(INFINITY));
  Value safe = f64.select(finite, scaled, f64.f(0.0));
  Value floor = math::FloorOp::create(b, loc, safe);
  Value rounded;
  if (rule.mode == qcost::RoundingMode::stochastic) {
    rounded = roundUpFromFloor(b, loc, rule, safe, floor);
  } else {
    // The cheap cases: the hardware rounds an exact f64 to an integer.
    rounded = rule.mode == qcost::RoundingMode::nearest_even
                  ? (Value)math::RoundEvenOp::create(b, loc, safe)
                  : (Value)math::TruncOp::create(b, loc, safe);
  }
  // Infinities clamp under either mode; NaN is code 0.
  rounded = f64.select(finite, rounded, scaled);

  unsigned width = f.getBitWidth();
  bool isSigned = f.isSigned();
  double low = isSigned ? -std::ldexp(1.0, width - 1) : 0.0;
  double high = std::ldexp(1.0, isSigned ? width - 1 : width); // exclusive
  auto [minCode, maxCode] = codeRange(f, 64);
  Value tooLarge = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                         rounded, f64.f(high));
  Value tooSmall = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                         rounded, f64.f(low));
  Value inRange =
      i64.andI(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, rounded,
                                     f64.f(low)),
               arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, rounded,
                                     f64.f(high)));
  Value inside = f64.select(inRange, rounded, f64.f(0.0));
  Value code =
      isSigned ? (Value)arith::FPToSIOp::create(b, loc, i64.getType(), inside)
               : (Value)arith::FPToUIOp::create(b, loc, i64.getType(), inside);
  Value saturated = i64.select(tooLarge, i64.c(maxCode),
                               i64.select(tooSmall, i64.c(minCode), code));
  if (overflow == OverflowMode::Saturate)
    return toCode(i64, f, saturated, codeType);
  // Wrap: the integer modulo 2^64 (exact in f64), then its low W bits;
  // infinities still clamp.
  Value two64 = f64.f(0x1.0p64);
  Value m = arith::RemFOp::create(b, loc, rounded, two64);
  m = f64.select(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, m,
                                       f64.f(0x1.0p63)),
                 arith::SubFOp::create(b, loc, m, two64), m);
  m = f64.select(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, m,
                                       f64.f(-0x1.0p63)),
                 arith::AddFOp::create(b, loc, m, two64), m);
  Value wrapped = arith::FPToSIOp::create(b, loc, i64.getType(),
                                          f64.select(finite, m, f64.f(0.0)));
  return toCode(i64, f, i64.select(finite, wrapped, saturated), codeType);
}

Value qcc::expansion::encodeFixedPoint(OpBuilder &b, qcost::EncodeOp op) {
  NumberFormat f = op.getNumberFormat();
  Value value = op.getValue();
  if (isa<FloatType>(value.getType()))
    return encodeFloatIntoFixed(b, op.getLoc(), f, value, ruleOf(op),
                                op.getFormatOverflow(), op.getCode().getType());
  return encodeIntegerIntoFixed(b, op.getLoc(), f, value, op.getLsbExponent(),
                                op.getDivisor(), ruleOf(op),
                                op.getFormatOverflow(), op.getCode().getType());
}
