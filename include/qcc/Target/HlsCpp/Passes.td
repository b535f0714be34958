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

#endif // QCC_TARGET_HLSCPP_PASSES_TD
