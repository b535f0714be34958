//===- Rounding.cpp - the rounding decision and the stochastic draw -------===//
//
// Every encode reduces its value to a lower candidate and the fraction of
// the gap above it; this file decides, for every rounding mode, whether the
// value moves up. It is the only switch over rounding modes in the codec.
//
//===----------------------------------------------------------------------===//

#include "CodecExpansion.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::expansion;
using P = arith::CmpIPredicate;

Value qcc::expansion::stochasticDraw(OpBuilder &b, Location loc, uint64_t seed,
                                     Value index) {
  // SplitMix64 of docs/semantics.md section 3.2, in wrapping i64 arithmetic.
  Ops i64(b, loc, b.getI64Type());
  auto c = [&](uint64_t value) { return i64.c(static_cast<int64_t>(value)); };
  auto xorShift = [&](Value z, int64_t amount) {
    return i64.xorI(z, i64.shrU(z, c(amount)));
  };
  Value z =
      i64.add(c(seed), i64.mul(i64.add(index, c(1)), c(0x9E3779B97F4A7C15ULL)));
  z = i64.mul(xorShift(z, 30), c(0xBF58476D1CE4E5B9ULL));
  z = i64.mul(xorShift(z, 27), c(0x94D049BB133111EBULL));
  z = xorShift(z, 31);
  return i64.shrU(z, c(11));
}

/// Whether k * 2^-53 < remainder / denominator, compared exactly.
static Value drawBelowFraction(OpBuilder &b, Location loc, Value k,
                               const Fraction &fraction) {
  using qcost::codec::kDrawBits;
  unsigned width = fraction.remainder.getType().getIntOrFloatBitWidth();
  if (fraction.denominatorLog2) {
    // k * 2^log2 < r * 2^53: shift whichever side is short.
    int64_t log2 = *fraction.denominatorLog2;
    Ops ops(b, loc,
            b.getIntegerType(qcost::codec::integerWidth(static_cast<unsigned>(
                std::max<int64_t>({log2, kDrawBits, width}) + 2))));
    Value r = ops.fromUnsigned(fraction.remainder);
    Value draw = ops.fromUnsigned(k);
    if (log2 >= int64_t(kDrawBits))
      return ops.cmp(P::ult, ops.shl(draw, log2 - kDrawBits), r);
    return ops.cmp(P::ult, draw, ops.shl(r, kDrawBits - log2));
  }
  Ops ops(b, loc,
          b.getIntegerType(qcost::codec::integerWidth(width + kDrawBits + 1)));
  return ops.cmp(
      P::ult,
      ops.mul(ops.fromUnsigned(k), ops.fromUnsigned(fraction.denominator)),
      ops.shl(ops.fromUnsigned(fraction.remainder), kDrawBits));
}

Value qcc::expansion::roundsUp(OpBuilder &b, Location loc,
                               const RoundingRule &rule, Value lowerIsOdd,
                               const Fraction &fraction,
                               Value lowerTowardZero) {
  Ops ops(b, loc, fraction.remainder.getType());
  if (fraction.denominatorLog2 && *fraction.denominatorLog2 == 0)
    return ops.i1(false); // a gap of one unit: nothing lies inside it
  Value inexact = ops.ne(fraction.remainder, ops.c(0));
  switch (rule.mode) {
  case qcost::RoundingMode::nearest_even: {
    // remainder against the rest of the gap: no doubling that could wrap.
    Value rest = fraction.denominatorLog2
                     ? ops.c(APInt::getOneBitSet(ops.width(),
                                                 *fraction.denominatorLog2 - 1))
                     : ops.sub(fraction.denominator, fraction.remainder);
    Value above = ops.cmp(P::ugt, fraction.remainder, rest);
    Value tie = ops.eq(fraction.remainder, rest);
    return ops.orI(above, ops.andI(tie, lowerIsOdd));
  }
  case qcost::RoundingMode::toward_zero:
    if (!lowerTowardZero)
      return ops.i1(false);
    return ops.andI(inexact, ops.notI(lowerTowardZero));
  case qcost::RoundingMode::stochastic:
    return drawBelowFraction(
        b, loc, stochasticDraw(b, loc, rule.seed, rule.index), fraction);
  }
  llvm_unreachable("unknown rounding mode");
}
