//===- Estimates.cpp - resources and latency of an emitted design ---------===//

#include "Estimates.h"
#include "Schedule.h"

#include "qcc/Dialect/QCost/Analysis/CostModel.h"
#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;
namespace json = llvm::json;

namespace {

constexpr int64_t kBram18Bits = 18432;

int64_t ceilLog2(int64_t n) {
  int64_t bits = 0;
  while ((int64_t(1) << bits) < n)
    ++bits;
  return bits;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// BRAM18K blocks of an array of `bits` split into `banks` (0: completely
/// partitioned, registers): arrays of at most 1024 bits per bank go to
/// registers or LUTRAM.
int64_t bramBlocks(int64_t bits, int64_t banks) {
  if (banks == 0)
    return 0;
  int64_t perBank = ceilDiv(bits, banks);
  return perBank <= 1024 ? 0 : banks * ceilDiv(perBank, kBram18Bits);
}

} // namespace

unsigned qcc::hls::signedDigitWeight(uint64_t value) {
  // Non-adjacent form: an odd remainder takes the digit (+1 or -1) that
  // leaves a multiple of 4.
  unsigned digits = 0;
  unsigned __int128 n = value;
  while (n != 0) {
    if (n & 1) {
      ++digits;
      if ((n & 3) == 3)
        n += 1;
      else
        n -= 1;
    }
    n >>= 1;
  }
  return digits;
}

void qcc::hls::countRomDigits(ArrayRef<APInt> codes, RomInfo &info) {
  if (codes.empty() || info.bits > 32)
    return;
  info.signedDigits.assign(34, 0);
  info.unsignedDigits.assign(34, 0);
  for (const APInt &code : codes) {
    APInt bits = code.zextOrTrunc(info.bits);
    int64_t asSigned = bits.getSExtValue();
    uint64_t magnitude =
        asSigned < 0 ? uint64_t(-asSigned) : uint64_t(asSigned);
    ++info.signedDigits[signedDigitWeight(magnitude)];
    ++info.unsignedDigits[signedDigitWeight(bits.getZExtValue())];
  }
}

namespace {

bool isInteger(const NumberFormat &f) {
  return f.getKind() == FormatKind::Fixed;
}

int64_t levels(const NumberFormat &pot) {
  return pot.getMaxExp() - pot.getMinExp() + 1;
}

/// The multiplier of one MAC unit: measured, or by formula.
std::optional<MacUnitCost> multiplierCost(const NumberFormat &lhs,
                                          const NumberFormat &rhs) {
  if (lhs.str() == rhs.str() || (lhs.getKind() == FormatKind::Float &&
                                 rhs.getKind() == FormatKind::Float &&
                                 lhs.getExpBits() == rhs.getExpBits() &&
                                 lhs.getMantBits() == rhs.getMantBits()))
    if (std::optional<qcost::FpgaResources> measured =
            qcost::lookupFpgaMultiplier(lhs))
      return MacUnitCost{measured->luts, measured->dsps,
                         "measured " + lhs.str() + " multiplier"};
  auto kind = [](const NumberFormat &f) { return f.getKind(); };
  int64_t wa = lhs.getBitWidth(), wb = rhs.getBitWidth();
  if (isInteger(lhs) && isInteger(rhs)) {
    if (wa * wb <= 100)
      return MacUnitCost{double(wa * wb), 0, "array multiplier: wa * wb LUTs"};
    int64_t wide = std::max(wa, wb), narrow = std::min(wa, wb);
    return MacUnitCost{0, double(ceilDiv(wide, 27) * ceilDiv(narrow, 18)),
                       "DSP48: ceil(wide/27) * ceil(narrow/18)"};
  }
  for (auto [pot, other] : {std::pair(lhs, rhs), std::pair(rhs, lhs)}) {
    if (kind(pot) != FormatKind::PowerOfTwo)
      continue;
    if (isInteger(other)) {
      int64_t out = other.getBitWidth() + levels(pot);
      int64_t stages = ceilLog2(levels(pot));
      return MacUnitCost{double(out * (ceilDiv(stages, 2) + 1)), 0,
                         "barrel shifter: w * (ceil(log2(levels)/2) + 1)"};
    }
    if (kind(other) == FormatKind::PowerOfTwo)
      return MacUnitCost{double(2 * ceilLog2(levels(pot) + levels(other))), 0,
                         "exponent adder"};
  }
  if (kind(lhs) == FormatKind::Binary && kind(rhs) == FormatKind::Binary)
    return MacUnitCost{2, 0, "XNOR and popcount: 2 LUTs"};
  for (auto [binary, other] : {std::pair(lhs, rhs), std::pair(rhs, lhs)})
    if (kind(binary) == FormatKind::Binary && isInteger(other))
      return MacUnitCost{double(other.getBitWidth() + 1), 0,
                         "conditional negation: w + 1 LUTs"};
  return std::nullopt;
}

std::optional<MacUnitCost> accumulatorCost(const NumberFormat &acc) {
  if (std::optional<qcost::FpgaResources> measured =
          qcost::lookupFpgaAccumulator(acc))
    return MacUnitCost{measured->luts, measured->dsps,
                       "measured " + acc.str() + " accumulator"};
  if (isInteger(acc))
    return MacUnitCost{double(acc.getBitWidth()), 0, "adder: W LUTs"};
  return std::nullopt;
}

/// Whether `value` is the same in every start of a pipelined body: it
/// depends only on constants and on the induction variables of loops that
/// are unrolled (each copy of the body sees one value of those).
bool fixedPerCopy(Value value, const LayerSchedule &schedule) {
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    auto loop = dyn_cast<scf::ForOp>(argument.getOwner()->getParentOp());
    return loop && argument == loop.getInductionVar() &&
           (schedule.pipelineFunction ||
            schedule.directive(loop) == LoopDirective::Unroll);
  }
  Operation *def = value.getDefiningOp();
  if (!def || def->getNumRegions() || !isPure(def))
    return false;
  return llvm::all_of(def->getOperands(), [&](Value operand) {
    return fixedPerCopy(operand, schedule);
  });
}

/// The integer ROM of `bits`-bit codes whose every read in the reduction
/// nests of `layer` is a fixed element per unrolled copy: each MAC unit then
/// multiplies by one constant weight. Null when there is none.
const RomInfo *constantWeights(const DesignLayer &layer,
                               const LayerSchedule &schedule,
                               const Printer &printer, const Roms &roms,
                               unsigned bits) {
  llvm::StringMap<bool> fixed; // ROM name -> every read fixed per copy
  for (const LayerSchedule::Nest &nest : schedule.nests)
    nest.root->walk([&](memref::LoadOp load) {
      auto view = printer.arrays.find(load.getMemRef());
      if (view == printer.arrays.end() || !roms.contains(view->second.base))
        return;
      bool perCopy = llvm::all_of(load.getIndices(), [&](Value index) {
        return fixedPerCopy(index, schedule);
      });
      auto [it, inserted] = fixed.try_emplace(view->second.base, perCopy);
      if (!inserted)
        it->second &= perCopy;
    });
  const RomInfo *best = nullptr;
  for (const auto &entry : fixed) {
    const RomInfo &rom = roms.find(entry.getKey())->second;
    if (entry.getValue() && rom.bits == bits && !rom.signedDigits.empty() &&
        (!best || rom.elements > best->elements))
      best = &rom;
  }
  return best;
}

/// One MAC unit with a constant weight from `rom`, averaged over its codes:
/// a fixed-point constant is k - 1 adders of wa + wb bits (k its
/// signed-digit weight; zero and powers of two need none), a power-of-two or
/// binary weight is wiring (a shift, add or subtract); the accumulator's
/// adder is only there for nonzero weights. Multipliers that would be DSPs
/// and floats keep the general price.
std::optional<MacUnitCost> constantWeightCost(const RomInfo &rom,
                                              const NumberFormat &weight,
                                              const NumberFormat &other,
                                              const MacUnitCost &adder) {
  int64_t wa = weight.getBitWidth(), wb = other.getBitWidth();
  bool integer = isInteger(weight) && isInteger(other) && wa * wb <= 100;
  bool wiring = weight.getKind() == FormatKind::PowerOfTwo ||
                weight.getKind() == FormatKind::Binary;
  if ((!integer && !wiring) || adder.dsps != 0)
    return std::nullopt;
  const SmallVector<int64_t> &digits =
      weight.isSigned() ? rom.signedDigits : rom.unsignedDigits;
  double total = 0, adders = 0, nonzero = 0;
  for (auto [k, count] : llvm::enumerate(digits)) {
    total += count;
    if (k == 0)
      continue;
    nonzero += count;
    adders += double(count) * double(k - 1);
  }
  if (total == 0)
    return std::nullopt;
  double multiplier = integer ? adders / total * double(wa + wb) : 0;
  double fraction = integer ? nonzero / total : 1;
  return MacUnitCost{multiplier + fraction * adder.luts, 0,
                     integer ? "constant weights: mean (CSD digits - 1) * "
                               "(wa + wb) LUTs + " +
                                   adder.basis + " for nonzero weights"
                             : "constant weights: wiring + " + adder.basis};
}

/// Whether a loop nest reduces (contains a loop carrying sums).
bool reduces(Operation *root) {
  bool found = false;
  root->walk([&](scf::ForOp loop) { found |= loop->hasAttr("qcc.reduction"); });
  return found;
}

} // namespace

DesignEstimate qcc::hls::estimateDesign(const Design &design,
                                        const Printer &printer,
                                        const Roms &roms,
                                        const Options &options) {
  DesignEstimate total;
  total.luts = 0;
  total.dsps = 0;
  bool stream = options.io == InterfaceStyle::Stream;
  int64_t reuse = std::max(1u, options.reuseFactor);
  auto bitsOf = [](const DesignArray &a) {
    // C++ element types: ap_int<N>, float, qcc_half, port typedefs.
    int64_t width = a.format.width ? a.format.width : 32;
    StringRef element = a.element;
    if (element.consume_front("ap_int<") && element.consume_back(">"))
      element.getAsInteger(10, width);
    if (element == "qcc_half")
      width = 16;
    if (element == "bool")
      width = 1;
    if (element == "double")
      width = 64;
    return a.size * width;
  };

  for (const DesignLayer &layer : design.layers) {
    LayerEstimate estimate;
    estimate.name = layer.name;
    std::optional<NumberFormat> lhs, rhs, acc;
    for (Operation *source : layer.sources) {
      estimate.ops.push_back(source->getName().getStringRef().str() + " at " +
                             qcost::getOpLocation(source));
      auto costOp = dyn_cast<qcost::CostOpInterface>(source);
      if (!costOp)
        continue;
      qcost::ArithmeticProfile profile;
      costOp.getArithmetic(profile);
      if (!profile.macs)
        continue;
      estimate.macs += profile.macs;
      lhs = profile.macLhs;
      rhs = profile.macRhs;
      acc = profile.macAccumulator;
    }
    const LayerSchedule *schedule = layer.schedule.get();
    if (schedule)
      for (const LayerSchedule::Nest &nest : schedule->nests) {
        int64_t unrolled = std::max<int64_t>(1, nest.unrolled);
        if (reduces(nest.root))
          estimate.macUnits += ceilDiv(unrolled, reuse);
        estimate.latency += nest.starts * reuse + 2 + ceilLog2(unrolled);
      }
    if (estimate.macs) {
      std::optional<MacUnitCost> multiplier =
          lhs && rhs ? multiplierCost(*lhs, *rhs) : std::nullopt;
      std::optional<MacUnitCost> adder =
          acc ? accumulatorCost(*acc) : std::nullopt;
      if (lhs && rhs && acc)
        estimate.macFormats =
            lhs->str() + " x " + rhs->str() + " -> " + acc->str();
      if (multiplier && adder)
        estimate.unit = MacUnitCost{multiplier->luts + adder->luts,
                                    multiplier->dsps + adder->dsps,
                                    multiplier->basis + " + " + adder->basis};
      // Unshared units with a constant weight each are cheaper: synthesis
      // folds the constant into the multiplier.
      const RomInfo *weights = nullptr;
      if (schedule && reuse == 1 && lhs && rhs && adder) {
        for (auto [weight, other] :
             {std::pair(*rhs, *lhs), std::pair(*lhs, *rhs)}) {
          weights = constantWeights(layer, *schedule, printer, roms,
                                    weight.getBitWidth());
          if (!weights)
            continue;
          if (std::optional<MacUnitCost> constant =
                  constantWeightCost(*weights, weight, other, *adder))
            estimate.unit = constant;
          break;
        }
      }
    }
    // Memory: the weights it reads and the arrays it keeps.
    llvm::StringSet<> romsSeen;
    for (Operation *op : layer.ops)
      op->walk([&](Operation *inner) {
        for (Value operand : inner->getOperands()) {
          auto view = printer.arrays.find(operand);
          if (view == printer.arrays.end())
            continue;
          auto rom = roms.find(view->second.base);
          if (rom == roms.end() || !romsSeen.insert(rom->getKey()).second)
            continue;
          int64_t bits = rom->second.elements * rom->second.bits;
          estimate.romBits += bits;
          auto partition = layer.partitions.find(rom->getKey());
          estimate.bram18k += bramBlocks(
              bits,
              partition == layer.partitions.end() ? 1 : partition->second);
        }
      });
    for (unsigned id : layer.arrays) {
      const DesignArray &a = design.arrays[id];
      if (!a.isLocal() && !stream)
        continue;
      int64_t bits = bitsOf(a);
      estimate.bufferBits += bits;
      auto partition = layer.partitions.find(a.name);
      estimate.bram18k += bramBlocks(
          bits, partition == layer.partitions.end() ? 1 : partition->second);
      if (stream && !a.isLocal())
        estimate.latency += a.size + 2; // its FIFO read or write loop
    }
    if (estimate.macs && !estimate.unit)
      total.luts = total.dsps = std::nullopt;
    if (estimate.unit && total.luts) {
      *total.luts += estimate.macUnits * estimate.unit->luts;
      *total.dsps += estimate.macUnits * estimate.unit->dsps;
    }
    total.romBits += estimate.romBits;
    total.bufferBits += estimate.bufferBits;
    total.bram18k += estimate.bram18k;
    total.latency += estimate.latency;
    total.interval = std::max(total.interval, estimate.latency);
    total.layers.push_back(std::move(estimate));
  }
  // Buffers the top function holds (io=parallel).
  if (!stream)
    for (const DesignArray &a : design.arrays)
      if (!a.isPort() && !a.isLocal()) {
        total.bufferBits += bitsOf(a);
        total.bram18k += bramBlocks(bitsOf(a), 1);
      }
  // Layers run one after another; under DATAFLOW a new input can start as
  // soon as the slowest layer is free.
  if (!stream)
    total.interval = total.latency;
  return total;
}

void qcc::hls::printEstimateComment(const DesignEstimate &estimate,
                                    raw_ostream &os) {
  os << "// ---- estimates (not synthesis results; docs/hls.md) ----\n"
     << "// layer: MACs, MAC units x (LUTs, DSPs) per unit, ROM bits, "
        "buffer bits, BRAM18K, latency\n";
  for (const LayerEstimate &layer : estimate.layers) {
    os << "//   " << layer.name << ": " << layer.macs << " MACs, "
       << layer.macUnits << " units";
    if (layer.unit)
      os << " x ("
         << llvm::format(layer.unit->luts == std::floor(layer.unit->luts)
                             ? "%.0f"
                             : "%.2f",
                         layer.unit->luts)
         << " LUTs, " << llvm::format("%.0f", layer.unit->dsps) << " DSPs)";
    else if (layer.macs)
      os << " x (unknown: " << layer.macFormats << ")";
    os << ", " << layer.romBits << " ROM bits, " << layer.bufferBits
       << " buffer bits, " << layer.bram18k << " BRAM18K, " << layer.latency
       << " cycles\n";
  }
  os << "// total: ";
  if (estimate.luts)
    os << llvm::format("%.0f", *estimate.luts) << " LUTs and "
       << llvm::format("%.0f", *estimate.dsps) << " DSPs in MAC units, ";
  else
    os << "MAC LUTs/DSPs unknown, ";
  os << estimate.bram18k << " BRAM18K, latency " << estimate.latency
     << " cycles, interval " << estimate.interval << " cycles\n\n";
}

json::Value qcc::hls::estimateToJson(const DesignEstimate &estimate,
                                     const Design &design,
                                     const Options &options) {
  json::Array layers;
  for (const LayerEstimate &layer : estimate.layers) {
    json::Object object{
        {"name", layer.name},        {"ops", json::Array(layer.ops)},
        {"macs", layer.macs},        {"mac_units", layer.macUnits},
        {"rom_bits", layer.romBits}, {"buffer_bits", layer.bufferBits},
        {"bram18k", layer.bram18k},  {"latency_cycles", layer.latency}};
    if (!layer.macFormats.empty())
      object["mac_formats"] = layer.macFormats;
    if (layer.unit) {
      object["mac_unit"] = json::Object{{"luts", layer.unit->luts},
                                        {"dsps", layer.unit->dsps},
                                        {"basis", layer.unit->basis}};
      object["luts"] = layer.macUnits * layer.unit->luts;
      object["dsps"] = layer.macUnits * layer.unit->dsps;
    } else {
      object["mac_unit"] = nullptr;
      object["luts"] = layer.macs ? json::Value(nullptr) : json::Value(0);
      object["dsps"] = layer.macs ? json::Value(nullptr) : json::Value(0);
    }
    layers.push_back(std::move(object));
  }
  json::Object total{{"rom_bits", estimate.romBits},
                     {"buffer_bits", estimate.bufferBits},
                     {"bram18k", estimate.bram18k},
                     {"latency_cycles", estimate.latency},
                     {"interval_cycles", estimate.interval}};
  total["luts"] = estimate.luts ? json::Value(*estimate.luts) : nullptr;
  total["dsps"] = estimate.dsps ? json::Value(*estimate.dsps) : nullptr;
  return json::Object{
      {"top", design.topName},
      {"io", options.io == InterfaceStyle::Stream ? "stream" : "parallel"},
      {"strategy",
       options.strategy == Strategy::Latency ? "latency" : "resource"},
      {"reuse_factor", int64_t(options.reuseFactor)},
      {"unroll_limit", options.unrollLimit},
      {"layers", std::move(layers)},
      {"total", std::move(total)}};
}
