//===- QCCModule.cpp - Python bindings over qcc's C++ libraries -----------===//
//
// The compiled half of the `qcc` Python package (`qcc._qcc`): parse and verify
// qcost modules, run pass pipelines, read cost reports, and encode values with
// the number-format library the compiler itself uses. MLIR diagnostics become
// `qcc.QccError` exceptions whose text carries every located message.
//
// Debian ships no MLIR Python bindings (and the C API only as static
// archives), so this module talks to the C++ API directly.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/IR/ConstantUtils.h"
#include "qcc/Dialect/QCost/IR/QCostTypes.h"
#include "qcc/InitAllDialects.h"
#include "qcc/InitAllPasses.h"
#include "qcc/Reference/Evaluator.h"
#include "qcc/Runtime/CompiledModule.h"
#include "qcc/Runtime/GpuBundle.h"
#include "qcc/Runtime/HlsSimulation.h"
#include "qcc/Runtime/TensorIO.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace mlir;

namespace {

/// Raised for every failure that MLIR reports through diagnostics.
struct QccError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Collects the diagnostics emitted while it lives, as "loc: severity: msg"
/// lines (notes attached to their diagnostic).
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context)
      : handler(context, [this](Diagnostic &diag) {
          record(diag);
          for (Diagnostic &note : diag.getNotes())
            record(note);
          return success();
        }) {}

  /// Throws QccError with every error collected (or `fallback`).
  [[noreturn]] void fail(const std::string &fallback) const {
    std::string text;
    for (const auto &[severity, line] : lines)
      if (severity != DiagnosticSeverity::Warning &&
          severity != DiagnosticSeverity::Remark)
        text += (text.empty() ? "" : "\n") + line;
    throw QccError(text.empty() ? fallback : text);
  }

  /// Warnings and remarks (e.g. unpriced ops) as lines.
  std::vector<std::string> warnings() const {
    std::vector<std::string> result;
    for (const auto &[severity, line] : lines)
      if (severity == DiagnosticSeverity::Warning ||
          severity == DiagnosticSeverity::Remark)
        result.push_back(line);
    return result;
  }

private:
  void record(Diagnostic &diag) {
    std::string line;
    llvm::raw_string_ostream os(line);
    Location loc = diag.getLocation();
    if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
      os << fileLoc.getFilename().getValue() << ":" << fileLoc.getLine() << ":"
         << fileLoc.getColumn() << ": ";
    else
      os << loc << ": ";
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error:
      os << "error: ";
      break;
    case DiagnosticSeverity::Warning:
      os << "warning: ";
      break;
    case DiagnosticSeverity::Remark:
      os << "remark: ";
      break;
    case DiagnosticSeverity::Note:
      os << "note: ";
      break;
    }
    os << diag.str();
    lines.emplace_back(diag.getSeverity(), std::move(line));
  }

  std::vector<std::pair<DiagnosticSeverity, std::string>> lines;
  ScopedDiagnosticHandler handler;
};

std::unique_ptr<MLIRContext> makeContext() {
  DialectRegistry registry;
  qcc::registerQCCDialects(registry);
  auto context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  // Errors name their location; a dump of the op (a whole model for a pass
  // failure) would bury them.
  context->printOpOnDiagnostic(false);
  return context;
}

/// A parsed module with the context that owns it.
class Module {
public:
  static std::unique_ptr<Module> parse(const std::string &source,
                                       const std::string &name) {
    auto result = std::unique_ptr<Module>(new Module());
    DiagnosticCollector diagnostics(result->context.get());
    ParserConfig config(result->context.get());
    result->module = parseSourceString<ModuleOp>(source, config, name);
    if (!result->module)
      diagnostics.fail("cannot parse " + name);
    return result;
  }

  static std::unique_ptr<Module> parseFile(const std::string &path) {
    auto result = std::unique_ptr<Module>(new Module());
    DiagnosticCollector diagnostics(result->context.get());
    ParserConfig config(result->context.get());
    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path);
    if (!buffer)
      throw QccError("cannot read '" + path +
                     "': " + buffer.getError().message());
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    result->module = parseSourceFile<ModuleOp>(sourceMgr, config);
    if (!result->module)
      diagnostics.fail("cannot parse " + path);
    return result;
  }

  void verify() {
    DiagnosticCollector diagnostics(context.get());
    if (failed(mlir::verify(*module)))
      diagnostics.fail("the module does not verify");
  }

  /// Runs a textual pipeline ("qcost-annotate-cost{model=ace}", or a full
  /// "builtin.module(...)"); returns the warnings it emitted.
  std::vector<std::string> run(const std::string &pipeline) {
    DiagnosticCollector diagnostics(context.get());
    // The pass manager is anchored on the module: parse what nests in it.
    llvm::StringRef text = llvm::StringRef(pipeline).trim();
    if (text.consume_front("builtin.module(") && !text.consume_back(")"))
      throw QccError("invalid pass pipeline '" + pipeline +
                     "': unbalanced parentheses");
    PassManager pm(context.get());
    std::string error;
    llvm::raw_string_ostream errorStream(error);
    // The module changes; compile again when asked.
    libraries.clear();
    simulations.clear();
    if (failed(parsePassPipeline(text, pm, errorStream)))
      throw QccError("invalid pass pipeline '" + pipeline + "': " + error);
    if (failed(pm.run(*module)))
      diagnostics.fail("pass pipeline '" + pipeline + "' failed");
    return diagnostics.warnings();
  }

  /// The JSON cost report (schema of docs/cost-model.md) for `modelName`,
  /// plus the warnings (unpriced ops).
  std::pair<std::string, std::vector<std::string>>
  costReport(const std::string &modelName) {
    const qcc::qcost::CostModel *model = qcc::qcost::lookupCostModel(modelName);
    if (!model) {
      std::string names;
      for (const qcc::qcost::CostModel *m : qcc::qcost::getCostModels())
        names += (names.empty() ? "" : ", ") + m->getName().str();
      throw QccError("unknown cost model '" + modelName +
                     "'; available: " + names);
    }
    qcc::qcost::CostReport report = qcc::qcost::analyzeCost(*module, *model);
    std::vector<std::string> warnings;
    for (const qcc::qcost::UnpricedOp &op : report.unpriced)
      warnings.push_back(op.location + ": warning: '" + op.name +
                         "' has no cost description; it is not counted");
    std::string json;
    llvm::raw_string_ostream os(json);
    qcc::qcost::printCostJson(report, os);
    return {std::move(json), std::move(warnings)};
  }

  /// The ops of function `name`, in order, as plain Python data: enough to
  /// interpret the function elsewhere (tests use it to check rewrites
  /// numerically). Values are numbered: the arguments 0..n-1, then each
  /// result in order. Constants carry their exact real values.
  py::dict ops(const std::string &name) {
    auto function = dyn_cast_or_null<FunctionOpInterface>(
        SymbolTable::lookupSymbolIn(*module, name));
    if (!function || function.isExternal())
      throw QccError("no function '@" + name + "' with a body in the module");
    DenseMap<Value, int64_t> ids;
    auto idOf = [&](Value value) {
      auto [it, inserted] = ids.try_emplace(value, int64_t(ids.size()));
      return it->second;
    };
    auto typeInfo = [](Type type) {
      py::dict info;
      auto shaped = dyn_cast<ShapedType>(type);
      info["shape"] =
          shaped ? py::cast(std::vector<int64_t>(shaped.getShape().begin(),
                                                 shaped.getShape().end()))
                 : py::cast(std::vector<int64_t>());
      std::string element;
      llvm::raw_string_ostream os(element);
      (shaped ? shaped.getElementType() : type).print(os);
      info["element"] = element;
      return info;
    };
    py::dict result;
    py::list arguments, argumentTypes, ops;
    for (BlockArgument argument : function.getArguments()) {
      arguments.append(idOf(argument));
      argumentTypes.append(typeInfo(argument.getType()));
    }
    for (Operation &op : function.getFunctionBody().front()) {
      py::dict entry;
      entry["name"] = op.getName().getStringRef().str();
      py::list operands, operandTypes, results, resultTypes;
      for (Value operand : op.getOperands()) {
        operands.append(idOf(operand));
        operandTypes.append(typeInfo(operand.getType()));
      }
      for (Value opResult : op.getResults()) {
        results.append(idOf(opResult));
        resultTypes.append(typeInfo(opResult.getType()));
      }
      entry["operands"] = operands;
      entry["operand_types"] = operandTypes;
      entry["results"] = results;
      entry["result_types"] = resultTypes;
      py::dict attributes;
      for (NamedAttribute attr : op.getAttrs()) {
        Attribute value = attr.getValue();
        std::string key = attr.getName().str();
        if (auto array = dyn_cast<DenseI64ArrayAttr>(value))
          attributes[key.c_str()] = std::vector<int64_t>(
              array.asArrayRef().begin(), array.asArrayRef().end());
        else if (auto integer = dyn_cast<IntegerAttr>(value))
          attributes[key.c_str()] = integer.getValue().getSExtValue();
        else if (auto real = dyn_cast<FloatAttr>(value))
          attributes[key.c_str()] = real.getValueAsDouble();
        else if (auto text = dyn_cast<StringAttr>(value))
          attributes[key.c_str()] = text.str();
        else {
          std::string printed;
          llvm::raw_string_ostream os(printed);
          value.print(os);
          attributes[key.c_str()] = printed;
        }
      }
      entry["attributes"] = attributes;
      if (op.getNumResults() == 1 && op.hasTrait<OpTrait::ConstantLike>())
        if (auto values = qcc::qcost::getConstantValues(op.getResult(0))) {
          py::array_t<double> array(values->size());
          std::copy(values->begin(), values->end(), array.mutable_data());
          entry["value"] = array;
        }
      ops.append(entry);
    }
    result["arguments"] = arguments;
    result["argument_types"] = argumentTypes;
    result["ops"] = ops;
    return result;
  }

  /// Numpy arrays as `function`'s arguments (codes, or real numbers with
  /// `values`).
  std::vector<qcc::CodeTensor>
  argumentsOf(func::FuncOp function, const py::list &inputs, bool values) {
    std::string name = function.getName().str();
    FunctionType type = function.getFunctionType();
    if (inputs.size() != type.getNumInputs())
      throw QccError("function '" + name + "' takes " +
                     std::to_string(type.getNumInputs()) + " arguments, got " +
                     std::to_string(inputs.size()));
    std::vector<qcc::CodeTensor> arguments;
    for (size_t i = 0; i < inputs.size(); ++i) {
      auto tensorType = dyn_cast<RankedTensorType>(type.getInput(i));
      if (!tensorType)
        throw QccError("argument #" + std::to_string(i) +
                       " is not a ranked tensor");
      py::array array = py::array::ensure(inputs[i], py::array::c_style);
      if (!array)
        throw QccError("input #" + std::to_string(i) + " is not an array");
      qcc::NpyArray npy;
      npy.kind = array.dtype().kind();
      npy.itemSize = array.itemsize();
      if (!llvm::is_contained(llvm::StringRef("biuf"), npy.kind) ||
          !llvm::is_contained({1u, 2u, 4u, 8u}, npy.itemSize))
        throw QccError("input #" + std::to_string(i) +
                       " has unsupported dtype " +
                       std::string(py::str(array.dtype())));
      for (py::ssize_t d = 0; d < array.ndim(); ++d)
        npy.shape.push_back(array.shape(d));
      const char *bytes = static_cast<const char *>(array.data());
      npy.data.assign(bytes, bytes + array.nbytes());
      llvm::Expected<qcc::CodeTensor> tensor = qcc::runtime::tensorFromArray(
          npy, tensorType, values, "input #" + std::to_string(i));
      if (!tensor)
        throw QccError(llvm::toString(tensor.takeError()));
      arguments.push_back(std::move(*tensor));
    }
    return arguments;
  }

  /// Writes a GPU bundle (docs/gpu.md) of `calls`, (function, [arrays])
  /// pairs: one library, the runner, the inputs and the reference results.
  void saveGpuBundle(const std::string &directory, const py::list &calls,
                     const std::string &chip, const std::string &expected,
                     bool tensorCores, const std::vector<std::string> &timed) {
    std::vector<std::pair<std::string, std::vector<qcc::CodeTensor>>> list;
    for (py::handle call : calls) {
      auto pair = call.cast<py::tuple>();
      if (pair.size() != 2)
        throw QccError("save_gpu_bundle takes (function, [arrays]) pairs");
      std::string name = pair[0].cast<std::string>();
      auto function = module->lookupSymbol<func::FuncOp>(name);
      if (!function)
        throw QccError("no function '" + name + "' in the module");
      list.emplace_back(name,
                        argumentsOf(function, pair[1].cast<py::list>(), false));
    }
    DiagnosticCollector diagnostics(context.get());
    qcc::runtime::GpuBundleOptions options;
    options.chip = chip;
    options.tensorCores = tensorCores;
    options.timedOnly = timed;
    using Expected = qcc::runtime::GpuBundleOptions::Expected;
    if (expected == "reference")
      options.expected = Expected::Reference;
    else if (expected == "compiled")
      options.expected = Expected::CompiledCpu;
    else if (expected == "none")
      options.expected = Expected::None;
    else
      throw QccError("expected='" + expected +
                     "' is not reference, compiled or none");
    if (failed(qcc::runtime::writeGpuBundle(*module, list, directory, options)))
      diagnostics.fail("writing the GPU bundle '" + directory + "' failed");
  }

  /// Runs `name` on numpy arrays with the reference evaluator, compiled for
  /// the CPU or a GPU, or as C-simulated HLS C++ (built once per module
  /// state and function); arrays hold codes in
  /// their storage dtype, or real numbers when `values` is set
  /// (qcc/Runtime/TensorIO.h).
  py::list runFunction(const std::string &name, const py::list &inputs,
                       const std::string &mode, bool values,
                       const py::dict &hlsOptions, unsigned threads) {
    if (mode != "reference" && mode != "compiled" && mode != "gpu" &&
        mode != "hls-csim")
      throw QccError("unknown mode '" + mode +
                     "' (expected: reference, compiled, gpu or hls-csim)");
    if (threads < 1)
      throw QccError("threads must be at least 1");
    auto function = module->lookupSymbol<func::FuncOp>(name);
    if (!function)
      throw QccError("no function '" + name + "' in the module");
    std::vector<qcc::CodeTensor> arguments =
        argumentsOf(function, inputs, values);
    DiagnosticCollector diagnostics(context.get());
    FailureOr<std::vector<qcc::CodeTensor>> results;
    if (mode == "reference") {
      results = qcc::reference::evaluate(function, arguments);
    } else if (mode == "hls-csim") {
      qcc::runtime::HlsSimulationOptions options;
      std::string key = name;
      for (auto [k, v] : hlsOptions) {
        std::string option = py::str(k), value = py::str(v);
        key += ";" + option + "=" + value;
        if (option == "io") {
          std::optional<qcc::hls::InterfaceStyle> style =
              qcc::hls::parseInterfaceStyle(value);
          if (!style)
            throw QccError("hls io '" + value + "' is not parallel or stream");
          options.emit.io = *style;
        } else if (option == "strategy") {
          std::optional<qcc::hls::Strategy> strategy =
              qcc::hls::parseStrategy(value);
          if (!strategy)
            throw QccError("hls strategy '" + value +
                           "' is not latency or resource");
          options.emit.strategy = *strategy;
        } else if (option == "reuse_factor") {
          options.emit.reuseFactor = py::cast<unsigned>(v);
          if (options.emit.reuseFactor == 0)
            throw QccError("hls reuse_factor must be at least 1");
        } else if (option == "unroll_limit") {
          options.emit.unrollLimit = py::cast<int64_t>(v);
          if (options.emit.unrollLimit < 1)
            throw QccError("hls unroll_limit must be at least 1");
        } else {
          throw QccError("unknown hls option '" + option +
                         "' (expected: io, strategy, reuse_factor, "
                         "unroll_limit)");
        }
      }
      std::unique_ptr<qcc::runtime::HlsSimulation> &simulation =
          simulations[key];
      if (!simulation) {
        FailureOr<std::unique_ptr<qcc::runtime::HlsSimulation>> built =
            qcc::runtime::HlsSimulation::build(*module, name, options);
        if (failed(built))
          diagnostics.fail("emitting or compiling '" + name +
                           "' as HLS C++ failed");
        simulation = std::move(*built);
      }
      results = simulation->run(arguments, function.getLoc());
    } else {
      bool gpu = mode == "gpu";
      qcc::runtime::CompiledModule *library = compiledFor(
          name, gpu ? qcc::runtime::Device::GPU : qcc::runtime::Device::CPU,
          gpu ? 1 : threads);
      if (!library)
        diagnostics.fail("compiling '" + name + "' failed");
      results = library->run(name, arguments, function.getLoc());
    }
    if (failed(results))
      diagnostics.fail("running '" + name + "' (" + mode + ") failed");
    py::list outputs;
    for (const qcc::CodeTensor &result : *results) {
      qcc::NpyArray npy = qcc::runtime::arrayFromTensor(result, values);
      std::string format = std::string(npy.itemSize == 1 ? "|" : "<") +
                           npy.kind + std::to_string(npy.itemSize);
      py::array array(
          py::dtype(format),
          std::vector<py::ssize_t>(npy.shape.begin(), npy.shape.end()));
      std::memcpy(array.mutable_data(), npy.data.data(), npy.data.size());
      outputs.append(array);
    }
    return outputs;
  }

  std::string str(bool generic, int64_t elideResourcesAbove) {
    std::string text;
    llvm::raw_string_ostream os(text);
    OpPrintingFlags flags;
    if (generic)
      flags.printGenericOpForm();
    if (elideResourcesAbove > 0)
      flags.elideLargeResourceString(elideResourcesAbove);
    module->print(os, flags);
    return text;
  }

private:
  Module() : context(makeContext()) {}
  std::unique_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;
  /// The libraries of one device: the whole module compiled once, or, when
  /// some function of it does not lower, each function alone.
  struct Libraries {
    std::unique_ptr<qcc::runtime::CompiledModule> whole;
    std::map<std::string, std::unique_ptr<qcc::runtime::CompiledModule>>
        functions;
    bool wholeFailed = false;
  };

  /// The library holding `name` for `device` (its errors reach the
  /// caller's diagnostics).
  qcc::runtime::CompiledModule *compiledFor(const std::string &name,
                                            qcc::runtime::Device device,
                                            unsigned threads) {
    Libraries &cache = libraries[{device, threads}];
    if (cache.whole)
      return cache.whole.get();
    auto found = cache.functions.find(name);
    if (found != cache.functions.end())
      return found->second.get();
    qcc::runtime::CompileOptions options;
    options.device = device;
    options.threads = threads;
    if (!cache.wholeFailed) {
      DiagnosticCollector quiet(context.get());
      FailureOr<std::unique_ptr<qcc::runtime::CompiledModule>> built =
          qcc::runtime::CompiledModule::compile(*module, options);
      if (succeeded(built)) {
        cache.whole = std::move(*built);
        return cache.whole.get();
      }
      cache.wholeFailed = true;
    }
    FailureOr<std::unique_ptr<qcc::runtime::CompiledModule>> built =
        qcc::runtime::CompiledModule::compile(*module, options, {name});
    if (failed(built))
      return nullptr;
    return (cache.functions[name] = std::move(*built)).get();
  }

  /// By device and CPU threads.
  std::map<std::pair<qcc::runtime::Device, unsigned>, Libraries> libraries;
  std::map<std::string, std::unique_ptr<qcc::runtime::HlsSimulation>>
      simulations;
};

/// The number format of a type spelling such as "!qcost.fixed<8, 4>", "i8"
/// or "f16".
qcc::NumberFormat parseFormat(MLIRContext &context,
                              const std::string &spelling) {
  DiagnosticCollector diagnostics(&context);
  Type type = parseType(spelling, &context);
  if (!type)
    diagnostics.fail("cannot parse type '" + spelling + "'");
  std::optional<qcc::NumberFormat> format = qcc::qcost::getNumberFormat(type);
  if (!format)
    throw QccError("'" + spelling + "' is not a number format");
  return *format;
}

MLIRContext &formatContext() {
  static std::unique_ptr<MLIRContext> context = makeContext();
  return *context;
}

qcc::Rounding parseRounding(const std::string &name, uint64_t seed) {
  qcc::Rounding rounding;
  if (name == "nearest_even")
    rounding.mode = qcc::RoundingMode::NearestEven;
  else if (name == "toward_zero")
    rounding.mode = qcc::RoundingMode::TowardZero;
  else if (name == "stochastic") {
    rounding.mode = qcc::RoundingMode::Stochastic;
    rounding.seed = seed;
  } else
    throw QccError("unknown rounding '" + name +
                   "'; expected nearest_even, toward_zero or stochastic");
  return rounding;
}

} // namespace

PYBIND11_MODULE(_qcc, m) {
  m.doc() = "qcc's C++ libraries: parse, verify, run passes, cost reports, "
            "number formats";
  qcc::registerQCCPasses();
  py::register_exception<QccError>(m, "QccError", PyExc_RuntimeError);

  py::class_<Module>(m, "Module")
      .def_static("parse", &Module::parse, py::arg("source"),
                  py::arg("name") = "<string>",
                  "Parses (and verifies) MLIR text; raises QccError with the "
                  "located diagnostics")
      .def_static("parse_file", &Module::parseFile, py::arg("path"),
                  "Parses (and verifies) an .mlir file")
      .def("verify", &Module::verify)
      .def("run", &Module::run, py::arg("pipeline"),
           "Runs a pass pipeline in place; returns its warnings")
      .def("cost_report_json", &Module::costReport, py::arg("model"),
           "(JSON text of the cost report, warnings)")
      .def("run_function", &Module::runFunction, py::arg("function"),
           py::arg("inputs"), py::arg("mode") = "reference",
           py::arg("values") = false, py::arg("hls") = py::dict(),
           py::arg("threads") = 1,
           "Runs a function on numpy arrays (reference evaluator, compiled "
           "for the CPU or a GPU, or HLS C++ in C-simulation).")
      .def("save_gpu_bundle", &Module::saveGpuBundle, py::arg("directory"),
           py::arg("calls"), py::arg("chip") = "sm_90",
           py::arg("expected") = "reference", py::arg("tensor_cores") = true,
           py::arg("timed") = std::vector<std::string>(),
           "Writes a GPU bundle: one library of the called functions, "
           "qcc-gpu-runner, the inputs and the reference results.")
      .def("ops", &Module::ops, py::arg("function"),
           "The ops of a function as dicts (name, operand/result ids and "
           "types, attributes, constant values); arguments are ids 0..n-1")
      .def("to_string", &Module::str, py::arg("generic") = false,
           py::arg("elide_resources_above") = 0)
      .def("__str__", [](Module &module) { return module.str(false, 0); });

  m.def(
      "encode",
      [](const std::string &format,
         py::array_t<double, py::array::c_style | py::array::forcecast> values,
         const std::string &rounding, uint64_t seed, bool saturate) {
        qcc::NumberFormat numberFormat = parseFormat(formatContext(), format);
        qcc::Rounding mode = parseRounding(rounding, seed);
        qcc::OverflowMode overflow =
            saturate ? qcc::OverflowMode::Saturate : qcc::OverflowMode::Wrap;
        py::array_t<uint64_t> codes(values.request().shape);
        py::array_t<double> decoded(values.request().shape);
        const double *in = values.data();
        uint64_t *codeOut = codes.mutable_data();
        double *valueOut = decoded.mutable_data();
        for (py::ssize_t i = 0, e = values.size(); i < e; ++i) {
          codeOut[i] = numberFormat.encode(in[i], mode, overflow, i);
          valueOut[i] = numberFormat.decodeToDouble(codeOut[i]);
        }
        return py::make_tuple(codes, decoded);
      },
      py::arg("format"), py::arg("values"),
      py::arg("rounding") = "nearest_even", py::arg("seed") = 0,
      py::arg("saturate") = true,
      "Encodes values into a format: (codes, the exact values they decode "
      "to), with the compiler's own rounding and overflow rules");

  m.def(
      "format_info",
      [](const std::string &format) {
        qcc::NumberFormat numberFormat = parseFormat(formatContext(), format);
        py::dict info;
        info["spelling"] = "!qcost." + numberFormat.str();
        info["bits"] = numberFormat.getBitWidth();
        info["signed"] = numberFormat.isSigned();
        info["largest"] = numberFormat.getLargest().toDouble();
        info["lowest"] = numberFormat.getLowest().toDouble();
        info["smallest_positive"] =
            numberFormat.getSmallestPositive().toDouble();
        return info;
      },
      py::arg("format"), "Width, signedness and range of a number format");
}
