//===- CostReport.h - per-op and whole-module cost reports ------*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_ANALYSIS_COSTREPORT_H
#define QCC_DIALECT_QCOST_ANALYSIS_COSTREPORT_H

#include "mlir/IR/Operation.h"
#include "qcc/Dialect/QCost/Analysis/CostModel.h"

#include <string>
#include <vector>

namespace qcc::qcost {

/// One priced op. Strings for reports are made on demand (getOpLocation,
/// getOpFormats): pricing itself never prints.
struct CostRow {
  mlir::Operation *op;
  ArithmeticProfile profile;
  Cost cost;           // in the selected model
  double energyPJ = 0; // arithmetic energy, always reported
  /// Arithmetic operations / (parameter + activation elements).
  double arithmeticIntensity = 0;
};

/// An op that no model can price (it does not implement CostOpInterface).
struct UnpricedOp {
  mlir::Operation *op;
  std::string name, location;
};

struct CostReport {
  std::string modelName, unit, moduleName;
  std::vector<CostRow> rows;
  std::vector<UnpricedOp> unpriced;
  Cost total;
  bool anyUnknown = false;
  int64_t macs = 0;
  double energyPJ = 0;       // arithmetic
  double memoryEnergyPJ = 0; // every element read or written, 32 KB cache
  double arithmeticOps = 0;
  int64_t parameterElements = 0, activationElements = 0;
  double arithmeticIntensity = 0;
  /// REFERENCE.md section 9: parameter bits + the largest activation tensor.
  int64_t parameterBits = 0, largestActivationBits = 0;
  int64_t footprintBits() const {
    return parameterBits + largestActivationBits;
  }
};

/// "file.mlir:12:8" (or the printed location when it is not a file location).
std::string getOpLocation(mlir::Operation *op);
/// The operand and result element types, "a x b -> c".
std::string getOpFormats(mlir::Operation *op);

/// Prices every op nested in `root` with `model`. `onRow` sees each priced op
/// as it is priced; `keepRows = false` keeps only the totals (for large
/// modules when no per-op report is wanted).
CostReport
analyzeCost(mlir::Operation *root, const CostModel &model,
            llvm::function_ref<void(const CostRow &)> onRow = nullptr,
            bool keepRows = true);

/// The human-readable table: per op, totals, split, top-N.
void printCostTable(const CostReport &report, llvm::raw_ostream &os,
                    unsigned topN);

/// JSON with the schema of docs/cost-model.md.
void printCostJson(const CostReport &report, llvm::raw_ostream &os);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_ANALYSIS_COSTREPORT_H
