//===- CostReport.cpp - per-op and whole-module cost reports --------------===//

#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

static std::string locationString(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (file.getFilename().str() + ":" + std::to_string(file.getLine()) +
            ":" + std::to_string(file.getColumn()));
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return locationString(fused.getLocations().front());
  std::string text;
  llvm::raw_string_ostream os(text);
  os << loc;
  return text;
}

std::string qcc::qcost::getOpLocation(Operation *op) {
  return locationString(op->getLoc());
}

std::string qcc::qcost::getOpFormats(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  auto element = [](Type type) {
    if (auto shaped = dyn_cast<ShapedType>(type))
      return shaped.getElementType();
    return type;
  };
  llvm::interleave(
      op->getOperandTypes(), os, [&](Type t) { os << element(t); }, " x ");
  os << " -> ";
  llvm::interleaveComma(op->getResultTypes(), os,
                        [&](Type t) { os << element(t); });
  return text;
}

/// Ops that are structure, not computation: they need no price.
static bool isStructural(Operation *op) {
  return isa<ModuleOp, FunctionOpInterface>(op) ||
         op->hasTrait<OpTrait::IsTerminator>() ||
         op->hasTrait<OpTrait::ConstantLike>();
}

CostReport
qcc::qcost::analyzeCost(Operation *root, const CostModel &model,
                        llvm::function_ref<void(const CostRow &)> onRow,
                        bool keepRows) {
  CostReport report;
  report.modelName = model.getName().str();
  report.unit = model.getUnit().str();
  if (auto module = dyn_cast<ModuleOp>(root))
    report.moduleName = module.getName().value_or("module").str();
  else
    report.moduleName = root->getName().getStringRef().str();
  const CostModel &energy = *lookupCostModel("energy-45nm");
  llvm::DenseMap<Type, int64_t> tensorBits;

  root->walk([&](Operation *op) {
    auto costOp = dyn_cast<CostOpInterface>(op);
    if (!costOp) {
      if (!isStructural(op))
        report.unpriced.push_back({op, op->getName().getStringRef().str(),
                                   locationString(op->getLoc())});
      return;
    }
    if (isa<ConstantOp>(op))
      return;
    CostRow row;
    row.op = op;
    costOp.getArithmetic(row.profile);
    row.cost = model.price(row.profile);
    row.energyPJ = energy.price(row.profile).total();
    double ops = 0;
    for (const Primitive &p : row.profile.primitives)
      ops += p.count;
    double elements = row.profile.parameters + row.profile.elementsRead +
                      row.profile.elementsWritten;
    row.arithmeticIntensity = elements ? ops / elements : 0;

    report.total += row.cost;
    report.anyUnknown |= row.cost.unknown;
    report.macs += row.profile.macs;
    report.energyPJ += row.energyPJ;
    report.memoryEnergyPJ +=
        cacheEnergyPJ(row.profile.bitsRead + row.profile.bitsWritten +
                      row.profile.parameterBits);
    report.arithmeticOps += ops;
    report.parameterElements += row.profile.parameters;
    report.activationElements +=
        row.profile.elementsRead + row.profile.elementsWritten;
    report.parameterBits += row.profile.parameterBits;
    // Activations are computed one op at a time: the footprint holds the
    // largest single activation tensor (REFERENCE.md section 9). Tensor types
    // repeat, so their sizes are computed once.
    for (Value value :
         llvm::concat<Value>(op->getOperands(), op->getResults())) {
      auto [it, inserted] = tensorBits.try_emplace(value.getType(), 0);
      if (inserted)
        if (auto type = dyn_cast<ShapedType>(value.getType());
            type && type.hasStaticShape())
          if (auto format = getNumberFormat(type.getElementType()))
            it->second = type.getNumElements() * format->getBitWidth();
      if (it->second > report.largestActivationBits &&
          !matchPattern(value, m_Constant()))
        report.largestActivationBits = it->second;
    }
    if (onRow)
      onRow(row);
    if (keepRows)
      report.rows.push_back(std::move(row));
  });
  double elements = report.parameterElements + report.activationElements;
  report.arithmeticIntensity = elements ? report.arithmeticOps / elements : 0;
  return report;
}

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

static std::string humanCount(double value) {
  const char *suffix[] = {"", "K", "M", "G", "T"};
  int i = 0;
  while (std::fabs(value) >= 1000 && i < 4) {
    value /= 1000;
    ++i;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), i ? "%.3f%s" : "%.4g%s", value,
                suffix[i]);
  return buffer;
}

static double share(double part, double whole) {
  return whole ? 100.0 * part / whole : 0;
}

void qcc::qcost::printCostTable(const CostReport &report, llvm::raw_ostream &os,
                                unsigned topN) {
  double total = report.total.total();
  os << "qcc cost report: " << report.moduleName << ", model "
     << report.modelName << " (" << report.unit << ")\n\n";
  // Columns as wide as their longest entry.
  size_t nameWidth = 2, locationWidth = 8;
  std::vector<std::string> names, locations;
  for (const CostRow &row : report.rows) {
    names.push_back(row.op->getName().getStringRef().str());
    locations.push_back(getOpLocation(row.op));
    nameWidth = std::max(nameWidth, names.back().size());
    locationWidth = std::max(locationWidth, locations.back().size());
  }
  auto pad = [](const std::string &text, size_t width) {
    return text +
           std::string(width > text.size() ? width - text.size() : 0, ' ');
  };
  os << llvm::format("%-5s ", "#") << pad("op", nameWidth) << " "
     << pad("location", locationWidth)
     << llvm::format(" %10s %12s %7s %12s  %s\n", "MACs",
                     report.modelName.c_str(), "share", "energy pJ", "formats");
  for (auto [index, row] : llvm::enumerate(report.rows)) {
    std::string cost =
        row.cost.unknown ? "unknown" : humanCount(row.cost.total());
    os << llvm::format("%-5zu ", index) << pad(names[index], nameWidth) << " "
       << pad(locations[index], locationWidth)
       << llvm::format(" %10s %12s %6.2f%% %12s  %s\n",
                       humanCount(row.profile.macs).c_str(), cost.c_str(),
                       share(row.cost.total(), total),
                       humanCount(row.energyPJ).c_str(),
                       getOpFormats(row.op).c_str());
  }
  os << "\nTotals\n";
  os << llvm::format("  %-28s %s\n", "MACs", humanCount(report.macs).c_str());
  os << llvm::format("  %-28s %s %s%s\n", (report.modelName + " total").c_str(),
                     humanCount(total).c_str(), report.unit.c_str(),
                     report.anyUnknown ? " (some ops unknown)" : "");
  auto line = [&](const char *label, double value) {
    os << llvm::format("  %-28s %12s  %6.2f%%\n", label,
                       humanCount(value).c_str(), share(value, total));
  };
  line("  MAC", report.total.get(CostCategory::Mac));
  line("  elementwise", report.total.elementwise());
  line("    batch-norm (BN)", report.total.get(CostCategory::BatchNorm));
  line("    activation (Act)", report.total.get(CostCategory::Activation));
  line("    quantization (QP)", report.total.get(CostCategory::Quantization));
  line("    other", report.total.get(CostCategory::Other));
  os << llvm::format("  %-28s %s pJ\n", "arithmetic energy",
                     humanCount(report.energyPJ).c_str());
  os << llvm::format("  %-28s %s pJ\n", "memory energy (32 KB cache)",
                     humanCount(report.memoryEnergyPJ).c_str());
  os << llvm::format("  %-28s %.3f ops/element\n", "arithmetic intensity",
                     report.arithmeticIntensity);
  os << llvm::format("  %-28s %s bits (%s parameter bits + %s activation "
                     "bits)\n",
                     "memory footprint",
                     humanCount(report.footprintBits()).c_str(),
                     humanCount(report.parameterBits).c_str(),
                     humanCount(report.largestActivationBits).c_str());

  // Most expensive first; ties keep program order.
  std::vector<const CostRow *> sorted;
  for (const CostRow &row : report.rows)
    sorted.push_back(&row);
  std::sort(sorted.begin(), sorted.end(),
            [](const CostRow *a, const CostRow *b) {
              if (a->cost.total() != b->cost.total())
                return a->cost.total() > b->cost.total();
              return a < b;
            });
  unsigned shown = std::min<size_t>(topN, sorted.size());
  if (shown) {
    os << "\nTop " << shown << " ops by " << report.modelName << "\n";
    for (unsigned i = 0; i < shown; ++i)
      os << llvm::format("  %12s %6.2f%%  %s at %s\n",
                         humanCount(sorted[i]->cost.total()).c_str(),
                         share(sorted[i]->cost.total(), total),
                         sorted[i]->op->getName().getStringRef().str().c_str(),
                         getOpLocation(sorted[i]->op).c_str());
  }
  if (!report.unpriced.empty()) {
    os << "\nUnpriced ops (not counted)\n";
    for (const UnpricedOp &op : report.unpriced)
      os << "  " << op.name << " at " << op.location << "\n";
  }
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

static llvm::json::Object splitJson(const Cost &cost) {
  return llvm::json::Object{
      {"total", cost.total()},
      {"mac", cost.get(CostCategory::Mac)},
      {"elementwise", cost.elementwise()},
      {"bn", cost.get(CostCategory::BatchNorm)},
      {"act", cost.get(CostCategory::Activation)},
      {"qp", cost.get(CostCategory::Quantization)},
      {"other", cost.get(CostCategory::Other)},
      {"unknown", cost.unknown},
  };
}

void qcc::qcost::printCostJson(const CostReport &report,
                               llvm::raw_ostream &os) {
  llvm::json::Array rows;
  for (const CostRow &row : report.rows) {
    llvm::json::Array primitives;
    for (const Primitive &p : row.profile.primitives)
      primitives.push_back(llvm::json::Object{
          {"kind", toString(p.kind)},
          {"float", p.isFloat},
          {"lhs_bits", p.lhsBits},
          {"rhs_bits", p.rhsBits},
          {"count", p.count},
          {"category", toString(p.category)},
      });
    rows.push_back(llvm::json::Object{
        {"op", row.op->getName().getStringRef()},
        {"location", getOpLocation(row.op)},
        {"formats", getOpFormats(row.op)},
        {"macs", row.profile.macs},
        {"cost", splitJson(row.cost)},
        {"energy_pj", row.energyPJ},
        {"arithmetic_intensity", row.arithmeticIntensity},
        {"parameters", row.profile.parameters},
        {"parameter_bits", row.profile.parameterBits},
        {"elements_read", row.profile.elementsRead},
        {"elements_written", row.profile.elementsWritten},
        {"accumulator_bits", row.profile.accumulatorBits},
        {"primitives", std::move(primitives)},
    });
  }
  llvm::json::Array unpriced;
  for (const UnpricedOp &op : report.unpriced)
    unpriced.push_back(
        llvm::json::Object{{"op", op.name}, {"location", op.location}});
  llvm::json::Object root{
      {"schema", "qcc-cost-report/1"},
      {"model_name", report.moduleName},
      {"cost_model", report.modelName},
      {"unit", report.unit},
      {"macs", report.macs},
      {"cost", splitJson(report.total)},
      {"energy_pj", report.energyPJ},
      {"memory_energy_pj", report.memoryEnergyPJ},
      {"arithmetic_intensity", report.arithmeticIntensity},
      {"memory_footprint_bits", report.footprintBits()},
      {"parameter_bits", report.parameterBits},
      {"largest_activation_bits", report.largestActivationBits},
      {"ops", std::move(rows)},
      {"unpriced", std::move(unpriced)},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
}
