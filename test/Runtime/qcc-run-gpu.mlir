// REQUIRES: ptxas
// qcc-run --mode=gpu builds a library with the kernels (a fatbin), the host
// code and qcc's CUDA runtime linked in; --compile-only needs no GPU and no
// inputs, --emit-ptx writes the kernels' PTX.
// RUN: qcc-run %s --mode=gpu --compile-only --emit-ptx=%t.ptx --save-library=%t.so
// RUN: FileCheck %s --check-prefix=PTX < %t.ptx
// RUN: llvm-nm -D --defined-only %t.so | FileCheck %s --check-prefix=LIB
// RUN: qcc-run %s --mode=gpu --gpu-chip=sm_80 --compile-only --emit-ptx=%t80.ptx
// RUN: FileCheck %s --check-prefix=SM80 < %t80.ptx
// RUN: not qcc-run %s --mode=compiled --emit-ptx=%t.bad.ptx 2>&1 | FileCheck %s --check-prefix=NOTGPU
// RUN: not qcc-run %s --compile-only 2>&1 | FileCheck %s --check-prefix=NOTAOT

// PTX: .target sm_90
// PTX: .visible .entry scale_k0(
// SM80: .target sm_80
// LIB-DAG: T mgpuLaunchKernel
// LIB-DAG: T mgpuModuleLoad
// LIB-DAG: T qcc_gpu_take_error
// LIB-DAG: T qcc_packed_scale
// NOTGPU: --emit-ptx and --save-bundle need --mode=gpu
// NOTAOT: --compile-only needs --mode=compiled or gpu

func.func @scale(%x: tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x8x!qcost.fixed<8, 0>> {
  %y = qcost.add %x, %x : (tensor<4x8x!qcost.fixed<8, 0>>, tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x8x!qcost.fixed<8, 0>>
  return %y : tensor<4x8x!qcost.fixed<8, 0>>
}
