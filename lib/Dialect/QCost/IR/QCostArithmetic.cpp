//===- QCostArithmetic.cpp - CostOpInterface of every qcost op ------------===//
//
// Counting conventions (REFERENCE.md sections 1 and 9, docs/cost-model.md):
// elementwise work is counted once per output element; a MAC is a multiply
// plus an accumulate add charged max(i, j); a power-of-two operand turns a
// multiply into a shift of the other operand by up to 2^k positions (k the
// exponent-field bits), or into an exponent add when the other operand is a
// float; a binary operand needs no separate rule, the integer formula gives
// 1 x j - j = 0 bit-adders for its multiply.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

const char *qcc::qcost::toString(PrimitiveKind kind) {
  switch (kind) {
  case PrimitiveKind::Multiply:
    return "multiply";
  case PrimitiveKind::Add:
    return "add";
  case PrimitiveKind::Shift:
    return "shift";
  case PrimitiveKind::Compare:
    return "compare";
  }
  return "?";
}

const char *qcc::qcost::toString(CostCategory category) {
  switch (category) {
  case CostCategory::Mac:
    return "mac";
  case CostCategory::BatchNorm:
    return "bn";
  case CostCategory::Activation:
    return "act";
  case CostCategory::Quantization:
    return "qp";
  case CostCategory::Other:
    return "other";
  }
  return "?";
}

double Cost::total() const {
  double sum = 0;
  for (double value : byCategory)
    sum += value;
  return sum;
}

Cost &Cost::operator+=(const Cost &other) {
  for (unsigned i = 0; i < kNumCostCategories; ++i)
    byCategory[i] += other.byCategory[i];
  unknown |= other.unknown;
  return *this;
}

llvm::hash_code qcc::qcost::hash_value(const Cost &cost) {
  llvm::hash_code hash = llvm::hash_value(cost.unknown);
  for (double value : cost.byCategory)
    // +0 and -0 compare equal, so they must hash alike.
    hash = llvm::hash_combine(
        hash, value == 0 ? uint64_t(0) : llvm::bit_cast<uint64_t>(value));
  return hash;
}

namespace {

// qcost operands are ranked tensors (QCost_Tensor); casting to the concrete
// type avoids an interface lookup per call.
Type elementOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

int64_t elementsOf(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t elements = 1;
  for (int64_t size : type.getShape()) {
    if (ShapedType::isDynamic(size))
      return 0;
    elements *= size;
  }
  return elements;
}

/// Storage bits of an element type (f64 included). Read straight from the
/// type parameters: this runs several times per op when pricing large models.
unsigned bitsOf(Type type) {
  if (auto fixed = dyn_cast<FixedType>(type))
    return fixed.getWidth();
  if (auto fixed = dyn_cast<UFixedType>(type))
    return fixed.getWidth();
  if (auto pot = dyn_cast<PotType>(type))
    return pot.getWidth();
  if (auto minifloat = dyn_cast<MiniFloatType>(type))
    return 1 + minifloat.getExpBits() + minifloat.getMantBits();
  if (isa<BinaryType>(type))
    return 1;
  return type.getIntOrFloatBitWidth();
}

/// Exponent-field bits of a float-like type (f32: 8, E5M2: 5).
unsigned floatExponentBits(Type type) {
  if (auto minifloat = dyn_cast<MiniFloatType>(type))
    return minifloat.getExpBits();
  // Width = sign + exponent + stored mantissa; the precision counts the
  // mantissa plus its hidden bit.
  auto floatType = cast<mlir::FloatType>(type);
  return floatType.getWidth() - floatType.getFPMantissaWidth();
}

/// Exponent-field bits of a power-of-two type, else 0.
unsigned potFieldBits(Type type) {
  auto pot = dyn_cast<PotType>(type);
  if (!pot)
    return 0;
  return pot.getWidth() - (pot.getIsSigned() ? 1 : 0);
}

/// Counts operands as parameters (defined by a constant) or activations, and
/// the results as written activations.
void countInputsOutputs(Operation *op, ArithmeticProfile &profile) {
  for (Value operand : op->getOperands()) {
    int64_t elements = elementsOf(operand);
    int64_t bits = elements * bitsOf(elementOf(operand));
    if (matchPattern(operand, m_Constant())) {
      profile.parameters += elements;
      profile.parameterBits += bits;
    } else {
      profile.elementsRead += elements;
      profile.bitsRead += bits;
    }
  }
  for (Value result : op->getResults()) {
    int64_t elements = elementsOf(result);
    profile.elementsWritten += elements;
    profile.bitsWritten += elements * bitsOf(elementOf(result));
  }
}

/// `count` scalings of a `value` element by 2^e, where e is an
/// `exponentBits`-bit field that moves an integer by up to `positions`: an
/// integer value goes through a barrel shifter; a float only needs e added to
/// its exponent field (REFERENCE.md section 1 has no float shift).
void addPowerOfTwoScaling(ArithmeticProfile &profile, Type value,
                          unsigned exponentBits, unsigned positions,
                          double count, CostCategory category) {
  if (isFloatLike(value))
    return profile.add(PrimitiveKind::Add, false, floatExponentBits(value),
                       exponentBits, count, category);
  profile.add(PrimitiveKind::Shift, false, bitsOf(value), positions, count,
              category);
}

/// `count` products of an `lhs` and an `rhs` element: a multiply, or a
/// power-of-two scaling when one side is a power of two.
void addProduct(ArithmeticProfile &profile, Type lhs, Type rhs, double count,
                CostCategory category) {
  unsigned lhsField = potFieldBits(lhs), rhsField = potFieldBits(rhs);
  if (lhsField && rhsField) // Two powers of two: add the exponents.
    return profile.add(PrimitiveKind::Add, false, lhsField, rhsField, count,
                       category);
  if (rhsField)
    return addPowerOfTwoScaling(profile, lhs, rhsField, 1u << rhsField, count,
                                category);
  if (lhsField)
    return addPowerOfTwoScaling(profile, rhs, lhsField, 1u << lhsField, count,
                                category);
  profile.add(PrimitiveKind::Multiply, isFloatLike(lhs) || isFloatLike(rhs),
              bitsOf(lhs), bitsOf(rhs), count, category);
}

void addSum(ArithmeticProfile &profile, Type lhs, Type rhs, double count,
            CostCategory category) {
  profile.add(PrimitiveKind::Add, isFloatLike(lhs) || isFloatLike(rhs),
              bitsOf(lhs), bitsOf(rhs), count, category);
}

/// `macs` multiply-accumulates of `lhs` x `rhs` into `acc`, plus one bias add
/// per output element when there is a bias.
void addContraction(Operation *op, ArithmeticProfile &profile, Value lhs,
                    Value rhs, Value bias, Value result, int64_t macs) {
  Type lhsType = elementOf(lhs), rhsType = elementOf(rhs);
  Type acc = elementOf(result);
  profile.macs = macs;
  profile.accumulatorBits = bitsOf(acc);
  profile.macLhs = getNumberFormat(lhsType);
  profile.macRhs = getNumberFormat(rhsType);
  profile.macAccumulator = getNumberFormat(acc);
  addProduct(profile, lhsType, rhsType, macs, CostCategory::Mac);
  // The accumulate add is charged max(i, j), the ACE convention
  // (REFERENCE.md section 1 Decision); it is a float add for float
  // accumulators.
  unsigned width = std::max(bitsOf(lhsType), bitsOf(rhsType));
  profile.add(PrimitiveKind::Add, isFloatLike(acc), width, width, macs,
              CostCategory::Mac);
  if (bias)
    addSum(profile, acc, acc, elementsOf(result), CostCategory::Mac);
  countInputsOutputs(op, profile);
}

} // namespace

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

void Conv2DOp::getArithmetic(ArithmeticProfile &profile) {
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  int64_t macs = elementsOf(getResult()) * filter[0] * filter[1] * filter[2];
  addContraction(*this, profile, getInput(), getFilter(), getBias(),
                 getResult(), macs);
}

void MatmulOp::getArithmetic(ArithmeticProfile &profile) {
  ArrayRef<int64_t> lhs = getLhs().getType().getShape();
  addContraction(*this, profile, getLhs(), getRhs(), Value(), getResult(),
                 elementsOf(getResult()) * lhs.back());
}

void DenseOp::getArithmetic(ArithmeticProfile &profile) {
  ArrayRef<int64_t> weight = getWeight().getType().getShape();
  addContraction(*this, profile, getInput(), getWeight(), getBias(),
                 getResult(), elementsOf(getResult()) * weight[0]);
}

//===----------------------------------------------------------------------===//
// Quantization and normalization
//===----------------------------------------------------------------------===//

/// One scaling per output element, whatever the scale's granularity
/// (REFERENCE.md section 1: layer-wise and channel-wise cost the same).
static void addScaling(Operation *op, ArithmeticProfile &profile, Value input,
                       Value scale, Value result) {
  if (scale)
    addProduct(profile, elementOf(input), elementOf(scale), elementsOf(result),
               CostCategory::Quantization);
  countInputsOutputs(op, profile);
}

void QuantizeOp::getArithmetic(ArithmeticProfile &profile) {
  addScaling(*this, profile, getInput(), getScale(), getResult());
}

void DequantizeOp::getArithmetic(ArithmeticProfile &profile) {
  addScaling(*this, profile, getInput(), getScale(), getResult());
}

void RescaleOp::getArithmetic(ArithmeticProfile &profile) {
  addScaling(*this, profile, getInput(), getScale(), getResult());
}

void BatchNormOp::getArithmetic(ArithmeticProfile &profile) {
  // One multiply and one add per element at the parameters' precision.
  Type param = elementOf(getGamma());
  int64_t elements = elementsOf(getResult());
  addProduct(profile, param, param, elements, CostCategory::BatchNorm);
  addSum(profile, param, param, elements, CostCategory::BatchNorm);
  countInputsOutputs(*this, profile);
}

void QuantNormOp::getArithmetic(ArithmeticProfile &profile) {
  int64_t elements = elementsOf(getResult());
  addProduct(profile, elementOf(getInput()), elementOf(getScale()), elements,
             CostCategory::BatchNorm);
  addSum(profile, elementOf(getInput()), elementOf(getBias()), elements,
         CostCategory::BatchNorm);
  countInputsOutputs(*this, profile);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

void AddOp::getArithmetic(ArithmeticProfile &profile) {
  addSum(profile, elementOf(getLhs()), elementOf(getRhs()),
         elementsOf(getResult()), CostCategory::Other);
  countInputsOutputs(*this, profile);
}

void MulOp::getArithmetic(ArithmeticProfile &profile) {
  addProduct(profile, elementOf(getLhs()), elementOf(getRhs()),
             elementsOf(getResult()), CostCategory::Other);
  countInputsOutputs(*this, profile);
}

void ShiftOp::getArithmetic(ArithmeticProfile &profile) {
  // A signed amount of N bits shifts by up to 2^(N-1) positions either way
  // (at least 2, so that a 1-bit amount still costs a one-position shift).
  unsigned amountBits = bitsOf(elementOf(getAmount()));
  unsigned positions = 1u << std::min(amountBits - 1, 16u);
  addPowerOfTwoScaling(profile, elementOf(getInput()), amountBits,
                       std::max(positions, 2u), elementsOf(getResult()),
                       CostCategory::Quantization);
  countInputsOutputs(*this, profile);
}

void ReluOp::getArithmetic(ArithmeticProfile &profile) {
  Type input = elementOf(getInput());
  profile.add(PrimitiveKind::Compare, isFloatLike(input), bitsOf(input),
              bitsOf(input), elementsOf(getResult()), CostCategory::Activation);
  countInputsOutputs(*this, profile);
}

void PReluOp::getArithmetic(ArithmeticProfile &profile) {
  // One multiply per element (REFERENCE.md section 1); the sign test is a
  // compare.
  Type input = elementOf(getInput());
  int64_t elements = elementsOf(getResult());
  addProduct(profile, input, elementOf(getAlpha()), elements,
             CostCategory::Activation);
  profile.add(PrimitiveKind::Compare, isFloatLike(input), bitsOf(input),
              bitsOf(input), elements, CostCategory::Activation);
  countInputsOutputs(*this, profile);
}

void DPReluOp::getArithmetic(ArithmeticProfile &profile) {
  // One multiply and one add per element (REFERENCE.md section 1).
  Type input = elementOf(getInput());
  int64_t elements = elementsOf(getResult());
  addProduct(profile, input, elementOf(getEta()), elements,
             CostCategory::Activation);
  addSum(profile, input, elementOf(getBeta()), elements,
         CostCategory::Activation);
  profile.add(PrimitiveKind::Compare, isFloatLike(input), bitsOf(input),
              bitsOf(input), elements, CostCategory::Activation);
  countInputsOutputs(*this, profile);
}

void ClipOp::getArithmetic(ArithmeticProfile &profile) {
  Type input = elementOf(getInput());
  profile.add(PrimitiveKind::Compare, isFloatLike(input), bitsOf(input),
              bitsOf(input), 2.0 * elementsOf(getResult()),
              CostCategory::Activation);
  countInputsOutputs(*this, profile);
}

//===----------------------------------------------------------------------===//
// Pooling and data movement
//===----------------------------------------------------------------------===//

void MaxPool2DOp::getArithmetic(ArithmeticProfile &profile) {
  Type input = elementOf(getInput());
  int64_t window = getKernel()[0] * getKernel()[1];
  profile.add(PrimitiveKind::Compare, isFloatLike(input), bitsOf(input),
              bitsOf(input), double(window - 1) * elementsOf(getResult()),
              CostCategory::Other);
  countInputsOutputs(*this, profile);
}

/// Sums of `window` inputs and one multiply by the reciprocal per output.
static void addAverage(Operation *op, ArithmeticProfile &profile, Value input,
                       Value result, int64_t window) {
  Type in = elementOf(input), out = elementOf(result);
  int64_t outputs = elementsOf(result);
  addSum(profile, in, in, double(window - 1) * outputs, CostCategory::Other);
  addProduct(profile, out, out, outputs, CostCategory::Other);
  countInputsOutputs(op, profile);
}

void AvgPool2DOp::getArithmetic(ArithmeticProfile &profile) {
  addAverage(*this, profile, getInput(), getResult(),
             getKernel()[0] * getKernel()[1]);
}

void GlobalAvgPoolOp::getArithmetic(ArithmeticProfile &profile) {
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  addAverage(*this, profile, getInput(), getResult(), shape[1] * shape[2]);
}

void ReduceSumOp::getArithmetic(ArithmeticProfile &profile) {
  // n inputs per output need n - 1 adds.
  Type in = elementOf(getInput());
  int64_t inputs = elementsOf(getInput()), outputs = elementsOf(getResult());
  addSum(profile, in, in, double(inputs - outputs), CostCategory::Other);
  countInputsOutputs(*this, profile);
}

void ConcatOp::getArithmetic(ArithmeticProfile &profile) {
  countInputsOutputs(*this, profile);
}

void ReshapeOp::getArithmetic(ArithmeticProfile &) {
  // A view: no arithmetic and no data movement.
}

void ConstantOp::getArithmetic(ArithmeticProfile &) {
  // Counted as parameters by the ops that use it.
}
