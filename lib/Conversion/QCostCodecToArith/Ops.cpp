//===- Ops.cpp - arith helpers of the codec expansion ---------------------===//

#include "CodecExpansion.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace qcc::expansion;

Value Ops::c(const APInt &value) {
  return arith::ConstantOp::create(
      b, loc, IntegerAttr::get(type, value.sextOrTrunc(width())));
}

Value Ops::c(int64_t value) {
  return c(APInt(64, static_cast<uint64_t>(value), /*isSigned=*/true));
}

Value Ops::f(double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

Value Ops::i1(bool value) {
  return arith::ConstantOp::create(b, loc, b.getBoolAttr(value));
}

Value Ops::add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
Value Ops::sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
Value Ops::mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
Value Ops::andI(Value x, Value y) {
  return arith::AndIOp::create(b, loc, x, y);
}
Value Ops::orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
Value Ops::xorI(Value x, Value y) {
  return arith::XOrIOp::create(b, loc, x, y);
}
Value Ops::notI(Value x) {
  Value ones = arith::ConstantOp::create(
      b, loc,
      IntegerAttr::get(x.getType(),
                       APInt::getAllOnes(x.getType().getIntOrFloatBitWidth())));
  return xorI(x, ones);
}
Value Ops::shl(Value x, Value y) { return arith::ShLIOp::create(b, loc, x, y); }
Value Ops::shl(Value x, int64_t amount) {
  return amount == 0 ? x : shl(x, c(amount));
}
Value Ops::shrU(Value x, Value y) {
  return arith::ShRUIOp::create(b, loc, x, y);
}
Value Ops::shrS(Value x, Value y) {
  return arith::ShRSIOp::create(b, loc, x, y);
}
Value Ops::cmp(arith::CmpIPredicate p, Value x, Value y) {
  return arith::CmpIOp::create(b, loc, p, x, y);
}
Value Ops::eq(Value x, Value y) { return cmp(arith::CmpIPredicate::eq, x, y); }
Value Ops::ne(Value x, Value y) { return cmp(arith::CmpIPredicate::ne, x, y); }
Value Ops::select(Value condition, Value x, Value y) {
  return arith::SelectOp::create(b, loc, condition, x, y);
}
Value Ops::minS(Value x, Value y) {
  return arith::MinSIOp::create(b, loc, x, y);
}
Value Ops::maxS(Value x, Value y) {
  return arith::MaxSIOp::create(b, loc, x, y);
}
Value Ops::minU(Value x, Value y) {
  return arith::MinUIOp::create(b, loc, x, y);
}

Value Ops::leadingBit(Value x) {
  Value zeros = math::CountLeadingZerosOp::create(b, loc, x);
  return sub(c(width() - 1), zeros);
}

Value Ops::fromSigned(Value x) {
  unsigned from = x.getType().getIntOrFloatBitWidth();
  if (from == width())
    return x;
  if (from < width())
    return arith::ExtSIOp::create(b, loc, type, x);
  return arith::TruncIOp::create(b, loc, type, x);
}

Value Ops::fromUnsigned(Value x) {
  unsigned from = x.getType().getIntOrFloatBitWidth();
  if (from == width())
    return x;
  if (from < width())
    return arith::ExtUIOp::create(b, loc, type, x);
  return arith::TruncIOp::create(b, loc, type, x);
}

Value Ops::lowBits(Value x, unsigned bits, bool isSigned) {
  if (bits >= width())
    return x;
  Value low = arith::TruncIOp::create(b, loc, b.getIntegerType(bits), x);
  return isSigned ? fromSigned(low) : fromUnsigned(low);
}
