//===- Passes.td - the passes of qcc's pipelines -----------*- tablegen -*-===//
//
// The steps of qcc's pipelines (qcost-lower-to-llvm, -to-nvvm,
// -to-hls-loops) that upstream MLIR has no pass for.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_PIPELINES_PASSES_TD
#define QCC_PIPELINES_PASSES_TD

include "mlir/Pass/PassBase.td"

def QCCFuseElementwise : Pass<"qcc-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg producers into elementwise consumers";
  let description = [{
    Upstream's elementwise fusion, restricted to what computes nothing
    twice: a producer (an all-parallel `linalg.generic` with one use) is
    fused into its consumer only when the consumer is all-parallel too and
    reads the producer through a permutation (one producer element per
    consumer element). A decode, batch-norm or requantize chain therefore
    never moves into the reduction loop of the next contraction, where it
    would be recomputed once per output channel, and per-channel parameters
    computed once are not pulled back into every activation element.

    ```mlir
    // Kept apart: %d (elementwise) feeds a convolution's reduction.
    %d = linalg.generic {iterator_types = ["parallel", ...]} ins(%x ...)
    %c = linalg.conv_2d_nhwc_hwcf ins(%d, %w ...)
    // Fused: %e feeds an elementwise generic that reads it element by
    // element.
    ```

    With `bit-moves-into-reductions`, a producer whose body only moves bits
    (integer casts, selects, comparisons, index arithmetic, and decodes of
    fixed-point, binary and power-of-two codes into integers) is also fused
    into consumers with reductions or other access patterns: a convolution's
    zero padding and its operands' decoding then happen as it reads them,
    with no padded copy of the input. The HLS lowering uses it (buffers cost
    BRAM there; a multiplexer costs a few LUTs).
  }];
  let options = [
    Option<"bitMovesIntoReductions", "bit-moves-into-reductions", "bool",
           /*default=*/"false",
           "Also fuse producers that only move bits into any consumer">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def QCCEmitCInterface : Pass<"qcc-emit-c-interface", "mlir::ModuleOp"> {
  let summary = "Give every public function the C interface";
  let description = [{
    Marks each public function with `llvm.emit_c_interface` before
    `convert-func-to-llvm`, which then adds `_mlir_ciface_<name>` (memref
    descriptors by pointer) next to it.
  }];
}

def QCCStridedCopiesToLinalg
    : Pass<"qcc-strided-copies-to-linalg", "mlir::ModuleOp"> {
  let summary = "Turn memref.copy between strided views into linalg.copy";
  let description = [{
    `tensor.concat` and `tensor.insert_slice` bufferize into copies between
    strided views, which the LLVM lowering turns into calls to a runtime
    library (`memrefCopy`) that a standalone shared library does not have.
    As `linalg.copy` they become loops; contiguous copies stay `memref.copy`
    and become `memcpy`.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def QCCPackedEntryPoints : Pass<"qcc-packed-entry-points", "mlir::ModuleOp"> {
  let summary = "Add packed entry points next to the C interface";
  let description = [{
    Adds `qcc_packed_<name>(ptr)` next to every `_mlir_ciface_<name>` of an
    LLVM-dialect module: it loads argument i from the i-th pointer of the
    array and calls the C interface (docs/running.md), so one C signature
    calls any function.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def QCCLinalgToRegisterLoops : Pass<"qcc-linalg-to-register-loops", "mlir::func::FuncOp"> {
  let summary = "Lower linalg ops on buffers to loops that reduce in "
                "registers";
  let description = [{
    Like convert-linalg-to-loops, but shaped for HLS and GPU kernels: every
    parallel
    dimension becomes an outer `scf.for`, every reduction dimension an inner
    one that carries the partial results as iteration arguments, so a sum is
    a register (an adder chain the scheduler can pipeline or unroll), not a
    read-modify-write of the output array in every iteration. The reduction
    dimensions keep their relative order, so every output element sums its
    terms in the order of the op (float sums round in that order). Named ops
    are generalized first, so that named contractions too start from the
    value a preceding `linalg.fill` wrote and compute their elementwise
    consumer in the same loops. Reduction loops are marked `qcc.reduction`.
    qcost-lower-to-hls-loops and qcost-lower-to-nvvm use it (on a GPU a
    thread then runs one output element's loops).

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

def QCCPlanBuffers : Pass<"qcc-plan-buffers", "mlir::ModuleOp"> {
  let summary = "Place each function's buffers in static slots planned by "
                "their lifetimes: no allocation per call";
  let description = [{
    After bufferization and deallocation, a function's intermediate buffers
    are `memref.alloc`s of static shape (hoisted to the top) freed by
    `memref.dealloc`s (at the end): every call mallocs and frees them, about
    65 MiB per MobileNetV2 inference. This pass plans them at compile time:
    a buffer lives from the first to the last op that uses it or a view or
    cast of it, and takes a slot, a zero-initialized `memref.global`
    (`__qcc_buffer_<function>_<k>`, 64-byte aligned), whose earlier buffers
    are all dead by then (the one that grows least), else a new one. Buffers
    alive at the same time are in different globals, so LLVM knows they do
    not alias (as it knew of malloc's results); one slot serves buffers one
    after another. Each alloc becomes a `memref.view` of its slot and its
    deallocs go. Allocations with dynamic sizes, non-identity layouts, a
    memory space, or uses outside the function's body block stay.

    The slots make a function non-reentrant: two calls at once would share
    them (qcc's runtime runs the calls of one compiled module one at a time;
    separate modules load separate copies).

    ```mlir
    %a = memref.alloc() {alignment = 64 : i64} : memref<1x56x56x64xi8>
    ... uses of %a ...
    memref.dealloc %a : memref<1x56x56x64xi8>
    // becomes
    memref.global "private" @__qcc_buffer_f_0 : memref<200704xi8> = dense<0> {alignment = 64 : i64}
    %slot = memref.get_global @__qcc_buffer_f_0 : memref<200704xi8>
    %a = memref.view %slot[%c0][] : memref<200704xi8> to memref<1x56x56x64xi8>
    ```
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect"];
}

def QCCVnniContractions : Pass<"qcc-vnni-contractions", "mlir::ModuleOp"> {
  let summary = "Compute i8 x i8 -> i32 contractions with constant weights "
                "on AVX-512 VNNI";
  let description = [{
    The native-integer path leaves i8 x i8 -> i32 `linalg.matmul` and
    `linalg.conv_2d_nhwc_fhwc` ops (signed operands, wrapping i32 sums).
    On buffers, where the weights are a constant global, this pass replaces
    each by register-tiled loops over `vpdpbusd` (through the
    `llvm.x86.avx512.vpdpbusd.512` intrinsic), which sums four u8 x s8
    products into each of 16 i32 lanes:

    - the weights are packed at compile time into a new constant global
      `[runs x ceil(length / 4)][ceil(f / 16)][16 x 4]`, where a run is a
      contiguous range of input bytes the reduction reads (a matmul row; a
      kernel row of a pixel, `kw * c` bytes, when the dilation is 1; else
      `c` bytes per kernel column): one 64-byte vector holds 4 consecutive
      run bytes of 16 filters, zeros past the ends;
    - the input is signed, `vpdpbusd` wants it unsigned: each 4-byte group
      is broadcast to the 16 lanes and XOR-ed with 0x80 (+128), and the
      accumulators start from the output plus `-128 * sum(w[.., f])`, a
      second constant global, so the result is exact modulo 2^32 like the
      loops it replaces;
    - weights of at most 16 distinct values (4-bit linear, PoT-4, binary,
      ternary; 0 among them) are stored as 4-bit indices, two per byte
      (half the bytes), and each 64-byte weight vector is rebuilt in the
      kernel from 32 bytes: the low and high halves of the bytes, looked
      up in a 16-entry table with `vpshufb` (`table-weights`, on by
      default);
    - where a `linalg.fill` of zeros into the output precedes the op (as
      the lowering leaves it), the accumulators start from the correction
      alone and the fill goes: the output is written once;
    - a register tile is `rows` pixels (matmul rows; output pixels of one
      row of a convolution, or every pixel of a 1x1 stride-1 convolution,
      collapsed) by `column-vectors` blocks of 16 filters, the outer loop
      over filter blocks so that their packed weights stay in cache;
      remainders get a smaller tile, the last filter block a masked load
      and store, the last channel group a masked read.

    - the epilogue (`fuse-epilogues`, on by default): where the output is
      a zero-filled buffer of its own whose only reader is an elementwise
      `linalg.generic` (bias, rescale, batch norm, activation, requantize)
      that reads it element by element, other inputs of the same shape, per
      filter (`[f]`) or scalars, with a body of elementwise arith/math ops
      (no integer division: the lanes past the last filter compute too;
      whole-byte element types; a result that is not a view of the
      contraction's input, distinct arguments taken not to alias),
      the kernel runs in the generic's place and computes its body on the
      accumulators in registers, 16 lanes at a time, and stores its result:
      the i32 sums never reach memory, and their buffer goes.

    - depthwise convolutions (`linalg.depthwise_conv_2d_nhwc_hwc`, i8
      with constant weights; `depthwise`, on by default) become loops over
      blocks of 16 channels: the window's weights widened to i32 in a new
      constant global and loaded once per block, tiles of 8 output pixels
      of a row, each input vector widened once per kernel row and
      multiplied into every accumulator that meets it; the epilogue fuses
      as above.

    With `parallel`, the loops over pixels are `scf.parallel`
    (qcost-lower-to-llvm's `threads` runs them on OpenMP threads). The
    output keeps its layout, so a consumer that is not fused is
    unchanged. Other contractions are left alone. The pass emits the
    intrinsic unconditionally: qcost-lower-to-llvm adds it where the target
    has AVX512-VNNI (`int8-kernels=auto`, the host's features).

    ```mlir
    linalg.matmul ins(%a, %w : memref<64x96xi8>, memref<96x40xi8>)
                  outs(%c : memref<64x40xi32>)
    // becomes (one of the register tiles)
    %acc = vector.load %c[%p, %f] : memref<64x40xi32>, vector<16xi32>
    ... scf.for %g = %c0 to %c24 step %c1 iter_args(...) {
      %wv = vector.load %packed[%g, %b, %c0] : memref<24x3x64xi8>, vector<64xi8>
      %x = vector.load %a[%p, %k] : memref<64x96xi8>, vector<4xi8>
      ...
      %s = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%acc, %xu, %wv)
    }
    ```
  }];
  let options = [
    Option<"rows", "rows", "int64_t", /*default=*/"0",
           "Pixels per register tile (0: 12, 12, 8, 6 for 1 to 4 column "
           "vectors)">,
    Option<"columnVectors", "column-vectors", "int64_t", /*default=*/"4",
           "Blocks of 16 filters per register tile (at most; 1 to 4)">,
    Option<"tableWeights", "table-weights", "bool", /*default=*/"true",
           "Weights of at most 16 values (0 included) as 4-bit indices, two "
           "per byte, looked up with vpshufb">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Pixel loops as scf.parallel (output rows of a convolution, "
           "register tiles of a matmul), for scf-to-openmp">,
    Option<"depthwise", "depthwise", "bool", /*default=*/"true",
           "Depthwise i8 convolutions with constant weights as loops over "
           "blocks of 16 channels">,
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "Compute the elementwise generic that alone reads a kernel's "
           "output on its accumulators in registers">,
  ];
  let statistics = [
    Statistic<"numKernels", "kernels", "Contractions computed on VNNI">,
    Statistic<"numEpilogues", "epilogues",
              "Of them, with their epilogue in registers">,
    Statistic<"numDepthwise", "depthwise",
              "Depthwise convolutions on channel blocks">,
    Statistic<"numTableKernels", "table-kernels",
              "Of them, with 4-bit table weights">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::vector::VectorDialect"];
}

def QCCInlineAllocaScopes : Pass<"qcc-inline-alloca-scopes"> {
  let summary = "Inline memref.alloca_scope ops that allocate nothing";
  let description = [{
    convert-scf-to-openmp puts each parallel loop body in a
    `memref.alloca_scope`, so that stack allocations in it are freed per
    iteration; convert-scf-to-cf then turns loops nested in it into blocks,
    which the scope's single-block region does not allow. Where nothing in
    a scope is a `memref.alloca` (qcc's loops allocate on the heap or in
    static slots), the scope is inlined into its parent. Upstream's
    canonicalization does so only where every op in the scope declares its
    memory effects, which `llvm.call_intrinsic` does not.

    ```mlir
    memref.alloca_scope {
      scf.for ... { ... }
    }
    // becomes
    scf.for ... { ... }
    ```
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def QCCCoarsenParallelLoops : Pass<"qcc-coarsen-parallel-loops"> {
  let summary = "Share only the leading dimensions of parallel loops among "
                "threads";
  let description = [{
    convert-linalg-to-parallel-loops makes every parallel dimension of an
    op one `scf.parallel`; scf-to-openmp would collapse them all into one
    OpenMP loop, whose iterations recompute their indices by division and
    which LLVM no longer vectorizes. This pass keeps in the `scf.parallel`
    only the leading dimensions that give at least `min-chunks` iterations
    (the batch and the rows of an NHWC tensor), and makes the others
    `scf.for` loops inside it, contiguous and vectorizable. A nest whose
    work (op executions: iterations times the ops of the body, nested
    loops of static trip count included) is below `min-work`, where a fork
    and join would cost more than they save, becomes sequential, and so
    does a parallel loop nested in another. Loops with reductions are left alone.

    ```mlir
    scf.parallel (%n, %h, %w, %c) = (%c0, %c0, %c0, %c0)
        to (%c1, %c56, %c56, %c24) step (%c1, %c1, %c1, %c1) { ... }
    // becomes
    scf.parallel (%n, %h) = (%c0, %c0) to (%c1, %c56) step (%c1, %c1) {
      scf.for %w = %c0 to %c56 step %c1 {
        scf.for %c = %c0 to %c24 step %c1 { ... }
      }
    }
    ```
  }];
  let options = [
    Option<"minChunks", "min-chunks", "int64_t", /*default=*/"16",
           "Iterations the kept leading dimensions give at least">,
    Option<"minWork", "min-work", "int64_t", /*default=*/"50000",
           "Op executions below which a nest runs sequentially">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect"];
}

def QCCResultsInPlace : Pass<"qcc-results-in-place", "mlir::func::FuncOp"> {
  let summary = "Compute results in their out-parameters instead of copying "
                "them there";
  let description = [{
    buffer-results-to-out-params leaves a function that computes a result
    into a buffer of its own and copies it into the out-parameter at the
    end. On an FPGA that buffer is a second copy of the result in BRAM, on a
    GPU a second device buffer, and the copy a pass over it, so where the buffer is a static allocation
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

def QCCFoldValueRanges : Pass<"qcc-fold-value-ranges"> {
  let summary = "Decide comparisons, minima and maxima from value ranges";
  let description = [{
    The codec's encodes and decodes guard every step: a float that may be
    NaN or infinite is checked, a product that may leave the format's range
    is clamped. Where the operands are small integers and constants, as in
    a requantization after a convolution, most of the guards are decided.
    This pass computes intervals (with a NaN flag) of scalar `arith` and
    `math` values, sound under IEEE rounding: an end computed in double is
    taken as it is only when it is exact and then rounded as the op rounds,
    otherwise moved outward. A block argument of a `linalg.generic` input
    takes the range of the operand's elements: a dense constant's (up to
    65536 elements), a fill's value, or what a producing generic yields.
    Only f16, bf16, f32, f64 and integers up to 64 bits are modelled (an
    i1 is {0, -1} to the signed predicates, `sitofp` and `index_cast`); a
    producing generic counts only when all-parallel with a permutation map.
    Comparisons (`arith.cmpf`, `arith.cmpi`) that every pair of values
    decides become constants, and minima and maxima (`arith.maximumf`,
    `minimumf`, `maxnumf`, `minnumf`, `maxsi`, `minsi`) that always return
    the same operand are replaced by it. A minimum or maximum of a widened
    float (`arith.extf`) and a constant exact in the narrow type is then
    taken in the narrow type, and `truncf(extf(x))` is `x`.

    ```mlir
    %f = arith.sitofp %acc : i32 to f32           // finite: |f| <= 2^31
    %nan = arith.cmpf uno, %f, %f : f32
    %g = arith.select %nan, %qnan, %f : f32
    %w = arith.extf %g : f32 to f64
    %c = arith.maximumf %w, %zero : f64
    // becomes
    %c32 = arith.maximumf %f, %zero32 : f32
    %c = arith.extf %c32 : f32 to f64
    ```
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numComparisons", "comparisons", "Comparisons decided">,
    Statistic<"numChoices", "choices", "Minima and maxima decided">,
  ];
}

#endif // QCC_PIPELINES_PASSES_TD
