//===- AnnotateCost.cpp - price every op and report -----------------------===//

#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

#include <map>
#include <tuple>

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTANNOTATECOST
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc::qcost;

namespace {

/// Builds the qcost.cost dictionaries. The keys are made once and kept in
/// sorted order, so each dictionary is built without sorting or re-uniquing
/// the names.
class CostAttrBuilder {
public:
  CostAttrBuilder(MLIRContext *context, StringRef model) : builder(context) {
    for (StringRef key : {"act", "bn", "mac", "macs", "model", "other", "qp",
                          "total", "unknown"})
      keys.push_back(builder.getStringAttr(key));
    modelAttr = builder.getStringAttr(model);
  }

  /// Ops of the same shapes and formats cost the same: their dictionaries
  /// are built once.
  DictionaryAttr get(const Cost &cost, int64_t macs) {
    Key key{cost.byCategory, macs, cost.unknown};
    auto [it, inserted] = cache.try_emplace(key);
    if (inserted)
      it->second = build(cost, macs);
    return it->second;
  }

private:
  using Key = std::tuple<std::array<double, kNumCostCategories>, int64_t, bool>;

  DictionaryAttr build(const Cost &cost, int64_t macs) {
    auto f64 = [&](double value) { return builder.getF64FloatAttr(value); };
    SmallVector<NamedAttribute, 9> entries = {
        {keys[0], f64(cost.get(CostCategory::Activation))},
        {keys[1], f64(cost.get(CostCategory::BatchNorm))},
        {keys[2], f64(cost.get(CostCategory::Mac))},
        {keys[3], builder.getI64IntegerAttr(macs)},
        {keys[4], modelAttr},
        {keys[5], f64(cost.get(CostCategory::Other))},
        {keys[6], f64(cost.get(CostCategory::Quantization))},
        {keys[7], f64(cost.total())},
    };
    if (cost.unknown)
      entries.push_back({keys[8], builder.getUnitAttr()});
    return DictionaryAttr::getWithSorted(builder.getContext(), entries);
  }

  Builder builder;
  SmallVector<StringAttr, 9> keys;
  StringAttr modelAttr;
  std::map<Key, DictionaryAttr> cache;
};

struct QCostAnnotateCostPass
    : qcc::qcost::impl::QCostAnnotateCostBase<QCostAnnotateCostPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    const CostModel *costModel = lookupCostModel(model);
    if (!costModel) {
      std::string names;
      for (const CostModel *m : getCostModels())
        names += (names.empty() ? "" : ", ") + m->getName().str();
      module.emitError() << "unknown cost model '" << model
                         << "'; available: " << names;
      return signalPassFailure();
    }
    if (report != "none" && report != "text" && report != "json") {
      module.emitError() << "unknown report kind '" << report
                         << "'; expected none, text or json";
      return signalPassFailure();
    }

    CostAttrBuilder attrs(&getContext(), model);
    StringAttr costName = StringAttr::get(&getContext(), "qcost.cost");
    CostReport costReport = analyzeCost(
        module, *costModel,
        [&](const CostRow &row) {
          row.op->setAttr(costName, attrs.get(row.cost, row.profile.macs));
        },
        /*keepRows=*/report != "none");
    module->setAttr("qcost.cost_totals",
                    attrs.get(costReport.total, costReport.macs));
    for (const UnpricedOp &unpriced : costReport.unpriced)
      unpriced.op->emitWarning()
          << "'" << unpriced.name
          << "' has no cost description; it is not counted";

    if (report == "none")
      return;
    std::string error;
    auto output = openOutputFile(reportFile, &error);
    if (!output) {
      module.emitError() << "cannot write the cost report: " << error;
      return signalPassFailure();
    }
    if (report == "text")
      printCostTable(costReport, output->os(), topN);
    else
      printCostJson(costReport, output->os());
    output->keep();
  }
};

} // namespace
