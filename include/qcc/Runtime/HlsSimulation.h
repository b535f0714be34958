//===- HlsSimulation.h - C-simulation of emitted HLS C++ --------*- C++ -*-===//
//
// The `hls-csim` execution mode: a qcost function emitted as HLS C++ with
// its testbench (qcc-translate --qcost-to-hlscpp), compiled by g++ against
// the ap_types headers and run on the evaluator's tensors of codes, so the
// FPGA code is compared with the reference value for value, like the CPU
// library (CompiledModule.h).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_RUNTIME_HLSSIMULATION_H
#define QCC_RUNTIME_HLSSIMULATION_H

#include "qcc/Support/CodeTensor.h"
#include "qcc/Target/HlsCpp/HlsCpp.h"

#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <string>

namespace qcc::runtime {

struct HlsSimulationOptions {
  /// The C++ compiler (empty: $QCC_HLS_CXX, else g++ on the PATH).
  std::string compiler;
  /// The directory holding ap_fixed.h, ap_int.h and hls_stream.h (empty:
  /// $QCC_AP_TYPES, else hls4ml's copy in the project's .venv-peers).
  std::string apTypes;
  /// Compiler flags besides the include path ($QCC_HLS_CXXFLAGS, split at
  /// spaces, replaces them).
  std::vector<std::string> flags = {"-std=c++17", "-O1", "-ffp-contract=off",
                                    "-w"};
  /// The emitter's options (the testbench is always emitted).
  hls::Options emit;
  /// Also keep the emitted C++ here (empty: no).
  std::string sourcePath;
};

/// One function emitted, compiled into a C-simulation executable, and run.
class HlsSimulation {
public:
  /// Emits and compiles `function` of `module`. Errors (an op the emitter
  /// does not print, missing headers, a compiler failure with its output)
  /// are reported through the module's context.
  static mlir::FailureOr<std::unique_ptr<HlsSimulation>>
  build(mlir::ModuleOp module, llvm::StringRef function,
        const HlsSimulationOptions &options = {});

  ~HlsSimulation();

  /// Runs the simulation on `inputs` (codes of the declared argument types).
  /// Errors are emitted at `loc`.
  mlir::FailureOr<std::vector<CodeTensor>>
  run(llvm::ArrayRef<CodeTensor> inputs, mlir::Location loc);

private:
  HlsSimulation() = default;

  mlir::FunctionType type;
  std::string directory, executable;
};

/// The ap_types directory `options` names, or the default one; empty when
/// none holds ap_fixed.h.
std::string findApTypes(const HlsSimulationOptions &options = {});

} // namespace qcc::runtime

#endif // QCC_RUNTIME_HLSSIMULATION_H
