// RUN: qcc-opt %s --pass-pipeline="builtin.module(gpu.module(qcc-gpu-exact-math))" | FileCheck %s

// Square roots in kernels are the correctly rounded NVVM intrinsics, not
// libdevice's approximate __nv_sqrtf; other math stays for convert-gpu-to-nvvm.
// CHECK-LABEL: gpu.func @roots
// CHECK: llvm.call_intrinsic "llvm.nvvm.sqrt.rn.f"(%{{.*}}) : (f32) -> f32
// CHECK: llvm.call_intrinsic "llvm.nvvm.sqrt.rn.d"(%{{.*}}) : (f64) -> f64
// CHECK: math.floor
// CHECK-NOT: math.sqrt
module attributes {gpu.container_module} {
  gpu.module @qcc_kernels {
    gpu.func @roots(%x: f32, %y: f64, %out: memref<3xf64>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %a = math.sqrt %x : f32
      %b = math.sqrt %y : f64
      %c = math.floor %y : f64
      %a64 = arith.extf %a : f32 to f64
      memref.store %a64, %out[%c0] : memref<3xf64>
      memref.store %b, %out[%c1] : memref<3xf64>
      memref.store %c, %out[%c2] : memref<3xf64>
      gpu.return
    }
  }
}
