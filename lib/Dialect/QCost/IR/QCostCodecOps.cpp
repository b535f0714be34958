//===- QCostCodecOps.cpp - qcost.decode and qcost.encode ------------------===//

#include "qcc/Dialect/QCost/IR/CodecLimits.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

/// The number format a codec op names, or an error at the op.
static FailureOr<NumberFormat> formatOf(Operation *op, Type format) {
  std::optional<NumberFormat> parsed = getNumberFormat(format);
  if (!parsed)
    return op->emitOpError("format ") << format << " is not a number format";
  return *parsed;
}

NumberFormat DecodeOp::getNumberFormat() {
  return *qcost::getNumberFormat(getFormat());
}

int64_t DecodeOp::getLsbExponent() {
  if (std::optional<int64_t> lsb = getLsb())
    return *lsb;
  std::optional<codec::IntegerGrid> grid =
      codec::getIntegerGrid(getNumberFormat());
  return grid ? grid->lsb : 0;
}

OpFoldResult DecodeOp::fold(FoldAdaptor) {
  NumberFormat format = getNumberFormat();
  std::optional<codec::IntegerGrid> grid = codec::getIntegerGrid(format);
  if (format.getKind() == FormatKind::Fixed && format.isSigned() && grid &&
      getCode().getType() == getValue().getType() &&
      getCode().getType().getIntOrFloatBitWidth() == format.getBitWidth() &&
      getLsbExponent() == grid->lsb)
    return getCode();
  return {};
}

LogicalResult DecodeOp::verify() {
  FailureOr<NumberFormat> format = formatOf(*this, getFormat());
  if (failed(format))
    return failure();
  if (getLsb() && !isa<IntegerType>(getValue().getType()))
    return emitOpError("'lsb' is only meaningful for integer results");
  if (std::optional<std::string> reason = codec::checkDecode(
          *format, getCode().getType(), getValue().getType(), getLsbExponent()))
    return emitOpError(*reason);
  return success();
}

NumberFormat EncodeOp::getNumberFormat() {
  return *qcost::getNumberFormat(getFormat());
}

LogicalResult EncodeOp::verify() {
  FailureOr<NumberFormat> format = formatOf(*this, getFormat());
  if (failed(format))
    return failure();
  bool stochastic = getRounding() == RoundingMode::stochastic;
  if (stochastic != getSeed().has_value())
    return emitOpError(stochastic ? "stochastic rounding needs a 'seed'"
                                  : "'seed' is only meaningful with stochastic "
                                    "rounding");
  if (stochastic != (getIndex() != nullptr))
    return emitOpError(stochastic ? "stochastic rounding needs an 'index'"
                                  : "'index' is only meaningful with "
                                    "stochastic rounding");
  codec::EncodeValue value;
  Type valueType = getValue().getType();
  if (auto floatType = dyn_cast<FloatType>(valueType)) {
    if (getLsb() || getDivisor())
      return emitOpError("'lsb' and 'divisor' need an integer value");
    value.floatType = floatType;
  } else {
    value.bits = valueType.getIntOrFloatBitWidth();
    value.lsb = getLsbExponent();
    if (Value divisor = getDivisor())
      value.divisorBits = divisor.getType().getIntOrFloatBitWidth();
  }
  if (std::optional<std::string> reason = codec::checkEncode(
          *format, value, getRounding(), getOverflow(), getCode().getType()))
    return emitOpError(*reason);
  return success();
}
