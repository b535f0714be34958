//===- Passes.td - passes of the HLS C++ target ------------*- tablegen -*-===//

#ifndef QCC_TARGET_HLSCPP_PASSES_TD
#define QCC_TARGET_HLSCPP_PASSES_TD

include "mlir/Pass/PassBase.td"

def QCCHlsOutlineCodec : Pass<"qcc-hls-outline-codec", "mlir::ModuleOp"> {
  let summary = "Move the codec ops HLS C++ cannot cast natively into helper "
                "functions, expanded";
  let description = [{
    The HLS emitter prints a `qcost.encode` into fixed point from an integer
    (nearest even or toward zero, saturating or wrapping) as one `ap_fixed`
    conversion (`AP_RND_CONV` / `AP_TRN_ZERO`, `AP_SAT` / `AP_WRAP`, which
    compute exactly docs/semantics.md's rounding), and fixed-point and binary
    decodes as integer casts. Every other codec op (minifloats, powers of two,
    IEEE floats, quotients, stochastic rounding) becomes a call to a private
    helper function, one per distinct op (format, modes, types), whose body is
    the op expanded by convert-qcost-codec-to-arith: the same expansion the
    CPU runs, printed as `ap_int` arithmetic.

    ```mlir
    %c = qcost.encode %x as f8E4M3FN : (f64) -> i8
    // becomes
    %c = func.call @qcc_encode_f8E4M3FN_nearest_even_saturate_f64(%x)
           : (f64) -> i8
    ```
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::math::MathDialect"];
}

def QCCHlsLinalgToLoops : Pass<"qcc-hls-linalg-to-loops", "mlir::func::FuncOp"> {
  let summary = "Lower linalg ops on buffers to loops that reduce in "
                "registers";
  let description = [{
    Like convert-linalg-to-loops, but shaped for HLS: every parallel
    dimension becomes an outer `scf.for`, every reduction dimension an inner
    one that carries the partial results as iteration arguments, so a sum is
    a register (an adder chain the scheduler can pipeline or unroll), not a
    read-modify-write of the output array in every iteration. The reduction
    dimensions keep their relative order, so every output element sums its
    terms in the order of the op (float sums round in that order). Named ops
    are generalized first, so that named contractions too start from the
    value a preceding `linalg.fill` wrote and compute their elementwise
    consumer in the same loops. Reduction loops are marked `qcc.reduction`.
    The GPU pipeline (qcost-lower-to-nvvm) uses it as well: a thread then
    runs one output element's loops.

    ```mlir
    linalg.generic {iterator_types = ["parallel", "reduction"], ...}
        ins(%a : memref<4x8xi8>) outs(%s : memref<4xi12>) {...}
    // becomes
    scf.for %i = %c0 to %c4 step %c1 {
      %init = memref.load %s[%i] : memref<4xi12>
      %sum = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %init)
          -> (i12) {
        ...
        scf.yield %next : i12
      } {qcc.reduction}
      memref.store %sum, %s[%i] : memref<4xi12>
    }
    ```
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::affine::AffineDialect",
                           "mlir::arith::ArithDialect"];
}

def QCCHlsResultsInPlace : Pass<"qcc-hls-results-in-place", "mlir::func::FuncOp"> {
  let summary = "Compute results in their out-parameters instead of copying "
                "them there";
  let description = [{
    buffer-results-to-out-params leaves a function that computes a result
    into a buffer of its own and copies it into the out-parameter at the
    end. On an FPGA that buffer is a second copy of the result in BRAM and
    the copy a pass over it, so where the buffer is a static allocation
    whose only other uses are in the function, the out-parameter is used
    only by that copy, and the copy is the last statement, the buffer is
    replaced by the out-parameter and the copy dropped.

    ```mlir
    %buf = memref.alloc() : memref<4xi9>
    linalg.generic ... outs(%buf : memref<4xi9>)
    memref.copy %buf, %out : memref<4xi9> to memref<4xi9>
    return
    // becomes
    linalg.generic ... outs(%out : memref<4xi9>)
    return
    ```
  }];
}

#endif // QCC_TARGET_HLSCPP_PASSES_TD
