//===- Operands.cpp - how operands enter exact arithmetic -----------------===//

#include "Operands.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"
#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Format/ExactReal.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
namespace codec = qcc::qcost::codec;

int64_t ExactOperand::lsb() const {
  std::optional<codec::IntegerGrid> grid = codec::getIntegerGrid(format);
  return (grid ? grid->lsb : 0) + scale;
}

unsigned ExactOperand::magnitudeBits() const {
  std::optional<codec::IntegerGrid> grid = codec::getIntegerGrid(format);
  return grid ? grid->magnitudeBits : codec::kMaxIntegerBits;
}

unsigned ExactOperand::significantBits() const {
  return constantSignificantBits.value_or(codec::getSignificantBits(format));
}

bool ExactOperand::isExactInDouble() const {
  if (!codec::isExactIn(format, Float64Type::get(formatType.getContext())))
    return false;
  // A prepared constant's scale must keep its values normal in f64.
  return scale == 0 ||
         (lsb() > -1000 && lsb() + int64_t(magnitudeBits()) < 1000);
}

int64_t qcc::lowering::lowestBitExponent(double value) {
  // ExactReal keeps its significand odd.
  return ExactReal::fromDouble(value).getExponent();
}

namespace {
/// Real values as integers times 2^lsb, when they fit 62 bits.
struct SplitValues {
  int64_t lsb = 0;
  unsigned bits = 1, significant = 1;
  SmallVector<int64_t> integers;
};

std::optional<SplitValues> splitValues(ArrayRef<double> values) {
  SplitValues split;
  int64_t lsb = INT64_MAX;
  for (double real : values)
    if (real != 0)
      lsb = std::min(lsb, lowestBitExponent(real));
  split.lsb = lsb == INT64_MAX ? 0 : lsb;
  split.integers.reserve(values.size());
  for (double real : values) {
    double scaled = std::ldexp(real, static_cast<int>(-split.lsb));
    if (!(std::fabs(scaled) < 0x1.0p62))
      return std::nullopt;
    int64_t integer = static_cast<int64_t>(scaled);
    split.integers.push_back(integer);
    uint64_t magnitude = std::llabs(integer);
    split.bits =
        std::max(split.bits,
                 64u - static_cast<unsigned>(__builtin_clzll(magnitude | 1)));
    if (magnitude != 0)
      split.significant =
          std::max(split.significant,
                   static_cast<unsigned>(64 - __builtin_clzll(magnitude) -
                                         __builtin_ctzll(magnitude)));
  }
  return split;
}

bool isIeeeFloat(Type element) {
  return element.isF32() || element.isF16() || element.isBF16() ||
         element.isF64();
}
} // namespace

bool qcc::lowering::hasIntegerValues(Value value) {
  Type element = getElementTypeOrSelf(value.getType());
  if (!isIeeeFloat(element)) {
    std::optional<NumberFormat> format = qcost::getNumberFormat(element);
    return format && format->getKind() != FormatKind::Float;
  }
  std::optional<SmallVector<double>> values = qcost::getConstantValues(value);
  return values && splitValues(*values).has_value();
}

FailureOr<ExactOperand>
qcc::lowering::integerConstant(OpBuilder &builder, Location loc,
                               ArrayRef<double> values,
                               ArrayRef<int64_t> shape) {
  std::optional<SplitValues> split = splitValues(values);
  if (!split)
    return failure();
  ExactOperand operand;
  operand.format = NumberFormat::fixed(split->bits + 1, 0);
  operand.formatType =
      qcost::getFormatType(builder.getContext(), operand.format);
  operand.scale = split->lsb;
  operand.constantSignificantBits = split->significant;
  operand.shape.assign(shape.begin(), shape.end());
  unsigned storage = codec::integerWidth(split->bits + 1);
  auto type = RankedTensorType::get(shape, builder.getIntegerType(storage));
  SmallVector<APInt> codes;
  codes.reserve(split->integers.size());
  for (int64_t integer : split->integers)
    codes.push_back(APInt(storage, static_cast<uint64_t>(integer),
                          /*isSigned=*/true, /*implicitTrunc=*/true));
  operand.tensor = arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, codes));
  return operand;
}

FailureOr<ExactOperand>
qcc::lowering::prepareOperand(Operation *op, unsigned index, Value converted,
                              OpBuilder &builder, const Rejection &reject,
                              bool splitConstants) {
  Value original = op->getOperand(index);
  auto type = cast<RankedTensorType>(original.getType());
  Type element = type.getElementType();
  if (splitConstants && isIeeeFloat(element))
    if (std::optional<SmallVector<double>> values =
            qcost::getConstantValues(original)) {
      FailureOr<ExactOperand> constant =
          integerConstant(builder, original.getLoc(), *values, type.getShape());
      if (succeeded(constant))
        return constant;
    }
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format)
    return reject(Twine("operand #") + Twine(index) +
                  " has no number format to decode (f64 operands are "
                  "accepted only as constants)");
  ExactOperand operand;
  operand.tensor = converted;
  operand.format = *format;
  operand.formatType = element;
  operand.shape.assign(type.getShape().begin(), type.getShape().end());
  return operand;
}

FailureOr<SmallVector<ExactOperand>>
qcc::lowering::prepareOperands(Operation *op, ValueRange converted,
                               OpBuilder &builder, const Rejection &reject,
                               bool splitConstants) {
  SmallVector<ExactOperand> operands;
  for (auto [index, value] : llvm::enumerate(converted)) {
    FailureOr<ExactOperand> operand =
        prepareOperand(op, index, value, builder, reject, splitConstants);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  return operands;
}

Value qcc::lowering::decodeInteger(OpBuilder &b, Location loc,
                                   const ExactOperand &operand, Value element,
                                   int64_t lsb, Type type) {
  int64_t codeLsb = lsb - operand.scale;
  std::optional<codec::IntegerGrid> grid =
      codec::getIntegerGrid(operand.format);
  IntegerAttr lsbAttr;
  if (!grid || grid->lsb != codeLsb)
    lsbAttr = b.getI64IntegerAttr(codeLsb);
  return qcost::DecodeOp::create(b, loc, type, element,
                                 TypeAttr::get(operand.formatType), lsbAttr);
}

Value qcc::lowering::decodeDouble(OpBuilder &b, Location loc,
                                  const ExactOperand &operand, Value element) {
  Value value =
      qcost::DecodeOp::create(b, loc, b.getF64Type(), element,
                              TypeAttr::get(operand.formatType), IntegerAttr());
  if (operand.scale == 0)
    return value;
  Value power = arith::ConstantOp::create(
      b, loc,
      b.getF64FloatAttr(std::ldexp(1.0, static_cast<int>(operand.scale))));
  return arith::MulFOp::create(b, loc, value, power);
}
