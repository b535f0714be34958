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

WideFloat BodyBuilder::wideFromDouble(Value value) {
  Bits i64(b, loc, b.getI64Type());
  Value bits = arith::BitcastOp::create(b, loc, b.getI64Type(), value);
  Value field = i64.andI(i64.shr(bits, i64.c(52)), i64.c(0x7FF));
  Value fraction = i64.andI(bits, i64.c((int64_t(1) << 52) - 1));
  Value subnormal = i64.eq(field, i64.c(0));
  Value significand = i64.select(subnormal, fraction,
                                 i64.orI(fraction, i64.c(int64_t(1) << 52)));
  WideFloat result;
  result.significand = arith::ExtUIOp::create(b, loc, wide(), significand);
  result.exponent = i64.sub(i64.max(field, i64.c(1)), i64.c(1075));
  result.sticky = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  result.flags.negative = i64.cmp(arith::CmpIPredicate::slt, bits, i64.c(0));
  result.flags.nan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  result.flags.infinite = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, loc, value),
      f64Constant(INFINITY));
  return result;
}

WideFloat BodyBuilder::wideFromInteger(Value n, int64_t lsb) {
  Bits bits(b, loc, n.getType());
  unsigned width = n.getType().getIntOrFloatBitWidth();
  Value negative = bits.cmp(arith::CmpIPredicate::slt, n, bits.c(0));
  Value magnitude = bits.select(negative, bits.sub(bits.c(0), n), n);
  WideFloat result;
  result.flags.negative = negative;
  result.exponent = constant(lsb, b.getI64Type());
  result.sticky = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  if (width <= 128) {
    result.significand =
        width < 128 ? (Value)arith::ExtUIOp::create(b, loc, wide(), magnitude)
                    : magnitude;
    return result;
  }
  // Wider sums keep their top 126 bits and a sticky bit (normalized, so a
  // division that follows shifts nothing).
  Value shift =
      bits.max(bits.sub(bits.leadingBit(magnitude), bits.c(125)), bits.c(0));
  result.significand =
      arith::TruncIOp::create(b, loc, wide(), bits.shr(magnitude, shift));
  result.sticky = bits.ne(
      bits.andI(magnitude, bits.sub(bits.shl(bits.c(1), shift), bits.c(1))),
      bits.c(0));
  result.exponent = arith::AddIOp::create(
      b, loc, result.exponent,
      arith::TruncIOp::create(b, loc, b.getI64Type(), shift));
  return result;
}

WideFloat BodyBuilder::divideWide(const WideFloat &value, Value divisor) {
  Bits i128(b, loc, wide());
  Bits i64(b, loc, b.getI64Type());
  // Normalize the leading bit to 125 first, so the quotient keeps at least
  // 126 - bits(divisor) significant bits (checkMinifloatDivision).
  Value shift = i128.sub(i128.c(125), i128.leadingBit(value.significand));
  Value numerator = i128.shl(value.significand, shift);
  WideFloat result = value;
  result.significand = arith::DivUIOp::create(b, loc, numerator, divisor);
  Value rest = arith::RemUIOp::create(b, loc, numerator, divisor);
  result.exponent = i64.sub(
      value.exponent, arith::TruncIOp::create(b, loc, b.getI64Type(), shift));
  result.sticky =
      arith::OrIOp::create(b, loc, value.sticky, i128.ne(rest, i128.c(0)));
  return result;
}

namespace {
/// sig * 2^-amount split into its integer part and the fraction below it as
/// kRoundingFractionBits bits plus a sticky bit (amount: any i64; sig below
/// 2^127).
struct Split {
  Value integer, fraction, sticky; // i128, i128, i1
};

Split splitAt(Bits &i128, Bits &i64, OpBuilder &b, Location loc, Value sig,
              Value amount) {
  auto wide = [&](Value v) {
    return arith::ExtUIOp::create(b, loc, b.getIntegerType(128), v);
  };
  // Masks of the low x bits, for x in [0, 128].
  auto lowMask = [&](Value x) {
    Value below =
        i128.sub(i128.shl(i128.c(1), i128.min(x, i128.c(127))), i128.c(1));
    return i128.select(i128.cmp(arith::CmpIPredicate::sge, x, i128.c(128)),
                       i128.c(-1), below);
  };
  Value right = wide(i64.min(i64.max(amount, i64.c(0)), i64.c(190)));
  Value left =
      wide(i64.min(i64.max(i64.sub(i64.c(0), amount), i64.c(0)), i64.c(127)));
  Split split;
  split.integer = i128.shl(i128.shr(sig, i128.min(right, i128.c(127))), left);
  Value bitsBelow = i128.andI(sig, lowMask(right));
  const int64_t f = kRoundingFractionBits;
  Value near = i128.cmp(arith::CmpIPredicate::sle, right, i128.c(f));
  // right <= f: the dropped bits move up to the fraction's top; else the
  // fraction is the top f of them and the rest is sticky.
  Value raised =
      i128.shl(bitsBelow, i128.sub(i128.c(f), i128.min(right, i128.c(f))));
  Value excess = i128.max(i128.sub(right, i128.c(f)), i128.c(0));
  Value lowered = i128.andI(i128.shr(sig, i128.min(excess, i128.c(127))),
                            i128.c(APInt::getLowBitsSet(128, f)));
  split.fraction = i128.select(near, raised, lowered);
  split.sticky = arith::AndIOp::create(
      b, loc,
      arith::XOrIOp::create(
          b, loc, near, arith::ConstantOp::create(b, loc, b.getBoolAttr(true))),
      i128.ne(i128.andI(sig, lowMask(excess)), i128.c(0)));
  return split;
}
} // namespace

Value BodyBuilder::encodeMinifloat(const WideFloat &value,
                                   const NumberFormat &f,
                                   const RoundingSpec &rounding,
                                   IntegerType storage) {
  Bits i128(b, loc, wide());
  Bits i64(b, loc, b.getI64Type());
  using P = arith::CmpIPredicate;
  const int64_t mant = f.getMantBits();
  const bool asNormal = f.getSubnormals() == Subnormals::AsNormal;
  const bool subnormalOutput = f.getSubnormals() == Subnormals::Ieee;
  auto toI64 = [&](Value v) {
    return arith::TruncIOp::create(b, loc, b.getI64Type(), v);
  };
  auto orI1 = [&](Value x, Value y) {
    return arith::OrIOp::create(b, loc, x, y);
  };

  // Binades are named by the exponent of their leading bit. From `lowest` up
  // every binade holds 2^M codes with step 2^(binade - M); as_normal reads
  // e = 0 as the binade below the smallest normal one.
  const int64_t minNormal = 1 - f.getBias();
  const int64_t lowest = asNormal ? minNormal - 1 : minNormal;
  const uint64_t maxCode = f.getLargestMagnitudeCode();
  // The largest finite value is top = topUnits * 2^topStep, where 2^topStep
  // is the gap below it: the virtual code lies one such gap above (semantics
  // 3.1), which is half the top binade's step when top starts its binade.
  ExactValue top = f.decode(maxCode), below = f.decode(maxCode - 1);
  const int64_t topBinade =
      top.exponent + 63 - __builtin_clzll(top.significand);
  int64_t base =
      below.isZero() ? top.exponent : std::min(top.exponent, below.exponent);
  APInt topScaled = APInt(128, top.significand).shl(top.exponent - base);
  APInt gapScaled =
      topScaled -
      (below.isZero()
           ? APInt(128, 0)
           : APInt(128, below.significand).shl(below.exponent - base));
  assert(gapScaled.isPowerOf2() && "the top gap of a minifloat is 2^k");
  const int64_t topStep = base + gapScaled.logBase2();
  const int64_t topUnits = topScaled.lshr(gapScaled.logBase2()).getZExtValue();

  Value sig = value.significand, exponent = value.exponent;
  Value isZero = i128.eq(sig, i128.c(0));
  Value binade = i64.select(isZero, i64.c(INT32_MIN),
                            i64.add(toI64(i128.leadingBit(sig)), exponent));
  Value normal = i64.cmp(P::sge, binade, i64.c(lowest));
  // Below the normal binades: subnormal steps, or (no_output, flush) the
  // one step from 0 to the smallest normal value.
  Value step =
      i64.select(normal, i64.sub(binade, i64.c(mant)),
                 i64.c(subnormalOutput ? minNormal - mant : minNormal));
  Split split = splitAt(i128, i64, b, loc, sig, i64.sub(step, exponent));
  Value q = toI64(split.integer);
  Value above = i64.max(i64.sub(binade, i64.c(lowest)), i64.c(0));
  Value normalCode =
      i64.add(i64.shl(above, i64.c(mant)),
              asNormal ? i64.sub(q, i64.c(int64_t(1) << mant)) : q);
  Value lowerCode = i64.select(normal, normalCode, q);
  Value fraction = split.fraction;
  Value sticky = orI1(value.sticky, split.sticky);

  if (asNormal) {
    // Below the first nonzero value (2^M + 1) * 2^(lowest - M) the
    // neighbours are 0 and that value: the fraction is a quotient.
    const int64_t first = (int64_t(1) << mant) + 1;
    Value low =
        orI1(i64.cmp(P::slt, binade, i64.c(lowest)),
             arith::AndIOp::create(b, loc, i64.eq(binade, i64.c(lowest)),
                                   i64.cmp(P::slt, q, i64.c(first))));
    Split scaled = splitAt(
        i128, i64, b, loc, sig,
        i64.sub(i64.c(lowest - mant - kRoundingFractionBits), exponent));
    Value quotient =
        arith::DivUIOp::create(b, loc, scaled.integer, i128.c(first));
    Value rest = arith::RemUIOp::create(b, loc, scaled.integer, i128.c(first));
    fraction = i128.select(low, quotient, fraction);
    sticky = arith::SelectOp::create(
        b, loc, low,
        orI1(orI1(value.sticky, scaled.sticky), i128.ne(rest, i128.c(0))),
        sticky);
    lowerCode = i64.select(low, i64.c(0), lowerCode);
  }

  // From the largest finite value up, the neighbours are it and the virtual
  // code; past the virtual code every magnitude rounds like a whole gap.
  Split topSplit =
      splitAt(i128, i64, b, loc, sig, i64.sub(i64.c(topStep), exponent));
  Value topQuotient = toI64(topSplit.integer);
  Value inTopBinade = i64.eq(binade, i64.c(topBinade));
  Value atTop = arith::AndIOp::create(
      b, loc, inTopBinade, i64.cmp(P::sge, topQuotient, i64.c(topUnits)));
  Value beyond = orI1(
      i64.cmp(P::sgt, binade, i64.c(topBinade)),
      arith::AndIOp::create(b, loc, inTopBinade,
                            i64.cmp(P::sgt, topQuotient, i64.c(topUnits))));
  lowerCode = i64.select(orI1(atTop, beyond), i64.c(maxCode), lowerCode);
  fraction = i128.select(atTop, topSplit.fraction, fraction);
  sticky = arith::SelectOp::create(b, loc, atTop,
                                   orI1(value.sticky, topSplit.sticky), sticky);
  Value exact = i64.orI(toI64(fraction),
                        arith::ExtUIOp::create(b, loc, b.getI64Type(), sticky));
  Value whole = i64.c(int64_t(1) << kRoundingFractionBits);
  exact = i64.select(beyond, whole, exact);

  // Round: the fraction with its sticky bit against 1/2 or the draw; every
  // threshold is a multiple of 2^9, so the sticky bit settles it exactly.
  Value up = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  switch (rounding.mode) {
  case qcost::RoundingMode::nearest_even: {
    Value half = i64.c(int64_t(1) << (kRoundingFractionBits - 1));
    Value odd = arith::TruncIOp::create(b, loc, b.getI1Type(), lowerCode);
    up = orI1(i64.cmp(P::ugt, exact, half),
              arith::AndIOp::create(b, loc, i64.eq(exact, half), odd));
    break;
  }
  case qcost::RoundingMode::toward_zero:
    break;
  case qcost::RoundingMode::stochastic: {
    Value draw = stochasticDraw(rounding.seed, rounding.index);
    up = i64.cmp(P::ult, i64.shl(draw, i64.c(kRoundingFractionBits - 53)),
                 exact);
    break;
  }
  }
  Value chosen =
      i64.add(lowerCode, arith::ExtUIOp::create(b, loc, b.getI64Type(), up));
  if (!subnormalOutput && !asNormal) {
    // One step up from 0 below the normal range is the smallest normal.
    Value toNormal = arith::AndIOp::create(
        b, loc, up,
        arith::XOrIOp::create(
            b, loc, normal,
            arith::ConstantOp::create(b, loc, b.getBoolAttr(true))));
    chosen = i64.select(toNormal, i64.c(int64_t(1) << mant), chosen);
  }
  Value overflow = i64.cmp(P::ugt, chosen, i64.c(maxCode));

  // Assemble the code: sign, magnitude, then overflow and special values.
  uint64_t signBit = uint64_t(1) << (f.getExpBits() + mant);
  Value sign = i64.select(value.flags.negative, i64.c(signBit), i64.c(0));
  Value nanCode = i64.c(f.getNaNCode());
  Value largest = i64.orI(sign, i64.c(maxCode));
  bool wrap = rounding.overflow == OverflowMode::Wrap;
  Value infinity = f.hasInfinity() ? i64.orI(sign, i64.c(f.getInfinityCode()))
                                   : (f.hasNaN() ? nanCode : largest);
  Value overflowCode = wrap ? infinity : largest;
  Value code = i64.select(overflow, overflowCode, i64.orI(sign, chosen));
  if (value.flags.infinite)
    code = i64.select(value.flags.infinite,
                      wrap && f.hasInfinity() ? infinity : largest, code);
  if (value.flags.nan)
    code = i64.select(value.flags.nan, nanCode, code);
  return storage.getWidth() == 64
             ? code
             : (Value)arith::TruncIOp::create(b, loc, storage, code);
}
