//===- CostModel.cpp - ACE_v2, ACE, energy-45nm, BOPs, FPGA LUTs ----------===//

#include "qcc/Dialect/QCost/Analysis/CostModel.h"

#include <cmath>
#include <iterator>
#include <map>
#include <string>

using namespace qcc;
using namespace qcc::qcost;

//===----------------------------------------------------------------------===//
// ACE_v2
//===----------------------------------------------------------------------===//

double qcc::qcost::aceV2(PrimitiveKind kind, bool isFloat, unsigned lhsBits,
                         unsigned rhsBits) {
  double i = lhsBits, j = rhsBits, wider = std::max(i, j);
  switch (kind) {
  case PrimitiveKind::Multiply:
    // Dadda tree plus the final ripple-carry adder: i*j - max(i, j), for
    // integer and float multiplies alike (float widths are total widths).
    return i * j - wider;
  case PrimitiveKind::Add:
    return isFloat ? 6 * wider : wider; // c_a = 6
  case PrimitiveKind::Shift:
    // An i-bit barrel shifter over up to j positions: i * log2(j) / c_s.
    return j <= 1 ? 0 : i * std::log2(j) / 5; // c_s = 5
  case PrimitiveKind::Compare:
    return 0; // ReLU, max and clip are priced at zero (REFERENCE.md 1).
  }
  return 0;
}

namespace {

/// Sums a per-primitive price over a profile.
template <typename PriceFn>
Cost sumPrimitives(const ArithmeticProfile &profile, PriceFn price) {
  Cost cost;
  for (const Primitive &p : profile.primitives)
    cost.add(p.category, p.count * price(p));
  return cost;
}

struct AceV2Model : CostModel {
  llvm::StringRef getName() const override { return "ace-v2"; }
  llvm::StringRef getUnit() const override { return "bit-adders"; }
  llvm::StringRef getDescription() const override {
    return "PikeLPN's ACE_v2: bit-adders of every multiply, add and shift";
  }
  Cost price(const ArithmeticProfile &profile) const override {
    return sumPrimitives(profile, [](const Primitive &p) {
      return aceV2(p.kind, p.isFloat, p.lhsBits, p.rhsBits);
    });
  }
};

/// b_w * b_a per MAC and nothing else: the original ACE and, with the same
/// formula, QONNX's bit operations.
struct MacBitProductModel : CostModel {
  MacBitProductModel(llvm::StringRef name, llvm::StringRef unit,
                     llvm::StringRef description)
      : name(name), unit(unit), description(description) {}
  llvm::StringRef getName() const override { return name; }
  llvm::StringRef getUnit() const override { return unit; }
  llvm::StringRef getDescription() const override { return description; }
  Cost price(const ArithmeticProfile &profile) const override {
    Cost cost;
    if (profile.macs && profile.macLhs && profile.macRhs)
      cost.add(CostCategory::Mac, double(profile.macs) *
                                      profile.macLhs->getBitWidth() *
                                      profile.macRhs->getBitWidth());
    return cost;
  }
  llvm::StringRef name, unit, description;
};

//===----------------------------------------------------------------------===//
// Energy at 45 nm
//===----------------------------------------------------------------------===//

/// Energies (pJ) measured at some widths, ascending; other widths scale from
/// the nearest anchor (REFERENCE.md section 2).
struct Anchor {
  unsigned width;
  double energyPJ;
};
using Anchors = llvm::ArrayRef<Anchor>;

/// The anchor nearest to `width` on a log scale. |log2(a / w)| is compared
/// as max(a / w, w / a): the same order without a logarithm per anchor.
Anchor nearestAnchor(Anchors anchors, double width) {
  auto distance = [&](const Anchor &anchor) {
    return std::max(anchor.width / width, width / anchor.width);
  };
  const Anchor *best = &anchors.front();
  for (const Anchor &anchor : anchors.drop_front())
    if (distance(anchor) < distance(*best))
      best = &anchor;
  return *best;
}

const Anchor kIntMultiply[] = {{8, 0.2}, {32, 3.1}};
const Anchor kFloatMultiply[] = {{16, 1.1}, {32, 3.7}};
const Anchor kIntAdd[] = {{8, 0.03}, {32, 0.1}};
const Anchor kFloatAdd[] = {{16, 0.4}, {32, 0.9}};
const Anchor kShift[] = {{8, 0.024}, {16, 0.057}, {32, 0.13}};

double energyPJ(const Primitive &p) {
  double i = p.lhsBits, j = p.rhsBits, wider = std::max(i, j);
  switch (p.kind) {
  case PrimitiveKind::Multiply: {
    // Quadratic in the width: scale by i*j / a^2.
    auto [a, e] = nearestAnchor(p.isFloat ? Anchors(kFloatMultiply)
                                          : Anchors(kIntMultiply),
                                std::sqrt(i * j));
    return e * i * j / (double(a) * a);
  }
  case PrimitiveKind::Add: {
    auto [a, e] =
        nearestAnchor(p.isFloat ? Anchors(kFloatAdd) : Anchors(kIntAdd), wider);
    return e * wider / a; // linear
  }
  case PrimitiveKind::Shift: {
    // The table shifts an a-bit value by up to a positions; scale like the
    // barrel shifter, i * log2(j).
    if (j <= 1)
      return 0;
    auto [a, e] = nearestAnchor(kShift, i);
    return e * i * std::log2(j) / (a * std::log2(double(a)));
  }
  case PrimitiveKind::Compare:
    return 0;
  }
  return 0;
}

struct EnergyModel : CostModel {
  llvm::StringRef getName() const override { return "energy-45nm"; }
  llvm::StringRef getUnit() const override { return "pJ"; }
  llvm::StringRef getDescription() const override {
    return "45 nm arithmetic energy (Horowitz), extrapolated linearly for adds "
           "and quadratically for multiplies; memory reported separately";
  }
  Cost price(const ArithmeticProfile &profile) const override {
    return sumPrimitives(profile, energyPJ);
  }
};

//===----------------------------------------------------------------------===//
// FPGA LUTs of one MAC unit
//===----------------------------------------------------------------------===//

/// Measured multipliers and accumulators (REFERENCE.md section 8), keyed by
/// the format spelling: LUTs and DSPs (the DSP-based variants).
const std::map<std::string, FpgaResources> kMultipliers = {
    {"float<8, 23>", {374, 2}},  {"float<5, 10>", {195, 1}},
    {"float<8, 7>", {180, 1}},   {"float<6, 3>", {115, 0}},
    {"float<5, 3>", {86, 0}},    {"float<4, 3>", {78, 0}},
    {"fixed<32, 16>", {279, 4}}, {"fixed<16, 8>", {106, 1}},
    {"fixed<14, 7>", {93, 1}},   {"fixed<12, 6>", {81, 1}}};
const std::map<std::string, FpgaResources> kAccumulators = {
    {"float<8, 23>", {189, 2}}, {"float<7, 7>", {255, 0}},
    {"float<7, 5>", {185, 0}},  {"float<7, 3>", {187, 0}},
    {"float<6, 7>", {242, 0}},  {"float<6, 5>", {187, 0}},
    {"float<6, 3>", {165, 0}},  {"fixed<32, 16>", {89, 0}},
    {"fixed<21, 13>", {55, 0}}, {"fixed<16, 8>", {43, 0}},
    {"fixed<14, 7>", {35, 0}},  {"fixed<12, 6>", {32, 0}}};

/// The table does not distinguish special-value variants or biases: key
/// minifloats by E and M only.
std::string tableKey(const NumberFormat &format) {
  if (format.getKind() == FormatKind::Float)
    return "float<" + std::to_string(format.getExpBits()) + ", " +
           std::to_string(format.getMantBits()) + ">";
  return format.str();
}

std::optional<FpgaResources>
lookup(const std::map<std::string, FpgaResources> &table,
       const NumberFormat &format) {
  auto found = table.find(tableKey(format));
  if (found == table.end())
    return std::nullopt;
  return found->second;
}

struct FpgaLutModel : CostModel {
  llvm::StringRef getName() const override { return "fpga-luts"; }
  llvm::StringRef getUnit() const override { return "LUTs"; }
  llvm::StringRef getDescription() const override {
    return "LUTs of one MAC unit per contraction from the measured FPGA "
           "multiplier/accumulator table; unknown for other formats";
  }
  Cost price(const ArithmeticProfile &profile) const override {
    Cost cost;
    if (!profile.macs) {
      // Only MAC units were measured.
      for (const Primitive &p : profile.primitives)
        if (p.kind != PrimitiveKind::Compare)
          cost.unknown = true;
      return cost;
    }
    std::optional<FpgaResources> multiplier =
        profile.macLhs && profile.macRhs &&
                tableKey(*profile.macLhs) == tableKey(*profile.macRhs)
            ? lookupFpgaMultiplier(*profile.macLhs)
            : std::nullopt;
    std::optional<FpgaResources> accumulator =
        profile.macAccumulator ? lookupFpgaAccumulator(*profile.macAccumulator)
                               : std::nullopt;
    if (!multiplier || !accumulator) {
      cost.unknown = true;
      return cost;
    }
    cost.add(CostCategory::Mac, multiplier->luts + accumulator->luts);
    return cost;
  }
};

} // namespace

std::optional<FpgaResources>
qcc::qcost::lookupFpgaMultiplier(const NumberFormat &format) {
  return lookup(kMultipliers, format);
}

std::optional<FpgaResources>
qcc::qcost::lookupFpgaAccumulator(const NumberFormat &format) {
  return lookup(kAccumulators, format);
}

llvm::ArrayRef<const CostModel *> qcc::qcost::getCostModels() {
  static const AceV2Model aceV2Model;
  static const MacBitProductModel aceModel(
      "ace", "bit-adders",
      "the original ACE: b_w * b_a per MAC, elementwise work not counted");
  static const EnergyModel energyModel;
  static const MacBitProductModel bopsModel(
      "bops", "bit-ops",
      "QONNX-style bit operations: b_w * b_a per MAC, batch-norm, scaling "
      "and activations at zero");
  static const FpgaLutModel fpgaModel;
  static const CostModel *models[] = {&aceV2Model, &aceModel, &energyModel,
                                      &bopsModel, &fpgaModel};
  return models;
}

const CostModel *qcc::qcost::lookupCostModel(llvm::StringRef name) {
  for (const CostModel *model : getCostModels())
    if (model->getName() == name)
      return model;
  return nullptr;
}

double qcc::qcost::cacheEnergyPJ(double bits) { return bits * 2.5 / 8; }
