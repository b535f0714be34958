//===- VnniKernels.h - register-tiled VNNI loops ---------------*- C++ -*-===//
//
// Private to lib/Pipelines: the contractions qcc-vnni-contractions computes,
// their weights in the kernels' layout, and the loops over `vpdpbusd`
// (docs/lowering.md#vnni-kernels).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_PIPELINES_VNNIKERNELS_H
#define QCC_LIB_PIPELINES_VNNIKERNELS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"

namespace qcc::vnni {

/// i32 lanes of a 512-bit vector, and the bytes each lane sums.
constexpr int64_t kLanes = 16;
constexpr int64_t kGroup = 4;

/// An elementwise `linalg.generic` over the contraction's output: which of
/// its inputs are the sums, which are read at the same element (views like
/// the output's), which per filter (a [filters] vector) and which are
/// scalars (rank 0); `result` is its output (viewed like the output).
struct Epilogue {
  enum class Access { Sums, Element, PerFilter, Scalar };
  mlir::linalg::GenericOp op;
  llvm::SmallVector<Access> access;
  llvm::SmallVector<mlir::Value> inputs;
  mlir::Value result;

  explicit operator bool() const { return bool(op); }
};

/// A contraction the kernels compute, seen as a convolution over pixels:
/// out[.., p, f] += sum over (kh, kw, c) of in[.., p * sw + kw * dw, c] *
/// w(kh, kw, c, f), rows of the input at oh * sh + kh * dh. A matmul (and a
/// 1x1 convolution of stride 1, collapsed) is the rank-2 case: pixels are
/// rows, channels the reduction.
struct Contraction {
  mlir::Operation *op = nullptr;
  /// The `linalg.fill` of zeros into the output just before, if any: the
  /// accumulators then start from the correction alone and the fill goes.
  mlir::linalg::FillOp zeroFill;
  mlir::Value input, output;
  mlir::DenseIntElementsAttr weights;
  /// The elementwise generic that alone reads the output, if it can run on
  /// the accumulators in registers (docs/lowering.md#vnni-kernels): the
  /// kernel then stores its result instead of the sums.
  Epilogue epilogue;
  bool isMatmul = false;
  /// A depthwise convolution (`linalg.depthwise_conv_2d_nhwc_hwc`, weights
  /// [kh][kw][c]): `channels` = `filters`, no reduction over channels.
  bool isDepthwise = false;
  int64_t kh = 1, kw = 1, channels = 0, filters = 0;
  int64_t sh = 1, sw = 1, dh = 1, dw = 1;

  /// The reduction reads contiguous runs of input bytes: a matmul row
  /// (`channels` long); per kernel row, one run of `kw * channels` bytes
  /// (the kernel's columns of a pixel are next to each other in NHWC) when
  /// the dilation is 1, else one run of `channels` per kernel column.
  int64_t runsPerRow() const { return isMatmul || dw == 1 ? 1 : kw; }
  int64_t runLength() const { return channels * (kw / runsPerRow()); }

  /// The weight that multiplies channel `c` at `(kh, kw)` into filter `f`.
  int64_t weight(llvm::ArrayRef<int64_t> values, int64_t y, int64_t x,
                 int64_t c, int64_t f) const {
    if (isMatmul)
      return values[c * filters + f];
    return values[((f * kh + y) * kw + x) * channels + c];
  }
};

/// The weights in the kernels' layout, [run][length / 4][f / 16][16 x 4]:
/// one 64-byte vector holds 4 consecutive bytes of a run for 16 filters,
/// the group each i32 lane of `vpdpbusd` sums; bytes and filters past the
/// ends are zero. `correction[f]` is -128 times the sum of filter f's
/// weights: the kernels add 128 to each (signed) input byte to make it the
/// unsigned operand `vpdpbusd` takes.
///
/// Weights of at most 16 distinct values (0 among them: the padding) are
/// stored as 4-bit indices into `table`, two per byte: one 64-byte vector
/// per pair of groups, the first group's indices in the low halves, the
/// second's in the high halves (zeros past the last group); the kernels
/// look them up with `vpshufb`.
struct PackedWeights {
  int64_t channelGroups = 0, filterBlocks = 0;
  llvm::SmallVector<int8_t> bytes;
  llvm::SmallVector<int32_t> correction;
  /// The 16 values of the 4-bit form, if it is used (else empty).
  llvm::SmallVector<int8_t> table;

  /// Pairs of groups per run (the 4-bit form's vectors).
  int64_t pairs() const { return llvm::divideCeil(channelGroups, 2); }
  /// Vectors of the packed form per filter block.
  int64_t rows(int64_t runs) const {
    return runs * (table.empty() ? channelGroups : pairs());
  }
};

/// Whether `type` is a statically shaped memref of `element` with the
/// identity layout.
inline bool isStaticIdentity(mlir::Type type, mlir::Type element) {
  auto memref = llvm::dyn_cast<mlir::MemRefType>(type);
  return memref && memref.hasStaticShape() && memref.getLayout().isIdentity() &&
         !memref.getMemorySpace() && memref.getElementType() == element;
}

/// The elementwise generic that alone reads `c`'s output (a buffer of its
/// own, zero-filled), if the kernel can compute it on its accumulators.
Epilogue matchEpilogue(const Contraction &c);

/// The epilogue's body on vectors of 16 lanes, its block arguments mapped
/// by `map`: each scalar op becomes the same op on vectors, constants
/// splat, values from above broadcast. Returns the yielded vector.
mlir::Value vectorizeEpilogueBody(mlir::OpBuilder &b, mlir::Location loc,
                                  const Epilogue &epilogue,
                                  mlir::IRMapping &map);

/// A depthwise convolution's weights widened to i32, [kh * kw][c rounded
/// up to 16] (zeros past the channels).
llvm::SmallVector<int32_t> packDepthwise(const Contraction &c);

/// Emits, at the builder's insertion point, the loops of depthwise `c` over
/// blocks of 16 channels from `weights` (packDepthwise, a memref), tiles of
/// `kDepthwisePixels` pixels; `scratch` as for emitKernel.
constexpr int64_t kDepthwisePixels = 8;
void emitDepthwiseKernel(mlir::OpBuilder &builder, const Contraction &c,
                         mlir::Value weights, bool parallel,
                         mlir::Value scratch);

/// `c`'s weights packed, with their correction; in the 4-bit form where
/// `tables` allows and they have at most 16 values.
PackedWeights pack(const Contraction &c, bool tables);

/// Emits, at the builder's insertion point (`c.op` stays), the loops that
/// compute `c` (its output += the contraction) from the packed weights and
/// correction (memrefs), with register tiles of `vectors` blocks of 16
/// filters (at most) and `rowsByVectors[v]` pixels for v blocks; `parallel`:
/// pixel loops as scf.parallel.
/// `table`: the 4-bit form's values (empty: bytes). `scratch`, if not
/// null, a memref<R x 4 x 16 x i32> (R at least every tile's rows) where a
/// tile's sums wait for the epilogue's loop over rows.
void emitKernel(mlir::OpBuilder &builder, const Contraction &c,
                mlir::Value packed, mlir::Value correction,
                llvm::ArrayRef<int8_t> table, bool parallel,
                llvm::ArrayRef<int64_t> rowsByVectors, int64_t vectors,
                mlir::Value scratch);

} // namespace qcc::vnni

#endif // QCC_LIB_PIPELINES_VNNIKERNELS_H
