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

#include <optional>

namespace qcc::qcost {

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

/// An FPGA operator measured in REFERENCE.md section 8.
struct FpgaResources {
  double luts = 0, dsps = 0;
};
/// The measured multiplier of `format` x `format` operands, or accumulator
/// of `format` sums (minifloats matched by E and M), if the table has one.
/// The fpga-luts model and the HLS estimates (docs/hls.md) read these.
std::optional<FpgaResources> lookupFpgaMultiplier(const NumberFormat &format);
std::optional<FpgaResources> lookupFpgaAccumulator(const NumberFormat &format);

/// Memory energy of moving `bits` from a 32 KB cache (2.5 pJ per 8 bits,
/// REFERENCE.md section 2).
double cacheEnergyPJ(double bits);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_ANALYSIS_COSTMODEL_H
