//===- NarrowProducts.cpp - exact-width MAC products by format ------------===//

#include "NarrowProducts.h"

#include "qcc/Conversion/QCostCodecToArith/QCostCodecToArith.h"
#include "qcc/Dialect/QCost/IR/CodecLimits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
namespace codec = qcc::qcost::codec;

namespace {

bool isPowerOfTwo(const ExactOperand &operand) {
  return operand.format.getKind() == FormatKind::PowerOfTwo;
}

/// A binary operand whose integers are +-1 (no scale).
bool isUnitBinary(const ExactOperand &operand) {
  return operand.format.getKind() == FormatKind::Binary && operand.lsb() == 0;
}

/// How far a power-of-two operand's integer (at its lsb()) is above a one
/// shifted by its level.
int64_t levelOffset(const ExactOperand &operand) {
  return operand.format.getMinExp() - operand.lsb();
}

/// Bits of the integer an operand decodes to (sign included).
unsigned integerBits(const ExactOperand &operand) {
  return operand.magnitudeBits() + 1;
}

Value resized(OpBuilder &b, Location loc, Value value, Type type) {
  unsigned from = value.getType().getIntOrFloatBitWidth();
  unsigned to = type.getIntOrFloatBitWidth();
  if (from < to)
    return arith::ExtSIOp::create(b, loc, type, value);
  if (from > to)
    return arith::TruncIOp::create(b, loc, type, value);
  return value;
}

Value constant(OpBuilder &b, Location loc, Type type, int64_t value) {
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, value));
}

/// `value` (an integer) shifted left by the power-of-two `code`'s level,
/// negated by its sign, zero for its zero code, in `type`.
Value shiftedBy(OpBuilder &b, Location loc, const ExactOperand &pot,
                Value code, Value value, Type type) {
  auto integer = cast<IntegerType>(type);
  PowerOfTwoFields fields =
      expandPowerOfTwoFields(b, loc, pot.format, code, integer);
  Value amount = fields.level;
  if (int64_t offset = levelOffset(pot))
    amount = arith::AddIOp::create(b, loc, amount,
                                   constant(b, loc, type, offset));
  Value shifted = arith::ShLIOp::create(
      b, loc, resized(b, loc, value, type), amount);
  Value negated = arith::SubIOp::create(b, loc, constant(b, loc, type, 0),
                                        shifted);
  Value product =
      arith::SelectOp::create(b, loc, fields.negative, negated, shifted);
  return arith::SelectOp::create(b, loc, fields.isZero,
                                 constant(b, loc, type, 0), product);
}

/// `value` or its negation by the binary `code` (bit 0 set is +1), in
/// `type`.
Value negatedBy(OpBuilder &b, Location loc, Value code, Value value,
                Type type) {
  Value bit = resized(b, loc, code, b.getI1Type());
  Value positive = resized(b, loc, value, type);
  Value negated = arith::SubIOp::create(b, loc, constant(b, loc, type, 0),
                                        positive);
  return arith::SelectOp::create(b, loc, bit, positive, negated);
}

} // namespace

ProductForm qcc::lowering::chooseProductForm(const ExactOperand &lhs,
                                             const ExactOperand &rhs,
                                             bool lhsPadded) {
  bool lhsCode = !lhsPadded;
  if (isUnitBinary(lhs) && isUnitBinary(rhs) && lhsCode)
    return ProductForm::Xnor;
  if (isPowerOfTwo(rhs) && !isPowerOfTwo(lhs) && levelOffset(rhs) >= 0)
    return ProductForm::ShiftByRhs;
  if (isPowerOfTwo(lhs) && !isPowerOfTwo(rhs) && levelOffset(lhs) >= 0 &&
      lhsCode)
    return ProductForm::ShiftByLhs;
  if (isUnitBinary(rhs))
    return ProductForm::NegateByRhs;
  if (isUnitBinary(lhs) && lhsCode)
    return ProductForm::NegateByLhs;
  return ProductForm::Multiply;
}

bool qcc::lowering::entersAsCode(ProductForm form, bool isLhs) {
  switch (form) {
  case ProductForm::Multiply:
    return false;
  case ProductForm::ShiftByLhs:
  case ProductForm::NegateByLhs:
    return isLhs;
  case ProductForm::ShiftByRhs:
  case ProductForm::NegateByRhs:
    return !isLhs;
  case ProductForm::Xnor:
    return true;
  }
  return false;
}

Value qcc::lowering::narrowProduct(OpBuilder &b, Location loc,
                                   ProductForm form, const ExactOperand &lhs,
                                   const ExactOperand &rhs, Value x, Value y,
                                   Type sumType) {
  // Products are exact at the sum of the operands' widths, then modulo 2^W.
  Type productType = b.getIntegerType(integerBits(lhs) + integerBits(rhs));
  Value product;
  switch (form) {
  case ProductForm::Multiply:
    product = arith::MulIOp::create(b, loc, resized(b, loc, x, productType),
                                    resized(b, loc, y, productType));
    break;
  case ProductForm::ShiftByLhs:
    product = shiftedBy(b, loc, lhs, x, y, productType);
    break;
  case ProductForm::ShiftByRhs:
    product = shiftedBy(b, loc, rhs, y, x, productType);
    break;
  case ProductForm::NegateByLhs:
    product = negatedBy(b, loc, x, y, productType);
    break;
  case ProductForm::NegateByRhs:
    product = negatedBy(b, loc, y, x, productType);
    break;
  case ProductForm::Xnor: {
    Value equal = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq, resized(b, loc, x, b.getI1Type()),
        resized(b, loc, y, b.getI1Type()));
    return arith::ExtUIOp::create(b, loc, sumType, equal);
  }
  }
  return resized(b, loc, product, sumType);
}
