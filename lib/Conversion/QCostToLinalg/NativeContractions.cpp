//===- NativeContractions.cpp - contractions on native integers -----------===//

#include "NativeContractions.h"

#include "LinalgBuilders.h"
#include "Operands.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"
#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;
namespace codec = qcc::qcost::codec;

namespace {

/// The narrowest native type of integers of `bits` magnitude bits (plus a
/// sign), if one holds them.
std::optional<unsigned> nativeWidth(unsigned magnitudeBits) {
  if (magnitudeBits + 1 <= 8)
    return 8;
  if (magnitudeBits + 1 <= 16)
    return 16;
  return std::nullopt;
}

/// A constant operand as integers at one LSB, if they fit 16 bits.
std::optional<NativeOperand> constantOperand(Value value,
                                             MLIRContext *context) {
  std::optional<SmallVector<double>> values = getConstantValues(value);
  if (!values)
    return std::nullopt;
  int64_t lsb = INT64_MAX;
  for (double real : *values)
    if (real != 0)
      lsb = std::min(lsb, lowestBitExponent(real));
  if (lsb == INT64_MAX)
    lsb = 0;
  NativeOperand operand;
  operand.source = NativeOperand::Source::Constant;
  operand.lsb = lsb;
  int64_t lowest = 0, highest = 0;
  for (double real : *values) {
    double scaled = std::ldexp(real, static_cast<int>(-lsb));
    if (!(scaled >= -0x1.0p15 && scaled < 0x1.0p15))
      return std::nullopt;
    int64_t integer = static_cast<int64_t>(scaled);
    operand.constant.push_back(integer);
    operand.maxMagnitude =
        std::max<uint64_t>(operand.maxMagnitude, std::llabs(integer));
    lowest = std::min(lowest, integer);
    highest = std::max(highest, integer);
  }
  // The narrowest two's-complement type that holds them (-128 is an i8).
  operand.type =
      IntegerType::get(context, lowest >= -128 && highest <= 127 ? 8 : 16);
  return operand;
}

/// How a run-time operand of `element`, stored as `storage` codes, becomes
/// native integers.
std::optional<NativeOperand> codesOperand(Type element, Type storage) {
  std::optional<NumberFormat> format = getNumberFormat(element);
  auto storageType = dyn_cast<IntegerType>(storage);
  if (!format || format->getKind() == FormatKind::Float || !storageType)
    return std::nullopt;
  std::optional<codec::IntegerGrid> grid = codec::getIntegerGrid(*format);
  if (!grid)
    return std::nullopt;
  std::optional<unsigned> width = nativeWidth(grid->magnitudeBits);
  if (!width)
    return std::nullopt;
  NativeOperand operand;
  operand.format = *format;
  operand.formatType = element;
  operand.lsb = grid->lsb;
  operand.type = IntegerType::get(element.getContext(), *width);
  switch (format->getKind()) {
  case FormatKind::Fixed:
    operand.maxMagnitude = format->isSigned()
                               ? uint64_t(1) << (format->getBitWidth() - 1)
                               : (uint64_t(1) << format->getBitWidth()) - 1;
    // The contractions sign-extend their operands: signed codes (sign-
    // extended in storage) are the integers at any storage width, unsigned
    // ones while the storage has a bit above them.
    if (format->isSigned() || format->getBitWidth() < storageType.getWidth()) {
      operand.source = NativeOperand::Source::Codes;
      operand.type = storageType;
    } else if (format->getBitWidth() == 8 && storageType.getWidth() == 8) {
      // Kept in a byte, against constant weights (planNative decides).
      operand.source = NativeOperand::Source::Offset;
      operand.type = storageType;
    } else {
      operand.source = NativeOperand::Source::Decoded;
    }
    break;
  case FormatKind::Binary:
  case FormatKind::PowerOfTwo:
    operand.maxMagnitude = uint64_t(1) << (grid->magnitudeBits - 1);
    operand.source = NativeOperand::Source::Decoded;
    break;
  case FormatKind::Float:
    return std::nullopt;
  }
  if (operand.type.getWidth() > 16)
    return std::nullopt;
  return operand;
}

std::optional<NativeOperand> nativeOperand(Value value, Value converted) {
  if (std::optional<NativeOperand> constant =
          constantOperand(value, value.getContext()))
    return constant;
  return codesOperand(getElementTypeOrSelf(value.getType()),
                      getElementTypeOrSelf(converted.getType()));
}

/// `value` reshaped (row-major order kept) to `shape`.
Value reshaped(OpBuilder &b, Location loc, Value value,
               ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  auto shapeType =
      RankedTensorType::get({int64_t(shape.size())}, b.getI64Type());
  Value shapeValue = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(shapeType, shape));
  return tensor::ReshapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      shapeValue);
}

/// The operand as a tensor of its native type and of `shape` (its own or a
/// regrouping of it), padded (NHWC) by `padding`.
Value materialize(OpBuilder &builder, Location loc,
                  const NativeOperand &operand, Value converted,
                  ArrayRef<int64_t> shape, ArrayRef<int64_t> padding) {
  if (operand.source == NativeOperand::Source::Constant) {
    auto type = RankedTensorType::get(shape, operand.type);
    SmallVector<APInt> values;
    for (int64_t v : operand.constant)
      values.push_back(APInt(operand.type.getWidth(), static_cast<uint64_t>(v),
                             /*isSigned=*/true));
    return arith::ConstantOp::create(builder, loc,
                                     DenseElementsAttr::get(type, values));
  }
  Value tensor = converted;
  bool offset = operand.source == NativeOperand::Source::Offset;
  if (operand.source == NativeOperand::Source::Decoded || offset ||
      isPadded(padding)) {
    ExactOperand exact;
    exact.format = operand.format;
    exact.formatType = operand.formatType;
    bool decode = operand.source == NativeOperand::Source::Decoded;
    // -128: the offset byte of 0 (x ^ 0x80 is x - 128 as a signed byte).
    auto minus128 = [&](OpBuilder &b, Location loc) -> Value {
      return arith::ConstantOp::create(b, loc,
                                       IntegerAttr::get(operand.type, -128));
    };
    tensor = paddedGeneric(
        builder, loc, converted, operand.type, padding,
        [&](OpBuilder &b, Location loc, Value code) -> Value {
          if (offset)
            return arith::XOrIOp::create(b, loc, code, minus128(b, loc));
          if (!decode)
            return code;
          return decodeInteger(b, loc, exact, code, operand.lsb, operand.type);
        },
        [&](OpBuilder &b, Location loc) -> Value {
          if (offset)
            return minus128(b, loc);
          return arith::ConstantOp::create(b, loc,
                                           IntegerAttr::get(operand.type, 0));
        });
  }
  // The padded input keeps its padded shape; filters regroup.
  return isPadded(padding) ? tensor : reshaped(builder, loc, tensor, shape);
}

/// `sum` (i32, output channels last) plus 128 times the sum of the constant
/// weights of each output channel (weights shaped `shape`, channels last):
/// what an offset left operand (x - 128) took away. Modulo 2^32, as the
/// sums.
Value addOffsetCorrection(OpBuilder &builder, Location loc, Value sum,
                          const NativeOperand &weights,
                          ArrayRef<int64_t> shape) {
  int64_t channels = shape.back();
  SmallVector<uint32_t> correction(channels, 0);
  for (auto [index, w] : llvm::enumerate(weights.constant))
    correction[index % channels] += static_cast<uint32_t>(w) * 128u;
  SmallVector<APInt> values;
  for (uint32_t c : correction)
    values.push_back(APInt(32, c));
  auto type = RankedTensorType::get({channels}, builder.getI32Type());
  Value constant = arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, values));
  auto sumType = cast<RankedTensorType>(sum.getType());
  int64_t rank = sumType.getRank();
  MLIRContext *context = builder.getContext();
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, context),
      AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context)),
      AffineMap::getMultiDimIdentityMap(rank, context)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(builder, loc, sumType.getShape(),
                                       builder.getI32Type());
  return linalg::GenericOp::create(
             builder, loc, sumType, ValueRange{sum, constant}, ValueRange{init},
             maps, iterators,
             [](OpBuilder &b, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   b, loc,
                   ValueRange{arith::AddIOp::create(b, loc, args[0], args[1])});
             })
      .getResult(0);
}

} // namespace

std::optional<NativePlan>
qcc::lowering::planNative(const ContractionView &view) {
  std::optional<NumberFormat> acc =
      getNumberFormat(view.resultType.getElementType());
  if (!acc || acc->getKind() != FormatKind::Fixed)
    return std::nullopt;
  std::optional<NativeOperand> lhs =
      nativeOperand(view.op->getOperand(0), view.lhs);
  std::optional<NativeOperand> rhs =
      nativeOperand(view.op->getOperand(1), view.rhs);
  if (!lhs || !rhs)
    return std::nullopt;
  // The offset form needs the constant weights' sums: a left operand of a
  // matmul or convolution against constant weights. Elsewhere the codes
  // are decoded to i16.
  bool offsetFits = rhs->source == NativeOperand::Source::Constant &&
                    (view.isConv || view.resultType.getRank() == 2);
  for (NativeOperand *operand : {&*lhs, &*rhs})
    if (operand->source == NativeOperand::Source::Offset &&
        (operand == &*rhs || !offsetFits)) {
      operand->source = NativeOperand::Source::Decoded;
      operand->type = IntegerType::get(view.op->getContext(), 16);
    }
  // Each product must be exact in the accumulator, and the i32 sum must
  // either be exact or wrap in an accumulator of at most 32 bits.
  if (lhs->lsb + rhs->lsb < -int64_t(acc->getFracBits()))
    return std::nullopt;
  long double worst = static_cast<long double>(lhs->maxMagnitude) *
                      static_cast<long double>(rhs->maxMagnitude) *
                      static_cast<long double>(view.length());
  if (acc->getBitWidth() > 32 && !(worst < 0x1.0p31L))
    return std::nullopt;
  return NativePlan{*lhs, *rhs};
}

Value qcc::lowering::lowerNative(const ContractionView &view,
                                 const NativePlan &plan, OpBuilder &builder,
                                 RankedTensorType storageType) {
  Location loc = view.op->getLoc();
  Type i32 = builder.getI32Type();
  SmallVector<int64_t> shape(view.resultType.getShape());
  auto lhsShape =
      cast<RankedTensorType>(view.op->getOperand(0).getType()).getShape();
  auto rhsShape =
      cast<RankedTensorType>(view.op->getOperand(1).getType()).getShape();
  Value sum;
  if (!view.isConv) {
    Value lhs = materialize(builder, loc, plan.lhs, view.lhs, lhsShape, {});
    Value rhs = materialize(builder, loc, plan.rhs, view.rhs, rhsShape, {});
    Value init = filled(builder, loc, shape, builder.getI32IntegerAttr(0));
    auto type = RankedTensorType::get(shape, i32);
    sum = shape.size() == 2
              ? linalg::MatmulOp::create(builder, loc, TypeRange{type},
                                         ValueRange{lhs, rhs}, ValueRange{init})
                    .getResult(0)
              : linalg::BatchMatmulOp::create(builder, loc, TypeRange{type},
                                              ValueRange{lhs, rhs},
                                              ValueRange{init})
                    .getResult(0);
  } else {
    Value input =
        materialize(builder, loc, plan.lhs, view.lhs, lhsShape, view.padding);
    Attribute strides = builder.getI64TensorAttr(view.strides);
    Attribute dilations = builder.getI64TensorAttr(view.dilations);
    int64_t channels = view.inputShape[3];
    bool depthwise = view.groups == channels && view.filterShape[2] == 1;
    if (view.groups == 1 &&
        plan.rhs.source == NativeOperand::Source::Constant) {
      // Constant filters are stored FHWC, so that the reduction over input
      // channels reads both operands contiguously.
      NativeOperand filterOHWI = plan.rhs;
      int64_t kh = rhsShape[0], kw = rhsShape[1], c = rhsShape[2],
              f = rhsShape[3];
      for (int64_t o = 0; o < f; ++o)
        for (int64_t i = 0; i < kh * kw * c; ++i)
          filterOHWI.constant[o * kh * kw * c + i] =
              plan.rhs.constant[i * f + o];
      Value filter =
          materialize(builder, loc, filterOHWI, view.rhs, {f, kh, kw, c}, {});
      Value init = filled(builder, loc, shape, builder.getI32IntegerAttr(0));
      sum = linalg::Conv2DNhwcFhwcOp::create(
                builder, loc, TypeRange{init.getType()},
                ValueRange{input, filter}, ValueRange{init}, strides, dilations)
                .getResult(0);
    } else if (view.groups == 1) {
      Value filter =
          materialize(builder, loc, plan.rhs, view.rhs, rhsShape, {});
      Value init = filled(builder, loc, shape, builder.getI32IntegerAttr(0));
      sum = linalg::Conv2DNhwcHwcfOp::create(
                builder, loc, TypeRange{init.getType()},
                ValueRange{input, filter}, ValueRange{init}, strides, dilations)
                .getResult(0);
    } else if (depthwise) {
      int64_t multiplier = view.filterShape[3] / channels;
      SmallVector<int64_t> filterShape = {view.filterShape[0],
                                          view.filterShape[1], channels};
      SmallVector<int64_t> sumShape(shape);
      if (multiplier > 1) {
        filterShape.push_back(multiplier);
        sumShape.back() = channels;
        sumShape.push_back(multiplier);
      }
      Value filter =
          materialize(builder, loc, plan.rhs, view.rhs, filterShape, {});
      Value init = filled(builder, loc, sumShape, builder.getI32IntegerAttr(0));
      if (multiplier == 1)
        sum =
            linalg::DepthwiseConv2DNhwcHwcOp::create(
                builder, loc, TypeRange{init.getType()},
                ValueRange{input, filter}, ValueRange{init}, strides, dilations)
                .getResult(0);
      else
        sum = reshaped(builder, loc,
                       linalg::DepthwiseConv2DNhwcHwcmOp::create(
                           builder, loc, TypeRange{init.getType()},
                           ValueRange{input, filter}, ValueRange{init}, strides,
                           dilations)
                           .getResult(0),
                       shape);
    } else {
      // Other group counts: a generic with the named ops' signature.
      Value filter =
          materialize(builder, loc, plan.rhs, view.rhs, rhsShape, {});
      Value init = filled(builder, loc, shape, builder.getI32IntegerAttr(0));
      sum =
          linalg::GenericOp::create(
              builder, loc, init.getType(), ValueRange{input, filter},
              ValueRange{init}, convolutionMaps(view), reductionIterators(4, 3),
              [&](OpBuilder &b, Location loc, ValueRange args) {
                Value x = arith::ExtSIOp::create(b, loc, i32, args[0]);
                Value w = arith::ExtSIOp::create(b, loc, i32, args[1]);
                Value product = arith::MulIOp::create(b, loc, x, w);
                linalg::YieldOp::create(b, loc,
                                        ValueRange{arith::AddIOp::create(
                                            b, loc, args[2], product)});
              })
              .getResult(0);
    }
  }
  if (plan.lhs.source == NativeOperand::Source::Offset)
    sum = addOffsetCorrection(builder, loc, sum, plan.rhs, rhsShape);
  std::optional<NumberFormat> acc =
      getNumberFormat(view.resultType.getElementType());
  return finishFixedSum(builder, loc, sum, plan.lhs.lsb + plan.rhs.lsb,
                        view.bias, *acc, storageType);
}
