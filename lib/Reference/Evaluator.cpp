//===- Evaluator.cpp - the reference semantics of qcost, executed ---------===//
//
// Each op is a direct transcription of its section in docs/semantics.md:
// decode the operands to exact reals, compute the exact result, encode it once.
// Only contractions over integer-like formats with a fixed-point accumulator
// take a shortcut, because the semantics themselves are integer there: every
// product is an exact integer multiple of the accumulator's LSB and the sum
// wraps modulo 2^W, which 64-bit unsigned arithmetic gives directly.
//
//===----------------------------------------------------------------------===//

#include "qcc/Reference/Evaluator.h"

#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/IR/QCostTypes.h"
#include "qcc/Format/ExactReal.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;
using Tensor = qcc::CodeTensor;

namespace {

/// The format of an element type, or an error at `op` naming the type.
FailureOr<NumberFormat> formatOf(Operation *op, Type element) {
  if (std::optional<NumberFormat> format = getNumberFormat(element))
    return *format;
  return op->emitError("the reference evaluator has no number format for ")
         << element;
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Row-major strides.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// A decoded tensor: exact values with the shape they came with.
struct Values {
  SmallVector<int64_t> shape;
  std::vector<ExactReal> values;

  const ExactReal &operator[](int64_t i) const { return values[i]; }
};

/// Block broadcasting (semantics section 1): the index into a parameter of
/// shape `param` for element `linear` of a tensor of shape `target`.
int64_t blockIndex(ArrayRef<int64_t> target, ArrayRef<int64_t> param,
                   int64_t linear) {
  SmallVector<int64_t> targetStrides = stridesOf(target);
  SmallVector<int64_t> paramStrides = stridesOf(param);
  size_t offset = target.size() - param.size();
  int64_t index = 0;
  for (size_t d = 0; d < param.size(); ++d) {
    int64_t coordinate =
        (linear / targetStrides[offset + d]) % target[offset + d];
    index += coordinate / (target[offset + d] / param[d]) * paramStrides[d];
  }
  return index;
}

/// The IEEE maximum of two exact values: NaN wins, and +0 > -0.
ExactReal maximum(const ExactReal &a, const ExactReal &b) {
  if (a.isNaN() || b.isNaN())
    return ExactReal::nan();
  int order = ExactReal::compare(a, b);
  if (order == 0 && a.isZero())
    return a.isNegative() ? b : a;
  return order >= 0 ? a : b;
}

ExactReal minimum(const ExactReal &a, const ExactReal &b) {
  return -maximum(-a, -b);
}

/// a / b for batch_norm's gamma / r (b is a float value, never a fraction).
ExactReal divide(const ExactReal &a, const ExactReal &b) {
  if (a.isNaN() || b.isNaN() || (a.isInfinity() && b.isInfinity()) ||
      (a.isZero() && b.isZero()))
    return ExactReal::nan();
  bool negative = a.isNegative() != b.isNegative();
  if (a.isInfinity() || b.isZero())
    return ExactReal::infinity(negative);
  if (b.isInfinity() || a.isZero())
    return negative ? -ExactReal() : ExactReal();
  // b = m * 2^e with m odd (ExactReal keeps magnitudes trimmed) and < 2^64.
  ExactReal quotient =
      ExactReal::dyadic(negative, a.getMagnitude(), a.getExponent())
          .timesPowerOfTwo(-b.getExponent())
          .dividedBy(b.getMagnitude().getZExtValue());
  return quotient;
}

class Evaluator {
public:
  explicit Evaluator(func::FuncOp function) : function(function) {}

  FailureOr<std::vector<Tensor>> run(ArrayRef<Tensor> inputs);

private:
  LogicalResult evaluate(Operation *op);

  // One method per op family; each reads its operands from `env` and stores
  // its result there.
  LogicalResult constant(Operation *op, Attribute value);
  LogicalResult contraction(Operation *op);
  LogicalResult quantization(Operation *op);
  LogicalResult batchNorm(BatchNormOp op);
  LogicalResult elementwise(Operation *op);
  LogicalResult pool(Operation *op);
  LogicalResult reduceSum(ReduceSumOp op);
  LogicalResult dataMovement(Operation *op);

  /// Decodes a value's tensor (cached).
  FailureOr<const Values *> decoded(Operation *user, Value value);
  /// Encodes exact results into `op`'s result with its rounding modes.
  LogicalResult store(Operation *op, const std::vector<ExactReal> &exact);
  void set(Value value, Tensor tensor) {
    decodedCache.erase(value);
    env[value] = std::move(tensor);
  }

  func::FuncOp function;
  llvm::DenseMap<Value, Tensor> env;
  // Pointers to cached values stay valid while the map grows.
  llvm::DenseMap<Value, std::unique_ptr<Values>> decodedCache;
};

} // namespace

FailureOr<const Values *> Evaluator::decoded(Operation *user, Value value) {
  auto cached = decodedCache.find(value);
  if (cached != decodedCache.end())
    return cached->second.get();
  auto found = env.find(value);
  if (found == env.end())
    return user->emitError("the reference evaluator has no value for operand "
                           "(defined outside the function or by an "
                           "unsupported op)");
  const Tensor &tensor = found->second;
  FailureOr<NumberFormat> format = formatOf(user, tensor.type.getElementType());
  if (failed(format))
    return failure();
  auto values = std::make_unique<Values>();
  values->shape.assign(tensor.type.getShape().begin(),
                       tensor.type.getShape().end());
  values->values.reserve(tensor.codes.size());
  for (uint64_t code : tensor.codes)
    values->values.push_back(ExactReal::fromValue(format->decode(code)));
  return (decodedCache[value] = std::move(values)).get();
}

LogicalResult Evaluator::store(Operation *op,
                               const std::vector<ExactReal> &exact) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  FailureOr<NumberFormat> format = formatOf(op, type.getElementType());
  if (failed(format))
    return failure();
  Rounding rounding;
  qcc::OverflowMode overflow = qcc::OverflowMode::Saturate;
  if (auto rounded = dyn_cast<RoundingOpInterface>(op)) {
    rounding = rounded.getFormatRounding();
    overflow = rounded.getFormatOverflow();
  }
  Tensor result{type, {}};
  result.codes.reserve(exact.size());
  for (size_t i = 0; i < exact.size(); ++i)
    result.codes.push_back(format->encode(exact[i], rounding, overflow, i));
  set(op->getResult(0), std::move(result));
  return success();
}

FailureOr<std::vector<Tensor>> Evaluator::run(ArrayRef<Tensor> inputs) {
  if (function.isExternal())
    return function.emitError("function '")
           << function.getName() << "' has no body to evaluate";
  Block &body = function.getBody().front();
  if (inputs.size() != body.getNumArguments())
    return function.emitError("function '")
           << function.getName() << "' takes " << body.getNumArguments()
           << " arguments, got " << inputs.size();
  for (auto [argument, input] : llvm::zip(body.getArguments(), inputs)) {
    if (argument.getType() != input.type)
      return function.emitError("argument #")
             << argument.getArgNumber() << " has type " << argument.getType()
             << ", the input is " << input.type;
    if (static_cast<int64_t>(input.codes.size()) != input.type.getNumElements())
      return function.emitError("input #")
             << argument.getArgNumber() << " holds " << input.codes.size()
             << " codes for " << input.type.getNumElements() << " elements";
    env[argument] = input;
  }
  for (Operation &op : body.without_terminator())
    if (failed(evaluate(&op)))
      return failure();
  std::vector<Tensor> results;
  for (Value value : body.getTerminator()->getOperands()) {
    auto found = env.find(value);
    if (found == env.end())
      return body.getTerminator()->emitError(
          "the reference evaluator has no value to return");
    results.push_back(found->second);
  }
  return results;
}

LogicalResult Evaluator::evaluate(Operation *op) {
  if (op->getNumResults() == 1 &&
      !isa<RankedTensorType>(op->getResult(0).getType()))
    return op->emitError("the reference evaluator only handles ranked "
                         "tensor results, got ")
           << op->getResult(0).getType();
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ConstantOp c) { return constant(op, c.getValue()); })
      .Case([&](arith::ConstantOp c) { return constant(op, c.getValue()); })
      .Case<Conv2DOp, MatmulOp, DenseOp>(
          [&](Operation *) { return contraction(op); })
      .Case<QuantizeOp, DequantizeOp, RescaleOp, QuantNormOp>(
          [&](Operation *) { return quantization(op); })
      .Case([&](BatchNormOp bn) { return batchNorm(bn); })
      .Case<AddOp, MulOp, ShiftOp, ReluOp, PReluOp, DPReluOp, ClipOp>(
          [&](Operation *) { return elementwise(op); })
      .Case<MaxPool2DOp, AvgPool2DOp, GlobalAvgPoolOp>(
          [&](Operation *) { return pool(op); })
      .Case([&](ReduceSumOp r) { return reduceSum(r); })
      .Case<ConcatOp, ReshapeOp>([&](Operation *) { return dataMovement(op); })
      .Default([&](Operation *) {
        return op->emitError("the reference evaluator does not support '")
               << op->getName() << "'";
      });
}

//===----------------------------------------------------------------------===//
// Constants (semantics 4.1)
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::constant(Operation *op, Attribute value) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  FailureOr<NumberFormat> format = formatOf(op, type.getElementType());
  if (failed(format))
    return failure();
  uint64_t mask = format->getBitWidth() >= 64
                      ? ~uint64_t(0)
                      : (uint64_t(1) << format->getBitWidth()) - 1;
  Tensor tensor{type, {}};
  int64_t count = type.getNumElements();
  if (auto qconstant = dyn_cast<ConstantOp>(op)) {
    std::optional<SmallVector<int64_t>> codes = qconstant.getCodeValues();
    if (!codes)
      return op->emitError("the constant's data is unavailable");
    for (int64_t code : *codes)
      tensor.codes.push_back(static_cast<uint64_t>(code) & mask);
  } else if (auto ints = dyn_cast<DenseIntElementsAttr>(value)) {
    for (const APInt &code : ints.getValues<APInt>())
      tensor.codes.push_back(code.getZExtValue() & mask);
  } else if (auto floats = dyn_cast<DenseFPElementsAttr>(value)) {
    for (const APFloat &real : floats.getValues<APFloat>())
      tensor.codes.push_back(real.bitcastToAPInt().getZExtValue() & mask);
  } else if (std::optional<SmallVector<double>> reals =
                 getConstantValues(op->getResult(0))) {
    // dense_resource blobs of builtin types: exact for every float and for
    // integers up to 2^53.
    for (double real : *reals)
      tensor.codes.push_back(format->encode(real));
  } else {
    return op->emitError("the reference evaluator cannot read this constant");
  }
  if (tensor.codes.size() == 1 && count != 1)
    tensor.codes.assign(count, tensor.codes.front());
  if (static_cast<int64_t>(tensor.codes.size()) != count)
    return op->emitError("the constant holds ")
           << tensor.codes.size() << " elements, its type needs " << count;
  set(op->getResult(0), std::move(tensor));
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions (semantics 4.2)
//===----------------------------------------------------------------------===//

namespace {

/// One output element of a contraction is acc = bias + sum of lhs[i]*rhs[j]
/// over a list of (i, j) pairs; `forEachOutput` enumerates them.
struct ContractionShape {
  int64_t outputs = 0;
  std::function<void(int64_t out,
                     SmallVectorImpl<std::pair<int64_t, int64_t>> &terms)>
      terms;
  /// The bias element of an output, or -1.
  std::function<int64_t(int64_t out)> biasIndex;
};

ContractionShape describe(Operation *op) {
  ContractionShape shape;
  auto dims = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  };
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    ArrayRef<int64_t> in = dims(conv.getInput()),
                      filter = dims(conv.getFilter()),
                      out = dims(conv.getResult());
    SmallVector<int64_t, 2> strides = conv.getStrideValues();
    SmallVector<int64_t, 2> dilations = conv.getDilationValues();
    SmallVector<int64_t, 4> padding = conv.getPaddingValues();
    int64_t groups = conv.getGroupCount();
    int64_t H = in[1], W = in[2], C = in[3];
    int64_t KH = filter[0], KW = filter[1], CG = filter[2], O = filter[3];
    int64_t OH = out[1], OW = out[2];
    int64_t outPerGroup = O / groups;
    shape.outputs = product(out);
    shape.terms = [=](int64_t index, auto &terms) {
      int64_t o = index % O, ow = index / O % OW, oh = index / O / OW % OH,
              n = index / O / OW / OH;
      int64_t group = o / outPerGroup;
      for (int64_t kh = 0; kh < KH; ++kh)
        for (int64_t kw = 0; kw < KW; ++kw) {
          int64_t h = oh * strides[0] - padding[0] + kh * dilations[0];
          int64_t w = ow * strides[1] - padding[2] + kw * dilations[1];
          if (h < 0 || h >= H || w < 0 || w >= W)
            continue; // Padding contributes nothing.
          for (int64_t c = 0; c < CG; ++c)
            terms.push_back({((n * H + h) * W + w) * C + group * CG + c,
                             ((kh * KW + kw) * CG + c) * O + o});
        }
    };
    bool hasBias = static_cast<bool>(conv.getBias());
    shape.biasIndex = [=](int64_t index) { return hasBias ? index % O : -1; };
    return shape;
  }
  Value lhs = isa<DenseOp>(op) ? cast<DenseOp>(op).getInput()
                               : cast<MatmulOp>(op).getLhs();
  ArrayRef<int64_t> a = dims(lhs);
  int64_t rank = a.size(), M = a[rank - 2], K = a[rank - 1];
  int64_t N = dims(op->getResult(0))[rank - 1];
  shape.outputs = product(dims(op->getResult(0)));
  shape.terms = [=](int64_t index, auto &terms) {
    int64_t j = index % N, i = index / N % M, batch = index / N / M;
    for (int64_t k = 0; k < K; ++k)
      terms.push_back({(batch * M + i) * K + k, (batch * K + k) * N + j});
  };
  bool hasBias = isa<DenseOp>(op) && cast<DenseOp>(op).getBias();
  shape.biasIndex = [=](int64_t index) { return hasBias ? index % N : -1; };
  return shape;
}

/// n with value = n * 2^lsb for an integer-like code, as a 64-bit integer
/// (wrapping arithmetic on it is arithmetic modulo 2^64).
uint64_t integerMultiple(const NumberFormat &format, uint64_t code,
                         int64_t lsb) {
  ExactValue value = format.decode(code);
  int64_t shift = value.exponent - lsb;
  uint64_t n = shift >= 64 ? 0 : value.significand << shift;
  return value.negative ? 0 - n : n;
}

} // namespace

LogicalResult Evaluator::contraction(Operation *op) {
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  FailureOr<NumberFormat> accFormat = formatOf(op, resultType.getElementType());
  if (failed(accFormat))
    return failure();
  ContractionShape shape = describe(op);
  SmallVector<std::pair<int64_t, int64_t>> terms;
  Tensor result{resultType, std::vector<uint64_t>(shape.outputs)};
  Type lhsElement = getElementTypeOrSelf(lhs.getType());
  Type rhsElement = getElementTypeOrSelf(rhs.getType());

  if (isIntegerLike(lhsElement) && isIntegerLike(rhsElement) &&
      accFormat->getKind() == FormatKind::Fixed) {
    // Integer semantics: products are exact multiples of the accumulator LSB
    // (the verifier guarantees it) and the sum wraps modulo 2^W.
    NumberFormat lf = *getNumberFormat(lhsElement),
                 rf = *getNumberFormat(rhsElement);
    int64_t lsbL = getIntegerEnvelope(lhsElement)->lsbExponent;
    int64_t lsbR = getIntegerEnvelope(rhsElement)->lsbExponent;
    int64_t lsbAcc = -accFormat->getFracBits();
    int64_t shift = lsbL + lsbR - lsbAcc;
    const std::vector<uint64_t> &a = env[lhs].codes, &b = env[rhs].codes;
    std::vector<uint64_t> na(a.size()), nb(b.size());
    for (size_t i = 0; i < a.size(); ++i)
      na[i] = integerMultiple(lf, a[i], lsbL);
    for (size_t i = 0; i < b.size(); ++i)
      nb[i] = integerMultiple(rf, b[i], lsbR);
    uint64_t mask = accFormat->getBitWidth() >= 64
                        ? ~uint64_t(0)
                        : (uint64_t(1) << accFormat->getBitWidth()) - 1;
    for (int64_t out = 0; out < shape.outputs; ++out) {
      int64_t biasAt = shape.biasIndex(out);
      uint64_t acc = biasAt >= 0 ? env[bias].codes[biasAt] : 0;
      terms.clear();
      shape.terms(out, terms);
      for (auto [i, j] : terms)
        acc += shift >= 64 ? 0 : (na[i] * nb[j]) << shift;
      result.codes[out] = acc & mask;
    }
    set(op->getResult(0), std::move(result));
    return success();
  }

  // General rule: each exact product is rounded (nearest even) into the
  // accumulator; fixed accumulators add exactly and wrap, float ones round
  // every sum.
  FailureOr<const Values *> a = decoded(op, lhs), b = decoded(op, rhs);
  if (failed(a) || failed(b))
    return failure();
  const Values *biasValues = nullptr;
  if (bias) {
    FailureOr<const Values *> decodedBias = decoded(op, bias);
    if (failed(decodedBias))
      return failure();
    biasValues = *decodedBias;
  }
  // Fixed accumulators wrap; float ones overflow as IEEE does.
  qcc::OverflowMode accOverflow = qcc::OverflowMode::Wrap;
  auto round = [&](const ExactReal &x) {
    return ExactReal::fromValue(
        accFormat->decode(accFormat->encode(x, {}, accOverflow)));
  };
  for (int64_t out = 0; out < shape.outputs; ++out) {
    int64_t biasAt = shape.biasIndex(out);
    ExactReal acc = biasAt >= 0 ? (*biasValues)[biasAt] : ExactReal();
    terms.clear();
    shape.terms(out, terms);
    for (auto [i, j] : terms)
      acc = round(acc + round((**a)[i] * (**b)[j]));
    result.codes[out] = accFormat->encode(acc, {}, accOverflow);
  }
  set(op->getResult(0), std::move(result));
  return success();
}

//===----------------------------------------------------------------------===//
// Quantization and QuantNorm (semantics 4.3, 4.4)
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::quantization(Operation *op) {
  FailureOr<const Values *> x = decoded(op, op->getOperand(0));
  if (failed(x))
    return failure();
  const Values *scale = nullptr, *offset = nullptr;
  if (op->getNumOperands() > 1) {
    FailureOr<const Values *> s = decoded(op, op->getOperand(1));
    if (failed(s))
      return failure();
    scale = *s;
  }
  if (op->getNumOperands() > 2) {
    FailureOr<const Values *> b = decoded(op, op->getOperand(2));
    if (failed(b))
      return failure();
    offset = *b;
  }
  std::vector<ExactReal> exact;
  exact.reserve((*x)->values.size());
  for (int64_t i = 0, e = (*x)->values.size(); i < e; ++i) {
    ExactReal value = (**x)[i];
    if (scale)
      value = value * (*scale)[blockIndex((*x)->shape, scale->shape, i)];
    if (offset)
      value = value + (*offset)[blockIndex((*x)->shape, offset->shape, i)];
    exact.push_back(std::move(value));
  }
  if (!isa<DequantizeOp>(op))
    return store(op, exact);
  // dequantize rounds to nearest even into its builtin float type, with
  // IEEE overflow.
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  FailureOr<NumberFormat> format = formatOf(op, type.getElementType());
  if (failed(format))
    return failure();
  Tensor result{type, {}};
  for (const ExactReal &value : exact)
    result.codes.push_back(format->encode(value, {}, qcc::OverflowMode::Wrap));
  set(op->getResult(0), std::move(result));
  return success();
}

LogicalResult Evaluator::batchNorm(BatchNormOp op) {
  Type paramType = getElementTypeOrSelf(op.getGamma().getType());
  FailureOr<NumberFormat> p = formatOf(op, paramType);
  if (failed(p))
    return failure();
  // round_P: nearest even in the parameter type, IEEE overflow.
  auto roundP = [&](const ExactReal &v) {
    return ExactReal::fromValue(
        p->decode(p->encode(v, {}, qcc::OverflowMode::Wrap)));
  };
  FailureOr<const Values *> x = decoded(op, op.getInput());
  FailureOr<const Values *> gamma = decoded(op, op.getGamma()),
                            beta = decoded(op, op.getBeta()),
                            mean = decoded(op, op.getMean()),
                            variance = decoded(op, op.getVariance());
  if (failed(x) || failed(gamma) || failed(beta) || failed(mean) ||
      failed(variance))
    return failure();
  ExactReal epsilon =
      roundP(ExactReal::fromDouble(op.getEpsilon().convertToDouble()));
  std::vector<ExactReal> exact;
  exact.reserve((*x)->values.size());
  for (int64_t i = 0, e = (*x)->values.size(); i < e; ++i) {
    int64_t c = blockIndex((*x)->shape, (*gamma)->shape, i);
    ExactReal v = roundP((**variance)[c] + epsilon);
    // P has at most 24 significand bits, so the double square root rounded
    // again into P is the correctly rounded square root in P.
    double vd = v.toDouble();
    ExactReal r = roundP(ExactReal::fromDouble(std::sqrt(vd)));
    ExactReal s = roundP(divide((**gamma)[c], r));
    ExactReal d = roundP(roundP((**x)[i]) - (**mean)[c]);
    ExactReal t = roundP(d * s);
    exact.push_back(roundP(t + (**beta)[c]));
  }
  return store(op, exact);
}

//===----------------------------------------------------------------------===//
// Elementwise (semantics 4.5)
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::elementwise(Operation *op) {
  SmallVector<const Values *> operands;
  for (Value operand : op->getOperands()) {
    FailureOr<const Values *> values = decoded(op, operand);
    if (failed(values))
      return failure();
    operands.push_back(*values);
  }
  const Values &x = *operands[0];
  // Operand k's element for element i of x (block broadcasting).
  auto at = [&](unsigned k, int64_t i) -> const ExactReal & {
    return (*operands[k])[blockIndex(x.shape, operands[k]->shape, i)];
  };
  std::vector<ExactReal> exact;
  exact.reserve(x.values.size());
  for (int64_t i = 0, e = x.values.size(); i < e; ++i) {
    const ExactReal &v = x[i];
    ExactReal y =
        llvm::TypeSwitch<Operation *, ExactReal>(op)
            .Case([&](AddOp) { return v + at(1, i); })
            .Case([&](MulOp) { return v * at(1, i); })
            .Case([&](ShiftOp) {
              // Amounts are integers (builtin or fixed<W, 0>).
              const ExactReal &k = at(1, i);
              int64_t amount = static_cast<int64_t>(
                  k.getMagnitude().getZExtValue() << k.getExponent());
              return v.timesPowerOfTwo(k.isNegative() ? -amount : amount);
            })
            .Case([&](ReluOp) { return maximum(v, ExactReal()); })
            .Case([&](PReluOp) {
              if (!v.isNaN() && ExactReal::compare(v, ExactReal()) >= 0)
                return v;
              return at(1, i) * v;
            })
            .Case([&](DPReluOp) {
              ExactReal t = v - at(1, i);
              bool positive =
                  !t.isNaN() && ExactReal::compare(t, ExactReal()) > 0;
              return (positive ? at(3, i) : at(4, i)) * t - at(2, i);
            })
            .Case([&](ClipOp clip) {
              ExactReal lo =
                  ExactReal::fromDouble(clip.getMin().convertToDouble());
              ExactReal hi =
                  ExactReal::fromDouble(clip.getMax().convertToDouble());
              return minimum(maximum(v, lo), hi);
            })
            .Default([](Operation *) { return ExactReal::nan(); });
    exact.push_back(std::move(y));
  }
  return store(op, exact);
}

//===----------------------------------------------------------------------===//
// Pooling and reductions (semantics 4.6, 4.7)
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::pool(Operation *op) {
  FailureOr<const Values *> decodedInput = decoded(op, op->getOperand(0));
  if (failed(decodedInput))
    return failure();
  const Values &x = **decodedInput;
  int64_t H = x.shape[1], W = x.shape[2], C = x.shape[3];
  ArrayRef<int64_t> out =
      cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  int64_t KH = H, KW = W, SH = 1, SW = 1;
  SmallVector<int64_t, 4> padding = {0, 0, 0, 0};
  auto readWindow = [&](auto pool) {
    KH = pool.getKernel()[0];
    KW = pool.getKernel()[1];
    SH = pool.getStrides() ? (*pool.getStrides())[0] : KH;
    SW = pool.getStrides() ? (*pool.getStrides())[1] : KW;
    if (auto pad = pool.getPadding())
      padding.assign(pad->begin(), pad->end());
  };
  if (auto maxPool = dyn_cast<MaxPool2DOp>(op))
    readWindow(maxPool);
  else if (auto avgPool = dyn_cast<AvgPool2DOp>(op))
    readWindow(avgPool);
  bool isMax = isa<MaxPool2DOp>(op);
  std::vector<ExactReal> exact;
  exact.reserve(product(out));
  for (int64_t n = 0; n < out[0]; ++n)
    for (int64_t oh = 0; oh < out[1]; ++oh)
      for (int64_t ow = 0; ow < out[2]; ++ow)
        for (int64_t c = 0; c < C; ++c) {
          ExactReal acc;
          bool first = true;
          uint64_t count = 0;
          for (int64_t kh = 0; kh < KH; ++kh)
            for (int64_t kw = 0; kw < KW; ++kw) {
              int64_t h = oh * SH - padding[0] + kh;
              int64_t w = ow * SW - padding[2] + kw;
              if (h < 0 || h >= H || w < 0 || w >= W)
                continue; // Padding is never counted.
              const ExactReal &v = x[((n * H + h) * W + w) * C + c];
              acc = first ? v : isMax ? maximum(acc, v) : acc + v;
              first = false;
              ++count;
            }
          exact.push_back(isMax ? acc : acc.dividedBy(count));
        }
  return store(op, exact);
}

LogicalResult Evaluator::reduceSum(ReduceSumOp op) {
  FailureOr<const Values *> decodedInput = decoded(op, op.getInput());
  if (failed(decodedInput))
    return failure();
  const Values &x = **decodedInput;
  SmallVector<bool> reduced(x.shape.size(), false);
  for (int64_t dim : op.getDims())
    reduced[dim] = true;
  SmallVector<int64_t> outShape;
  for (size_t d = 0; d < x.shape.size(); ++d)
    if (!reduced[d])
      outShape.push_back(x.shape[d]);
  SmallVector<int64_t> outStrides = stridesOf(outShape);
  SmallVector<int64_t> inStrides = stridesOf(x.shape);
  // Each sum starts from its first term, like pooling: a sum of -0 terms is
  // -0 (starting from +0 would make it +0).
  std::vector<ExactReal> exact(product(outShape));
  std::vector<bool> started(exact.size(), false);
  for (int64_t i = 0, e = x.values.size(); i < e; ++i) {
    int64_t target = 0;
    for (size_t d = 0, o = 0; d < x.shape.size(); ++d)
      if (!reduced[d])
        target += (i / inStrides[d]) % x.shape[d] * outStrides[o++];
    exact[target] = started[target] ? exact[target] + x[i] : x[i];
    started[target] = true;
  }
  return store(op, exact);
}

//===----------------------------------------------------------------------===//
// Data movement (semantics 4.8)
//===----------------------------------------------------------------------===//

LogicalResult Evaluator::dataMovement(Operation *op) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  Tensor result{type, {}};
  if (auto reshape = dyn_cast<ReshapeOp>(op)) {
    result.codes = env[reshape.getInput()].codes;
    set(op->getResult(0), std::move(result));
    return success();
  }
  auto concat = cast<ConcatOp>(op);
  int64_t axis = concat.getAxis();
  ArrayRef<int64_t> shape = type.getShape();
  int64_t outer = product(shape.take_front(axis));
  for (int64_t o = 0; o < outer; ++o)
    for (Value input : concat.getInputs()) {
      ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
      int64_t block = product(in.drop_front(axis));
      const std::vector<uint64_t> &codes = env[input].codes;
      result.codes.insert(result.codes.end(), codes.begin() + o * block,
                          codes.begin() + (o + 1) * block);
    }
  set(op->getResult(0), std::move(result));
  return success();
}

FailureOr<std::vector<Tensor>>
qcc::reference::evaluate(func::FuncOp function, ArrayRef<Tensor> inputs) {
  return Evaluator(function).run(inputs);
}
