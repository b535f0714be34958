//===- CpuKernelsBench.cpp - qcc's int8 kernels against oneDNN ------------===//
//
// Times one contraction compiled by qcc (a shared library from
// `qcc-run --mode=compiled --save-library`, called through its packed entry
// point) and the same contraction in oneDNN (s8 x s8 -> s32, weights
// reordered to oneDNN's preferred layout once, as qcc packs them at compile
// time), in interleaved rounds in this process, on the same input; checks
// that the two outputs are identical and prints medians, GOPS and the ratio.
// bench/cpu_kernels.py writes the modules and the weights and runs it.
//
//   qcc-kernel-bench LIBRARY FUNCTION WEIGHTS.bin gemm M K N
//   qcc-kernel-bench LIBRARY FUNCTION WEIGHTS.bin conv N H W C F KH KW STRIDE
//       PAD GROUPS
//
// WEIGHTS.bin: the s8 weights as qcc's module holds them (gemm: K x N;
// conv: KH x KW x C/GROUPS x F). Environment: QCC_BENCH_ROUNDS (default 15),
// QCC_BENCH_SECONDS (the time each side runs per round, default 0.05).
//
//===----------------------------------------------------------------------===//

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

/// An MLIR memref descriptor of rank R (what the C interface takes).
template <int R> struct Descriptor {
  void *allocated, *aligned;
  int64_t offset, sizes[R], strides[R];
};

template <int R>
Descriptor<R> describe(void *data, const std::vector<int64_t> &shape) {
  Descriptor<R> d{data, data, 0, {}, {}};
  int64_t stride = 1;
  for (int i = R - 1; i >= 0; --i) {
    d.sizes[i] = shape[i];
    d.strides[i] = stride;
    stride *= shape[i];
  }
  return d;
}

double seconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Seconds per call of `call`, run for at least `budget` seconds.
double timeCalls(const std::function<void()> &call, double budget) {
  call();
  int64_t calls = 0;
  double start = seconds(), now = start;
  do {
    call();
    ++calls;
    now = seconds();
  } while (now - start < budget);
  return (now - start) / calls;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "qcc-kernel-bench: %s\n", message.c_str());
  std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 6)
    fail("usage: LIBRARY FUNCTION WEIGHTS.bin gemm M K N | conv N H W C F KH "
         "KW STRIDE PAD GROUPS");
  std::string libraryPath = argv[1], function = argv[2], weightsPath = argv[3],
              kind = argv[4];
  std::vector<int64_t> n;
  for (int i = 5; i < argc; ++i)
    n.push_back(std::atoll(argv[i]));
  bool gemm = kind == "gemm";
  if ((gemm && n.size() != 3) || (!gemm && (kind != "conv" || n.size() != 10)))
    fail("bad shape arguments for '" + kind + "'");
  int rounds = std::getenv("QCC_BENCH_ROUNDS")
                   ? std::atoi(std::getenv("QCC_BENCH_ROUNDS"))
                   : 15;
  double budget = std::getenv("QCC_BENCH_SECONDS")
                      ? std::atof(std::getenv("QCC_BENCH_SECONDS"))
                      : 0.05;

  void *library = dlopen(libraryPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    fail(dlerror());
  auto entry = reinterpret_cast<void (*)(void **)>(
      dlsym(library, ("qcc_packed_" + function).c_str()));
  if (!entry)
    fail("no qcc_packed_" + function + " in " + libraryPath);

  using namespace dnnl;
  using tag = memory::format_tag;
  using dt = memory::data_type;
  engine cpu(engine::kind::cpu, 0);
  stream s(cpu);

  std::vector<int64_t> inShape, outShape;
  memory::desc srcMd, weightsMd, dstMd, userWeightsMd;
  primitive compute;
  primitive_desc_base *pd = nullptr;
  matmul::primitive_desc matmulPd;
  convolution_forward::primitive_desc convPd;
  double ops;
  if (gemm) {
    int64_t m = n[0], k = n[1], cols = n[2];
    inShape = {m, k};
    outShape = {m, cols};
    srcMd = memory::desc({m, k}, dt::s8, tag::ab);
    userWeightsMd = memory::desc({k, cols}, dt::s8, tag::ab);
    dstMd = memory::desc({m, cols}, dt::s32, tag::ab);
    // oneDNN 2.x: an op descriptor, then the primitive descriptor.
    matmulPd = matmul::primitive_desc(
        matmul::desc(srcMd, memory::desc({k, cols}, dt::s8, tag::any), dstMd),
        cpu);
    weightsMd = matmulPd.weights_desc();
    compute = matmul(matmulPd);
    pd = &matmulPd;
    ops = 2.0 * m * k * cols;
  } else {
    int64_t batch = n[0], h = n[1], w = n[2], c = n[3], f = n[4], kh = n[5],
            kw = n[6], stride = n[7], pad = n[8], groups = n[9];
    int64_t oh = (h + 2 * pad - kh) / stride + 1;
    int64_t ow = (w + 2 * pad - kw) / stride + 1;
    inShape = {batch, h, w, c};
    outShape = {batch, oh, ow, f};
    srcMd = memory::desc({batch, c, h, w}, dt::s8, tag::nhwc);
    dstMd = memory::desc({batch, f, oh, ow}, dt::s32, tag::nhwc);
    memory::dims weightDims =
        groups == 1 ? memory::dims{f, c, kh, kw}
                    : memory::dims{groups, f / groups, c / groups, kh, kw};
    userWeightsMd =
        memory::desc(weightDims, dt::s8, groups == 1 ? tag::hwio : tag::hwigo);
    convPd = convolution_forward::primitive_desc(
        convolution_forward::desc(
            prop_kind::forward_inference, algorithm::convolution_direct, srcMd,
            memory::desc(weightDims, dt::s8, tag::any), dstMd, {stride, stride},
            {pad, pad}, {pad, pad}),
        cpu);
    weightsMd = convPd.weights_desc();
    compute = convolution_forward(convPd);
    pd = &convPd;
    ops = 2.0 * batch * oh * ow * f * kh * kw * (c / groups);
  }
  (void)pd;

  int64_t inElements = 1, outElements = 1;
  for (int64_t d : inShape)
    inElements *= d;
  for (int64_t d : outShape)
    outElements *= d;
  std::vector<int8_t> input(inElements);
  std::mt19937 random(7);
  for (int8_t &x : input)
    x = static_cast<int8_t>(int(random() % 256) - 128);
  std::vector<int8_t> weights(userWeightsMd.get_size());
  {
    std::ifstream file(weightsPath, std::ios::binary);
    if (!file.read(reinterpret_cast<char *>(weights.data()), weights.size()))
      fail("cannot read " + std::to_string(weights.size()) + " bytes from " +
           weightsPath);
  }
  std::vector<int32_t> qccOut(outElements), dnnlOut(outElements);

  memory src(srcMd, cpu, input.data()), dst(dstMd, cpu, dnnlOut.data());
  memory userWeights(userWeightsMd, cpu, weights.data());
  memory packedWeights(weightsMd, cpu);
  reorder(userWeights, packedWeights).execute(s, userWeights, packedWeights);
  s.wait();
  auto runDnnl = [&] {
    compute.execute(s, {{DNNL_ARG_SRC, src},
                        {DNNL_ARG_WEIGHTS, packedWeights},
                        {DNNL_ARG_DST, dst}});
    s.wait();
  };

  Descriptor<4> in4{}, out4{};
  Descriptor<2> in2{}, out2{};
  void *args[2];
  if (gemm) {
    in2 = describe<2>(input.data(), inShape);
    out2 = describe<2>(qccOut.data(), outShape);
    args[0] = &in2;
    args[1] = &out2;
  } else {
    in4 = describe<4>(input.data(), inShape);
    out4 = describe<4>(qccOut.data(), outShape);
    args[0] = &in4;
    args[1] = &out4;
  }
  auto runQcc = [&] { entry(args); };

  runQcc();
  runDnnl();
  bool identical = qccOut == dnnlOut;
  std::vector<double> qccTimes, dnnlTimes;
  for (int r = 0; r < rounds; ++r) {
    qccTimes.push_back(timeCalls(runQcc, budget));
    dnnlTimes.push_back(timeCalls(runDnnl, budget));
  }
  double q = median(qccTimes), d = median(dnnlTimes);
  std::printf("%-28s qcc %9.3f ms %7.1f GOPS | oneDNN %9.3f ms %7.1f GOPS | "
              "qcc/oneDNN speed %.2fx | outputs %s\n",
              function.c_str(), q * 1e3, ops / q * 1e-9, d * 1e3,
              ops / d * 1e-9, d / q, identical ? "identical" : "DIFFERENT");
  return identical ? 0 : 1;
}
