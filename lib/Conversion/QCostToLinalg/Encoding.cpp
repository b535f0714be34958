//===- Encoding.cpp - rounding a result through the codec -----------------===//

#include "Encoding.h"

#include "LinalgBuilders.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
namespace codec = qcc::qcost::codec;

FailureOr<ResultEncoding>
qcc::lowering::getResultEncoding(Operation *op, const TypeConverter &converter,
                                 const Rejection &reject) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Type element = resultType.getElementType();
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format)
    return reject(Twine("results of type f64 have no format to encode "
                        "(f32, f16, bf16 and every qcost format do)"));
  ResultEncoding encoding;
  encoding.format = *format;
  encoding.formatType = element;
  encoding.storageType =
      cast<RankedTensorType>(converter.convertType(resultType));
  if (auto rounded = dyn_cast<qcost::RoundingOpInterface>(op)) {
    encoding.mode = rounded.getRounding();
    encoding.seed = rounded.getSeed().value_or(0);
    encoding.overflow = rounded.getOverflow();
  }
  return encoding;
}

LogicalResult qcc::lowering::checkEncode(const ResultEncoding &encoding,
                                         const codec::EncodeValue &value,
                                         const Rejection &reject) {
  if (std::optional<std::string> reason =
          codec::checkEncode(encoding.format, value, encoding.mode,
                             encoding.overflow, encoding.codeType()))
    return reject(*reason);
  return success();
}

codec::EncodeValue qcc::lowering::integerValue(unsigned bits, int64_t lsb,
                                               unsigned divisorBits) {
  codec::EncodeValue value;
  value.bits = bits;
  value.lsb = lsb;
  value.divisorBits = divisorBits;
  return value;
}

codec::EncodeValue qcc::lowering::floatValue(MLIRContext *context,
                                             FloatType type) {
  codec::EncodeValue value;
  value.floatType = type ? type : Float64Type::get(context);
  return value;
}

Value qcc::lowering::encode(OpBuilder &b, Location loc,
                            const ResultEncoding &encoding, Value value,
                            int64_t lsb, Value divisor) {
  Value index;
  IntegerAttr seed;
  if (encoding.mode == qcost::RoundingMode::stochastic) {
    index = linearIndex(b, loc, encoding.shape());
    seed = b.getI64IntegerAttr(static_cast<int64_t>(encoding.seed));
  }
  IntegerAttr lsbAttr;
  if (isa<IntegerType>(value.getType()) && lsb != 0)
    lsbAttr = b.getI64IntegerAttr(lsb);
  return qcost::EncodeOp::create(
      b, loc, encoding.codeType(), value, divisor, index,
      TypeAttr::get(encoding.formatType), lsbAttr,
      qcost::RoundingModeAttr::get(b.getContext(), encoding.mode), seed,
      qcost::OverflowModeAttr::get(b.getContext(), encoding.overflow));
}
