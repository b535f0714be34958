//===- AnnotateCost.cpp - price every op and report -----------------------===//

#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/IR/QCostAttributes.h"
#include "qcc/Dialect/QCost/IR/QCostDialect.h"
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

    MLIRContext *context = &getContext();
    StringAttr modelName = StringAttr::get(context, model);
    StringAttr costName = StringAttr::get(context, "qcost.cost");
    CostReport costReport = analyzeCost(
        module, *costModel,
        [&](const CostRow &row) {
          row.op->setDiscardableAttr(
              costName,
              CostAttr::get(context, modelName, row.cost, row.profile.macs));
        },
        /*keepRows=*/report != "none");
    module->setAttr(
        "qcost.cost_totals",
        CostAttr::get(context, modelName, costReport.total, costReport.macs));
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
