//===- CompiledModule.cpp - qcost functions compiled ahead of time --------===//

#include "qcc/Runtime/CompiledModule.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"
#include "qcc/Pipelines/LowerToLLVM.h"
#include "qcc/Pipelines/LowerToNVVM.h"
#include "qcc/Runtime/LibraryCache.h"
#include "qcc/Runtime/TensorIO.h"
#include "qcc/Target/Ptx/Ptx.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>

using namespace mlir;
using namespace qcc;
using namespace qcc::runtime;

namespace {

/// How one element is stored in memory: the exchange layout of
/// qcc/Runtime/TensorIO.h, which is also the lowering's storage layout
/// (bytes per element, sign-extended for signed fixed point).
struct ElementStorage {
  unsigned bytes = 0;
  unsigned codeBits = 0;
  bool signExtend = false;
};

std::optional<ElementStorage> storageOf(Type element) {
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format || element.isF64())
    return std::nullopt;
  auto [kind, bytes] = runtime::getStorageDtype(element);
  return ElementStorage{bytes, format->getBitWidth(), kind == 'i'};
}

/// A memref descriptor of rank r: allocated and aligned pointers, offset,
/// sizes, strides (row-major, contiguous).
std::vector<int64_t> descriptor(void *data, ArrayRef<int64_t> shape) {
  std::vector<int64_t> fields = {reinterpret_cast<int64_t>(data),
                                 reinterpret_cast<int64_t>(data), 0};
  fields.insert(fields.end(), shape.begin(), shape.end());
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  fields.insert(fields.end(), strides.begin(), strides.end());
  return fields;
}

} // namespace

std::vector<uint8_t> qcc::runtime::storageBytes(const CodeTensor &tensor) {
  std::optional<ElementStorage> storage =
      storageOf(tensor.type.getElementType());
  if (!storage)
    return {};
  std::vector<uint8_t> bytes(tensor.codes.size() * storage->bytes);
  for (size_t i = 0; i < tensor.codes.size(); ++i) {
    uint64_t code = tensor.codes[i];
    if (storage->signExtend && storage->codeBits < 64 &&
        (code >> (storage->codeBits - 1)) & 1)
      code |= ~uint64_t(0) << storage->codeBits;
    std::memcpy(bytes.data() + i * storage->bytes, &code, storage->bytes);
  }
  return bytes;
}

unsigned qcc::runtime::storageElementBytes(Type element) {
  std::optional<ElementStorage> storage = storageOf(element);
  return storage ? storage->bytes : 0;
}

/// The functions in `roots` and every function they call, transitively.
static llvm::StringSet<> reachable(ModuleOp module,
                                   ArrayRef<std::string> roots) {
  llvm::StringSet<> kept;
  SmallVector<std::string> worklist(roots.begin(), roots.end());
  while (!worklist.empty()) {
    std::string name = worklist.pop_back_val();
    if (!kept.insert(name).second)
      continue;
    if (auto function = module.lookupSymbol<func::FuncOp>(name))
      function.walk([&](func::CallOp call) {
        worklist.push_back(call.getCallee().str());
      });
  }
  return kept;
}

namespace {

/// What clang builds a library from and into.
struct BuildFiles {
  StringRef clang;
  ArrayRef<StringRef> arguments, linked;
  StringRef bitcode, library, log;
};

/// Adds what clang builds with to a cache key: clang itself, its flags and
/// the archives linked in.
void hashToolchain(llvm::SHA256 &hasher, const BuildFiles &files,
                   const CompileOptions &options) {
  LibraryCache::hashFile(hasher, files.clang);
  for (const std::string &flag : options.flags)
    hasher.update(flag + "\n");
  for (StringRef file : files.linked)
    LibraryCache::hashFile(hasher, file);
}

/// Lowers `lowered` (a clone of `module` holding the selected functions)
/// with the CPU or GPU pipeline, translates it to LLVM IR and builds the
/// shared library with clang, unless the cache has a library of the same
/// bitcode (then `fromCache`).
LogicalResult lowerAndBuild(ModuleOp module, ModuleOp lowered,
                            const CompileOptions &options,
                            const BuildFiles &files,
                            const std::optional<LibraryCache> &cache,
                            bool &fromCache) {
  bool gpu = options.device == Device::GPU;
  if (gpu && !options.ptxPath.empty()) {
    std::error_code error;
    llvm::raw_fd_ostream os(options.ptxPath, error);
    if (error)
      return emitError(module.getLoc(), "cannot write '")
             << options.ptxPath << "': " << error.message();
    if (failed(ptx::translateToPtx(lowered, options.gpuChip, "+ptx80", os,
                                   options.gpuTensorCores)))
      return failure();
  }
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  if (gpu) {
    QCostToNVVMOptions nvvm;
    nvvm.chip = options.gpuChip;
    nvvm.format = options.gpuEmbedPtx ? "fatbin" : "bin";
    nvvm.tensorCores = options.gpuTensorCores;
    buildQCostToNVVMPipeline(pm, nvvm);
  } else {
    QCostToLLVMOptions cpu;
    cpu.int8Kernels = options.int8Kernels;
    cpu.threads = options.threads;
    buildQCostToLLVMPipeline(pm, cpu);
  }
  if (failed(pm.run(lowered)))
    return failure();

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(lowered, llvmContext, "qcc");
  if (!llvmModule)
    return emitError(module.getLoc(), "translation to LLVM IR failed");
  if (!options.llvmIRPath.empty()) {
    std::error_code error;
    llvm::raw_fd_ostream os(options.llvmIRPath, error);
    if (error)
      return emitError(module.getLoc(), "cannot write '")
             << options.llvmIRPath << "': " << error.message();
    llvmModule->print(os, nullptr);
  }

  SmallVector<char, 0> bitcodeBytes;
  {
    llvm::raw_svector_ostream os(bitcodeBytes);
    llvm::WriteBitcodeToFile(*llvmModule, os);
  }
  // Then by the bitcode: the same bitcode, clang, flags and runtime give
  // the same library, so a hit skips clang. Each CompiledModule loads its
  // own copy (with its own globals).
  std::string bitcodeEntry;
  if (cache) {
    bitcodeEntry = cache->entry([&](llvm::SHA256 &hasher) {
      hasher.update(ArrayRef<uint8_t>(
          reinterpret_cast<const uint8_t *>(bitcodeBytes.data()),
          bitcodeBytes.size()));
      hashToolchain(hasher, files, options);
    });
    fromCache = cache->fetch(bitcodeEntry, files.library);
  }
  if (!fromCache) {
    {
      std::error_code error;
      llvm::raw_fd_ostream os(files.bitcode, error);
      if (error)
        return emitError(module.getLoc(), "cannot write '")
               << files.bitcode << "': " << error.message();
      os << StringRef(bitcodeBytes.data(), bitcodeBytes.size());
    }
    std::string message;
    std::optional<StringRef> redirects[] = {std::nullopt, StringRef(files.log),
                                            StringRef(files.log)};
    int status = llvm::sys::ExecuteAndWait(
        files.clang, files.arguments, std::nullopt, redirects, 0, 0, &message);
    if (status != 0) {
      auto output = llvm::MemoryBuffer::getFile(files.log);
      return emitError(module.getLoc(), "building the shared library with '")
             << files.clang << "' failed"
             << (message.empty() ? "" : ": " + message)
             << (output ? ":\n" + (*output)->getBuffer().str() : "");
    }
    if (cache)
      cache->store(files.library, bitcodeEntry);
  }
  return success();
}

} // namespace

FailureOr<std::unique_ptr<CompiledModule>>
CompiledModule::compile(ModuleOp module, const CompileOptions &options,
                        ArrayRef<std::string> functions) {
  MLIRContext *context = module.getContext();
  bool gpu = options.device == Device::GPU;
  DialectRegistry registry;
  registerQCostToLLVMDependencies(registry);
  if (gpu)
    registerQCostToNVVMDependencies(registry);
  context->appendDialectRegistry(registry);
  if (gpu && StringRef(QCC_CUDA_RUNTIME_LIB).empty())
    return emitError(module.getLoc(),
                     "qcc was built without the CUDA toolkit (QCC_CUDA_DIR): "
                     "it cannot build GPU libraries");

  std::unique_ptr<CompiledModule> compiled(new CompiledModule());
  compiled->device = options.device;
  llvm::StringSet<> kept = reachable(module, functions);
  auto selected = [&](func::FuncOp function) {
    return functions.empty() || kept.contains(function.getName());
  };
  for (auto function : module.getOps<func::FuncOp>()) {
    if (!function.isPublic() || function.isExternal() || !selected(function))
      continue;
    for (Type type :
         llvm::concat<const Type>(function.getFunctionType().getInputs(),
                                  function.getFunctionType().getResults())) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape() ||
          !storageOf(tensor.getElementType()))
        return function.emitError("compiled functions take and return "
                                  "statically shaped tensors of formats; got ")
               << type;
    }
    compiled->entries[function.getName()] =
        Entry{function.getFunctionType(), nullptr};
  }

  OwningOpRef<ModuleOp> lowered = module.clone();
  for (auto function :
       llvm::make_early_inc_range(lowered->getOps<func::FuncOp>()))
    if (!selected(function))
      function.erase();
  // A library is built in a private temporary directory.
  SmallString<128> directory;
  if (std::error_code error =
          llvm::sys::fs::createUniqueDirectory("qcc-compiled", directory))
    return emitError(module.getLoc(), "cannot create a temporary directory: ")
           << error.message();
  auto path = [&](StringRef name) {
    SmallString<128> file(directory);
    llvm::sys::path::append(file, name);
    return std::string(file);
  };
  std::string bitcode = path("module.bc"), library = path("module.so"),
              log = path("clang.log");
  llvm::scope_exit cleanup([&] {
    for (const std::string &file : {bitcode, library, log})
      llvm::sys::fs::remove(file);
    llvm::sys::fs::remove(directory);
  });
  std::string clang = options.clang;
  if (clang.empty())
    clang = getenv("QCC_CLANG") ? getenv("QCC_CLANG") : QCC_CLANG_PATH;
  SmallVector<StringRef> arguments = {clang};
  for (const std::string &flag : options.flags)
    arguments.push_back(flag);
  arguments.append(
      {"-shared", "-fPIC", "-Wno-override-module", bitcode, "-o", library});
  // The OpenMP runtime the threaded loops call (libomp, by rpath).
  if (!gpu && options.threads > 1)
    arguments.append({"-fopenmp", "-Wl,-rpath," QCC_LLVM_LIBRARY_DIR});
  // GPU libraries carry the host runtime and the static CUDA runtime.
  SmallVector<StringRef> linked;
  if (gpu)
    linked = {QCC_CUDA_RUNTIME_LIB, QCC_CUDART_STATIC};
  llvm::append_range(arguments, linked);
  if (gpu)
    arguments.append({"-lstdc++", "-lrt", "-ldl", "-lpthread"});

  // The cache (docs/running.md), first by the module as given: the same
  // functions, options and compiler give the same library, so a hit skips
  // the lowering too. (Not when the PTX or the LLVM IR is asked for.)
  BuildFiles files{clang, arguments, linked, bitcode, library, log};
  std::optional<LibraryCache> cache =
      LibraryCache::open(options.cacheDirectory);
  std::string moduleEntry;
  if (cache && options.ptxPath.empty() && options.llvmIRPath.empty()) {
    // Bytecode, which, unlike the printer under --mlir-elide-* options,
    // always holds every constant.
    std::string text;
    {
      llvm::raw_string_ostream os(text);
      if (failed(writeBytecodeToFile(*lowered, os)))
        text.clear();
    }
    moduleEntry = cache->entry([&](llvm::SHA256 &hasher) {
      hasher.update(StringRef("module\0", 7));
      hasher.update(text);
      bool vnni = usesVnniKernels(options.int8Kernels);
      hasher.update(std::string(gpu ? "gpu " : "cpu ") + (vnni ? "vnni " : "") +
                    "threads " + std::to_string(options.threads) + " " +
                    options.gpuChip +
                    (options.gpuTensorCores ? " tensor-cores" : "") +
                    (options.gpuEmbedPtx ? " ptx" : "") + "\n");
      LibraryCache::hashBinaryOf(hasher,
                                 reinterpret_cast<const void *>(&reachable));
      LibraryCache::hashBinaryOf(
          hasher, reinterpret_cast<const void *>(&translateModuleToLLVMIR));
      hashToolchain(hasher, files, options);
    });
    compiled->cacheHit = !text.empty() && cache->fetch(moduleEntry, library);
    if (text.empty())
      moduleEntry.clear();
  }
  if (!compiled->cacheHit) {
    if (failed(lowerAndBuild(module, *lowered, options, files, cache,
                             compiled->cacheHit)))
      return failure();
    if (cache && !moduleEntry.empty())
      cache->store(library, moduleEntry);
  }
  if (!options.libraryPath.empty())
    if (std::error_code error =
            llvm::sys::fs::copy_file(library, options.libraryPath))
      return emitError(module.getLoc(), "cannot write '")
             << options.libraryPath << "': " << error.message();

  if (!options.load)
    return compiled;
  compiled->handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!compiled->handle)
    return emitError(module.getLoc(), "cannot load the compiled library: ")
           << dlerror();
  for (auto &entry : compiled->entries) {
    std::string symbol = ("qcc_packed_" + entry.getKey()).str();
    entry.getValue().packed = reinterpret_cast<void (*)(void **)>(
        dlsym(compiled->handle, symbol.c_str()));
    if (!entry.getValue().packed)
      return emitError(module.getLoc(), "the compiled library lacks '")
             << symbol << "'";
  }
  if (gpu) {
    GpuRuntime &runtime = compiled->gpu;
    void *handle = compiled->handle;
    auto bind = [&](auto &slot, const char *name) {
      slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(
          dlsym(handle, name));
      return slot != nullptr;
    };
    if (!bind(runtime.takeError, "qcc_gpu_take_error") ||
        !bind(runtime.deviceCount, "qcc_gpu_device_count") ||
        !bind(runtime.alloc, "qcc_gpu_alloc") ||
        !bind(runtime.free, "qcc_gpu_free") ||
        !bind(runtime.toDevice, "qcc_gpu_copy_to_device") ||
        !bind(runtime.toHost, "qcc_gpu_copy_to_host"))
      return emitError(module.getLoc(),
                       "the GPU library lacks qcc's GPU runtime");
    // Loading the library loaded the kernels (a constructor); without a
    // device that failed, which run() reports.
    if (const char *error = runtime.takeError())
      compiled->gpuLoadError = error;
  }
  return compiled;
}

CompiledModule::~CompiledModule() {
  for (auto &function : deviceBuffers)
    for (void *buffer : function.second)
      gpu.free(buffer);
  if (handle)
    dlclose(handle);
}

FailureOr<std::vector<CodeTensor>>
CompiledModule::run(StringRef function, ArrayRef<CodeTensor> inputs,
                    Location loc) {
  auto found = entries.find(function);
  if (found == entries.end())
    return emitError(loc) << "no compiled function '" << function << "'";
  const Entry &entry = found->getValue();
  if (!handle)
    return emitError(loc) << "the library was built without loading it";
  std::lock_guard<std::mutex> oneAtATime(calls);
  FunctionType type = entry.type;
  bool onGpu = device == Device::GPU;
  if (onGpu) {
    if (gpu.deviceCount() <= 0) {
      const char *reason = gpu.takeError();
      return emitError(loc)
             << "no CUDA device to run '" << function << "' on"
             << (reason ? std::string(" (") + reason + ")" : std::string());
    }
    if (!gpuLoadError.empty())
      return emitError(loc) << gpuLoadError;
  }
  if (inputs.size() != type.getNumInputs())
    return emitError(loc) << "function '" << function << "' takes "
                          << type.getNumInputs() << " arguments, got "
                          << inputs.size();

  // One buffer and descriptor per argument, then per result.
  SmallVector<Type> types(type.getInputs());
  types.append(type.getResults().begin(), type.getResults().end());
  std::vector<std::vector<uint64_t>> buffers(types.size());
  std::vector<std::vector<int64_t>> descriptors(types.size());
  std::vector<void *> arguments(types.size());
  // GPU: a device buffer per argument and result, allocated by the first
  // run and reused by the next ones.
  const char *gpuError = nullptr;
  std::vector<void *> *device = nullptr;
  if (onGpu) {
    device = &deviceBuffers[function];
    if (device->empty())
      for (Type type : types) {
        auto tensor = cast<RankedTensorType>(type);
        device->push_back(gpu.alloc(tensor.getNumElements() *
                                    storageOf(tensor.getElementType())->bytes));
      }
    if (llvm::is_contained(*device, nullptr)) {
      // An allocation failed: drop them all, to try again next time.
      for (void *buffer : *device)
        gpu.free(buffer);
      device->clear();
      const char *reason = gpu.takeError();
      return emitError(loc)
             << "'" << function << "' on the GPU: "
             << (reason ? reason : "cannot allocate its device buffers");
    }
  }
  for (auto [index, type] : llvm::enumerate(types)) {
    auto tensor = cast<RankedTensorType>(type);
    ElementStorage storage = *storageOf(tensor.getElementType());
    int64_t count = tensor.getNumElements();
    std::vector<uint64_t> &buffer = buffers[index];
    buffer.assign((count * storage.bytes + 7) / 8 + 1, 0);
    auto *bytes = reinterpret_cast<uint8_t *>(buffer.data());
    if (index < inputs.size()) {
      const CodeTensor &input = inputs[index];
      if (input.type.getShape() != tensor.getShape() ||
          static_cast<int64_t>(input.codes.size()) != count)
        return emitError(loc) << "argument #" << index << " has type "
                              << input.type << ", expected " << tensor;
      std::vector<uint8_t> codes = storageBytes(input);
      std::memcpy(bytes, codes.data(), codes.size());
    }
    void *data = bytes;
    if (onGpu) {
      data = (*device)[index];
      if (index < inputs.size())
        gpu.toDevice(data, bytes, count * storage.bytes);
    }
    descriptors[index] = descriptor(data, tensor.getShape());
    arguments[index] = descriptors[index].data();
  }
  if (!onGpu || !(gpuError = gpu.takeError()))
    entry.packed(arguments.data());
  if (onGpu) {
    for (size_t index = inputs.size(); index < types.size(); ++index) {
      auto tensor = cast<RankedTensorType>(types[index]);
      ElementStorage storage = *storageOf(tensor.getElementType());
      gpu.toHost(buffers[index].data(), (*device)[index],
                 tensor.getNumElements() * storage.bytes);
    }
    if (!gpuError)
      gpuError = gpu.takeError();
    if (gpuError)
      return emitError(loc) << "'" << function << "' on the GPU: " << gpuError;
  }

  std::vector<CodeTensor> results;
  for (size_t index = inputs.size(); index < types.size(); ++index) {
    auto tensor = cast<RankedTensorType>(types[index]);
    ElementStorage storage = *storageOf(tensor.getElementType());
    auto *bytes = reinterpret_cast<const uint8_t *>(buffers[index].data());
    uint64_t mask = storage.codeBits == 64
                        ? ~uint64_t(0)
                        : (uint64_t(1) << storage.codeBits) - 1;
    CodeTensor result{tensor, {}};
    result.codes.resize(tensor.getNumElements());
    for (int64_t i = 0, e = tensor.getNumElements(); i < e; ++i) {
      uint64_t code = 0;
      std::memcpy(&code, bytes + i * storage.bytes, storage.bytes);
      result.codes[i] = code & mask;
    }
    results.push_back(std::move(result));
  }
  return results;
}
