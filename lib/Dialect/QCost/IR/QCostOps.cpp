//===- QCostOps.cpp - qcost operations and their verifiers ----------------===//

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

#include "qcc/Dialect/QCost/IR/QCostOpInterfaces.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared verification helpers
//===----------------------------------------------------------------------===//

static RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

static Type elementType(Value value) {
  return tensorType(value).getElementType();
}

/// Prints a shape as [1, 8, ?, 16].
static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os, [&](int64_t dim) {
    if (ShapedType::isDynamic(dim))
      os << "?";
    else
      os << dim;
  });
  os << "]";
  return text;
}

static bool dimsMatch(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

static bool shapesMatch(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  return a.size() == b.size() && llvm::all_of(llvm::zip(a, b), [](auto pair) {
           return dimsMatch(std::get<0>(pair), std::get<1>(pair));
         });
}

/// `result` must have the shape of `input`.
static LogicalResult verifySameShape(Operation *op, Value input, Value result,
                                     StringRef inputName = "input") {
  ArrayRef<int64_t> in = tensorType(input).getShape();
  ArrayRef<int64_t> out = tensorType(result).getShape();
  if (shapesMatch(in, out))
    return success();
  return op->emitOpError("result shape ")
         << shapeString(out) << " must equal the " << inputName << " shape "
         << shapeString(in);
}

/// A parameter (scale, alpha, shift amount, ...) block-broadcasts to `target`
/// when, aligned to the trailing dimensions, each of its dimensions is 1,
/// equal to the target's, or a divisor of it (one parameter per block).
static LogicalResult verifyBlockBroadcast(Operation *op, StringRef name,
                                          Value param, Value target) {
  ArrayRef<int64_t> p = tensorType(param).getShape();
  ArrayRef<int64_t> t = tensorType(target).getShape();
  if (p.size() > t.size())
    return op->emitOpError()
           << "'" << name << "' has rank " << p.size()
           << ", more than the rank " << t.size() << " it applies to";
  size_t offset = t.size() - p.size();
  for (auto [i, dim] : llvm::enumerate(p)) {
    int64_t targetDim = t[offset + i];
    if (ShapedType::isDynamic(dim) || ShapedType::isDynamic(targetDim) ||
        dim == 1 || (dim > 0 && targetDim % dim == 0))
      continue;
    return op->emitOpError()
           << "'" << name << "' shape " << shapeString(p)
           << " does not block-broadcast to " << shapeString(t)
           << ": dimension " << offset + i << " is " << dim
           << ", which must be 1 or divide " << targetDim;
  }
  return success();
}

/// Checks that `acc` can accumulate products of `lhs` and `rhs` elements.
/// With integer-like operands and a fixed-point accumulator one product must
/// be exact in it; float products are rounded into the accumulator instead.
static LogicalResult verifyAccumulator(Operation *op, Type lhs, Type rhs,
                                       Type acc) {
  if (isa<PotType, BinaryType>(acc))
    return op->emitOpError("accumulator type must be fixed point, an integer "
                           "or a float, got ")
           << acc;
  auto lhsEnvelope = getIntegerEnvelope(lhs);
  auto rhsEnvelope = getIntegerEnvelope(rhs);
  auto accEnvelope = getIntegerEnvelope(acc);
  if (!lhsEnvelope || !rhsEnvelope || !accEnvelope)
    return success();

  int64_t productLsb = lhsEnvelope->lsbExponent + rhsEnvelope->lsbExponent;
  if (accEnvelope->lsbExponent > productLsb)
    return op->emitOpError("accumulator ")
           << acc << " has " << -accEnvelope->lsbExponent
           << " fraction bits but a product of " << lhs << " and " << rhs
           << " needs " << -productLsb;

  long double corners[] = {lhsEnvelope->minMultiple * rhsEnvelope->minMultiple,
                           lhsEnvelope->minMultiple * rhsEnvelope->maxMultiple,
                           lhsEnvelope->maxMultiple * rhsEnvelope->minMultiple,
                           lhsEnvelope->maxMultiple * rhsEnvelope->maxMultiple};
  long double lowest =
      *std::min_element(std::begin(corners), std::end(corners));
  long double highest =
      *std::max_element(std::begin(corners), std::end(corners));
  // Express the product range in multiples of the accumulator's LSB.
  int shift = productLsb - accEnvelope->lsbExponent;
  lowest = std::ldexp(lowest, shift);
  highest = std::ldexp(highest, shift);
  if (lowest < accEnvelope->minMultiple || highest > accEnvelope->maxMultiple) {
    long double unit = std::ldexp((long double)1, accEnvelope->lsbExponent);
    return op->emitOpError("accumulator ")
           << acc << " cannot hold one product of " << lhs << " and " << rhs
           << ": products range over [" << formatReal(lowest * unit) << ", "
           << formatReal(highest * unit) << "], the accumulator over ["
           << formatReal(accEnvelope->minMultiple * unit) << ", "
           << formatReal(accEnvelope->maxMultiple * unit) << "]";
  }
  return success();
}

/// `bias` is a vector of `channels` elements in the accumulator format.
static LogicalResult verifyBias(Operation *op, Value bias, int64_t channels,
                                Type accumulator) {
  if (!bias)
    return success();
  RankedTensorType type = tensorType(bias);
  if (type.getRank() != 1 || !dimsMatch(type.getDimSize(0), channels))
    return op->emitOpError("bias must have shape [")
           << channels << "], got " << shapeString(type.getShape());
  if (type.getElementType() != accumulator)
    return op->emitOpError("bias element type ")
           << type.getElementType() << " must be the accumulator type "
           << accumulator;
  return success();
}

static LogicalResult verifyRank(Operation *op, Value value, int64_t rank,
                                StringRef what) {
  if (tensorType(value).getRank() == rank)
    return success();
  return op->emitOpError("expects ")
         << what << " of rank " << rank << ", got rank "
         << tensorType(value).getRank();
}

/// Checks an optional i64 array: `size` entries, each at least `minimum`.
static LogicalResult verifyArray(Operation *op, StringRef name,
                                 std::optional<ArrayRef<int64_t>> values,
                                 size_t size, int64_t minimum) {
  if (!values)
    return success();
  if (values->size() != size)
    return op->emitOpError("'") << name << "' must have " << size
                                << " entries, got " << values->size();
  for (int64_t value : *values)
    if (value < minimum)
      return op->emitOpError("'") << name << "' entries must be at least "
                                  << minimum << ", got " << value;
  return success();
}

/// Output size of a sliding window along one spatial dimension, or
/// std::nullopt when the padded input is shorter than the window.
static std::optional<int64_t> windowOutputSize(int64_t input, int64_t padBefore,
                                               int64_t padAfter, int64_t window,
                                               int64_t stride,
                                               int64_t dilation) {
  int64_t extent = dilation * (window - 1) + 1;
  int64_t padded = input + padBefore + padAfter;
  if (padded < extent)
    return std::nullopt;
  return (padded - extent) / stride + 1;
}

/// Verifies the spatial output size of a windowed NHWC op, dimension `dim` (1
/// for H, 2 for W).
static LogicalResult verifyWindowDim(Operation *op, StringRef dimName,
                                     int64_t input, int64_t output,
                                     int64_t padBefore, int64_t padAfter,
                                     int64_t window, int64_t stride,
                                     int64_t dilation) {
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(window))
    return success();
  std::optional<int64_t> expected =
      windowOutputSize(input, padBefore, padAfter, window, stride, dilation);
  if (!expected)
    return op->emitOpError("padded input ")
           << dimName << " (" << input + padBefore + padAfter
           << ") is smaller than the (dilated) window "
           << dilation * (window - 1) + 1;
  if (!dimsMatch(output, *expected))
    return op->emitOpError("result ")
           << dimName << " must be " << *expected << ", got " << output;
  return success();
}

//===----------------------------------------------------------------------===//
// RoundingOpInterface
//===----------------------------------------------------------------------===//

LogicalResult qcc::qcost::verifyRoundingOp(Operation *op) {
  auto rounding = cast<RoundingOpInterface>(op);
  bool stochastic = rounding.getRounding() == RoundingMode::stochastic;
  if (stochastic && !rounding.getSeed())
    return op->emitOpError("stochastic rounding needs a 'seed'");
  if (!stochastic && rounding.getSeed())
    return op->emitOpError(
        "'seed' is only meaningful with stochastic rounding");
  Type resultElement =
      cast<ShapedType>(op->getResult(0).getType()).getElementType();
  if (rounding.getOverflow() == OverflowMode::wrap &&
      isa<PotType, BinaryType>(resultElement))
    return op->emitOpError("overflow 'wrap' needs a fixed-point, integer or "
                           "float result; ")
           << resultElement << " always saturates";
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  auto valueType = cast<ShapedType>(getValue().getType());
  RankedTensorType resultType = getResult().getType();
  if (!valueType.hasRank() ||
      !shapesMatch(valueType.getShape(), resultType.getShape()))
    return emitOpError("value shape ") << shapeString(valueType.getShape())
                                       << " must equal the result shape "
                                       << shapeString(resultType.getShape());
  Type resultElement = resultType.getElementType();
  std::optional<NumberFormat> format = getNumberFormat(resultElement);
  if (!format || !isa<NumberFormatTypeInterface>(resultElement))
    return emitOpError("result element type must be a qcost number format "
                       "(use arith.constant for builtin types), got ")
           << resultElement;
  Type valueElement = valueType.getElementType();
  unsigned width = format->getBitWidth();
  bool signExtended =
      format->getKind() == FormatKind::Fixed && format->isSigned();

  if (auto intType = dyn_cast<IntegerType>(valueElement)) {
    if (intType.getWidth() < width)
      return emitOpError("code type ")
             << valueElement << " is narrower than the " << width
             << "-bit format " << resultElement;
    auto dense = dyn_cast<DenseIntElementsAttr>(getValue());
    if (!dense)
      return success(); // Resource blobs are checked where they are read.
    for (auto [index, code] : llvm::enumerate(dense.getValues<APInt>())) {
      bool fits = signExtended ? code.isSignedIntN(width) : code.isIntN(width);
      if (!fits)
        return emitOpError("code ")
               << (signExtended ? code.getSExtValue() : code.getZExtValue())
               << " at element " << index << " does not fit the " << width
               << "-bit format " << resultElement;
      if (dense.isSplat())
        break;
    }
    return success();
  }
  if (isa<mlir::FloatType>(valueElement)) {
    auto dense = dyn_cast<DenseFPElementsAttr>(getValue());
    if (!dense)
      return success();
    for (auto [index, value] : llvm::enumerate(dense.getValues<APFloat>())) {
      double real = value.convertToDouble();
      if (!format->isRepresentable(real))
        return emitOpError("value ")
               << formatReal(real) << " at element " << index
               << " is not exactly representable in " << resultElement;
      if (dense.isSplat())
        break;
    }
    return success();
  }
  return emitOpError("value element type must be an integer (codes) or a "
                     "float (real values), got ")
         << valueElement;
}

/// Reads element `index` of a resource blob whose elements are `bytes` wide
/// little-endian integers.
static uint64_t readBlobElement(ArrayRef<char> data, size_t index,
                                unsigned bytes) {
  uint64_t value = 0;
  for (unsigned b = 0; b < bytes; ++b)
    value |= uint64_t(uint8_t(data[index * bytes + b])) << (8 * b);
  return value;
}

std::optional<SmallVector<int64_t>> ConstantOp::getCodeValues() {
  NumberFormat format =
      *getNumberFormat(getResult().getType().getElementType());
  unsigned width = format.getBitWidth();
  bool signExtend = format.getKind() == FormatKind::Fixed && format.isSigned();
  auto fromBits = [&](uint64_t bits) -> int64_t {
    bits &= width >= 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
    if (signExtend && width < 64 && (bits >> (width - 1)) & 1)
      bits |= ~uint64_t(0) << width;
    return static_cast<int64_t>(bits);
  };
  int64_t count = getResult().getType().getNumElements();
  SmallVector<int64_t> codes;
  codes.reserve(count);
  Attribute value = getValue();
  if (auto ints = dyn_cast<DenseIntElementsAttr>(value)) {
    for (const APInt &code : ints.getValues<APInt>())
      codes.push_back(fromBits(code.getZExtValue()));
    return codes;
  }
  if (auto floats = dyn_cast<DenseFPElementsAttr>(value)) {
    for (const APFloat &real : floats.getValues<APFloat>())
      codes.push_back(fromBits(format.encode(real.convertToDouble())));
    return codes;
  }
  auto resource = dyn_cast<DenseResourceElementsAttr>(value);
  auto intType =
      resource ? dyn_cast<IntegerType>(resource.getType().getElementType())
               : IntegerType();
  if (!intType)
    return std::nullopt;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  unsigned bytes = llvm::PowerOf2Ceil((intType.getWidth() + 7) / 8);
  ArrayRef<char> data = blob->getData();
  if (data.size() != size_t(count) * bytes)
    return std::nullopt;
  for (int64_t i = 0; i < count; ++i)
    codes.push_back(fromBits(readBlobElement(data, i, bytes)));
  return codes;
}

/// Constant-like ops must fold to their value so that the folder can unique
/// and hoist them.
OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

SmallVector<int64_t, 2> Conv2DOp::getStrideValues() {
  if (auto strides = getStrides())
    return SmallVector<int64_t, 2>(strides->begin(), strides->end());
  return {1, 1};
}

SmallVector<int64_t, 2> Conv2DOp::getDilationValues() {
  if (auto dilations = getDilations())
    return SmallVector<int64_t, 2>(dilations->begin(), dilations->end());
  return {1, 1};
}

SmallVector<int64_t, 4> Conv2DOp::getPaddingValues() {
  if (auto padding = getPadding())
    return SmallVector<int64_t, 4>(padding->begin(), padding->end());
  return {0, 0, 0, 0};
}

bool Conv2DOp::isDepthwise() {
  int64_t channels = tensorType(getInput()).getDimSize(3);
  return getGroupCount() > 1 && getGroupCount() == channels &&
         tensorType(getFilter()).getDimSize(2) == 1;
}

bool Conv2DOp::isPointwise() {
  ArrayRef<int64_t> filter = tensorType(getFilter()).getShape();
  return filter[0] == 1 && filter[1] == 1 && getGroupCount() == 1 &&
         llvm::all_of(getStrideValues(), [](int64_t s) { return s == 1; }) &&
         llvm::all_of(getPaddingValues(), [](int64_t p) { return p == 0; });
}

LogicalResult Conv2DOp::verify() {
  if (failed(verifyRank(*this, getInput(), 4, "an NHWC input")) ||
      failed(verifyRank(*this, getFilter(), 4, "an HWIO filter")) ||
      failed(verifyRank(*this, getResult(), 4, "an NHWC result")) ||
      failed(verifyArray(*this, "strides", getStrides(), 2, 1)) ||
      failed(verifyArray(*this, "dilations", getDilations(), 2, 1)) ||
      failed(verifyArray(*this, "padding", getPadding(), 4, 0)))
    return failure();
  int64_t groups = getGroupCount();
  if (groups < 1)
    return emitOpError("'groups' must be at least 1, got ") << groups;

  ArrayRef<int64_t> in = tensorType(getInput()).getShape();
  ArrayRef<int64_t> filter = tensorType(getFilter()).getShape();
  ArrayRef<int64_t> out = tensorType(getResult()).getShape();
  int64_t channels = in[3], outChannels = filter[3];
  if (!ShapedType::isDynamic(channels)) {
    if (channels % groups != 0)
      return emitOpError("input channels (")
             << channels << ") must be divisible by groups (" << groups << ")";
    if (!dimsMatch(filter[2], channels / groups))
      return emitOpError("filter input channels (dimension 2) must be C / "
                         "groups = ")
             << channels / groups << ", got " << filter[2];
  }
  if (!ShapedType::isDynamic(outChannels) && outChannels % groups != 0)
    return emitOpError("filter output channels (")
           << outChannels << ") must be divisible by groups (" << groups << ")";
  if (!dimsMatch(out[0], in[0]))
    return emitOpError("result batch must be ") << in[0] << ", got " << out[0];
  if (!dimsMatch(out[3], outChannels))
    return emitOpError("result channels must be the filter's output "
                       "channels ")
           << outChannels << ", got " << out[3];
  SmallVector<int64_t, 2> strides = getStrideValues();
  SmallVector<int64_t, 2> dilations = getDilationValues();
  SmallVector<int64_t, 4> padding = getPaddingValues();
  if (failed(verifyWindowDim(*this, "height", in[1], out[1], padding[0],
                             padding[1], filter[0], strides[0],
                             dilations[0])) ||
      failed(verifyWindowDim(*this, "width", in[2], out[2], padding[2],
                             padding[3], filter[1], strides[1], dilations[1])))
    return failure();
  Type acc = elementType(getResult());
  if (failed(verifyBias(*this, getBias(), outChannels, acc)))
    return failure();
  return verifyAccumulator(*this, elementType(getInput()),
                           elementType(getFilter()), acc);
}

LogicalResult MatmulOp::verify() {
  ArrayRef<int64_t> lhs = tensorType(getLhs()).getShape();
  ArrayRef<int64_t> rhs = tensorType(getRhs()).getShape();
  ArrayRef<int64_t> out = tensorType(getResult()).getShape();
  if (lhs.size() < 2 || lhs.size() != rhs.size() || lhs.size() != out.size())
    return emitOpError("operands and result must have the same rank, at "
                       "least 2; got ")
           << lhs.size() << ", " << rhs.size() << " and " << out.size();
  size_t rank = lhs.size();
  if (!shapesMatch(lhs.drop_back(2), rhs.drop_back(2)))
    return emitOpError("batch dimensions differ: ")
           << shapeString(lhs.drop_back(2)) << " vs "
           << shapeString(rhs.drop_back(2));
  if (!dimsMatch(lhs[rank - 1], rhs[rank - 2]))
    return emitOpError("contraction sizes differ: lhs K = ")
           << lhs[rank - 1] << ", rhs K = " << rhs[rank - 2];
  SmallVector<int64_t> expected(lhs.drop_back(1));
  expected.push_back(rhs[rank - 1]);
  if (!shapesMatch(out, expected))
    return emitOpError("result shape must be ")
           << shapeString(expected) << ", got " << shapeString(out);
  return verifyAccumulator(*this, elementType(getLhs()), elementType(getRhs()),
                           elementType(getResult()));
}

LogicalResult DenseOp::verify() {
  if (failed(verifyRank(*this, getInput(), 2, "an N x K input")) ||
      failed(verifyRank(*this, getWeight(), 2, "a K x O weight")) ||
      failed(verifyRank(*this, getResult(), 2, "an N x O result")))
    return failure();
  ArrayRef<int64_t> in = tensorType(getInput()).getShape();
  ArrayRef<int64_t> weight = tensorType(getWeight()).getShape();
  ArrayRef<int64_t> out = tensorType(getResult()).getShape();
  if (!dimsMatch(in[1], weight[0]))
    return emitOpError("input features (")
           << in[1] << ") must equal the weight's rows (" << weight[0] << ")";
  SmallVector<int64_t, 2> expected = {in[0], weight[1]};
  if (!shapesMatch(out, expected))
    return emitOpError("result shape must be ")
           << shapeString(expected) << ", got " << shapeString(out);
  Type acc = elementType(getResult());
  if (failed(verifyBias(*this, getBias(), weight[1], acc)))
    return failure();
  return verifyAccumulator(*this, elementType(getInput()),
                           elementType(getWeight()), acc);
}

//===----------------------------------------------------------------------===//
// Quantization and normalization
//===----------------------------------------------------------------------===//

/// An optional scale operand must be a numeric tensor that block-broadcasts.
static LogicalResult verifyOptionalScale(Operation *op, Value scale,
                                         Value input) {
  if (!scale)
    return success();
  return verifyBlockBroadcast(op, "scale", scale, input);
}

LogicalResult QuantizeOp::verify() {
  if (failed(verifySameShape(*this, getInput(), getResult())) ||
      failed(verifyOptionalScale(*this, getScale(), getInput())))
    return failure();
  Type resultElement = elementType(getResult());
  if (!getNumberFormat(resultElement))
    return emitOpError("result element type must be a number format, got ")
           << resultElement;
  return success();
}

LogicalResult DequantizeOp::verify() {
  return failure(failed(verifySameShape(*this, getInput(), getResult())) ||
                 failed(verifyOptionalScale(*this, getScale(), getInput())));
}

LogicalResult RescaleOp::verify() {
  return failure(
      failed(verifySameShape(*this, getInput(), getResult())) ||
      failed(verifyBlockBroadcast(*this, "scale", getScale(), getInput())));
}

LogicalResult BatchNormOp::verify() {
  if (failed(verifySameShape(*this, getInput(), getResult())))
    return failure();
  RankedTensorType input = tensorType(getInput());
  if (input.getRank() < 1)
    return emitOpError("expects an input of rank at least 1");
  int64_t channels = input.getDimSize(input.getRank() - 1);
  Type paramElement = elementType(getGamma());
  std::pair<StringRef, Value> params[] = {{"gamma", getGamma()},
                                          {"beta", getBeta()},
                                          {"mean", getMean()},
                                          {"variance", getVariance()}};
  for (auto [name, param] : params) {
    RankedTensorType type = tensorType(param);
    if (type.getRank() != 1 || !dimsMatch(type.getDimSize(0), channels))
      return emitOpError("'") << name << "' must have shape [" << channels
                              << "] (one value per channel), got "
                              << shapeString(type.getShape());
    if (type.getElementType() != paramElement)
      return emitOpError("all parameters must share one float type; '")
             << name << "' is " << type.getElementType() << ", 'gamma' is "
             << paramElement;
  }
  double epsilon = getEpsilon().convertToDouble();
  if (!(epsilon >= 0) || std::isinf(epsilon))
    return emitOpError("'epsilon' must be finite and non-negative, got ")
           << formatReal(epsilon);
  return success();
}

LogicalResult QuantNormOp::verify() {
  return failure(
      failed(verifySameShape(*this, getInput(), getResult())) ||
      failed(verifyBlockBroadcast(*this, "scale", getScale(), getInput())) ||
      failed(verifyBlockBroadcast(*this, "bias", getBias(), getInput())));
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static LogicalResult verifyBinaryElementwise(Operation *op, Value lhs,
                                             Value rhs, Value result) {
  if (failed(verifyBlockBroadcast(op, "rhs", rhs, lhs)))
    return failure();
  return verifySameShape(op, lhs, result, "lhs");
}

LogicalResult AddOp::verify() {
  return verifyBinaryElementwise(*this, getLhs(), getRhs(), getResult());
}

LogicalResult MulOp::verify() {
  return verifyBinaryElementwise(*this, getLhs(), getRhs(), getResult());
}

LogicalResult ShiftOp::verify() {
  if (failed(verifySameShape(*this, getInput(), getResult())) ||
      failed(verifyBlockBroadcast(*this, "amount", getAmount(), getInput())))
    return failure();
  Type amount = elementType(getAmount());
  auto fixed = dyn_cast<FixedType>(amount);
  if (!isa<IntegerType>(amount) && !(fixed && fixed.getFracBits() == 0))
    return emitOpError("shift amount must be a builtin integer or "
                       "!qcost.fixed<W, 0> tensor, got ")
           << amount;
  return success();
}

LogicalResult ReluOp::verify() {
  return verifySameShape(*this, getInput(), getResult());
}

LogicalResult PReluOp::verify() {
  return failure(
      failed(verifySameShape(*this, getInput(), getResult())) ||
      failed(verifyBlockBroadcast(*this, "alpha", getAlpha(), getInput())));
}

LogicalResult DPReluOp::verify() {
  if (failed(verifySameShape(*this, getInput(), getResult())))
    return failure();
  std::pair<StringRef, Value> params[] = {{"alpha", getAlpha()},
                                          {"beta", getBeta()},
                                          {"eta", getEta()},
                                          {"gamma", getGamma()}};
  for (auto [name, param] : params)
    if (failed(verifyBlockBroadcast(*this, name, param, getInput())))
      return failure();
  return success();
}

LogicalResult ClipOp::verify() {
  double lo = getMin().convertToDouble(), hi = getMax().convertToDouble();
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi)
    return emitOpError("needs finite bounds with min <= max, got [")
           << formatReal(lo) << ", " << formatReal(hi) << "]";
  return verifySameShape(*this, getInput(), getResult());
}

LogicalResult ReduceSumOp::verify() {
  RankedTensorType input = getInput().getType();
  SmallVector<int64_t> expected;
  llvm::SmallBitVector reduced(input.getRank());
  for (int64_t dim : getDims()) {
    if (dim < 0 || dim >= input.getRank())
      return emitOpError("dimension ")
             << dim << " is out of range for rank " << input.getRank();
    if (reduced.test(dim))
      return emitOpError("dimension ") << dim << " is listed twice";
    reduced.set(dim);
  }
  for (int64_t d = 0; d < input.getRank(); ++d)
    if (!reduced.test(d))
      expected.push_back(input.getDimSize(d));
  if (!shapesMatch(getResult().getType().getShape(), expected))
    return emitOpError("result shape must be ")
           << shapeString(expected) << ", got "
           << shapeString(getResult().getType().getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename PoolOp>
static SmallVector<int64_t, 2> poolStrides(PoolOp op) {
  if (auto strides = op.getStrides())
    return SmallVector<int64_t, 2>(strides->begin(), strides->end());
  return SmallVector<int64_t, 2>(op.getKernel().begin(), op.getKernel().end());
}

template <typename PoolOp>
static SmallVector<int64_t, 4> poolPadding(PoolOp op) {
  if (auto padding = op.getPadding())
    return SmallVector<int64_t, 4>(padding->begin(), padding->end());
  return {0, 0, 0, 0};
}

template <typename PoolOp> static LogicalResult verifyPool(PoolOp op) {
  Operation *operation = op.getOperation();
  if (failed(verifyRank(operation, op.getInput(), 4, "an NHWC input")) ||
      failed(verifyRank(operation, op.getResult(), 4, "an NHWC result")) ||
      failed(verifyArray(operation, "kernel", op.getKernel(), 2, 1)) ||
      failed(verifyArray(operation, "strides", op.getStrides(), 2, 1)) ||
      failed(verifyArray(operation, "padding", op.getPadding(), 4, 0)))
    return failure();
  ArrayRef<int64_t> kernel = op.getKernel();
  SmallVector<int64_t, 2> strides = poolStrides(op);
  SmallVector<int64_t, 4> padding = poolPadding(op);
  for (int i = 0; i < 4; ++i)
    if (padding[i] >= kernel[i / 2])
      return op.emitOpError("padding (")
             << padding[i] << ") must be smaller than the kernel ("
             << kernel[i / 2] << ") so every window holds an input";
  ArrayRef<int64_t> in = tensorType(op.getInput()).getShape();
  ArrayRef<int64_t> out = tensorType(op.getResult()).getShape();
  if (!dimsMatch(in[0], out[0]) || !dimsMatch(in[3], out[3]))
    return op.emitOpError("result batch and channels must equal the "
                          "input's: expected [")
           << in[0] << ", _, _, " << in[3] << "], got " << shapeString(out);
  if (failed(verifyWindowDim(operation, "height", in[1], out[1], padding[0],
                             padding[1], kernel[0], strides[0], 1)) ||
      failed(verifyWindowDim(operation, "width", in[2], out[2], padding[2],
                             padding[3], kernel[1], strides[1], 1)))
    return failure();
  return success();
}

SmallVector<int64_t, 2> MaxPool2DOp::getStrideValues() {
  return poolStrides(*this);
}
SmallVector<int64_t, 4> MaxPool2DOp::getPaddingValues() {
  return poolPadding(*this);
}
LogicalResult MaxPool2DOp::verify() { return verifyPool(*this); }

SmallVector<int64_t, 2> AvgPool2DOp::getStrideValues() {
  return poolStrides(*this);
}
SmallVector<int64_t, 4> AvgPool2DOp::getPaddingValues() {
  return poolPadding(*this);
}
LogicalResult AvgPool2DOp::verify() { return verifyPool(*this); }

LogicalResult GlobalAvgPoolOp::verify() {
  if (failed(verifyRank(*this, getInput(), 4, "an NHWC input")) ||
      failed(verifyRank(*this, getResult(), 4, "an NHWC result")))
    return failure();
  ArrayRef<int64_t> in = tensorType(getInput()).getShape();
  SmallVector<int64_t, 4> expected = {in[0], 1, 1, in[3]};
  if (!shapesMatch(tensorType(getResult()).getShape(), expected))
    return emitOpError("result shape must be ")
           << shapeString(expected) << ", got "
           << shapeString(tensorType(getResult()).getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  RankedTensorType resultType = getResult().getType();
  int64_t rank = resultType.getRank();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("'axis' must be in [0, ") << rank << "), got " << axis;
  int64_t total = 0;
  bool dynamic = false;
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    RankedTensorType type = tensorType(input);
    if (type.getElementType() != resultType.getElementType())
      return emitOpError("input ")
             << index << " has element type " << type.getElementType()
             << " but the result has " << resultType.getElementType()
             << "; requantize inputs to one format first";
    if (type.getRank() != rank)
      return emitOpError("input ") << index << " has rank " << type.getRank()
                                   << ", expected " << rank;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis)
        continue;
      if (!dimsMatch(type.getDimSize(d), resultType.getDimSize(d)))
        return emitOpError("input ")
               << index << " dimension " << d << " is " << type.getDimSize(d)
               << ", the result's is " << resultType.getDimSize(d);
    }
    if (type.isDynamicDim(axis))
      dynamic = true;
    else
      total += type.getDimSize(axis);
  }
  if (!dynamic && !dimsMatch(resultType.getDimSize(axis), total))
    return emitOpError("result dimension ")
           << axis << " must be the sum of the inputs' (" << total << "), got "
           << resultType.getDimSize(axis);
  return success();
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType in = tensorType(getInput());
  RankedTensorType out = getResult().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type must not change: ")
           << in.getElementType() << " vs " << out.getElementType();
  if (in.hasStaticShape() && out.hasStaticShape() &&
      in.getNumElements() != out.getNumElements())
    return emitOpError("element count must not change: ")
           << in.getNumElements() << " vs " << out.getNumElements();
  return success();
}

#define GET_OP_CLASSES
#include "qcc/Dialect/QCost/IR/QCostOps.cpp.inc"
