//===- GpuBundle.cpp - GPU libraries to run without MLIR
//-------------------===//

#include "qcc/Runtime/GpuBundle.h"

#include "qcc/Reference/Evaluator.h"
#include "qcc/Runtime/CompiledModule.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::runtime;

namespace {

LogicalResult writeBytes(Location loc, StringRef path,
                         ArrayRef<uint8_t> bytes) {
  std::error_code error;
  llvm::raw_fd_ostream os(path, error, llvm::sys::fs::OF_None);
  if (error)
    return emitError(loc) << "cannot write '" << path
                          << "': " << error.message();
  os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  return success();
}

/// One manifest line: kind, bytes per element, rank, shape, file.
std::string manifestLine(StringRef kind, const CodeTensor &tensor,
                         StringRef file) {
  std::string text =
      kind.str() + " " +
      std::to_string(storageElementBytes(tensor.type.getElementType())) + " " +
      std::to_string(tensor.type.getRank());
  for (int64_t d : tensor.type.getShape())
    text += " " + std::to_string(d);
  return text + " " + file.str() + "\n";
}

std::string findRunner(const GpuBundleOptions &options) {
  if (!options.runner.empty())
    return options.runner;
  if (llvm::ErrorOr<std::string> onPath =
          llvm::sys::findProgramByName("qcc-gpu-runner"))
    return *onPath;
  SmallString<128> built(QCC_BINARY_DIR);
  llvm::sys::path::append(built, "bin", "qcc-gpu-runner");
  return std::string(built);
}

} // namespace

LogicalResult qcc::runtime::writeGpuBundle(
    ModuleOp module,
    ArrayRef<std::pair<std::string, std::vector<CodeTensor>>> calls,
    StringRef directory, const GpuBundleOptions &options) {
  Location loc = module.getLoc();
  if (std::error_code error = llvm::sys::fs::create_directories(directory))
    return emitError(loc) << "cannot create '" << directory
                          << "': " << error.message();
  auto inBundle = [&](const Twine &name) {
    SmallString<128> path(directory);
    llvm::sys::path::append(path, name);
    return std::string(path);
  };

  std::vector<std::string> functions;
  for (const auto &call : calls)
    if (!llvm::is_contained(functions, call.first))
      functions.push_back(call.first);
  CompileOptions compile;
  compile.device = Device::GPU;
  compile.gpuChip = options.chip;
  compile.gpuTensorCores = options.tensorCores;
  // A bundle is built for one chip: a cubin, without the PTX (the weights
  // would be in it a second time, as text).
  compile.gpuEmbedPtx = false;
  compile.ptxPath = options.ptxPath;
  compile.libraryPath = inBundle("kernels.so");
  compile.load = false;
  if (failed(CompiledModule::compile(module, compile, functions)))
    return failure();

  std::string runner = findRunner(options);
  if (std::error_code error =
          llvm::sys::fs::copy_file(runner, inBundle("qcc-gpu-runner")))
    return emitError(loc) << "cannot copy qcc-gpu-runner from '" << runner
                          << "': " << error.message();
  (void)llvm::sys::fs::setPermissions(inBundle("qcc-gpu-runner"),
                                      llvm::sys::fs::all_read |
                                          llvm::sys::fs::all_exe |
                                          llvm::sys::fs::owner_write);

  auto timedOnly = [&](StringRef function) {
    return options.expected == GpuBundleOptions::Expected::None ||
           llvm::is_contained(options.timedOnly, function);
  };
  std::unique_ptr<CompiledModule> cpu;
  std::vector<std::string> checked;
  for (const std::string &function : functions)
    if (!timedOnly(function))
      checked.push_back(function);
  if (options.expected == GpuBundleOptions::Expected::CompiledCpu &&
      !checked.empty()) {
    FailureOr<std::unique_ptr<CompiledModule>> built =
        CompiledModule::compile(module, CompileOptions(), checked);
    if (failed(built))
      return failure();
    cpu = std::move(*built);
  }

  std::string manifest =
      "# qcc GPU bundle (docs/gpu.md); run: ./qcc-gpu-runner .\n"
      "library kernels.so\n";
  for (auto [index, call] : llvm::enumerate(calls)) {
    auto function = module.lookupSymbol<func::FuncOp>(call.first);
    if (!function)
      return emitError(loc) << "no function '" << call.first << "'";
    FailureOr<std::vector<CodeTensor>> expected = std::vector<CodeTensor>();
    bool timed = timedOnly(call.first);
    switch (timed ? GpuBundleOptions::Expected::None : options.expected) {
    case GpuBundleOptions::Expected::Reference:
      expected = reference::evaluate(function, call.second);
      break;
    case GpuBundleOptions::Expected::CompiledCpu:
      expected = cpu->run(call.first, call.second, function.getLoc());
      break;
    case GpuBundleOptions::Expected::None:
      // Results of the right shape with no file: timed, not compared.
      for (Type type : function.getFunctionType().getResults())
        expected->push_back(CodeTensor{cast<RankedTensorType>(type), {}});
      break;
    }
    if (failed(expected))
      return failure();
    manifest += "function " + call.first + "\n";
    std::string prefix = "call" + std::to_string(index) + "_";
    for (auto [i, tensor] : llvm::enumerate(call.second)) {
      // Timed-only calls need no data: the runner fills such arguments
      // with pseudo-random bytes (and the bundle stays small).
      if (timed) {
        manifest += manifestLine("argument", tensor, "random");
        continue;
      }
      std::string file = prefix + "in" + std::to_string(i) + ".bin";
      if (failed(writeBytes(loc, inBundle(file), storageBytes(tensor))))
        return failure();
      manifest += manifestLine("argument", tensor, file);
    }
    for (auto [i, tensor] : llvm::enumerate(*expected)) {
      if (timed) {
        manifest += manifestLine("result", tensor, "-");
        continue;
      }
      std::string file = prefix + "expected" + std::to_string(i) + ".bin";
      if (failed(writeBytes(loc, inBundle(file), storageBytes(tensor))))
        return failure();
      manifest += manifestLine("result", tensor, file);
    }
  }
  return writeBytes(
      loc, inBundle("manifest.txt"),
      ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(manifest.data()),
                        manifest.size()));
}
