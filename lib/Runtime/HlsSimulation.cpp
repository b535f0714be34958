//===- HlsSimulation.cpp - C-simulation of emitted HLS C++ ----------------===//

#include "qcc/Runtime/HlsSimulation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace qcc;
using namespace qcc::runtime;

namespace {

std::string inDirectory(StringRef directory, const Twine &name) {
  SmallString<128> file(directory);
  llvm::sys::path::append(file, name);
  return std::string(file);
}

/// The output of a failed command, for the error message.
std::string logOf(StringRef path) {
  auto output = llvm::MemoryBuffer::getFile(path);
  if (!output)
    return "";
  StringRef text = (*output)->getBuffer();
  // A compiler's first errors say what went wrong; thousands of lines do not.
  if (text.size() > 4000)
    return text.take_front(4000).str() + "\n[...]";
  return text.str();
}

} // namespace

std::string qcc::runtime::findApTypes(const HlsSimulationOptions &options) {
  SmallVector<std::string> candidates;
  if (!options.apTypes.empty())
    candidates.push_back(options.apTypes);
  else if (const char *fromEnvironment = getenv("QCC_AP_TYPES"))
    candidates.push_back(fromEnvironment);
  else
    candidates.push_back(QCC_AP_TYPES_DIR);
  // A .venv-peers made after the build was configured.
  if (options.apTypes.empty() && !getenv("QCC_AP_TYPES")) {
    std::error_code error;
    std::string lib = inDirectory(QCC_SOURCE_DIR, ".venv-peers/lib");
    for (llvm::sys::fs::directory_iterator entry(lib, error), end;
         !error && entry != end; entry.increment(error))
      if (llvm::sys::path::filename(entry->path()).starts_with("python3"))
        candidates.push_back(inDirectory(
            entry->path(),
            "site-packages/hls4ml/templates/vivado/ap_types"));
  }
  for (const std::string &candidate : candidates)
    if (!candidate.empty() &&
        llvm::sys::fs::exists(inDirectory(candidate, "ap_fixed.h")))
      return candidate;
  return "";
}

FailureOr<std::unique_ptr<HlsSimulation>>
HlsSimulation::build(ModuleOp module, StringRef function,
                     const HlsSimulationOptions &options) {
  Location loc = module.getLoc();
  auto callee = module.lookupSymbol<func::FuncOp>(function);
  if (!callee)
    return emitError(loc) << "no function '" << function << "'";
  std::string apTypes = findApTypes(options);
  if (apTypes.empty())
    return emitError(loc)
           << "hls-csim needs the ap_types headers (ap_fixed.h): install "
              "hls4ml into .venv-peers (scripts/bootstrap.sh) or set "
              "QCC_AP_TYPES to their directory";
  std::string compiler = options.compiler;
  if (compiler.empty() && getenv("QCC_HLS_CXX"))
    compiler = getenv("QCC_HLS_CXX");
  if (compiler.empty()) {
    llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName("g++");
    if (!found)
      return emitError(loc) << "hls-csim needs g++ on the PATH (or set "
                               "QCC_HLS_CXX)";
    compiler = *found;
  }

  std::unique_ptr<HlsSimulation> simulation(new HlsSimulation());
  simulation->type = callee.getFunctionType();
  SmallString<128> directory;
  if (std::error_code error =
          llvm::sys::fs::createUniqueDirectory("qcc-hls-csim", directory))
    return emitError(loc) << "cannot create a temporary directory: "
                          << error.message();
  simulation->directory = std::string(directory);
  std::string source = inDirectory(directory, "kernel.cpp");
  simulation->executable = inDirectory(directory, "csim");
  {
    std::error_code error;
    llvm::raw_fd_ostream os(source, error);
    if (error)
      return emitError(loc) << "cannot write '" << source
                            << "': " << error.message();
    hls::Options emit = options.emit;
    emit.function = function.str();
    emit.testbench = true;
    if (failed(hls::translateToHlsCpp(module, os, emit)))
      return failure();
  }
  if (!options.sourcePath.empty())
    if (std::error_code error =
            llvm::sys::fs::copy_file(source, options.sourcePath))
      return emitError(loc) << "cannot write '" << options.sourcePath
                            << "': " << error.message();

  std::string log = inDirectory(directory, "compile.log");
  SmallVector<StringRef> arguments = {compiler};
  // $QCC_HLS_CXXFLAGS replaces the flags (the long checks add -Werror).
  SmallVector<StringRef> fromEnvironment;
  if (const char *flags = getenv("QCC_HLS_CXXFLAGS"))
    StringRef(flags).split(fromEnvironment, ' ', -1, /*KeepEmpty=*/false);
  if (!fromEnvironment.empty())
    arguments.append(fromEnvironment.begin(), fromEnvironment.end());
  else
    for (const std::string &flag : options.flags)
      arguments.push_back(flag);
  std::string include = "-isystem" + apTypes;
  arguments.append({include, source, "-o", simulation->executable});
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log),
                                          StringRef(log)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(compiler, arguments, std::nullopt,
                                         redirects, 0, 0, &message);
  if (status != 0)
    return emitError(loc) << "compiling the HLS C++ with '" << compiler
                          << "' failed"
                          << (message.empty() ? "" : ": " + message) << ":\n"
                          << logOf(log);
  return simulation;
}

HlsSimulation::~HlsSimulation() {
  if (!directory.empty()) {
    std::error_code error;
    llvm::sys::fs::remove_directories(directory, /*IgnoreErrors=*/true);
  }
}

FailureOr<std::vector<CodeTensor>>
HlsSimulation::run(ArrayRef<CodeTensor> inputs, Location loc) {
  if (inputs.size() != type.getNumInputs())
    return emitError(loc) << "the function takes " << type.getNumInputs()
                          << " arguments, got " << inputs.size();
  // One file per port, one code per line: the testbench's format.
  SmallVector<std::string> files;
  for (auto [index, input] : llvm::enumerate(inputs)) {
    auto expected = cast<RankedTensorType>(type.getInput(index));
    if (input.type.getShape() != expected.getShape() ||
        int64_t(input.codes.size()) != expected.getNumElements())
      return emitError(loc) << "argument #" << index << " has type "
                            << input.type << ", expected " << expected;
    std::string file = inDirectory(directory, "in" + Twine(index) + ".txt");
    std::error_code error;
    llvm::raw_fd_ostream os(file, error);
    if (error)
      return emitError(loc) << "cannot write '" << file
                            << "': " << error.message();
    for (uint64_t code : input.codes)
      os << code << '\n';
    files.push_back(file);
  }
  for (unsigned index = 0; index < type.getNumResults(); ++index)
    files.push_back(inDirectory(directory, "out" + Twine(index) + ".txt"));

  SmallVector<StringRef> arguments = {executable};
  for (const std::string &file : files)
    arguments.push_back(file);
  std::string log = inDirectory(directory, "run.log");
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log),
                                          StringRef(log)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(executable, arguments, std::nullopt,
                                         redirects, 0, 0, &message);
  if (status != 0)
    return emitError(loc) << "the C-simulation failed (exit status " << status
                          << (message.empty() ? "" : ", " + message) << ")"
                          << (logOf(log).empty() ? "" : ":\n" + logOf(log));

  std::vector<CodeTensor> results;
  for (unsigned index = 0; index < type.getNumResults(); ++index) {
    auto tensor = cast<RankedTensorType>(type.getResult(index));
    const std::string &file = files[inputs.size() + index];
    auto buffer = llvm::MemoryBuffer::getFile(file);
    if (!buffer)
      return emitError(loc) << "the C-simulation wrote no '" << file << "'";
    CodeTensor result{tensor, {}};
    result.codes.reserve(tensor.getNumElements());
    StringRef text = (*buffer)->getBuffer();
    while (!text.empty()) {
      auto [line, rest] = text.split('\n');
      text = rest;
      line = line.trim();
      if (line.empty())
        continue;
      uint64_t code;
      if (line.getAsInteger(10, code))
        return emitError(loc) << "the C-simulation wrote '" << line
                              << "' in '" << file << "'";
      result.codes.push_back(code);
    }
    if (int64_t(result.codes.size()) != tensor.getNumElements())
      return emitError(loc) << "the C-simulation wrote "
                            << result.codes.size() << " codes for result #"
                            << index << ", expected "
                            << tensor.getNumElements();
    results.push_back(std::move(result));
  }
  return results;
}
