//===- Estimates.h - resources and latency of an emitted design -*- C++ -*-===//
//
// Private to lib/Target/HlsCpp. Estimates, not synthesis results: per layer,
// its MAC units (the unrolled copies of its reduction bodies over the reuse
// factor) priced from the fpga-luts table of measured multipliers and
// accumulators (REFERENCE.md section 8) or, outside the table, from
// documented formulas, or by the weights' signed digits where each unit
// multiplies by one constant; the bits of the weights it reads (ROM) and of the
// buffers it keeps, as BRAM18K blocks; and its latency in cycles from the
// trip counts and initiation interval of its schedule. docs/hls.md states
// every formula.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_TARGET_HLSCPP_ESTIMATES_H
#define QCC_LIB_TARGET_HLSCPP_ESTIMATES_H

#include "Design.h"

#include "llvm/Support/JSON.h"

namespace qcc::hls {

/// One MAC unit's LUTs and DSPs and where they come from.
struct MacUnitCost {
  double luts = 0, dsps = 0;
  std::string basis;
};

struct LayerEstimate {
  std::string name;
  /// The qcost ops it computes, as "op at location".
  llvm::SmallVector<std::string> ops;
  int64_t macs = 0, macUnits = 0;
  /// Unknown where a format has neither a measurement nor a formula.
  std::optional<MacUnitCost> unit;
  std::string macFormats;
  int64_t romBits = 0, bufferBits = 0, bram18k = 0;
  int64_t latency = 0;
};

struct DesignEstimate {
  llvm::SmallVector<LayerEstimate> layers;
  /// Totals; LUTs and DSPs count the MAC units only, and are unknown when
  /// some layer's are.
  std::optional<double> luts, dsps;
  int64_t romBits = 0, bufferBits = 0, bram18k = 0;
  int64_t latency = 0, interval = 0;
};

/// A ROM array: its size and, for integer ROMs of at most 32 bits, how many
/// of its codes have k nonzero digits in canonical signed-digit form (a
/// multiplier by that constant is k - 1 adders), read as signed and as
/// unsigned codes.
struct RomInfo {
  int64_t elements = 0;
  unsigned bits = 0;
  llvm::SmallVector<int64_t> signedDigits, unsignedDigits;
};
/// The ROM arrays by C++ name.
using Roms = llvm::StringMap<RomInfo>;

/// The canonical signed-digit (non-adjacent form) weight of `value`: its
/// fewest nonzero digits in {-1, 0, 1} x 2^i.
unsigned signedDigitWeight(uint64_t value);

/// Records the codes of a ROM in `info`'s digit histograms.
void countRomDigits(llvm::ArrayRef<llvm::APInt> codes, RomInfo &info);

DesignEstimate estimateDesign(const Design &design, const Printer &printer,
                              const Roms &roms, const Options &options);

/// The estimates as a C++ comment table.
void printEstimateComment(const DesignEstimate &estimate,
                          llvm::raw_ostream &os);
/// The estimates as the JSON report of docs/hls.md.
llvm::json::Value estimateToJson(const DesignEstimate &estimate,
                                 const Design &design, const Options &options);

} // namespace qcc::hls

#endif // QCC_LIB_TARGET_HLSCPP_ESTIMATES_H
