//===- Grid.cpp - rounding onto the codes of minifloats and powers of two -===//
//
// Minifloat and power-of-two codes are integers and stay integers here: the
// binade of the value follows from its leading bit, the lower candidate's
// code from the binade and the significand, and the fraction of the step
// above it (kGridFractionBits bits plus a sticky bit) decides every rounding
// mode exactly. Nothing relies on the host having (or correctly rounding
// to) the format.
//
//===----------------------------------------------------------------------===//

#include "CodecExpansion.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::expansion;
using P = arith::CmpIPredicate;

namespace {
/// sig * 2^-amount split into its integer part and the fraction below it as
/// kGridFractionBits bits plus a sticky bit (amount: any i64; sig below
/// 2^127).
struct Split {
  Value integer, fraction, sticky; // i128, i128, i1
};

Split splitAt(Ops &i128, Ops &i64, Value sig, Value amount) {
  // Masks of the low x bits, for x in [0, 128].
  auto lowMask = [&](Value x) {
    Value below =
        i128.sub(i128.shl(i128.c(1), i128.minS(x, i128.c(127))), i128.c(1));
    return i128.select(i128.cmp(P::sge, x, i128.c(128)), i128.c(-1), below);
  };
  Value right =
      i128.fromUnsigned(i64.minS(i64.maxS(amount, i64.c(0)), i64.c(190)));
  Value left = i128.fromUnsigned(
      i64.minS(i64.maxS(i64.sub(i64.c(0), amount), i64.c(0)), i64.c(127)));
  Split split;
  split.integer = i128.shl(i128.shrU(sig, i128.minS(right, i128.c(127))), left);
  Value bitsBelow = i128.andI(sig, lowMask(right));
  const int64_t f = qcost::codec::kGridFractionBits;
  Value near = i128.cmp(P::sle, right, i128.c(f));
  // right <= f: the dropped bits move up to the fraction's top; else the
  // fraction is the top f of them and the rest is sticky.
  Value raised =
      i128.shl(bitsBelow, i128.sub(i128.c(f), i128.minS(right, i128.c(f))));
  Value excess = i128.maxS(i128.sub(right, i128.c(f)), i128.c(0));
  Value lowered = i128.andI(i128.shrU(sig, i128.minS(excess, i128.c(127))),
                            i128.c(APInt::getLowBitsSet(128, f)));
  split.fraction = i128.select(near, raised, lowered);
  split.sticky = i128.andI(i128.notI(near),
                           i128.ne(i128.andI(sig, lowMask(excess)), i128.c(0)));
  return split;
}
} // namespace

Value qcc::expansion::encodeOnGrid(OpBuilder &b, Location loc, const Grid &grid,
                                   const WideFloat &value,
                                   const RoundingRule &rule,
                                   OverflowMode overflow) {
  Ops i128(b, loc, b.getIntegerType(128));
  Ops i64(b, loc, b.getI64Type());
  const int64_t mant = grid.mant, lowest = grid.lowest;
  const int64_t f = qcost::codec::kGridFractionBits;

  // Binades are named by the exponent of their leading bit.
  Value sig = value.significand, exponent = value.exponent;
  Value isZero = i128.eq(sig, i128.c(0));
  Value binade =
      i64.select(isZero, i64.c(INT32_MIN),
                 i64.add(i64.fromUnsigned(i128.leadingBit(sig)), exponent));
  Value normal = i64.cmp(P::sge, binade, i64.c(lowest));
  int64_t stepBelow =
      grid.below == Grid::Below::Subnormal ? lowest - mant : lowest;
  Value step =
      i64.select(normal, i64.sub(binade, i64.c(mant)), i64.c(stepBelow));
  Split split = splitAt(i128, i64, sig, i64.sub(step, exponent));
  Value q = i64.fromUnsigned(split.integer);
  Value above = i64.maxS(i64.sub(binade, i64.c(lowest)), i64.c(0));
  Value normalCode =
      i64.add(i64.shl(above, i64.c(mant)), i64.add(q, i64.c(grid.codeOffset)));
  Value lowerCode = i64.select(normal, normalCode, q);
  Value fraction = split.fraction;
  Value sticky = i64.orI(value.sticky, split.sticky);

  if (grid.below == Grid::Below::AsNormal) {
    // Below the first nonzero value (2^M + 1) * 2^(lowest - M) the
    // neighbours are 0 and that value: the fraction is a quotient.
    const int64_t first = (int64_t(1) << mant) + 1;
    Value low = i64.orI(i64.cmp(P::slt, binade, i64.c(lowest)),
                        i64.andI(i64.eq(binade, i64.c(lowest)),
                                 i64.cmp(P::slt, q, i64.c(first))));
    Split scaled =
        splitAt(i128, i64, sig, i64.sub(i64.c(lowest - mant - f), exponent));
    Value quotient =
        arith::DivUIOp::create(b, loc, scaled.integer, i128.c(first));
    Value rest = arith::RemUIOp::create(b, loc, scaled.integer, i128.c(first));
    fraction = i128.select(low, quotient, fraction);
    sticky = i64.select(
        low,
        i64.orI(i64.orI(value.sticky, scaled.sticky), i128.ne(rest, i128.c(0))),
        sticky);
    lowerCode = i64.select(low, i64.c(0), lowerCode);
  }

  // From the largest finite value up, the neighbours are it and the virtual
  // code; past the virtual code every magnitude rounds like a whole gap.
  Split topSplit =
      splitAt(i128, i64, sig, i64.sub(i64.c(grid.topStep), exponent));
  Value topQuotient = i64.fromUnsigned(topSplit.integer);
  Value inTopBinade = i64.eq(binade, i64.c(grid.topBinade));
  Value atTop =
      i64.andI(inTopBinade, i64.cmp(P::sge, topQuotient, i64.c(grid.topUnits)));
  Value beyond = i64.orI(i64.cmp(P::sgt, binade, i64.c(grid.topBinade)),
                         i64.andI(inTopBinade, i64.cmp(P::sgt, topQuotient,
                                                       i64.c(grid.topUnits))));
  lowerCode =
      i64.select(i64.orI(atTop, beyond), i64.c(grid.maxCode), lowerCode);
  fraction = i128.select(atTop, topSplit.fraction, fraction);
  sticky = i64.select(atTop, i64.orI(value.sticky, topSplit.sticky), sticky);
  // The fraction with the sticky bit in bit 0: every threshold the rounding
  // compares it with is a multiple of 2^9, so that bit settles it exactly.
  Value exact = i64.orI(i64.fromUnsigned(fraction), i64.fromUnsigned(sticky));
  exact = i64.select(beyond, i64.c(int64_t(1) << f), exact);
  if (grid.below == Grid::Below::Smallest) {
    // Below the smallest level every magnitude is the smallest level.
    Value under = i64.cmp(P::slt, binade, i64.c(lowest));
    exact = i64.select(under, i64.c(0), exact);
    lowerCode = i64.select(under, i64.c(0), lowerCode);
  }

  Value lowerIsOdd = arith::TruncIOp::create(b, loc, b.getI1Type(), lowerCode);
  Value up = roundsUp(b, loc, rule, lowerIsOdd, Fraction{exact, {}, f});
  Value chosen = i64.add(lowerCode, i64.fromUnsigned(up));
  if (grid.below == Grid::Below::OneStep) {
    // One step up from 0 below the normal range is the smallest normal.
    Value toNormal = i64.andI(up, i64.notI(normal));
    chosen = i64.select(toNormal, i64.c(int64_t(1) << mant), chosen);
  }
  Value overflowed = i64.cmp(P::ugt, chosen, i64.c(grid.maxCode));

  // Sign, magnitude, then overflow and special values.
  Value negative = value.flags.negative;
  if (!grid.signedZero)
    negative =
        i64.andI(negative, i64.notI(i64.andI(isZero, i64.notI(value.sticky))));
  Value sign = i64.select(negative, i64.c(grid.signBit), i64.c(0));
  Value largest = i64.orI(sign, i64.c(grid.maxCode));
  Value infinity = grid.infinityCode
                       ? i64.orI(sign, i64.c(*grid.infinityCode))
                       : (grid.hasNaN ? i64.c(grid.nanCode) : largest);
  bool wrap = overflow == OverflowMode::Wrap;
  Value code =
      i64.select(overflowed, wrap ? infinity : largest, i64.orI(sign, chosen));
  code = i64.select(value.flags.infinite,
                    wrap && grid.infinityCode ? infinity : largest, code);
  code = i64.select(value.flags.nan, i64.c(grid.nanCode), code);
  if (grid.signBit == 0)
    code = i64.select(value.flags.negative, i64.c(0), code);
  return code;
}
