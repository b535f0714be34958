//===- qcc-run.cpp - run a qcost function on .npy inputs ------------------===//
//
//   qcc-run model.mlir --function=f --input=x.npy -o y.npy [--values]
//           [--mode=reference|compiled|gpu|hls-csim]
//
// Runs one function of a module, either with the reference evaluator of the
// semantics (docs/semantics.md), compiled for the CPU (qcost-lower-to-llvm,
// a shared library built by clang) or for an NVIDIA GPU (qcost-lower-to-nvvm,
// docs/gpu.md), or emitted as HLS C++ and C-simulated (docs/hls.md), and
// writes its results as .npy files.
// Inputs and outputs are codes in their storage dtype unless --values asks for
// real numbers (docs/running.md).
//
//===----------------------------------------------------------------------===//

#include "qcc/InitAllDialects.h"
#include "qcc/Reference/Evaluator.h"
#include "qcc/Runtime/CompiledModule.h"
#include "qcc/Runtime/GpuBundle.h"
#include "qcc/Runtime/HlsSimulation.h"
#include "qcc/Runtime/TensorIO.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace llvm;
using namespace qcc;

static cl::OptionCategory runCategory("qcc-run options");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<module.mlir>"),
                                      cl::cat(runCategory));
static cl::opt<std::string>
    functionName("function",
                 cl::desc("Function to run (default: the module's only "
                          "function)"),
                 cl::value_desc("name"), cl::cat(runCategory));
static cl::list<std::string>
    inputs("input", cl::desc("An argument as a .npy file, in order"),
           cl::value_desc("file.npy"), cl::cat(runCategory));
static cl::list<std::string>
    outputs("o",
            cl::desc("Where to write a result (.npy), in order; results "
                     "without a file are only summarized"),
            cl::value_desc("file.npy"), cl::cat(runCategory));
static cl::opt<bool>
    values("values",
           cl::desc("Exchange real numbers (float64 out) instead of codes"),
           cl::cat(runCategory));
static cl::opt<std::string>
    mode("mode",
         cl::desc("reference (the evaluator of docs/semantics.md), "
                  "compiled (qcost-lower-to-llvm, built by clang and loaded), "
                  "gpu (qcost-lower-to-nvvm, kernels and the CUDA runtime in "
                  "a library built by clang) or hls-csim (HLS C++ with a "
                  "testbench, built by g++ against the ap_types headers and "
                  "run)"),
         cl::init("reference"), cl::cat(runCategory));
static cl::opt<std::string>
    saveLibrary("save-library",
                cl::desc("compiled mode: also keep the shared library here"),
                cl::value_desc("file.so"), cl::cat(runCategory));
static cl::opt<std::string>
    emitLLVM("emit-llvm",
             cl::desc("compiled mode: also write the LLVM IR here"),
             cl::value_desc("file.ll"), cl::cat(runCategory));
static cl::opt<std::string>
    emitHls("emit-hls",
            cl::desc("hls-csim mode: also write the emitted C++ here"),
            cl::value_desc("file.cpp"), cl::cat(runCategory));
static cl::opt<std::string>
    hlsIO("hls-io",
          cl::desc("hls-csim mode: parallel (arrays) or stream (hls::stream)"),
          cl::init("parallel"), cl::cat(runCategory));
static cl::opt<std::string>
    hlsStrategy("hls-strategy",
                cl::desc("hls-csim mode: latency or resource (pragmas only)"),
                cl::init("latency"), cl::cat(runCategory));
static cl::opt<Int8Kernels> int8Kernels(
    "int8-kernels",
    cl::desc("compiled mode: how i8 x i8 -> i32 contractions with constant "
             "weights are computed"),
    cl::values(clEnumValN(Int8Kernels::Auto, "auto",
                          "VNNI kernels if this CPU has AVX512-VNNI"),
               clEnumValN(Int8Kernels::Vnni, "vnni", "VNNI kernels"),
               clEnumValN(Int8Kernels::Loops, "loops", "loops")),
    cl::init(Int8Kernels::Auto), cl::cat(runCategory));
static cl::opt<unsigned>
    threads("cpu-threads",
            cl::desc("compiled mode: threads that run the parallel loops "
                     "(OpenMP)"),
            cl::init(1), cl::cat(runCategory));
static cl::opt<std::string>
    gpuChip("gpu-chip", cl::desc("gpu mode: the chip (sm_80, sm_90, ...)"),
            cl::init("sm_90"), cl::cat(runCategory));
static cl::opt<bool> gpuTensorCores(
    "gpu-tensor-cores",
    cl::desc("gpu mode: 8-bit contractions on tensor cores (false: every op "
             "on the exact path)"),
    cl::init(true), cl::cat(runCategory));
static cl::opt<std::string>
    emitPtx("emit-ptx", cl::desc("gpu mode: also write the kernels' PTX here"),
            cl::init(""), cl::cat(runCategory));
static cl::opt<std::string> saveBundle(
    "save-bundle",
    cl::desc("gpu mode: write a bundle here instead of running: the library, "
             "qcc-gpu-runner, the inputs and the reference evaluator's "
             "results, to run and check on a machine without MLIR "
             "(docs/gpu.md)"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<bool>
    compileOnly("compile-only",
                cl::desc("compiled and gpu modes: build the library (and "
                         "--save-library, --emit-ptx, --emit-llvm) without "
                         "running; needs no inputs and no GPU"),
                cl::init(false), cl::cat(runCategory));
static cl::opt<bool>
    verbose("verbose",
            cl::desc("compiled and gpu modes: say on stderr whether the "
                     "library was built with clang or taken from the cache "
                     "($QCC_CACHE_DIR, ~/.cache/qcc)"),
            cl::init(false), cl::cat(runCategory));
static cl::opt<bool> quiet("quiet", cl::desc("Do not print result summaries"),
                           cl::cat(runCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "qcc-run") << message << "\n";
  return 1;
}

/// "shape (1, 1000), int8, first values: 3 -1 0 ..."
static void summarize(unsigned index, const CodeTensor &tensor) {
  outs() << "result #" << index << ": " << tensor.type << ", "
         << tensor.codes.size() << " elements";
  NpyArray real = runtime::arrayFromTensor(tensor, /*values=*/true);
  outs() << ", values:";
  for (int64_t i = 0, e = std::min<int64_t>(8, tensor.codes.size()); i < e; ++i)
    outs() << " " << llvm::format("%g", real.getFloat(i));
  if (tensor.codes.size() > 8)
    outs() << " ...";
  outs() << "\n";
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "qcc-run: run a qcost function on .npy inputs\n");
  if (mode != "reference" && mode != "compiled" && mode != "gpu" &&
      mode != "hls-csim")
    return fail("unknown --mode '" + mode +
                "' (expected: reference, compiled, gpu or hls-csim)");
  bool aheadOfTime = mode == "compiled" || mode == "gpu";
  if (!aheadOfTime && (!saveLibrary.empty() || !emitLLVM.empty()))
    return fail("--save-library and --emit-llvm need --mode=compiled or gpu");
  if (!aheadOfTime && compileOnly)
    return fail("--compile-only needs --mode=compiled or gpu");
  if (mode != "gpu" && (!emitPtx.empty() || !saveBundle.empty()))
    return fail("--emit-ptx and --save-bundle need --mode=gpu");
  if (!saveBundle.empty() && compileOnly)
    return fail("--save-bundle needs the inputs; drop --compile-only");
  if (mode != "hls-csim" && !emitHls.empty())
    return fail("--emit-hls needs --mode=hls-csim");

  DialectRegistry registry;
  registerQCCDialects(registry);
  MLIRContext context(registry);
  // Errors name their location; a dump of the op would bury them.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  auto file = MemoryBuffer::getFileOrSTDIN(inputFile);
  if (!file)
    return fail("cannot read '" + inputFile +
                "': " + file.getError().message());
  sourceMgr.AddNewSourceBuffer(std::move(*file), SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  func::FuncOp function;
  SmallVector<StringRef> names;
  for (auto candidate : module->getOps<func::FuncOp>()) {
    names.push_back(candidate.getName());
    if (candidate.getName() == functionName ||
        (functionName.empty() && !function))
      function = candidate;
  }
  if (functionName.empty() && names.size() > 1)
    return fail("the module has several functions (" + join(names, ", ") +
                "); choose one with --function");
  if (!function)
    return fail(functionName.empty()
                    ? Twine("the module has no function")
                    : "no function '" + functionName + "' in the module" +
                          (names.empty()
                               ? Twine("")
                               : " (it has: " + join(names, ", ") + ")"));

  FunctionType type = function.getFunctionType();
  if (!compileOnly && inputs.size() != type.getNumInputs())
    return fail("function '" + function.getName() + "' takes " +
                Twine(type.getNumInputs()) + " arguments, got " +
                Twine(inputs.size()) + " --input files");
  std::vector<CodeTensor> arguments;
  for (auto [index, path] : llvm::enumerate(inputs)) {
    auto tensorType = dyn_cast<RankedTensorType>(type.getInput(index));
    if (!tensorType)
      return fail("argument #" + Twine(index) + " is not a ranked tensor");
    Expected<NpyArray> array = readNpy(path);
    if (!array)
      return fail(toString(array.takeError()));
    Expected<CodeTensor> tensor = runtime::tensorFromArray(
        *array, tensorType, values,
        ("input #" + Twine(index) + " (" + path + ")").str());
    if (!tensor)
      return fail(toString(tensor.takeError()));
    arguments.push_back(std::move(*tensor));
  }
  if (outputs.size() > type.getNumResults())
    return fail("function '" + function.getName() + "' has " +
                Twine(type.getNumResults()) + " results, got " +
                Twine(outputs.size()) + " -o files");

  if (!saveBundle.empty()) {
    runtime::GpuBundleOptions options;
    options.chip = gpuChip;
    options.tensorCores = gpuTensorCores;
    options.ptxPath = emitPtx;
    SmallString<128> runner(
        sys::path::parent_path(sys::fs::getMainExecutable(nullptr, nullptr)));
    sys::path::append(runner, "qcc-gpu-runner");
    options.runner = std::string(runner);
    if (failed(runtime::writeGpuBundle(*module,
                                       {{function.getName().str(), arguments}},
                                       saveBundle, options)))
      return 1;
    if (!quiet)
      outs() << "wrote the GPU bundle " << saveBundle
             << " (run it with: qcc-gpu-runner " << saveBundle << ")\n";
    return 0;
  }

  FailureOr<std::vector<CodeTensor>> results;
  if (mode == "reference") {
    results = reference::evaluate(function, arguments);
  } else if (mode == "hls-csim") {
    runtime::HlsSimulationOptions options;
    options.sourcePath = emitHls;
    std::optional<hls::InterfaceStyle> style = hls::parseInterfaceStyle(hlsIO);
    std::optional<hls::Strategy> strategy = hls::parseStrategy(hlsStrategy);
    if (!style)
      return fail("--hls-io=" + hlsIO + " is not parallel or stream");
    if (!strategy)
      return fail("--hls-strategy=" + hlsStrategy +
                  " is not latency or resource");
    options.emit.io = *style;
    options.emit.strategy = *strategy;
    FailureOr<std::unique_ptr<runtime::HlsSimulation>> simulation =
        runtime::HlsSimulation::build(*module, function.getName(), options);
    if (failed(simulation))
      return 1;
    results = (*simulation)->run(arguments, function.getLoc());
  } else {
    runtime::CompileOptions options;
    options.libraryPath = saveLibrary;
    options.llvmIRPath = emitLLVM;
    options.int8Kernels = int8Kernels;
    options.threads = threads;
    if (mode == "gpu") {
      options.device = runtime::Device::GPU;
      options.gpuChip = gpuChip;
      options.gpuTensorCores = gpuTensorCores;
      options.ptxPath = emitPtx;
    }
    options.load = !compileOnly;
    FailureOr<std::unique_ptr<runtime::CompiledModule>> compiled =
        runtime::CompiledModule::compile(*module, options,
                                         {function.getName().str()});
    if (failed(compiled))
      return 1;
    if (verbose)
      errs() << "qcc-run: the library was "
             << ((*compiled)->fromCache() ? "taken from the cache"
                                          : "built with clang")
             << "\n";
    if (compileOnly)
      return 0;
    results =
        (*compiled)->run(function.getName(), arguments, function.getLoc());
  }
  if (failed(results))
    return 1;
  for (auto [index, result] : llvm::enumerate(*results)) {
    if (!quiet)
      summarize(index, result);
    if (index < outputs.size())
      if (Error error = writeNpy(outputs[index],
                                 runtime::arrayFromTensor(result, values)))
        return fail(toString(std::move(error)));
  }
  return 0;
}
