//===- Minifloat.cpp - minifloat and IEEE float codes: decode and encode --===//
//
// Minifloat codes (builtin f8/f6/f4 types and !qcost.float) are integers in
// storage; their fields decode to an exact f64 with NaN, infinities and -0,
// and values round onto their grid of codes in every subnormal and special
// variant. f32, f16 and bf16 codes are the floats themselves: they decode by
// extension, and nearest-even encodes of floats into f32 and f16 are one
// fptrunc (the hardware's own correct rounding); the other modes, bf16 and
// integer values take the grid.
//
//===----------------------------------------------------------------------===//

#include "CodecExpansion.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cassert>
#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::expansion;

namespace {
/// NaN, infinity and the sign bit of a minifloat code.
SpecialFlags flagsOf(Ops &i64, const NumberFormat &f, Value bits,
                     Value mantissa, Value field) {
  unsigned mant = f.getMantBits(), exp = f.getExpBits();
  Value top = i64.eq(field, i64.c((int64_t(1) << exp) - 1));
  Value allOnes = i64.eq(mantissa, i64.c((int64_t(1) << mant) - 1));
  Value zeroMantissa = i64.eq(mantissa, i64.c(0));
  SpecialFlags flags;
  flags.negative = i64.ne(i64.shrU(bits, i64.c(exp + mant)), i64.c(0));
  Value no = i64.i1(false);
  switch (f.getSpecials()) {
  case Specials::Ieee:
    flags.infinite = i64.andI(top, zeroMantissa);
    flags.nan = mant == 0 ? no : i64.andI(top, i64.notI(zeroMantissa));
    break;
  case Specials::InfOnly:
    flags.infinite = i64.andI(top, allOnes);
    flags.nan = no;
    break;
  case Specials::NanOnly:
    flags.nan = i64.andI(top, allOnes);
    flags.infinite = no;
    break;
  case Specials::Finite:
    flags.nan = flags.infinite = no;
    break;
  }
  return flags;
}

/// The exact value of a minifloat code as an f64 (every value of E <= 8,
/// M <= 23 is one).
Value minifloatToDouble(OpBuilder &b, Location loc, const NumberFormat &f,
                        Value code) {
  Ops i64(b, loc, b.getI64Type());
  Ops f64(b, loc, b.getF64Type());
  Value bits = codeBits(b, loc, code);
  int64_t mant = f.getMantBits(), exp = f.getExpBits();
  Value mantissa = i64.andI(bits, i64.c((int64_t(1) << mant) - 1));
  Value field =
      i64.andI(i64.shrU(bits, i64.c(mant)), i64.c((int64_t(1) << exp) - 1));
  Value subnormal = i64.eq(field, i64.c(0));
  // value = significand * 2^(lsb exponent), both integers.
  Value significand = i64.orI(mantissa, i64.c(int64_t(1) << mant));
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
  SpecialFlags flags = flagsOf(i64, f, bits, mantissa, field);
  value = f64.select(flags.infinite, f64.f(INFINITY), value);
  value = f64.select(flags.nan, f64.f(NAN), value);
  return math::CopySignOp::create(
      b, loc, value, f64.select(flags.negative, f64.f(-1.0), f64.f(1.0)));
}

/// The grid of a minifloat format.
Grid gridOf(const NumberFormat &f) {
  Grid grid;
  grid.mant = f.getMantBits();
  const int64_t minNormal = 1 - f.getBias();
  bool asNormal = f.getSubnormals() == Subnormals::AsNormal;
  grid.lowest = asNormal ? minNormal - 1 : minNormal;
  grid.codeOffset = asNormal ? -(int64_t(1) << grid.mant) : 0;
  switch (f.getSubnormals()) {
  case Subnormals::Ieee:
    grid.below = Grid::Below::Subnormal;
    break;
  case Subnormals::NoOutput:
  case Subnormals::Flush:
    grid.below = Grid::Below::OneStep;
    break;
  case Subnormals::AsNormal:
    grid.below = Grid::Below::AsNormal;
    break;
  }
  // The largest finite value is topUnits * 2^topStep, where 2^topStep is the
  // gap below it: the virtual code lies one such gap above (semantics 3.1).
  grid.maxCode = f.getLargestMagnitudeCode();
  ExactValue top = f.decode(grid.maxCode), below = f.decode(grid.maxCode - 1);
  grid.topBinade = top.exponent + 63 - __builtin_clzll(top.significand);
  int64_t base =
      below.isZero() ? top.exponent : std::min(top.exponent, below.exponent);
  APInt topScaled = APInt(128, top.significand).shl(top.exponent - base);
  APInt gapScaled =
      topScaled -
      (below.isZero()
           ? APInt(128, 0)
           : APInt(128, below.significand).shl(below.exponent - base));
  assert(gapScaled.isPowerOf2() && "the top gap of a minifloat is 2^k");
  grid.topStep = base + gapScaled.logBase2();
  grid.topUnits = topScaled.lshr(gapScaled.logBase2()).getZExtValue();
  grid.signBit = uint64_t(1) << (f.getExpBits() + f.getMantBits());
  grid.signedZero = true;
  grid.hasNaN = f.hasNaN();
  grid.nanCode = f.getNaNCode();
  if (f.hasInfinity())
    grid.infinityCode = f.getInfinityCode();
  return grid;
}

/// The canonical (positive quiet) NaN for every NaN, and with saturation
/// +-largest finite for infinities, of an IEEE float value.
Value finishIeee(OpBuilder &b, Location loc, Value value, bool saturate) {
  auto type = cast<FloatType>(value.getType());
  const llvm::fltSemantics &semantics = type.getFloatSemantics();
  auto typed = [&](const APFloat &v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v));
  };
  if (saturate) {
    Value infinite = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                           math::AbsFOp::create(b, loc, value),
                                           typed(APFloat::getInf(semantics)));
    Value largest = math::CopySignOp::create(
        b, loc, typed(APFloat::getLargest(semantics)), value);
    value = arith::SelectOp::create(b, loc, infinite, largest, value);
  }
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  return arith::SelectOp::create(b, loc, isNaN,
                                 typed(APFloat::getQNaN(semantics)), value);
}
} // namespace

Value qcc::expansion::decodeMinifloat(OpBuilder &b, qcost::DecodeOp op) {
  Location loc = op.getLoc();
  Value code = op.getCode();
  auto resultType = cast<FloatType>(op.getValue().getType());
  if (isa<FloatType>(code.getType())) {
    // An IEEE float code: its own value, extended (or itself).
    if (code.getType() == resultType)
      return code;
    return arith::ExtFOp::create(b, loc, resultType, code);
  }
  Value value = minifloatToDouble(b, loc, op.getNumberFormat(), code);
  if (resultType.isF64())
    return value;
  return arith::TruncFOp::create(b, loc, resultType, value);
}

Value qcc::expansion::encodeMinifloat(OpBuilder &b, qcost::EncodeOp op) {
  NumberFormat f = op.getNumberFormat();
  Location loc = op.getLoc();
  Value value = op.getValue();
  Type codeType = op.getCode().getType();
  bool saturate = op.getFormatOverflow() == OverflowMode::Saturate;
  // The cheap case: an exact float into f32 or f16 to nearest even is the
  // IEEE conversion.
  if (isa<FloatType>(value.getType()) && isa<FloatType>(codeType) &&
      (codeType.isF32() || codeType.isF16()) &&
      op.getRounding() == qcost::RoundingMode::nearest_even &&
      value.getType().getIntOrFloatBitWidth() >=
          codeType.getIntOrFloatBitWidth()) {
    Value rounded =
        value.getType() == codeType
            ? value
            : (Value)arith::TruncFOp::create(b, loc, codeType, value);
    return finishIeee(b, loc, rounded, saturate);
  }
  Value code = encodeOnGrid(b, loc, gridOf(f), wideValueOf(b, loc, op),
                            ruleOf(op), op.getFormatOverflow());
  return asCodeType(b, loc, code, codeType);
}
