//===- Passes.td - qcc's GPU passes ------------------------*- tablegen -*-===//

#ifndef QCC_CONVERSION_QCOSTTOGPU_PASSES_TD
#define QCC_CONVERSION_QCOSTTOGPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def QCCGpuMapLoops : Pass<"qcc-gpu-map-loops", "mlir::func::FuncOp"> {
  let summary = "Run each loop nest of a host function as a GPU kernel, one "
                "thread per output element";
  let description = [{
    Takes a function whose work is loop nests on buffers (the output of
    qcc-linalg-to-register-loops: parallel dimensions as outer `scf.for` loops,
    reductions as inner loops carrying their sums in registers, elementwise
    epilogues inside) and makes every top-level nest a `gpu.launch`: the
    perfectly nested parallel loops at its top are flattened into one index
    space of N elements, run by ⌈N / block-size⌉ blocks of `block-size`
    threads, and each thread computes the rest of the nest (its reductions
    and epilogue) for one element. Other top-level ops that touch memory run
    in a launch of one thread, with the scalar code that follows them. The
    buffers the function allocates become device memory (`gpu.alloc` /
    `gpu.dealloc`), and the constant globals a kernel reads are read inside
    it, so that gpu-kernel-outlining copies them into the GPU module (the
    weights are in the device image) instead of passing host addresses. The
    launches are named `<function>_k<N>` and outline into one
    `gpu.module @qcc_kernels` (one PTX file, one cubin, one module load).

    ```mlir
    scf.for %i = %c0 to %c64 step %c1 {
      scf.for %j = %c0 to %c48 step %c1 {
        %s = scf.for %k = ... iter_args(%acc = %init) -> (i32) {...} {qcc.reduction}
        memref.store %s, %out[%i, %j] : memref<64x48xi32>
      }
    }
    // becomes
    gpu.launch blocks(%b, ...) in (%nb = %c12, ...) threads(%t, ...) in (%nt = %c256, ...) {
      %id = %b * 256 + %t            // if %id < 3072:
      %i = %id / 48, %j = %id mod 48 // the body for one element
      ...
    }
    ```
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block">,
  ];
  let dependentDialects = ["mlir::gpu::GPUDialect", "mlir::scf::SCFDialect",
                           "mlir::arith::ArithDialect"];
}

def QCCGpuExactMath : Pass<"qcc-gpu-exact-math", "mlir::gpu::GPUModuleOp"> {
  let summary = "Correctly rounded square roots in kernels";
  let description = [{
    convert-gpu-to-nvvm calls libdevice for `math.sqrt`, and libdevice's
    `__nv_sqrtf` is `sqrt.approx.f32` unless the `__CUDA_PREC_SQRT` reflect
    flag is set, which MLIR's NVVM target does not do. The semantics rounds
    square roots correctly (batch-norm's `sqrt(var + eps)`), so this pass
    calls the NVVM intrinsics that are: `llvm.nvvm.sqrt.rn.f` (f32,
    `sqrt.rn.f32`) and `llvm.nvvm.sqrt.rn.d` (f64). Division needs nothing:
    `arith.divf` becomes `div.rn`. The other math ops qcc emits (floor,
    trunc, roundeven, abs, copysign, count leading zeros) are exact in
    libdevice.

    ```mlir
    %r = math.sqrt %x : f32
    // becomes
    %r = llvm.call_intrinsic "llvm.nvvm.sqrt.rn.f"(%x) : (f32) -> f32
    ```
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // QCC_CONVERSION_QCOSTTOGPU_PASSES_TD
