//===- StorageTypes.cpp - qcost tensors as tensors of storage codes -------===//
//
// The storage layout of docs/running.md: every format's codes in the
// narrowest of i8/i16/i32/i64 that holds them (signed fixed point
// sign-extended, every other format zero-extended); f32, f16, bf16 and f64
// tensors stay floats.
//
//===----------------------------------------------------------------------===//

#include "qcc/Conversion/QCostToLinalg/QCostToLinalg.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"
#include "qcc/Dialect/QCost/IR/QCostTypes.h"

using namespace mlir;
using namespace qcc;

/// Element types that stay as they are: the IEEE floats.
static bool keepsItsType(Type element) {
  return element.isF32() || element.isF16() || element.isBF16() ||
         element.isF64();
}

QCostStorageTypeConverter::QCostStorageTypeConverter(bool exactWidths)
    : exactWidths(exactWidths) {
  addConversion([](Type type) { return type; });
  addConversion([exactWidths](RankedTensorType type) -> Type {
    Type element = type.getElementType();
    // bf16 codes are integers in HLS arrays (C++ compilers and HLS tools
    // have no common bf16 type); every pattern reads them through the codec.
    if (keepsItsType(element) && !(exactWidths && element.isBF16()))
      return type;
    std::optional<NumberFormat> format = qcost::getNumberFormat(element);
    if (!format)
      return type;
    unsigned bits = exactWidths
                        ? format->getBitWidth()
                        : qcost::codec::integerWidth(format->getBitWidth());
    return RankedTensorType::get(type.getShape(),
                                 IntegerType::get(type.getContext(), bits));
  });
  auto cast = [](OpBuilder &builder, Type type, ValueRange inputs,
                 Location loc) -> Value {
    return UnrealizedConversionCastOp::create(builder, loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(cast);
  addTargetMaterialization(cast);
}
