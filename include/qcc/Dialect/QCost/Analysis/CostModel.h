//===- CostModel.h - cost models over CostOpInterface profiles --*- C++ -*-===//
//
// A cost model is a pure function from an ArithmeticProfile (what one op
// computes) to a cost split by category. Models are selected by name; adding
// one touches no op. docs/cost-model.md states every convention.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCOST_ANALYSIS_COSTMODEL_H
#define QCC_DIALECT_QCOST_ANALYSIS_COSTMODEL_H

#include "qcc/Dialect/QCost/IR/Arithmetic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <array>

namespace qcc::qcost {

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
};

class CostModel {
public:
  virtual ~CostModel() = default;
  /// The name it is selected by, e.g. "ace-v2".
  virtual llvm::StringRef getName() const = 0;
  /// The unit of its numbers, e.g. "bit-adders".
  virtual llvm::StringRef getUnit() const = 0;
  virtual llvm::StringRef getDescription() const = 0;
  virtual Cost price(const ArithmeticProfile &profile) const = 0;
};

/// The registered model called `name`, or nullptr.
const CostModel *lookupCostModel(llvm::StringRef name);
/// Names of every registered model, in a stable order.
llvm::ArrayRef<const CostModel *> getCostModels();

/// ACE_v2 of one primitive execution (REFERENCE.md section 1): exposed for
/// tests and for the energy model's documentation.
double aceV2(PrimitiveKind kind, bool isFloat, unsigned lhsBits,
             unsigned rhsBits);

/// Memory energy of moving `bits` from a 32 KB cache (2.5 pJ per 8 bits,
/// REFERENCE.md section 2).
double cacheEnergyPJ(double bits);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_ANALYSIS_COSTMODEL_H
