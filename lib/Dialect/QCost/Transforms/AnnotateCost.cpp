//===- AnnotateCost.cpp - price every op and report -----------------------===//

#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

namespace qcc::qcost {
#define GEN_PASS_DEF_QCOSTANNOTATECOST
#include "qcc/Dialect/QCost/Transforms/Passes.h.inc"
} // namespace qcc::qcost

using namespace mlir;
using namespace qcc::qcost;

namespace {

DictionaryAttr costAttr(Builder &b, const Cost &cost, StringRef model,
                        int64_t macs) {
  SmallVector<NamedAttribute> entries = {
      b.getNamedAttr("model", b.getStringAttr(model)),
      b.getNamedAttr("total", b.getF64FloatAttr(cost.total())),
      b.getNamedAttr("mac", b.getF64FloatAttr(cost.get(CostCategory::Mac))),
      b.getNamedAttr("bn",
                     b.getF64FloatAttr(cost.get(CostCategory::BatchNorm))),
      b.getNamedAttr("act",
                     b.getF64FloatAttr(cost.get(CostCategory::Activation))),
      b.getNamedAttr("qp",
                     b.getF64FloatAttr(cost.get(CostCategory::Quantization))),
      b.getNamedAttr("other", b.getF64FloatAttr(cost.get(CostCategory::Other))),
      b.getNamedAttr("macs", b.getI64IntegerAttr(macs)),
  };
  if (cost.unknown)
    entries.push_back(b.getNamedAttr("unknown", b.getUnitAttr()));
  return b.getDictionaryAttr(entries);
}

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

    CostReport costReport = analyzeCost(module, *costModel);
    Builder b(&getContext());
    for (const CostRow &row : costReport.rows)
      row.op->setAttr("qcost.cost",
                      costAttr(b, row.cost, model, row.profile.macs));
    module->setAttr("qcost.cost_totals",
                    costAttr(b, costReport.total, model, costReport.macs));
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
