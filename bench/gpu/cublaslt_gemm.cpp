//===- cublaslt_gemm.cpp - the cuBLASLt int8 GEMM anchor ------------------===//
//
//   cublaslt-gemm [--library=PATH] [--repeat=N] SIZE...
//
// Times cuBLASLt's s8 x s8 -> s32 GEMM (cublasLtMatmul, CUBLAS_COMPUTE_32I)
// at SIZE^3 for each SIZE, in the layout its integer tensor-core kernels
// take (A transposed, "TN": both operands contiguous along K), and prints
// one line per size: `cublaslt 4096^3: median 0.123 ms, 1117.4 TOPS`. The
// median is over N timed calls (CUDA events) after one warm-up call, the
// best algorithm of cublasLtMatmulAlgoGetHeuristic with a 32 MiB workspace.
//
// Built by bench/gpu/prepare.py against the CUDA toolkit's headers and
// libcudart_static; libcublasLt is opened at run time (--library, else
// $QCC_CUBLASLT, else the loader's search for libcublasLt.so.13 and .so.12),
// so the binary runs with whichever cuBLASLt the GPU machine has.
//
//===----------------------------------------------------------------------===//

#include <cublasLt.h>
#include <cuda_runtime_api.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <vector>

namespace {

struct CublasLt {
  decltype(&cublasLtCreate) create;
  decltype(&cublasLtMatmulDescCreate) descCreate;
  decltype(&cublasLtMatmulDescSetAttribute) descSetAttribute;
  decltype(&cublasLtMatrixLayoutCreate) layoutCreate;
  decltype(&cublasLtMatmulPreferenceCreate) preferenceCreate;
  decltype(&cublasLtMatmulPreferenceSetAttribute) preferenceSetAttribute;
  decltype(&cublasLtMatmulAlgoGetHeuristic) heuristic;
  decltype(&cublasLtMatmul) matmul;
};

bool open(const std::string &path, CublasLt &lt) {
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return false;
  auto bind = [&](auto &pointer, const char *name) {
    pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(
        dlsym(library, name));
    return pointer != nullptr;
  };
  return bind(lt.create, "cublasLtCreate") &&
         bind(lt.descCreate, "cublasLtMatmulDescCreate") &&
         bind(lt.descSetAttribute, "cublasLtMatmulDescSetAttribute") &&
         bind(lt.layoutCreate, "cublasLtMatrixLayoutCreate") &&
         bind(lt.preferenceCreate, "cublasLtMatmulPreferenceCreate") &&
         bind(lt.preferenceSetAttribute,
              "cublasLtMatmulPreferenceSetAttribute") &&
         bind(lt.heuristic, "cublasLtMatmulAlgoGetHeuristic") &&
         bind(lt.matmul, "cublasLtMatmul");
}

int fail(const std::string &message) {
  std::fprintf(stderr, "cublaslt-gemm: %s\n", message.c_str());
  return 1;
}

bool cudaFailed(cudaError_t status, const char *what) {
  if (status == cudaSuccess)
    return false;
  std::fprintf(stderr, "cublaslt-gemm: %s: %s\n", what,
               cudaGetErrorString(status));
  return true;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> candidates;
  std::vector<int> sizes;
  int repeat = 10;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--library=", 10) == 0)
      candidates.push_back(argv[i] + 10);
    else if (std::strncmp(argv[i], "--repeat=", 9) == 0)
      repeat = std::max(1, std::atoi(argv[i] + 9));
    else if (std::atoi(argv[i]) > 0)
      sizes.push_back(std::atoi(argv[i]));
    else
      return fail(std::string("unknown argument '") + argv[i] + "'");
  }
  if (sizes.empty())
    return fail("usage: cublaslt-gemm [--library=PATH] [--repeat=N] SIZE...");
  if (const char *path = std::getenv("QCC_CUBLASLT"))
    candidates.push_back(path);
  candidates.push_back("libcublasLt.so.13");
  candidates.push_back("libcublasLt.so.12");
  candidates.push_back("libcublasLt.so");
  CublasLt lt{};
  std::string opened;
  for (const std::string &path : candidates)
    if (open(path, lt)) {
      opened = path;
      break;
    }
  if (opened.empty())
    return fail("no libcublasLt found (set QCC_CUBLASLT or --library)");
  std::printf("cublaslt: %s\n", opened.c_str());

  cublasLtHandle_t handle;
  if (lt.create(&handle) != CUBLAS_STATUS_SUCCESS)
    return fail("cublasLtCreate failed");
  size_t workspaceBytes = 32u << 20;
  void *workspace = nullptr;
  if (cudaFailed(cudaMalloc(&workspace, workspaceBytes), "workspace"))
    return 1;
  cudaStream_t stream;
  cudaEvent_t start, stop;
  if (cudaFailed(cudaStreamCreate(&stream), "stream") ||
      cudaFailed(cudaEventCreate(&start), "event") ||
      cudaFailed(cudaEventCreate(&stop), "event"))
    return 1;

  int status = 0;
  for (int n : sizes) {
    size_t operandBytes = size_t(n) * n, resultBytes = operandBytes * 4;
    void *a = nullptr, *b = nullptr, *c = nullptr;
    if (cudaFailed(cudaMalloc(&a, operandBytes), "A") ||
        cudaFailed(cudaMalloc(&b, operandBytes), "B") ||
        cudaFailed(cudaMalloc(&c, resultBytes), "C"))
      return 1;
    std::vector<signed char> host(operandBytes);
    unsigned state = 12345;
    for (signed char &x : host)
      x = static_cast<signed char>((state = state * 1103515245u + 12345u) >>
                                   24);
    cudaMemcpy(a, host.data(), operandBytes, cudaMemcpyHostToDevice);
    cudaMemcpy(b, host.data(), operandBytes, cudaMemcpyHostToDevice);

    cublasLtMatmulDesc_t desc;
    cublasLtMatrixLayout_t la, lb, lc;
    cublasOperation_t transposed = CUBLAS_OP_T;
    lt.descCreate(&desc, CUBLAS_COMPUTE_32I, CUDA_R_32I);
    lt.descSetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSA, &transposed,
                        sizeof(transposed));
    // Column-major: D (n x n) = A^T (A stored k x n) * B (k x n).
    lt.layoutCreate(&la, CUDA_R_8I, n, n, n);
    lt.layoutCreate(&lb, CUDA_R_8I, n, n, n);
    lt.layoutCreate(&lc, CUDA_R_32I, n, n, n);
    cublasLtMatmulPreference_t preference;
    lt.preferenceCreate(&preference);
    lt.preferenceSetAttribute(preference,
                              CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                              &workspaceBytes, sizeof(workspaceBytes));
    cublasLtMatmulHeuristicResult_t best{};
    int found = 0;
    if (lt.heuristic(handle, desc, la, lb, lc, lc, preference, 1, &best,
                     &found) != CUBLAS_STATUS_SUCCESS ||
        found == 0) {
      std::printf("cublaslt %d^3: no algorithm\n", n);
      status = 1;
      continue;
    }
    int alpha = 1, beta = 0;
    auto call = [&] {
      return lt.matmul(handle, desc, &alpha, a, la, b, lb, &beta, c, lc, c, lc,
                       &best.algo, workspace, workspaceBytes, stream);
    };
    if (call() != CUBLAS_STATUS_SUCCESS ||
        cudaFailed(cudaStreamSynchronize(stream), "warm-up")) {
      std::printf("cublaslt %d^3: cublasLtMatmul failed\n", n);
      status = 1;
      continue;
    }
    std::vector<float> times;
    for (int r = 0; r < repeat; ++r) {
      cudaEventRecord(start, stream);
      call();
      cudaEventRecord(stop, stream);
      cudaEventSynchronize(stop);
      float ms = 0;
      cudaEventElapsedTime(&ms, start, stop);
      times.push_back(ms);
    }
    std::sort(times.begin(), times.end());
    double median = times[times.size() / 2];
    double tops = 2.0 * n * n * double(n) / (median * 1e-3) / 1e12;
    std::printf("cublaslt %d^3: median %.4f ms, %.1f TOPS\n", n, median, tops);
    cudaFree(a);
    cudaFree(b);
    cudaFree(c);
  }
  return status;
}
