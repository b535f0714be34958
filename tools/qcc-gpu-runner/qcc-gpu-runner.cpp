//===- qcc-gpu-runner.cpp - run a GPU bundle without MLIR
//------------------===//
//
//   qcc-gpu-runner BUNDLE [--repeat=N]
//
// Runs the functions of a bundle that `qcc-run --mode=gpu --save-bundle`
// wrote (docs/gpu.md): it loads the bundle's library (kernels, host code and
// qcc's CUDA runtime, nothing else needed but the NVIDIA driver), gives each
// function the bundle's inputs in device buffers, and compares every result
// byte for byte with the expected one (the reference evaluator's, computed
// where the bundle was made; a result whose file is "-" is only timed, an
// argument whose file is "random" gets pseudo-random bytes). Prints one line
// per function and exits 0 only when every result is identical. With --repeat=N
// each function also runs N more times and the median time of a call (copies
// included) is printed. It links no MLIR and no CUDA itself, so it can be
// copied to a bare machine.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Buffer {
  unsigned bytesPerElement = 0;
  std::vector<int64_t> shape;
  std::string file; // inputs: the data; results: the expected data
  int64_t elements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

struct Function {
  std::string name;
  std::vector<Buffer> arguments, results;
};

struct Runtime {
  const char *(*takeError)();
  int (*deviceCount)();
  void *(*alloc)(uint64_t);
  void (*free)(void *);
  void (*toDevice)(void *, const void *, uint64_t);
  void (*toHost)(void *, const void *, uint64_t);
};

bool readFile(const std::string &path, std::vector<char> &data) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  data.assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

std::vector<int64_t> descriptor(void *data, const std::vector<int64_t> &shape) {
  std::vector<int64_t> fields = {reinterpret_cast<int64_t>(data),
                                 reinterpret_cast<int64_t>(data), 0};
  fields.insert(fields.end(), shape.begin(), shape.end());
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  fields.insert(fields.end(), strides.begin(), strides.end());
  return fields;
}

int fail(const std::string &message) {
  std::fprintf(stderr, "qcc-gpu-runner: error: %s\n", message.c_str());
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return fail("usage: qcc-gpu-runner BUNDLE [--repeat=N]");
  std::string bundle = argv[1];
  int repeat = 0;
  for (int i = 2; i < argc; ++i) {
    if (std::strncmp(argv[i], "--repeat=", 9) == 0)
      repeat = std::atoi(argv[i] + 9);
    else
      return fail(std::string("unknown option '") + argv[i] + "'");
  }

  std::ifstream manifest(bundle + "/manifest.txt");
  if (!manifest)
    return fail("no " + bundle + "/manifest.txt");
  std::string library;
  std::vector<Function> functions;
  for (std::string line; std::getline(manifest, line);) {
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    if (kind == "library") {
      words >> library;
    } else if (kind == "function") {
      functions.emplace_back();
      words >> functions.back().name;
    } else if (kind == "argument" || kind == "result") {
      if (functions.empty())
        return fail("manifest: '" + kind + "' before any function");
      Buffer buffer;
      size_t rank = 0;
      words >> buffer.bytesPerElement >> rank;
      buffer.shape.resize(rank);
      for (int64_t &d : buffer.shape)
        words >> d;
      words >> buffer.file;
      (kind == "argument" ? functions.back().arguments
                          : functions.back().results)
          .push_back(buffer);
    } else if (!kind.empty() && kind[0] != '#') {
      return fail("manifest: unknown line '" + line + "'");
    }
  }

  void *handle = dlopen((bundle + "/" + library).c_str(), RTLD_NOW);
  if (!handle)
    return fail(std::string("cannot load the library: ") + dlerror());
  Runtime rt;
  void **slots[] = {reinterpret_cast<void **>(&rt.takeError),
                    reinterpret_cast<void **>(&rt.deviceCount),
                    reinterpret_cast<void **>(&rt.alloc),
                    reinterpret_cast<void **>(&rt.free),
                    reinterpret_cast<void **>(&rt.toDevice),
                    reinterpret_cast<void **>(&rt.toHost)};
  const char *names[] = {"qcc_gpu_take_error",     "qcc_gpu_device_count",
                         "qcc_gpu_alloc",          "qcc_gpu_free",
                         "qcc_gpu_copy_to_device", "qcc_gpu_copy_to_host"};
  for (int i = 0; i < 6; ++i)
    if (!(*slots[i] = dlsym(handle, names[i])))
      return fail(std::string("the library lacks ") + names[i]);
  if (rt.deviceCount() <= 0) {
    const char *reason = rt.takeError();
    return fail(std::string("no CUDA device") +
                (reason ? std::string(" (") + reason + ")" : ""));
  }
  if (const char *error = rt.takeError())
    return fail(error);

  int differing = 0;
  for (const Function &function : functions) {
    auto packed = reinterpret_cast<void (*)(void **)>(
        dlsym(handle, ("qcc_packed_" + function.name).c_str()));
    if (!packed)
      return fail("the library lacks qcc_packed_" + function.name);
    std::vector<Buffer> buffers = function.arguments;
    buffers.insert(buffers.end(), function.results.begin(),
                   function.results.end());
    std::vector<void *> device;
    std::vector<std::vector<int64_t>> descriptors;
    std::vector<void *> arguments;
    for (size_t i = 0; i < buffers.size(); ++i) {
      uint64_t bytes = buffers[i].elements() * buffers[i].bytesPerElement;
      device.push_back(rt.alloc(bytes));
      if (i < function.arguments.size()) {
        std::vector<char> data;
        if (buffers[i].file == "random") {
          // Timed-only inputs: xorshift bytes, the same on every run.
          data.resize(bytes);
          uint64_t state = 0x9E3779B97F4A7C15ull + i;
          for (char &c : data) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            c = char(state);
          }
        } else if (!readFile(bundle + "/" + buffers[i].file, data) ||
                   data.size() != bytes)
          return fail("input '" + buffers[i].file + "' is missing or not " +
                      std::to_string(bytes) + " bytes");
        rt.toDevice(device.back(), data.data(), bytes);
      }
      descriptors.push_back(descriptor(device.back(), buffers[i].shape));
    }
    for (auto &d : descriptors)
      arguments.push_back(d.data());

    std::vector<double> times;
    for (int run = 0; run <= repeat; ++run) {
      auto start = std::chrono::steady_clock::now();
      packed(arguments.data());
      // The entry point synchronizes its stream before it returns.
      auto stop = std::chrono::steady_clock::now();
      if (run > 0 || repeat == 0)
        times.push_back(
            std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::string line = function.name + ": ";
    bool same = true;
    for (size_t r = 0; r < function.results.size(); ++r) {
      const Buffer &result = function.results[r];
      uint64_t bytes = result.elements() * result.bytesPerElement;
      std::vector<char> got(bytes), want;
      rt.toHost(got.data(), device[function.arguments.size() + r], bytes);
      if (result.file == "-")
        continue; // timed only
      if (!readFile(bundle + "/" + result.file, want) || want.size() != bytes)
        return fail("expected result '" + result.file + "' is missing");
      int64_t wrong = 0;
      for (int64_t e = 0; e < result.elements(); ++e)
        wrong += std::memcmp(got.data() + e * result.bytesPerElement,
                             want.data() + e * result.bytesPerElement,
                             result.bytesPerElement) != 0;
      if (wrong) {
        same = false;
        line += "result #" + std::to_string(r) + " DIFFERENT in " +
                std::to_string(wrong) + " of " +
                std::to_string(result.elements()) + " elements; ";
      }
    }
    if (const char *error = rt.takeError()) {
      same = false;
      line += std::string("GPU error: ") + error + "; ";
    }
    bool checked = false;
    for (const Buffer &result : function.results)
      checked |= result.file != "-";
    if (same)
      line += checked ? "identical" : "not checked";
    std::sort(times.begin(), times.end());
    if (repeat > 0)
      line += ", median " + std::to_string(times[times.size() / 2]) + " ms";
    std::printf("%s\n", line.c_str());
    differing += !same;
    for (void *buffer : device)
      rt.free(buffer);
  }
  std::printf("%zu functions, %d identical, %d different\n", functions.size(),
              int(functions.size()) - differing, differing);
  return differing ? 1 : 0;
}
