//===- ConstantUtils.cpp - read and write constant tensors ----------------===//

#include "qcc/Dialect/QCost/IR/ConstantUtils.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

/// Reads an `arith.constant`'s elements as doubles.
static std::optional<SmallVector<double>> readArithConstant(Attribute attr) {
  auto shaped = dyn_cast<ShapedType>(cast<TypedAttr>(attr).getType());
  if (!shaped || !shaped.hasStaticShape())
    return std::nullopt;
  Type element = shaped.getElementType();
  SmallVector<double> values;
  values.reserve(shaped.getNumElements());
  if (auto floats = dyn_cast<DenseFPElementsAttr>(attr)) {
    for (const APFloat &value : floats.getValues<APFloat>())
      values.push_back(value.convertToDouble());
    return values;
  }
  if (auto ints = dyn_cast<DenseIntElementsAttr>(attr)) {
    bool isUnsigned = element.isUnsignedInteger();
    for (const APInt &value : ints.getValues<APInt>())
      values.push_back(isUnsigned ? double(value.getZExtValue())
                                  : double(value.getSExtValue()));
    return values;
  }
  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return std::nullopt;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  ArrayRef<char> data = blob->getData();
  int64_t count = shaped.getNumElements();
  auto read = [&](auto sample,
                  auto convert) -> std::optional<SmallVector<double>> {
    using T = decltype(sample);
    if (data.size() != size_t(count) * sizeof(T))
      return std::nullopt;
    for (int64_t i = 0; i < count; ++i) {
      T element;
      std::memcpy(&element, data.data() + i * sizeof(T), sizeof(T));
      values.push_back(convert(element));
    }
    return values;
  };
  auto asDouble = [](auto v) { return double(v); };
  if (element.isF32())
    return read(float(), asDouble);
  if (element.isF64())
    return read(double(), asDouble);
  if (auto intType = dyn_cast<IntegerType>(element)) {
    bool isUnsigned = intType.isUnsigned();
    switch (intType.getWidth()) {
    case 8:
      return isUnsigned ? read(uint8_t(), asDouble) : read(int8_t(), asDouble);
    case 16:
      return isUnsigned ? read(uint16_t(), asDouble)
                        : read(int16_t(), asDouble);
    case 32:
      return isUnsigned ? read(uint32_t(), asDouble)
                        : read(int32_t(), asDouble);
    case 64:
      return isUnsigned ? read(uint64_t(), asDouble)
                        : read(int64_t(), asDouble);
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<SmallVector<double>> qcc::qcost::getConstantValues(Value value) {
  std::optional<SmallVector<double>> values;
  if (auto constant = value.getDefiningOp<ConstantOp>()) {
    std::optional<SmallVector<int64_t>> codes = constant.getCodeValues();
    if (!codes)
      return std::nullopt;
    NumberFormat format =
        *getNumberFormat(constant.getResult().getType().getElementType());
    values.emplace();
    values->reserve(codes->size());
    for (int64_t code : *codes)
      values->push_back(format.decodeToDouble(static_cast<uint64_t>(code)));
  } else if (auto constant = value.getDefiningOp<arith::ConstantOp>()) {
    values = readArithConstant(constant.getValue());
  }
  if (!values)
    return std::nullopt;
  for (double element : *values)
    if (!std::isfinite(element))
      return std::nullopt;
  // A splat attribute holds one value for the whole tensor.
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (type && type.hasStaticShape() && values->size() == 1 &&
      type.getNumElements() != 1)
    values->assign(type.getNumElements(), values->front());
  return values;
}

Value qcc::qcost::createConstant(OpBuilder &builder, Location loc,
                                 RankedTensorType type,
                                 ArrayRef<double> values) {
  Type element = type.getElementType();
  NumberFormat format = *getNumberFormat(element);
  if (auto floatType = dyn_cast<mlir::FloatType>(element)) {
    SmallVector<APFloat> floats;
    for (double value : values) {
      APFloat real(format.decodeToDouble(format.encode(value)));
      bool lost;
      real.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                   &lost);
      floats.push_back(real);
    }
    return arith::ConstantOp::create(builder, loc,
                                     DenseFPElementsAttr::get(type, floats));
  }
  unsigned width = format.getBitWidth();
  bool signExtend = format.getKind() == FormatKind::Fixed && format.isSigned();
  SmallVector<APInt> codes;
  unsigned storage = std::max(8u, unsigned(llvm::PowerOf2Ceil(width)));
  for (double value : values) {
    APInt code(width, format.encode(value));
    codes.push_back(signExtend ? code.sext(storage) : code.zext(storage));
  }
  if (isa<IntegerType>(element))
    return arith::ConstantOp::create(builder, loc,
                                     DenseIntElementsAttr::get(type, codes));
  auto codeType =
      RankedTensorType::get(type.getShape(), builder.getIntegerType(storage));
  return ConstantOp::create(builder, loc, type,
                            DenseIntElementsAttr::get(codeType, codes));
}

Type qcc::qcost::getFormatType(MLIRContext *context,
                               const NumberFormat &format) {
  switch (format.getKind()) {
  case FormatKind::Fixed:
    if (format.isSigned())
      return FixedType::get(context, format.getBitWidth(),
                            format.getFracBits());
    return UFixedType::get(context, format.getBitWidth(), format.getFracBits());
  case FormatKind::PowerOfTwo:
    return PotType::get(context, format.getBitWidth(), format.getMinExp(),
                        format.getMaxExp(), format.hasZero(),
                        format.isSigned());
  case FormatKind::Float:
    return MiniFloatType::get(context, format.getExpBits(),
                              format.getMantBits(), format.getBias(),
                              format.getSubnormals(), format.getSpecials());
  case FormatKind::Binary:
    return BinaryType::get(context);
  }
  return Type();
}

void qcc::qcost::eraseUnusedConstants(ArrayRef<Value> values) {
  // Collect the defining ops before erasing any: two values may share one
  // constant, and a value of an erased op must not be touched again.
  llvm::SetVector<Operation *> candidates;
  for (Value value : values)
    if (Operation *op = value ? value.getDefiningOp() : nullptr)
      if (isa<ConstantOp, arith::ConstantOp>(op))
        candidates.insert(op);
  for (Operation *op : candidates)
    if (op->use_empty())
      op->erase();
}

std::optional<int> qcc::qcost::getLsbExponent(Type type) {
  if (isFloatLike(type))
    return std::nullopt;
  if (std::optional<IntegerEnvelope> envelope = getIntegerEnvelope(type))
    return envelope->lsbExponent;
  return std::nullopt;
}
