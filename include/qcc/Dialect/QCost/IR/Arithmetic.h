//===- Arithmetic.h - the primitive arithmetic an op performs ---*- C++ -*-===//
//
// What CostOpInterface enumerates: the multiplies, adds, shifts and compares
// that one execution of an op performs, with their operand widths, plus the
// elements it reads and writes and the parameters it holds. Cost models are
// pure functions over this description (qcc/Dialect/QCost/Analysis), so a new
// model never touches an op and a new op never touches a model.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCOST_IR_ARITHMETIC_H
#define QCC_DIALECT_QCOST_IR_ARITHMETIC_H

#include "qcc/Format/NumberFormat.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <cstdint>

namespace qcc::qcost {

enum class PrimitiveKind : uint8_t {
  /// lhsBits x rhsBits multiply.
  Multiply,
  /// Addition (or subtraction) of lhsBits and rhsBits operands.
  Add,
  /// Barrel shift of an lhsBits value by up to rhsBits positions.
  Shift,
  /// Comparison or select (max, ReLU, clip); priced at zero by ACE_v2.
  Compare,
};

/// Where a primitive's cost is reported: PikeLPN's split of a network's cost
/// into MACs and the elementwise batch-norm (BN), activation (Act) and
/// quantization (QP) overheads, plus other elementwise work (skip adds,
/// pooling, standalone multiplies).
enum class CostCategory : uint8_t {
  Mac,
  BatchNorm,
  Activation,
  Quantization,
  Other
};
constexpr unsigned kNumCostCategories = 5;

const char *toString(PrimitiveKind kind);
/// "mac", "bn", "act", "qp", "other".
const char *toString(CostCategory category);

/// `count` executions of one primitive.
struct Primitive {
  PrimitiveKind kind;
  /// Float arithmetic (widths are total widths, e.g. 32 for f32).
  bool isFloat;
  unsigned lhsBits, rhsBits;
  double count;
  CostCategory category;
};

/// A cost split by PikeLPN's categories; `unknown` when the model has no
/// price for some of the op's arithmetic (e.g. a format outside a table).
struct Cost {
  std::array<double, kNumCostCategories> byCategory{};
  bool unknown = false;

  double get(CostCategory category) const {
    return byCategory[static_cast<unsigned>(category)];
  }
  void add(CostCategory category, double value) {
    byCategory[static_cast<unsigned>(category)] += value;
  }
  double total() const;
  /// Everything but the MACs.
  double elementwise() const { return total() - get(CostCategory::Mac); }
  Cost &operator+=(const Cost &other);
  bool operator==(const Cost &other) const {
    return byCategory == other.byCategory && unknown == other.unknown;
  }
};

/// Lets Cost be a parameter of the uniqued #qcost.cost attribute.
llvm::hash_code hash_value(const Cost &cost);

/// Everything a cost model needs about one op.
struct ArithmeticProfile {
  llvm::SmallVector<Primitive, 4> primitives;
  /// Multiply-accumulates of contractions (0 for other ops).
  int64_t macs = 0;
  /// Activation elements read and written, and their bits.
  int64_t elementsRead = 0, elementsWritten = 0;
  int64_t bitsRead = 0, bitsWritten = 0;
  /// Parameters (operands defined by constants: weights, biases, scales).
  int64_t parameters = 0, parameterBits = 0;
  /// Accumulator width of contractions (reported, not priced by ACE_v2).
  unsigned accumulatorBits = 0;
  /// Formats of a contraction's operands and accumulator, when they are
  /// number formats (models that price whole MAC units need them).
  std::optional<NumberFormat> macLhs, macRhs, macAccumulator;

  void add(PrimitiveKind kind, bool isFloat, unsigned lhsBits, unsigned rhsBits,
           double count, CostCategory category) {
    if (count > 0)
      primitives.push_back({kind, isFloat, lhsBits, rhsBits, count, category});
  }
};

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_IR_ARITHMETIC_H
