//===- Translation.cpp - qcost to HLS C++, and --qcost-to-hlscpp ----------===//

#include "qcc/Target/HlsCpp/HlsCpp.h"

#include "Emitter.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"
#include "qcc/InitAllDialects.h"
#include "qcc/Pipelines/LowerToHls.h"
#include "qcc/Pipelines/LowerToLLVM.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

LogicalResult qcc::hls::translateToHlsCpp(ModuleOp module, raw_ostream &os,
                                          const Options &options) {
  // The function to emit: named, or the module's only public one.
  func::FuncOp function;
  for (auto candidate : module.getOps<func::FuncOp>()) {
    if (candidate.isExternal() || !candidate.isPublic())
      continue;
    if (!options.function.empty() &&
        candidate.getSymName() != options.function)
      continue;
    if (function)
      return emitError(candidate.getLoc())
             << "several public functions ('" << function.getSymName()
             << "', '" << candidate.getSymName()
             << "', ...): choose one with --hls-function";
    function = candidate;
  }
  if (!function)
    return emitError(module.getLoc())
           << "no public function"
           << (options.function.empty() ? "" : " named '" + options.function +
                                                    "'");
  // The ports: static arrays of formats.
  for (Type type : llvm::concat<const Type>(function.getArgumentTypes(),
                                            function.getResultTypes())) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape() || tensor.getNumElements() == 0 ||
        !qcost::getNumberFormat(tensor.getElementType()) ||
        tensor.getElementType().isF64())
      return emitError(function.getLoc())
             << "HLS top functions take and return non-empty, statically "
                "shaped tensors of formats (not f64); got "
             << type;
  }
  // The lowering's external models (bufferization of arith, tensor, ...).
  DialectRegistry registry;
  registerQCostToLLVMDependencies(registry);
  module.getContext()->appendDialectRegistry(registry);
  OwningOpRef<ModuleOp> lowered = module.clone();
  // Only the chosen function (and the private functions it calls) lowers.
  for (auto other :
       llvm::make_early_inc_range(lowered->getOps<func::FuncOp>()))
    if (other.getSymName() != function.getSymName() && other.isPublic())
      other.erase();
  PassManager pm(module.getContext());
  buildQCostToHlsLoopsPipeline(pm);
  if (failed(pm.run(*lowered)))
    return failure();
  return emitHlsCpp(*lowered, function, os, options);
}

std::optional<InterfaceStyle> qcc::hls::parseInterfaceStyle(StringRef text) {
  if (text == "parallel")
    return InterfaceStyle::Parallel;
  if (text == "stream")
    return InterfaceStyle::Stream;
  return std::nullopt;
}

std::optional<Strategy> qcc::hls::parseStrategy(StringRef text) {
  if (text == "latency")
    return Strategy::Latency;
  if (text == "resource")
    return Strategy::Resource;
  return std::nullopt;
}

void qcc::hls::registerToHlsCppTranslation() {
  static llvm::cl::opt<std::string> function(
      "hls-function", llvm::cl::desc("--qcost-to-hlscpp: the function to emit"),
      llvm::cl::init(""));
  static llvm::cl::opt<std::string> top(
      "hls-top", llvm::cl::desc("--qcost-to-hlscpp: the top function's name"),
      llvm::cl::init(""));
  static llvm::cl::opt<std::string> io(
      "hls-io",
      llvm::cl::desc("--qcost-to-hlscpp: parallel (arrays between layers) "
                     "or stream (hls::stream FIFOs, DATAFLOW)"),
      llvm::cl::init("parallel"));
  static llvm::cl::opt<std::string> strategy(
      "hls-strategy",
      llvm::cl::desc("--qcost-to-hlscpp: latency (unrolled reductions) or "
                     "resource (pipelined loops)"),
      llvm::cl::init("latency"));
  static llvm::cl::opt<unsigned> reuse(
      "hls-reuse-factor",
      llvm::cl::desc("--qcost-to-hlscpp: the initiation interval pipelined "
                     "loops ask for"),
      llvm::cl::init(1));
  static llvm::cl::opt<int64_t> unrollLimit(
      "hls-unroll-limit",
      llvm::cl::desc("--qcost-to-hlscpp, latency strategy: the most "
                     "innermost-body iterations one pipelined body unrolls"),
      llvm::cl::init(4096));
  static llvm::cl::opt<std::string> report(
      "hls-report",
      llvm::cl::desc("--qcost-to-hlscpp: also write the estimates (JSON) "
                     "to this file"),
      llvm::cl::init(""));
  static llvm::cl::opt<bool> testbench(
      "hls-testbench",
      llvm::cl::desc("--qcost-to-hlscpp: also emit a C-simulation main()"),
      llvm::cl::init(false));
  TranslateFromMLIRRegistration registration(
      "qcost-to-hlscpp", "Emit HLS C++ (ap_fixed, pragmas) for a qcost function",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return emitError(op->getLoc()) << "expected a module";
        Options options;
        options.function = function;
        options.top = top;
        options.reuseFactor = reuse;
        options.testbench = testbench;
        options.unrollLimit = unrollLimit;
        options.reportPath = report;
        if (unrollLimit < 1)
          return emitError(module.getLoc())
                 << "--hls-unroll-limit must be at least 1";
        std::optional<InterfaceStyle> style = parseInterfaceStyle(io);
        if (!style)
          return emitError(module.getLoc())
                 << "--hls-io=" << io.getValue() << " is not parallel or stream";
        options.io = *style;
        std::optional<Strategy> chosen = parseStrategy(strategy);
        if (!chosen)
          return emitError(module.getLoc())
                 << "--hls-strategy=" << strategy.getValue()
                 << " is not latency or resource";
        options.strategy = *chosen;
        if (options.reuseFactor == 0)
          return emitError(module.getLoc())
                 << "--hls-reuse-factor must be at least 1";
        return translateToHlsCpp(module, os, options);
      },
      [](DialectRegistry &registry) {
        registerQCCDialects(registry);
        registerQCostToLLVMDependencies(registry);
      });
}
