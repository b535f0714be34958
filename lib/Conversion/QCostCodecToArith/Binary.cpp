//===- Binary.cpp - binary (+-1) codes: decode and encode -----------------===//
//
// Code 1 is +1, code 0 is -1. Nearest-even and toward-zero rounding give +1
// exactly for values >= 0 (-0 included); stochastic rounding gives +1 iff
// u < clamp((x + 1) / 2, 0, 1), which is (x + 1) / 2 rounded stochastically
// into ufixed<1, 0>: the fixed-point encoder does it.
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

Value qcc::expansion::decodeBinary(OpBuilder &b, qcost::DecodeOp op) {
  Location loc = op.getLoc();
  Value isOne = arith::TruncIOp::create(b, loc, b.getI1Type(), op.getCode());
  Type resultType = op.getValue().getType();
  Ops ops(b, loc, resultType);
  if (isa<FloatType>(resultType))
    return ops.select(isOne, ops.f(1.0), ops.f(-1.0));
  int64_t shift = -op.getLsbExponent();
  return ops.select(isOne, ops.c(int64_t(1) << shift),
                    ops.c(-(int64_t(1) << shift)));
}

/// x (an exact float) as the integer n of n * 2^kBinaryFloatLsb with the
/// same stochastic decision: clamped to [-1, 1], magnitudes below 2^-60
/// raised to it (1 + x then lies strictly between the same two multiples of
/// 2^-52 as before).
static Value binaryFloatAsInteger(OpBuilder &b, Location loc, Value x) {
  Ops f64(b, loc, b.getF64Type());
  if (!x.getType().isF64())
    x = arith::ExtFOp::create(b, loc, b.getF64Type(), x);
  Value clamped = arith::MinimumFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, x, f64.f(-1.0)), f64.f(1.0));
  Value tiny = arith::AndIOp::create(
      b, loc,
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                            math::AbsFOp::create(b, loc, clamped),
                            f64.f(0x1.0p-60)),
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, clamped,
                            f64.f(0.0)));
  clamped = f64.select(
      tiny, math::CopySignOp::create(b, loc, f64.f(0x1.0p-60), clamped),
      clamped);
  // NaN gives code 0 by the caller; any integer will do here.
  Value finite = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD,
                                       clamped, clamped);
  clamped = f64.select(finite, clamped, f64.f(0.0));
  Value scaled = arith::MulFOp::create(
      b, loc, clamped,
      f64.f(std::ldexp(1.0, -int(qcost::codec::kBinaryFloatLsb))));
  return arith::FPToSIOp::create(b, loc, b.getIntegerType(128), scaled);
}

Value qcc::expansion::encodeBinary(OpBuilder &b, qcost::EncodeOp op) {
  Location loc = op.getLoc();
  Value value = op.getValue();
  Type codeType = op.getCode().getType();
  Ops code(b, loc, codeType);
  bool isFloat = isa<FloatType>(value.getType());
  RoundingRule rule = ruleOf(op);
  if (rule.mode != qcost::RoundingMode::stochastic) {
    // x >= 0 (including -0) is +1; NaN and negatives are code 0.
    Value nonNegative =
        isFloat
            ? (Value)arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                           value,
                                           Ops(b, loc, value.getType()).f(0.0))
            : Ops(b, loc, value.getType())
                  .cmp(P::sge, value, Ops(b, loc, value.getType()).c(0));
    return code.fromUnsigned(nonNegative);
  }
  qcost::codec::EncodeValue exact;
  Value n = value, divisor = op.getDivisor();
  int64_t lsb = op.getLsbExponent();
  if (isFloat) {
    n = binaryFloatAsInteger(b, loc, value);
    lsb = qcost::codec::kBinaryFloatLsb;
  }
  exact.bits = n.getType().getIntOrFloatBitWidth();
  exact.lsb = lsb;
  exact.divisorBits = divisor ? divisor.getType().getIntOrFloatBitWidth() : 0;
  qcost::codec::EncodeValue reduced =
      qcost::codec::getBinaryReducedValue(exact);
  if (reduced.lsb != exact.lsb) {
    // The floor at 2^-62 and a sticky bit below it, in a narrower integer.
    Ops ops(b, loc, n.getType());
    int64_t dropped = qcost::codec::kBinarySignificantLsb - lsb;
    Value floor = ops.shrS(n, ops.c(dropped));
    Value sticky =
        ops.ne(ops.andI(n, ops.c(APInt::getLowBitsSet(ops.width(), dropped))),
               ops.c(0));
    Value kept = ops.orI(ops.shl(floor, 1), ops.fromUnsigned(sticky));
    n = Ops(b, loc, b.getIntegerType(qcost::codec::integerWidth(reduced.bits)))
            .fromSigned(kept);
    lsb = reduced.lsb;
    exact = reduced;
    exact.bits = n.getType().getIntOrFloatBitWidth();
  }
  qcost::codec::EncodeValue half =
      qcost::codec::getBinaryStochasticValue(exact);
  // (x + 1) / 2 = (n * 2^(lsb - m) + d * 2^-m) * 2^(m - 1) / d, m = min(lsb,
  // 0).
  Ops wide(b, loc, b.getIntegerType(qcost::codec::integerWidth(half.bits)));
  int64_t m = std::min<int64_t>(lsb, 0);
  Value d = divisor ? wide.fromUnsigned(divisor) : wide.c(1);
  Value sum = wide.add(wide.shl(wide.fromSigned(n), lsb - m), wide.shl(d, -m));
  Value bit = encodeIntegerIntoFixed(
      b, loc, NumberFormat::fixed(1, 0, /*isSigned=*/false), sum, m - 1,
      divisor, rule, OverflowMode::Saturate, codeType);
  if (!isFloat)
    return bit;
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  return code.select(isNaN, code.c(0), bit);
}
