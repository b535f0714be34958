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

def QCCGpuTensorCores : Pass<"qcc-gpu-tensor-cores", "mlir::func::FuncOp"> {
  let summary = "Compute the native path's 8-bit contractions on tensor cores "
                "(mma.sync m16n8k32), tiled through shared memory";
  let description = [{
    Replaces each linalg contraction on buffers whose body is an 8-bit
    multiply-accumulate into i32 (`out + ext(a) * ext(b)`, with `extsi` or
    `extui` from i8: the matmuls and convolutions of the native-integer path)
    by a `gpu.launch` that computes it on tensor cores. The contraction is
    read as a GEMM: parallel dimensions only the first input uses are its
    rows (M), those only the second uses its columns (N), the reductions its
    depth (K), each group flattened in loop order; so a convolution is an
    implicit GEMM, its operands read through their indexing maps (no im2col
    buffer). Contractions with a batch dimension (one both inputs and the
    output use, such as a depthwise convolution's channel), dynamic shapes,
    fewer than 32 rows, 8 columns or 16 depths stay as they are, for the
    exact path (qcc-linalg-to-register-loops, qcc-gpu-map-loops).

    Each block computes a 128 x 128, 128 x 64 or 128 x 32 tile of the output
    with 8 or 4 warps. For every 64 (or 32) depths, its threads stage both
    operands' tiles in shared memory (workgroup attributions, rows padded by
    16 bytes so that a fragment's rows fall in different banks), loading up
    to 16 bytes at a time along the buffer's contiguous dimension (along the
    depth, or along the rows and transposed when stored, as for a matmul's
    K x N right operand) and zeros past the edges; then each warp reads its
    fragments as 32-bit words and issues `nvvm.mma.sync` m16n8k32 (`s8`/`u8`
    per operand as it is extended, `wrapped` overflow, as `arith.addi`); the
    next k-tile's global loads are issued before the current one's
    multiplies. The sums stay in registers; the value of the `linalg.fill`
    that initialized the output is added, and the elementwise op that
    consumed it (bias, rescale, requantize, activation: the epilogue
    qcc-linalg-to-register-loops would fuse) runs on each sum before the one
    store, each warp passing a row of its fragments through its own shared
    memory so that the epilogue's code appears once and the stores are
    coalesced; the intermediate i32 buffer goes. Launches are named `<function>_mma<N>`, in the same
    `gpu.module @qcc_kernels` as qcc-gpu-map-loops's.

    ```mlir
    linalg.fill ins(%c0_i32 : i32) outs(%sums : memref<64x32xi32>)
    linalg.matmul ins(%a, %b : memref<64x128xi8>, memref<128x32xi8>)
                  outs(%sums : memref<64x32xi32>)
    linalg.generic ... ins(%sums ...) outs(%out ...) { trunci, extsi }
    // becomes
    gpu.launch blocks(...) in (%x = %c1, %y = %c1, ...) threads(...) in (%t = %c128, ...)
        workgroup(%lhs : memref<128x80xi8, #gpu.address_space<workgroup>>,
                  %rhs : memref<32x80xi8, #gpu.address_space<workgroup>>,
                  %sums : memref<64x40xi32, #gpu.address_space<workgroup>>) {
      ... vector.load %a[...] : vector<16xi8>     // the first k-tile
      scf.for %k = %c0 to %c2 step %c1 iter_args(%acc..., %next...) {
        gpu.barrier
        vector.store %next..., %lhs[...]             // staged
        gpu.barrier
        ... vector.load %a[...] : vector<16xi8>   // the next k-tile
        %d = nvvm.mma.sync A[...] B[...] C[...] {shape = #nvvm.shape<m = 16, n = 8, k = 32>, ...}
      }
      ... trunci, extsi, memref.store %v, %out[...]
    }
    ```
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::gpu::GPUDialect",
    "mlir::LLVM::LLVMDialect", "mlir::NVVM::NVVMDialect",
    "mlir::scf::SCFDialect", "mlir::vector::VectorDialect",
    "mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"
  ];
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
