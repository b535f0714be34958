//===- DepthwiseKernels.cpp - depthwise convolutions over channel blocks --===//
//
// A depthwise convolution has no reduction over channels for vpdpbusd to
// sum: each output channel sums its kernel window alone. The loops here
// take 16 channels per vector, the window's weights (widened to i32 at
// compile time) in registers for a block, and a tile of output pixels of
// one row: each input vector is read once per kernel row and shared by the
// pixels and kernel columns that meet it (docs/lowering.md#vnni-kernels).
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

using namespace mlir;
using namespace qcc::vnni;

namespace {

constexpr int64_t kPixels = kDepthwisePixels;

class DepthwiseEmitter : public KernelBuilder {
public:
  DepthwiseEmitter(OpBuilder &builder, const Contraction &contraction,
                   Value weights, bool parallel, Value scratch)
      : KernelBuilder(builder, contraction), weights(weights),
        parallel(parallel), scratch(scratch) {
    i32Vector = VectorType::get({kLanes}, builder.getI32Type());
  }

  /// Images and output rows (in parallel with `parallel`), channel blocks,
  /// tiles of pixels.
  void emit() {
    ArrayRef<int64_t> out = cast<MemRefType>(c.output.getType()).getShape();
    auto row = [&](Value n, Value oh) {
      int64_t blocks = c.channels / kLanes, tail = c.channels % kLanes;
      if (blocks > 0)
        loop(blocks * kLanes, kLanes,
             [&](Value c0) { channelBlock(n, oh, c0, 0, out[2]); });
      if (tail > 0)
        channelBlock(n, oh, index(blocks * kLanes), tail, out[2]);
    };
    if (parallel)
      return parallelLoop({out[0], out[1]}, {1, 1},
                          [&](ValueRange ivs) { row(ivs[0], ivs[1]); });
    loop(out[0], 1,
         [&](Value n) { loop(out[1], 1, [&](Value oh) { row(n, oh); }); });
  }

private:
  /// The 16 channels from `c0` (the first `lanes` when not 0) of every
  /// pixel of output row `oh`.
  void channelBlock(Value n, Value oh, Value c0, int64_t lanes, int64_t width) {
    SmallVector<Value> window;
    for (int64_t t = 0; t < c.kh * c.kw; ++t)
      window.push_back(readLanes(weights, ValueRange{index(t), c0}, lanes));
    int64_t full = width / kPixels * kPixels;
    if (full > 0)
      loop(full, kPixels,
           [&](Value ow0) { tile(n, oh, ow0, kPixels, c0, lanes, window); });
    if (width > full)
      tile(n, oh, index(full), width - full, c0, lanes, window);
  }

  /// `pixels` outputs from `ow0`: the sums over the window, then the
  /// epilogue or the store.
  void tile(Value n, Value oh, Value ow0, int64_t pixels, Value c0,
            int64_t lanes, ArrayRef<Value> window) {
    SmallVector<Value> acc;
    for (int64_t p = 0; p < pixels; ++p) {
      if (c.zeroFill)
        acc.push_back(arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(i32Vector, b.getI32IntegerAttr(0))));
      else
        acc.push_back(
            readLanes(c.output, ValueRange{n, oh, add(ow0, p), c0}, lanes));
    }
    Value column0 = mul(ow0, c.sw);
    for (int64_t y = 0; y < c.kh; ++y) {
      Value inputRow = add(mul(oh, c.sh), y * c.dh);
      // Input columns relative to column0, each read once.
      llvm::DenseMap<int64_t, Value> columns;
      for (int64_t p = 0; p < pixels; ++p)
        for (int64_t x = 0; x < c.kw; ++x) {
          int64_t offset = p * c.sw + x * c.dw;
          Value &column = columns[offset];
          if (!column) {
            Value bytes = readLanes(
                c.input, ValueRange{n, inputRow, add(column0, offset), c0},
                lanes);
            column = arith::ExtSIOp::create(b, loc, i32Vector, bytes);
          }
          Value product =
              arith::MulIOp::create(b, loc, column, window[y * c.kw + x]);
          acc[p] = arith::AddIOp::create(b, loc, acc[p], product);
        }
    }
    finishTile(
        acc, pixels, 1, {c0}, {lanes},
        [&](Value p, int64_t) {
          return SmallVector<Value>{n, oh, add(ow0, p), c0};
        },
        scratch);
  }

  Value weights;
  bool parallel;
  Value scratch;
  VectorType i32Vector;
};

} // namespace

SmallVector<int32_t> qcc::vnni::packDepthwise(const Contraction &c) {
  SmallVector<int64_t> values;
  for (const APInt &w : c.weights.getValues<APInt>())
    values.push_back(w.getSExtValue());
  int64_t stride = llvm::alignTo(c.channels, kLanes);
  SmallVector<int32_t> packed(c.kh * c.kw * stride, 0);
  for (int64_t t = 0; t < c.kh * c.kw; ++t)
    for (int64_t ch = 0; ch < c.channels; ++ch)
      packed[t * stride + ch] = int32_t(values[t * c.channels + ch]);
  return packed;
}

void qcc::vnni::emitDepthwiseKernel(OpBuilder &builder, const Contraction &c,
                                    Value weights, bool parallel,
                                    Value scratch) {
  DepthwiseEmitter(builder, c, weights, parallel, scratch).emit();
}
