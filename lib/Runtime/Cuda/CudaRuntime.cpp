//===- CudaRuntime.cpp - qcc's GPU host runtime over the CUDA runtime
//------===//
//
// What the host code of qcost-lower-to-nvvm calls (the mgpu* ABI of MLIR's
// gpu-to-llvm and of gpu.launch_func's translation to LLVM IR), implemented
// over the CUDA runtime API and linked, with libcudart_static, into every
// GPU library qcc compiles (docs/gpu.md). No exceptions and no aborts: the
// first error is recorded, with the kernel's name where a launch caused it,
// everything after it does nothing, and qcc_gpu_take_error() hands the
// message to the caller, which reports it as a diagnostic.
//
//===----------------------------------------------------------------------===//

#include <cuda_runtime_api.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

namespace {

std::mutex lock;
std::string firstError;
std::map<const void *, std::string> kernelNames;
std::string lastKernel;

bool failedBefore() {
  std::lock_guard<std::mutex> guard(lock);
  return !firstError.empty();
}

/// Records `status` if it is an error and none was recorded; true if it is.
bool check(cudaError_t status, const std::string &what) {
  if (status == cudaSuccess)
    return false;
  std::lock_guard<std::mutex> guard(lock);
  if (firstError.empty())
    firstError = what + ": " + cudaGetErrorString(status);
  return true;
}

} // namespace

extern "C" {

/// The first error since the last call, or null; clears it.
const char *qcc_gpu_take_error() {
  static thread_local std::string taken;
  std::lock_guard<std::mutex> guard(lock);
  if (firstError.empty())
    return nullptr;
  taken.swap(firstError);
  firstError.clear();
  return taken.c_str();
}

/// The number of CUDA devices, or -1 with the reason recorded.
int qcc_gpu_device_count() {
  int count = 0;
  if (check(cudaGetDeviceCount(&count), "no CUDA device"))
    return -1;
  return count;
}

void *qcc_gpu_alloc(uint64_t bytes) {
  void *pointer = nullptr;
  if (failedBefore() ||
      check(cudaMalloc(&pointer, bytes ? bytes : 1),
            "allocating " + std::to_string(bytes) + " bytes on the GPU"))
    return nullptr;
  return pointer;
}

void qcc_gpu_free(void *pointer) {
  if (pointer)
    cudaFree(pointer);
}

void qcc_gpu_copy_to_device(void *device, const void *host, uint64_t bytes) {
  if (!failedBefore() && device)
    check(cudaMemcpy(device, host, bytes, cudaMemcpyHostToDevice),
          "copying an input to the GPU");
}

void qcc_gpu_copy_to_host(void *host, const void *device, uint64_t bytes) {
  if (!failedBefore() && device)
    check(cudaMemcpy(host, device, bytes, cudaMemcpyDeviceToHost),
          "copying a result from the GPU");
}

// ---- the mgpu* ABI ----------------------------------------------------------

void *mgpuModuleLoad(void *data, size_t /*size*/) {
  cudaLibrary_t library = nullptr;
  if (check(cudaLibraryLoadData(&library, data, nullptr, nullptr, 0, nullptr,
                                nullptr, 0),
            "loading the GPU kernels"))
    return nullptr;
  return library;
}

void mgpuModuleUnload(void *module) {
  if (module)
    cudaLibraryUnload(static_cast<cudaLibrary_t>(module));
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!module || failedBefore())
    return nullptr;
  cudaKernel_t kernel = nullptr;
  if (check(cudaLibraryGetKernel(&kernel, static_cast<cudaLibrary_t>(module),
                                 name),
            std::string("finding kernel '") + name + "'"))
    return nullptr;
  std::lock_guard<std::mutex> guard(lock);
  kernelNames[kernel] = name;
  return kernel;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, void *stream,
                      void **params, void ** /*extra*/, size_t /*count*/) {
  if (!function || failedBefore())
    return;
  std::string name;
  {
    std::lock_guard<std::mutex> guard(lock);
    name = kernelNames[function];
    lastKernel = name;
  }
  dim3 grid(gridX, gridY, gridZ), block(blockX, blockY, blockZ);
  check(cudaLaunchKernel(function, grid, block, params, sharedBytes,
                         static_cast<cudaStream_t>(stream)),
        "launching kernel '" + name + "'");
}

// Every call of a compiled function creates a stream, allocates its
// intermediate buffers on it, frees them and destroys the stream. The
// stream is created once per thread and kept, and the device's memory pool
// keeps what is freed (its release threshold is unlimited), so that from
// the second call on neither costs a driver call: the buffers of a model
// are allocated once.
void *mgpuStreamCreate() {
  static thread_local cudaStream_t stream = nullptr;
  if (failedBefore())
    return nullptr;
  if (stream)
    return stream;
  if (check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking),
            "creating a CUDA stream"))
    return nullptr;
  int device = 0;
  cudaMemPool_t pool = nullptr;
  uint64_t keepAll = UINT64_MAX;
  if (cudaGetDevice(&device) == cudaSuccess &&
      cudaDeviceGetDefaultMemPool(&pool, device) == cudaSuccess)
    cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keepAll);
  return stream;
}

void mgpuStreamDestroy(void * /*stream*/) {
  // Kept for the thread's next call (see mgpuStreamCreate).
}

void mgpuStreamSynchronize(void *stream) {
  if (!stream || failedBefore())
    return;
  std::string last;
  {
    std::lock_guard<std::mutex> guard(lock);
    last = lastKernel;
  }
  // Errors of asynchronous kernels surface here.
  check(cudaStreamSynchronize(static_cast<cudaStream_t>(stream)),
        "running the kernels (the last launched: '" + last + "')");
}

void *mgpuMemAlloc(uint64_t bytes, void *stream, bool hostShared) {
  void *pointer = nullptr;
  if (failedBefore())
    return nullptr;
  cudaError_t status = hostShared
                           ? cudaMallocManaged(&pointer, bytes ? bytes : 1)
                           : cudaMallocAsync(&pointer, bytes ? bytes : 1,
                                             static_cast<cudaStream_t>(stream));
  if (check(status,
            "allocating " + std::to_string(bytes) + " bytes on the GPU"))
    return nullptr;
  return pointer;
}

void mgpuMemFree(void *pointer, void *stream) {
  if (pointer)
    cudaFreeAsync(pointer, static_cast<cudaStream_t>(stream));
}

} // extern "C"
