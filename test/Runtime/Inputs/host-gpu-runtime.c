// qcc_gpu_* on host memory: lets qcc-gpu-runner's bundle handling (manifest,
// inputs, descriptors, comparison, exit status) be tested on a machine
// without a GPU, with the CPU library of the same function standing in for
// the GPU one.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *qcc_gpu_take_error(void) { return 0; }
int qcc_gpu_device_count(void) { return 1; }
void *qcc_gpu_alloc(uint64_t bytes) { return calloc(1, bytes ? bytes : 1); }
void qcc_gpu_free(void *pointer) { free(pointer); }
void qcc_gpu_copy_to_device(void *device, const void *host, uint64_t bytes) {
  memcpy(device, host, bytes);
}
void qcc_gpu_copy_to_host(void *host, const void *device, uint64_t bytes) {
  memcpy(host, device, bytes);
}
