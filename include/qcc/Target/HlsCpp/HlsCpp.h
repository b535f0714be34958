//===- HlsCpp.h - qcost to HLS-ready C++ ------------------------*- C++ -*-===//
//
// The HLS C++ target: a qcost module becomes one C++ source with ap_fixed /
// ap_int types, one function per layer, a top function with interface
// pragmas, weights as const arrays, and loops with PIPELINE / UNROLL /
// ARRAY_PARTITION pragmas (docs/hls.md). The qcost ops are lowered first by
// the same patterns and codec as every other backend
// (qcost-lower-to-hls-loops), so the C++ computes exactly the reference
// semantics.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TARGET_HLSCPP_HLSCPP_H
#define QCC_TARGET_HLSCPP_HLSCPP_H

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace qcc {

#define GEN_PASS_DECL
#include "qcc/Target/HlsCpp/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qcc/Target/HlsCpp/Passes.h.inc"

namespace hls {

/// How the layers exchange data.
enum class InterfaceStyle {
  /// Arrays between layers; the top function's arguments are arrays.
  Parallel,
  /// hls::stream between layers under DATAFLOW; the top function's
  /// arguments are streams.
  Stream,
};

/// How loops are unrolled and pipelined (docs/hls.md).
enum class Strategy {
  /// As parallel as `unrollLimit` allows: a layer pipelined as a whole, or
  /// each loop nest pipelined at its outermost loop whose body fits the
  /// limit, that body unrolled (its arrays partitioned).
  Latency,
  /// Innermost loops pipelined, nothing unrolled: one operator per loop.
  Resource,
};

struct Options {
  /// The function to emit (empty: the module's only public function).
  std::string function;
  /// The C++ name of the top function (empty: the function's name).
  std::string top;
  InterfaceStyle io = InterfaceStyle::Parallel;
  Strategy strategy = Strategy::Latency;
  /// The initiation interval the pipelined loops ask for (>= 1): every
  /// operator of an unrolled body is shared by this many of its copies.
  unsigned reuseFactor = 1;
  /// Latency strategy: the most innermost-body iterations one pipelined
  /// body may unroll.
  int64_t unrollLimit = 4096;
  /// Also emit a C-simulation testbench `main` that reads the inputs' and
  /// writes the outputs' codes, one per line (docs/hls.md).
  bool testbench = false;
  /// Also write the estimates as JSON here (empty: only the comment in the
  /// source).
  std::string reportPath;
};

/// Option spellings: "parallel" / "stream", "latency" / "resource".
std::optional<InterfaceStyle> parseInterfaceStyle(llvm::StringRef text);
std::optional<Strategy> parseStrategy(llvm::StringRef text);

/// Whether the emitter prints `op` as a native ap_fixed / ap_int cast
/// (qcc-hls-outline-codec moves every other codec op into helpers).
bool isNativeCodecOp(mlir::Operation *op);

/// Lowers a clone of `module` (qcost ops) with qcost-lower-to-hls-loops and
/// prints the function of `options` as HLS C++ to `os`. Errors (an op that
/// does not lower, a construct the emitter does not print) are emitted at
/// their location.
mlir::LogicalResult translateToHlsCpp(mlir::ModuleOp module,
                                      llvm::raw_ostream &os,
                                      const Options &options);

/// Prints an already lowered module (the output of qcost-lower-to-hls-loops).
mlir::LogicalResult emitHlsCpp(mlir::ModuleOp lowered, mlir::func::FuncOp qcostFunction,
                               llvm::raw_ostream &os, const Options &options);

/// Registers `--qcost-to-hlscpp` with mlir-translate style tools.
void registerToHlsCppTranslation();

} // namespace hls
} // namespace qcc

#endif // QCC_TARGET_HLSCPP_HLSCPP_H
