//===- Minifloats.cpp - minifloat codes decoded and encoded by integer code
//===//
//
// Minifloat codes are integers in storage and stay integers here: fields are
// extracted and assembled with shifts and masks, and rounding happens on the
// format's grid (its finest step 2^g). An exact magnitude on that grid is a
// fixed-point number with 62 fraction bits plus a sticky bit; the binade's
// step follows from the leading bit, and the fraction of the step above the
// lower neighbour decides every rounding mode exactly. Nothing relies on the
// host having (or correctly rounding to) a minifloat type.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cassert>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;

namespace {

/// arith helpers on one type, to keep the bit manipulation readable.
class Bits {
public:
  Bits(OpBuilder &b, Location loc, Type type) : b(b), loc(loc), type(type) {}

  Value c(const APInt &value) {
    return arith::ConstantOp::create(
        b, loc,
        IntegerAttr::get(type,
                         value.zextOrTrunc(type.getIntOrFloatBitWidth())));
  }
  Value c(int64_t value) {
    return c(APInt(type.getIntOrFloatBitWidth(), static_cast<uint64_t>(value),
                   /*isSigned=*/true));
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, loc, x, y); }
  Value shr(Value x, Value y) { return arith::ShRUIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value eq(Value x, Value y) { return cmp(arith::CmpIPredicate::eq, x, y); }
  Value ne(Value x, Value y) { return cmp(arith::CmpIPredicate::ne, x, y); }
  Value select(Value condition, Value x, Value y) {
    return arith::SelectOp::create(b, loc, condition, x, y);
  }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  /// The position of the leading one bit; -1 for zero.
  Value leadingBit(Value x) {
    Value zeros = math::CountLeadingZerosOp::create(b, loc, x);
    return sub(c(type.getIntOrFloatBitWidth() - 1), zeros);
  }

private:
  OpBuilder &b;
  Location loc;
  Type type;
};

/// The fields of a minifloat code, as i64.
struct CodeFields {
  Value bits, mantissa, exponent;
};

CodeFields fieldsOf(Bits &i64, OpBuilder &b, Location loc,
                    const NumberFormat &f, Value code) {
  CodeFields fields;
  fields.bits = arith::ExtUIOp::create(b, loc, b.getI64Type(), code);
  int64_t mant = f.getMantBits(), exp = f.getExpBits();
  fields.mantissa = i64.andI(fields.bits, i64.c((int64_t(1) << mant) - 1));
  fields.exponent = i64.andI(i64.shr(fields.bits, i64.c(mant)),
                             i64.c((int64_t(1) << exp) - 1));
  return fields;
}

} // namespace

SpecialFlags BodyBuilder::minifloatFlags(const NumberFormat &f, Value code) {
  Bits i64(b, loc, b.getI64Type());
  auto [bits, mantissa, field] = fieldsOf(i64, b, loc, f, code);
  unsigned mant = f.getMantBits(), exp = f.getExpBits();
  Value top = i64.eq(field, i64.c((int64_t(1) << exp) - 1));
  Value allOnes = i64.eq(mantissa, i64.c((int64_t(1) << mant) - 1));
  Value zeroMantissa = i64.eq(mantissa, i64.c(0));
  SpecialFlags flags;
  flags.negative = i64.ne(i64.shr(bits, i64.c(exp + mant)), i64.c(0));
  Value no = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  switch (f.getSpecials()) {
  case Specials::Ieee:
    flags.infinite = arith::AndIOp::create(b, loc, top, zeroMantissa);
    flags.nan =
        mant == 0
            ? no
            : (Value)arith::AndIOp::create(
                  b, loc, top,
                  arith::XOrIOp::create(
                      b, loc, zeroMantissa,
                      arith::ConstantOp::create(b, loc, b.getBoolAttr(true))));
    break;
  case Specials::InfOnly:
    flags.infinite = arith::AndIOp::create(b, loc, top, allOnes);
    flags.nan = no;
    break;
  case Specials::NanOnly:
    flags.nan = arith::AndIOp::create(b, loc, top, allOnes);
    flags.infinite = no;
    break;
  case Specials::Finite:
    flags.nan = flags.infinite = no;
    break;
  }
  return flags;
}

Value BodyBuilder::decodeMinifloatToDouble(const NumberFormat &f, Value code) {
  Bits i64(b, loc, b.getI64Type());
  auto [bits, mantissa, field] = fieldsOf(i64, b, loc, f, code);
  int64_t mant = f.getMantBits();
  Value subnormal = i64.eq(field, i64.c(0));
  // value = significand * 2^(lsb exponent), both integers.
  Value hidden = i64.c(int64_t(1) << mant);
  Value significand = i64.orI(mantissa, hidden);
  Value lsbExponent = i64.sub(field, i64.c(f.getBias() + mant));
  Value subSignificand, subExponent = i64.c(1 - f.getBias() - mant);
  switch (f.getSubnormals()) {
  case Subnormals::Ieee:
  case Subnormals::NoOutput:
    subSignificand = mantissa;
    break;
  case Subnormals::AsNormal:
    subSignificand =
        i64.select(i64.eq(mantissa, i64.c(0)), i64.c(0), significand);
    subExponent = i64.c(-f.getBias() - mant);
    break;
  case Subnormals::Flush:
    subSignificand = i64.c(0);
    break;
  }
  significand = i64.select(subnormal, subSignificand, significand);
  lsbExponent = i64.select(subnormal, subExponent, lsbExponent);
  // 2^lsbExponent as a normal double (|exponent| < 600 for E <= 8), so the
  // product is exact.
  Value power = arith::BitcastOp::create(
      b, loc, b.getF64Type(),
      i64.shl(i64.add(lsbExponent, i64.c(1023)), i64.c(52)));
  Value value = arith::MulFOp::create(
      b, loc, arith::SIToFPOp::create(b, loc, b.getF64Type(), significand),
      power);
  SpecialFlags flags = minifloatFlags(f, code);
  value = arith::SelectOp::create(b, loc, flags.infinite, f64Constant(INFINITY),
                                  value);
  value = arith::SelectOp::create(b, loc, flags.nan, f64Constant(NAN), value);
  return math::CopySignOp::create(
      b, loc, value,
      arith::SelectOp::create(b, loc, flags.negative, f64Constant(-1.0),
                              f64Constant(1.0)));
}

GridValue BodyBuilder::gridFromDouble(Value value, int64_t grid) {
  Bits i64(b, loc, b.getI64Type());
  Bits i128(b, loc, wide());
  Value bits = arith::BitcastOp::create(b, loc, b.getI64Type(), value);
  Value field = i64.andI(i64.shr(bits, i64.c(52)), i64.c(0x7FF));
  Value fraction = i64.andI(bits, i64.c((int64_t(1) << 52) - 1));
  Value subnormal = i64.eq(field, i64.c(0));
  Value significand = i64.select(subnormal, fraction,
                                 i64.orI(fraction, i64.c(int64_t(1) << 52)));
  // value = significand * 2^exponent; on the grid with 62 fraction bits it
  // is significand * 2^shift.
  Value exponent = i64.sub(i64.max(field, i64.c(1)), i64.c(1075));
  Value shift = i64.sub(exponent, i64.c(grid - kGridFractionBits));
  // Beyond 2^73 every value lies past every minifloat's range; beyond 127
  // bits down only the sticky bit remains.
  Value up = i64.min(i64.max(shift, i64.c(0)), i64.c(73));
  Value down = i64.min(i64.max(i64.sub(i64.c(0), shift), i64.c(0)), i64.c(127));
  Value wideSignificand = arith::ExtUIOp::create(b, loc, wide(), significand);
  Value upWide = arith::ExtUIOp::create(b, loc, wide(), up);
  Value downWide = arith::ExtUIOp::create(b, loc, wide(), down);
  GridValue result;
  result.scaled = i128.shr(i128.shl(wideSignificand, upWide), downWide);
  Value dropped = i128.andI(wideSignificand,
                            i128.sub(i128.shl(i128.c(1), downWide), i128.c(1)));
  result.sticky = i128.ne(dropped, i128.c(0));
  result.flags.negative = i64.cmp(arith::CmpIPredicate::slt, bits, i64.c(0));
  result.flags.nan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  result.flags.infinite = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, loc, value),
      f64Constant(INFINITY));
  return result;
}

GridValue BodyBuilder::gridFromInteger(Value n, int64_t lsb, int64_t grid,
                                       unsigned magnitudeBits) {
  Bits i128(b, loc, wide());
  Value negative = i128.cmp(arith::CmpIPredicate::slt, n, i128.c(0));
  Value magnitude = i128.select(negative, i128.sub(i128.c(0), n), n);
  GridValue result;
  result.flags.negative = negative;
  result.sticky = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  int64_t shift = lsb - grid + kGridFractionBits;
  if (shift >= 0) {
    if (magnitudeBits + shift <= 126) {
      result.scaled = shiftLeft(magnitude, shift);
    } else if (shift > 125) {
      result.scaled = i128.select(i128.eq(magnitude, i128.c(0)), i128.c(0),
                                  i128.c(APInt::getOneBitSet(128, 125)));
    } else {
      // Clamped at 2^63 grid steps: past every minifloat's largest value.
      Value limit = i128.c(APInt::getOneBitSet(128, 125 - shift));
      result.scaled =
          shiftLeft(arith::MinUIOp::create(b, loc, magnitude, limit), shift);
    }
    return result;
  }
  if (-shift > 127) {
    result.scaled = i128.c(0);
    result.sticky = i128.ne(magnitude, i128.c(0));
    return result;
  }
  Value amount = i128.c(-shift);
  result.scaled = i128.shr(magnitude, amount);
  result.sticky =
      i128.ne(i128.andI(magnitude, i128.c(APInt::getLowBitsSet(128, -shift))),
              i128.c(0));
  return result;
}

GridValue BodyBuilder::divideGrid(const GridValue &value, Value divisor) {
  Bits i128(b, loc, wide());
  GridValue result = value;
  result.scaled = arith::DivUIOp::create(b, loc, value.scaled, divisor);
  Value rest = arith::RemUIOp::create(b, loc, value.scaled, divisor);
  result.sticky =
      arith::OrIOp::create(b, loc, value.sticky, i128.ne(rest, i128.c(0)));
  return result;
}

Value BodyBuilder::encodeMinifloat(const GridValue &value,
                                   const NumberFormat &f,
                                   const RoundingSpec &rounding,
                                   IntegerType storage) {
  Bits i128(b, loc, wide());
  Bits i64(b, loc, b.getI64Type());
  using P = arith::CmpIPredicate;
  int64_t grid = integerLayout(f)->first;
  int64_t mant = f.getMantBits();
  bool asNormal = f.getSubnormals() == Subnormals::AsNormal;
  bool subnormalOutput = f.getSubnormals() == Subnormals::Ieee || asNormal;

  // The largest finite value and the gap below it, in grid steps: rounding
  // above it chooses between it and a virtual code one gap further.
  uint64_t maxCode = f.getLargestMagnitudeCode();
  auto gridSteps = [&](uint64_t code) {
    ExactValue v = f.decode(code);
    return APInt(128, v.significand).shl(v.exponent - grid);
  };
  APInt top = gridSteps(maxCode);
  APInt gapTop = top - (maxCode > 0 ? gridSteps(maxCode - 1) : APInt(128, 0));
  assert(gapTop.isPowerOf2() && "the top gap of a minifloat is a power of two");
  int64_t topStep = gapTop.logBase2();

  Value scaled = value.scaled, sticky = value.sticky;
  Value floor = i128.shr(scaled, i128.c(kGridFractionBits));
  Value fraction =
      i128.andI(scaled, i128.c(APInt::getLowBitsSet(128, kGridFractionBits)));
  // Past the virtual code every magnitude rounds the same way.
  Value limit = i128.c(top + gapTop);
  Value beyond = i128.cmp(P::uge, floor, limit);
  floor = i128.select(beyond, limit, floor);
  fraction = i128.select(beyond, i128.c(0), fraction);
  Value no = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  sticky = arith::SelectOp::create(b, loc, beyond, no, sticky);

  // The step 2^k of the binade (p = leading bit): 2^(p - M) for normal
  // values; below the normal range the subnormal step 1, or one step up to
  // the smallest normal when the format produces no subnormals.
  Value lead = i128.leadingBit(floor);
  Value normalStep = i128.sub(lead, i128.c(mant));
  Value belowNormal = i128.cmp(P::slt, lead, i128.c(mant));
  Value step =
      i128.select(belowNormal, i128.c(subnormalOutput ? 0 : mant), normalStep);
  Value inTop = i128.cmp(P::uge, floor, i128.c(top));
  step = i128.select(inTop, i128.c(topStep), step);
  Value lower =
      i128.select(inTop, i128.c(top), i128.shl(i128.shr(floor, step), step));
  Value gap = i128.shl(i128.c(1), step);
  // The fraction of the step above `lower`, with 62 bits and the sticky bit.
  Value stepFraction =
      i128.orI(i128.shl(i128.sub(floor, lower),
                        i128.sub(i128.c(kGridFractionBits), step)),
               i128.shr(fraction, step));
  Value dropped = i128.andI(fraction, i128.sub(gap, i128.c(1)));
  Value stepSticky =
      arith::OrIOp::create(b, loc, sticky, i128.ne(dropped, i128.c(0)));
  if (asNormal) {
    // Below the first nonzero value 2^M + 1 (as_normal reads e = 0 as
    // 1.m * 2^-bias), the neighbours are 0 and that value.
    APInt first = APInt(128, (uint64_t(1) << mant) + 1);
    Value low = i128.cmp(P::ult, floor, i128.c(first));
    Value numerator =
        i128.add(i128.shl(floor, i128.c(kGridFractionBits)), fraction);
    Value quotient = arith::DivUIOp::create(b, loc, numerator, i128.c(first));
    Value rest = arith::RemUIOp::create(b, loc, numerator, i128.c(first));
    stepFraction = i128.select(low, quotient, stepFraction);
    stepSticky = arith::SelectOp::create(
        b, loc, low,
        arith::OrIOp::create(b, loc, sticky, i128.ne(rest, i128.c(0))),
        stepSticky);
    lower = i128.select(low, i128.c(0), lower);
    gap = i128.select(low, i128.c(first), gap);
  }

  // The magnitude code of a grid value on a step boundary.
  auto codeOf = [&](Value v) {
    Value shiftBy =
        i128.max(i128.sub(i128.leadingBit(v), i128.c(mant)), i128.c(0));
    Value code =
        i128.add(i128.shl(shiftBy, i128.c(mant)), i128.shr(v, shiftBy));
    if (asNormal)
      code = i128.sub(code, i128.select(i128.eq(v, i128.c(0)), i128.c(0),
                                        i128.c(int64_t(1) << mant)));
    return arith::TruncIOp::create(b, loc, b.getI64Type(), code);
  };

  // Round: the fraction with its sticky bit against 1/2 or the draw; every
  // threshold is even, so the sticky bit settles equality exactly.
  Value exact = arith::TruncIOp::create(b, loc, b.getI64Type(), stepFraction);
  exact = i64.orI(exact,
                  arith::ExtUIOp::create(b, loc, b.getI64Type(), stepSticky));
  Value up = no;
  switch (rounding.mode) {
  case qcost::RoundingMode::nearest_even: {
    Value half = i64.c(int64_t(1) << (kGridFractionBits - 1));
    Value odd = arith::TruncIOp::create(b, loc, b.getI1Type(), codeOf(lower));
    up = arith::OrIOp::create(
        b, loc, i64.cmp(P::ugt, exact, half),
        arith::AndIOp::create(b, loc, i64.eq(exact, half), odd));
    break;
  }
  case qcost::RoundingMode::toward_zero:
    break;
  case qcost::RoundingMode::stochastic: {
    Value draw = stochasticDraw(rounding.seed, rounding.index);
    up = i64.cmp(P::ult, i64.shl(draw, i64.c(kGridFractionBits - 53)), exact);
    break;
  }
  }
  Value chosen = i128.add(lower, i128.select(up, gap, i128.c(0)));
  Value overflow = i128.cmp(P::ugt, chosen, i128.c(top));

  // Assemble the code: sign, magnitude, then overflow and special values.
  uint64_t signBit = uint64_t(1) << (f.getExpBits() + mant);
  Value sign = i64.select(value.flags.negative, i64.c(signBit), i64.c(0));
  Value nanCode = i64.c(f.getNaNCode());
  Value largest = i64.orI(sign, i64.c(maxCode));
  bool wrap = rounding.overflow == OverflowMode::Wrap;
  Value infinity = f.hasInfinity() ? i64.orI(sign, i64.c(f.getInfinityCode()))
                                   : (f.hasNaN() ? nanCode : largest);
  Value overflowCode = wrap ? infinity : largest;
  Value code =
      i64.select(overflow, overflowCode, i64.orI(sign, codeOf(chosen)));
  if (value.flags.infinite)
    code = i64.select(value.flags.infinite,
                      wrap && f.hasInfinity() ? infinity : largest, code);
  if (value.flags.nan)
    code = i64.select(value.flags.nan, nanCode, code);
  return storage.getWidth() == 64
             ? code
             : (Value)arith::TruncIOp::create(b, loc, storage, code);
}
