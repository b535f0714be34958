//===- CostReport.cpp - per-op and whole-module cost reports --------------===//

#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cmath>

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

namespace {
/// Spells operand and result formats. Printing a type sets up a printer
/// state each time, so each element type is printed once per report.
class FormatNamer {
public:
  std::string getFormats(Operation *op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::interleave(
        op->getOperandTypes(), os, [&](Type t) { os << getName(t); }, " x ");
    os << " -> ";
    llvm::interleaveComma(op->getResultTypes(), os,
                          [&](Type t) { os << getName(t); });
    return text;
  }

private:
  llvm::StringRef getName(Type type) {
    if (auto shaped = dyn_cast<ShapedType>(type))
      type = shaped.getElementType();
    auto [it, inserted] = names.try_emplace(type);
    if (inserted) {
      llvm::raw_string_ostream os(it->second);
      os << type;
    }
    return it->second;
  }

  llvm::DenseMap<Type, std::string> names;
};
} // namespace

std::string qcc::qcost::getOpFormats(Operation *op) {
  return FormatNamer().getFormats(op);
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
  FormatNamer formats;
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
                       formats.getFormats(row.op).c_str());
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

// The report is streamed, not built as a json::Value first: a 100k-op module
// would otherwise allocate a few hundred thousand JSON nodes. Keys are written
// in sorted order, the order json::Value prints objects in.

/// Counts and costs are doubles that are almost always integers; those are
/// written as integers, which is the text "%.17g" would give, without
/// printf's cost.
static llvm::json::Value number(double value) {
  if (value == std::trunc(value) && std::fabs(value) < 1e15)
    return int64_t(value);
  return value;
}

static void writeSplit(llvm::json::OStream &json, llvm::StringRef key,
                       const Cost &cost) {
  json.attributeObject(key, [&] {
    json.attribute("act", number(cost.get(CostCategory::Activation)));
    json.attribute("bn", number(cost.get(CostCategory::BatchNorm)));
    json.attribute("elementwise", number(cost.elementwise()));
    json.attribute("mac", number(cost.get(CostCategory::Mac)));
    json.attribute("other", number(cost.get(CostCategory::Other)));
    json.attribute("qp", number(cost.get(CostCategory::Quantization)));
    json.attribute("total", number(cost.total()));
    json.attribute("unknown", cost.unknown);
  });
}

static void writeRow(llvm::json::OStream &json, FormatNamer &formats,
                     const CostRow &row) {
  const ArithmeticProfile &profile = row.profile;
  json.object([&] {
    json.attribute("accumulator_bits", profile.accumulatorBits);
    json.attribute("arithmetic_intensity", number(row.arithmeticIntensity));
    writeSplit(json, "cost", row.cost);
    json.attribute("elements_read", profile.elementsRead);
    json.attribute("elements_written", profile.elementsWritten);
    json.attribute("energy_pj", number(row.energyPJ));
    json.attribute("formats", formats.getFormats(row.op));
    json.attribute("location", getOpLocation(row.op));
    json.attribute("macs", profile.macs);
    json.attribute("op", row.op->getName().getStringRef());
    json.attribute("parameter_bits", profile.parameterBits);
    json.attribute("parameters", profile.parameters);
    json.attributeArray("primitives", [&] {
      for (const Primitive &p : profile.primitives)
        json.object([&] {
          json.attribute("category", toString(p.category));
          json.attribute("count", number(p.count));
          json.attribute("float", p.isFloat);
          json.attribute("kind", toString(p.kind));
          json.attribute("lhs_bits", p.lhsBits);
          json.attribute("rhs_bits", p.rhsBits);
        });
    });
  });
}

void qcc::qcost::printCostJson(const CostReport &report,
                               llvm::raw_ostream &os) {
  llvm::json::OStream json(os, /*IndentSize=*/2);
  FormatNamer formats;
  json.object([&] {
    json.attribute("arithmetic_intensity", number(report.arithmeticIntensity));
    writeSplit(json, "cost", report.total);
    json.attribute("cost_model", report.modelName);
    json.attribute("energy_pj", number(report.energyPJ));
    json.attribute("largest_activation_bits", report.largestActivationBits);
    json.attribute("macs", report.macs);
    json.attribute("memory_energy_pj", number(report.memoryEnergyPJ));
    json.attribute("memory_footprint_bits", report.footprintBits());
    json.attribute("model_name", report.moduleName);
    json.attributeArray("ops", [&] {
      for (const CostRow &row : report.rows)
        writeRow(json, formats, row);
    });
    json.attribute("parameter_bits", report.parameterBits);
    json.attribute("schema", "qcc-cost-report/1");
    json.attribute("unit", report.unit);
    json.attributeArray("unpriced", [&] {
      for (const UnpricedOp &op : report.unpriced)
        json.object([&] {
          json.attribute("location", op.location);
          json.attribute("op", op.name);
        });
    });
  });
  os << "\n";
}
