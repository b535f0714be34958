//===- PowerOfTwo.cpp - power-of-two codes: decode and encode -------------===//
//
// A power-of-two code is a sign bit and an exponent field counting levels up
// from the smallest; decoding shifts a one, encoding rounds on the grid of
// levels (one code per binade, the virtual code above the largest level is
// the next power).
//
//===----------------------------------------------------------------------===//

#include "CodecExpansion.h"

#include "qcc/Conversion/QCostCodecToArith/QCostCodecToArith.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::expansion;

namespace {
/// The field, the level above the smallest and the sign of a code, in
/// `type` (an integer of at least the code's W bits).
struct Fields {
  Value field, level, negative, isZero;
};

Fields fieldsOf(OpBuilder &b, Location loc, const NumberFormat &f, Value code,
                Type type) {
  Ops i64(b, loc, type);
  unsigned fieldBits = f.isSigned() ? f.getBitWidth() - 1 : f.getBitWidth();
  Value bits = i64.fromUnsigned(codeBits(b, loc, code));
  Fields fields;
  // Fields past the last level read as the largest level.
  int64_t maxField = (f.getMaxExp() - f.getMinExp()) + (f.hasZero() ? 1 : 0);
  fields.field = i64.minU(i64.andI(bits, i64.c((int64_t(1) << fieldBits) - 1)),
                          i64.c(maxField));
  fields.level = f.hasZero() ? i64.sub(fields.field, i64.c(1)) : fields.field;
  fields.isZero = f.hasZero() ? i64.eq(fields.field, i64.c(0)) : i64.i1(false);
  fields.negative = f.isSigned()
                        ? i64.ne(i64.shrU(bits, i64.c(fieldBits)), i64.c(0))
                        : i64.i1(false);
  return fields;
}
} // namespace

PowerOfTwoFields qcc::expandPowerOfTwoFields(OpBuilder &b, Location loc,
                                             const NumberFormat &format,
                                             Value code,
                                             IntegerType levelType) {
  // In the code's own width: a narrow datapath where the consumer is HLS.
  Fields fields = fieldsOf(b, loc, format, code, code.getType());
  Ops ops(b, loc, levelType);
  return {fields.negative, fields.isZero, ops.fromUnsigned(fields.level)};
}

Value qcc::expansion::decodePowerOfTwo(OpBuilder &b, qcost::DecodeOp op) {
  NumberFormat f = op.getNumberFormat();
  Location loc = op.getLoc();
  Fields fields = fieldsOf(b, loc, f, op.getCode(), b.getI64Type());
  Type resultType = op.getValue().getType();
  if (auto floatType = dyn_cast<FloatType>(resultType)) {
    // 2^(minExp + level) built as f64 bits (|exponent| <= 1000 is normal),
    // -0 where the zero code carries the sign; narrower types are exact.
    Ops i64(b, loc, b.getI64Type());
    Ops f64(b, loc, b.getF64Type());
    Value exponent = i64.add(fields.level, i64.c(f.getMinExp() + 1023));
    Value magnitude = arith::BitcastOp::create(b, loc, b.getF64Type(),
                                               i64.shl(exponent, i64.c(52)));
    magnitude = f64.select(fields.isZero, f64.f(0.0), magnitude);
    Value real = math::CopySignOp::create(
        b, loc, magnitude,
        f64.select(fields.negative, f64.f(-1.0), f64.f(1.0)));
    if (floatType.isF64())
      return real;
    return arith::TruncFOp::create(b, loc, floatType, real);
  }
  Ops ops(b, loc, resultType);
  Value level = ops.fromUnsigned(fields.level);
  Value one = ops.c(int64_t(1));
  Value magnitude =
      ops.shl(ops.shl(one, level), f.getMinExp() - op.getLsbExponent());
  magnitude = ops.select(fields.isZero, ops.c(0), magnitude);
  return ops.select(fields.negative, ops.sub(ops.c(0), magnitude), magnitude);
}

Value qcc::expansion::encodePowerOfTwo(OpBuilder &b, qcost::EncodeOp op) {
  NumberFormat f = op.getNumberFormat();
  Grid grid;
  grid.mant = 0;
  grid.lowest = f.getMinExp();
  grid.codeOffset = f.hasZero() ? 0 : -1;
  grid.below = f.hasZero() ? Grid::Below::OneStep : Grid::Below::Smallest;
  grid.maxCode = f.getLargestMagnitudeCode();
  grid.topBinade = grid.topStep = f.getMaxExp();
  grid.topUnits = 1;
  grid.signBit = f.isSigned() ? uint64_t(1) << (f.getBitWidth() - 1) : 0;
  grid.signedZero = false;
  Location loc = op.getLoc();
  Value code = encodeOnGrid(b, loc, grid, wideValueOf(b, loc, op), ruleOf(op),
                            op.getFormatOverflow());
  return asCodeType(b, loc, code, op.getCode().getType());
}
