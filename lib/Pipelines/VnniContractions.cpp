//===- VnniContractions.cpp - the qcc-vnni-contractions pass --------------===//
//
// i8 x i8 -> i32 matmuls and NHWC x FHWC convolutions with constant weights
// as register-tiled loops over AVX-512 VNNI's `vpdpbusd`, the weights packed
// at compile time (docs/lowering.md#vnni-kernels).
//
//===----------------------------------------------------------------------===//

#include "qcc/Pipelines/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace qcc {
#define GEN_PASS_DEF_QCCVNNICONTRACTIONS
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

/// i32 lanes of a 512-bit vector, and the bytes each lane sums.
constexpr int64_t kLanes = 16;
constexpr int64_t kGroup = 4;
constexpr int64_t kAlignment = 64;
constexpr StringLiteral kDotIntrinsic = "llvm.x86.avx512.vpdpbusd.512";

/// A contraction the kernels compute, seen as a convolution over pixels:
/// out[.., p, f] += sum over (kh, kw, c) of in[.., p * sw + kw * dw, c] *
/// w(kh, kw, c, f), rows of the input at oh * sh + kh * dh. A matmul (and a
/// 1x1 convolution of stride 1, collapsed) is the rank-2 case: pixels are
/// rows, channels the reduction.
struct Contraction {
  Operation *op = nullptr;
  /// The `linalg.fill` of zeros into the output just before, if any: the
  /// accumulators then start from the correction alone and the fill goes.
  linalg::FillOp zeroFill;
  Value input, output;
  DenseIntElementsAttr weights;
  bool isMatmul = false;
  int64_t kh = 1, kw = 1, channels = 0, filters = 0;
  int64_t sh = 1, sw = 1, dh = 1, dw = 1;

  /// The reduction reads contiguous runs of input bytes: a matmul row
  /// (`channels` long); per kernel row, one run of `kw * channels` bytes
  /// (the kernel's columns of a pixel are next to each other in NHWC) when
  /// the dilation is 1, else one run of `channels` per kernel column.
  int64_t runsPerRow() const { return isMatmul || dw == 1 ? 1 : kw; }
  int64_t runLength() const { return channels * (kw / runsPerRow()); }

  /// The weight that multiplies channel `c` at `(kh, kw)` into filter `f`.
  int64_t weight(ArrayRef<int64_t> values, int64_t y, int64_t x, int64_t c,
                 int64_t f) const {
    if (isMatmul)
      return values[c * filters + f];
    return values[((f * kh + y) * kw + x) * channels + c];
  }
};

bool isStaticIdentity(Type type, Type element) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() &&
         memref.getLayout().isIdentity() && !memref.getMemorySpace() &&
         memref.getElementType() == element;
}

/// The initial value of the constant global `value` is read from, if any.
DenseIntElementsAttr constantWeights(Value value) {
  auto get = value.getDefiningOp<memref::GetGlobalOp>();
  if (!get)
    return {};
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
      get, get.getNameAttr());
  if (!global || !global.getConstant())
    return {};
  return dyn_cast_or_null<DenseIntElementsAttr>(global.getConstantInitValue());
}

/// The fill of zeros into `output` that `op` follows (nothing in between
/// touching `output`), if any.
linalg::FillOp precedingZeroFill(Operation *op, Value output) {
  for (Operation *before = op->getPrevNode(); before;
       before = before->getPrevNode()) {
    auto fill = dyn_cast<linalg::FillOp>(before);
    if (fill && fill.getDpsInits()[0] == output)
      return matchPattern(fill.getDpsInputs()[0], m_Zero()) ? fill
                                                             : linalg::FillOp();
    if (llvm::is_contained(before->getOperands(), output) ||
        before->getNumRegions() > 0)
      return {};
  }
  return {};
}

std::optional<Contraction> match(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics() ||
      !op->getParentOfType<FunctionOpInterface>() ||
      linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1)
    return std::nullopt;
  MLIRContext *context = op->getContext();
  Type i8 = IntegerType::get(context, 8), i32 = IntegerType::get(context, 32);
  Value input = linalgOp.getDpsInputs()[0];
  Value filter = linalgOp.getDpsInputs()[1];
  Value output = linalgOp.getDpsInits()[0];
  if (!isStaticIdentity(input.getType(), i8) ||
      !isStaticIdentity(filter.getType(), i8) ||
      !isStaticIdentity(output.getType(), i32))
    return std::nullopt;
  Contraction contraction;
  contraction.op = op;
  contraction.input = input;
  contraction.output = output;
  contraction.weights = constantWeights(filter);
  if (!contraction.weights)
    return std::nullopt;
  contraction.zeroFill = precedingZeroFill(op, output);
  ArrayRef<int64_t> in = cast<MemRefType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<MemRefType>(filter.getType()).getShape();
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
    if (matmul.hasUserDefinedMaps() ||
        matmul.getCast() != linalg::TypeFn::cast_signed)
      return std::nullopt;
    contraction.isMatmul = true;
    contraction.channels = in[1];
    contraction.filters = w[1];
    return contraction;
  }
  if (auto conv = dyn_cast<linalg::Conv2DNhwcFhwcOp>(op)) {
    SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
    SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
    contraction.filters = w[0];
    contraction.kh = w[1];
    contraction.kw = w[2];
    contraction.channels = w[3];
    contraction.sh = strides[0];
    contraction.sw = strides[1];
    contraction.dh = dilations[0];
    contraction.dw = dilations[1];
    return contraction;
  }
  return std::nullopt;
}

/// The weights in the kernels' layout, [kh][kw][c / 4][f / 16][16 x 4]:
/// one 64-byte vector holds 4 consecutive channels of 16 filters, the
/// group each i32 lane of `vpdpbusd` sums; channels and filters past the
/// ends are zero. `correction[f]` is -128 times the sum of filter f's
/// weights: the kernels add 128 to each (signed) input byte to make it the
/// unsigned operand `vpdpbusd` takes.
struct PackedWeights {
  int64_t channelGroups = 0, filterBlocks = 0;
  SmallVector<int8_t> bytes;
  SmallVector<int32_t> correction;
};

PackedWeights pack(const Contraction &c) {
  SmallVector<int64_t> values;
  for (const APInt &v : c.weights.getValues<APInt>())
    values.push_back(v.getSExtValue());
  PackedWeights packed;
  int64_t runs = c.kh * c.runsPerRow(), length = c.runLength();
  packed.channelGroups = llvm::divideCeil(length, kGroup);
  packed.filterBlocks = llvm::divideCeil(c.filters, kLanes);
  int64_t filtersPadded = packed.filterBlocks * kLanes;
  packed.bytes.assign(runs * packed.channelGroups * filtersPadded * kGroup, 0);
  packed.correction.assign(filtersPadded, 0);
  for (int64_t run = 0; run < runs; ++run)
    for (int64_t r = 0; r < length; ++r)
      for (int64_t f = 0; f < c.filters; ++f) {
        int64_t y = run / c.runsPerRow();
        int64_t x = run % c.runsPerRow() + r / c.channels;
        int64_t w = c.weight(values, y, x, r % c.channels, f);
        int64_t group = run * packed.channelGroups + r / kGroup;
        int64_t at = ((group * packed.filterBlocks + f / kLanes) * kLanes +
                      f % kLanes) *
                         kGroup +
                     r % kGroup;
        packed.bytes[at] = static_cast<int8_t>(w);
        // Modulo 2^32, as the i32 sums themselves.
        packed.correction[f] = static_cast<int32_t>(
            static_cast<uint32_t>(packed.correction[f]) -
            static_cast<uint32_t>(w) * 128u);
      }
  return packed;
}

/// The register tile: `rows` pixels by `vectors` blocks of 16 filters, each
/// an accumulator register (AVX-512 has 32).
struct Tile {
  int64_t rows, vectors, lastLanes;
};

/// Emits one contraction's loops.
class KernelEmitter {
public:
  KernelEmitter(OpBuilder &builder, const Contraction &contraction,
                Value packed, Value correction, bool parallel)
      : b(builder), loc(contraction.op->getLoc()), c(contraction),
        packed(packed), correction(correction), parallel(parallel) {
    MLIRContext *context = builder.getContext();
    i8 = IntegerType::get(context, 8);
    i32 = IntegerType::get(context, 32);
    accType = VectorType::get({kLanes}, i32);
    bytesType = VectorType::get({kLanes * kGroup}, i8);
    wordType = VectorType::get({kGroup}, i8);
  }

  /// The loops over filter blocks (outermost: a block's packed weights stay
  /// in cache while every pixel uses them), images, rows and pixels.
  void emit(ArrayRef<int64_t> rowsByVectors, int64_t maxVectors) {
    int64_t blocks = c.filters / kLanes, tail = c.filters % kLanes;
    int64_t groups = blocks / maxVectors;
    int64_t rest = blocks % maxVectors + (tail ? 1 : 0);
    if (groups > 0)
      loop(groups * maxVectors, maxVectors, [&](Value first) {
        pixels(first, {rowsByVectors[maxVectors], maxVectors, kLanes});
      });
    if (rest > 0)
      pixels(index(groups * maxVectors),
             {rowsByVectors[rest], rest, tail ? tail : kLanes});
  }

private:
  /// Index constants, made once at the top of the function.
  Value index(int64_t value) {
    Value &constant = constants[value];
    if (!constant) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(
          &c.op->getParentOfType<FunctionOpInterface>().getFunctionBody()
               .front());
      constant = arith::ConstantIndexOp::create(b, loc, value);
    }
    return constant;
  }

  /// `body(iv)` in a loop from 0 to `count` (inline when `count` is 1).
  void loop(int64_t count, int64_t step,
            function_ref<void(Value)> body) {
    if (count <= step) {
      body(index(0));
      return;
    }
    scf::ForOp::create(b, loc, index(0), index(count), index(step),
                       ValueRange{},
                       [&](OpBuilder &nested, Location, Value iv, ValueRange) {
                         OpBuilder::InsertionGuard guard(b);
                         b.setInsertionPoint(nested.getInsertionBlock(),
                                             nested.getInsertionPoint());
                         body(iv);
                         scf::YieldOp::create(b, loc);
                       });
  }

  /// Every pixel against the filter blocks from `first` on.
  void pixels(Value first, Tile tile) {
    auto outShape = cast<MemRefType>(c.output.getType()).getShape();
    auto run = [&](ValueRange outer) {
      int64_t count = outShape[outer.size()];
      int64_t full = count / tile.rows * tile.rows;
      if (full > 0)
        loop(full, tile.rows,
             [&](Value p) { registerTile(outer, p, first, tile); });
      if (count > full) {
        Tile last = tile;
        last.rows = count - full;
        registerTile(outer, index(full), first, last);
      }
    };
    if (outShape.size() == 2) {
      if (!parallel)
        return run({});
      // The full tiles in parallel, the last (smaller) one after them.
      int64_t count = outShape[0], full = count / tile.rows * tile.rows;
      if (full > 0)
        parallelLoop({full}, {tile.rows}, [&](ValueRange p) {
          registerTile({}, p[0], first, tile);
        });
      if (count > full) {
        Tile last = tile;
        last.rows = count - full;
        registerTile({}, index(full), first, last);
      }
      return;
    }
    if (parallel)
      return parallelLoop({outShape[0], outShape[1]}, {1, 1},
                          [&](ValueRange ivs) { run(ivs); });
    loop(outShape[0], 1, [&](Value n) {
      loop(outShape[1], 1, [&](Value oh) { run({n, oh}); });
    });
  }

  /// `body(ivs)` in an scf.parallel from 0 to `counts` by `steps` (which
  /// scf-to-openmp runs on the threads).
  void parallelLoop(ArrayRef<int64_t> counts, ArrayRef<int64_t> steps,
                    function_ref<void(ValueRange)> body) {
    SmallVector<Value> lower, upper, step;
    for (auto [count, by] : llvm::zip(counts, steps)) {
      lower.push_back(index(0));
      upper.push_back(index(count));
      step.push_back(index(by));
    }
    scf::ParallelOp::create(
        b, loc, lower, upper, step,
        [&](OpBuilder &nested, Location, ValueRange ivs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(),
                              nested.getInsertionPoint());
          body(ivs);
        });
  }

  // Index arithmetic folds as it is built: most of it is on constants.
  Value add(Value x, int64_t y) {
    return b.createOrFold<arith::AddIOp>(loc, x, index(y));
  }
  Value add(Value x, Value y) {
    return b.createOrFold<arith::AddIOp>(loc, x, y);
  }
  Value mul(Value x, int64_t y) {
    return b.createOrFold<arith::MulIOp>(loc, x, index(y));
  }

  SmallVector<Value> outputIndices(ValueRange outer, Value pixel,
                                   Value filter) {
    SmallVector<Value> indices(outer);
    indices.push_back(pixel);
    indices.push_back(filter);
    return indices;
  }

  Value mask(int64_t lanes) {
    return vector::ConstantMaskOp::create(
        b, loc, VectorType::get({kLanes}, b.getI1Type()),
        ArrayRef<int64_t>{lanes});
  }

  /// `rows` pixels from `p0` by `vectors` filter blocks from `first`:
  /// accumulators loaded from the output plus the correction, the reduction,
  /// and the store (masked in the last block when the filters end inside
  /// it).
  void registerTile(ValueRange outer, Value p0, Value first, Tile tile) {
    SmallVector<Value> filterAt, accumulators;
    for (int64_t j = 0; j < tile.vectors; ++j)
      filterAt.push_back(mul(add(first, j), kLanes));
    Value zeros =
        c.zeroFill ? Value()
                   : arith::ConstantOp::create(
                         b, loc,
                         DenseElementsAttr::get(accType, b.getI32IntegerAttr(0)));
    for (int64_t i = 0; i < tile.rows; ++i)
      for (int64_t j = 0; j < tile.vectors; ++j) {
        Value fix = vector::LoadOp::create(b, loc, accType, correction,
                                           ValueRange{filterAt[j]});
        if (c.zeroFill) {
          accumulators.push_back(fix);
          continue;
        }
        SmallVector<Value> at = outputIndices(outer, add(p0, i), filterAt[j]);
        Value acc =
            j + 1 == tile.vectors && tile.lastLanes < kLanes
                ? vector::MaskedLoadOp::create(b, loc, accType, c.output, at,
                                               mask(tile.lastLanes), zeros)
                      .getResult()
                : vector::LoadOp::create(b, loc, accType, c.output, at)
                      .getResult();
        accumulators.push_back(arith::AddIOp::create(b, loc, acc, fix));
      }
    accumulators = reduction(outer, p0, first, tile, accumulators);
    for (int64_t i = 0; i < tile.rows; ++i)
      for (int64_t j = 0; j < tile.vectors; ++j) {
        SmallVector<Value> at = outputIndices(outer, add(p0, i), filterAt[j]);
        Value acc = accumulators[i * tile.vectors + j];
        if (j + 1 == tile.vectors && tile.lastLanes < kLanes)
          vector::MaskedStoreOp::create(b, loc, c.output, at,
                                        mask(tile.lastLanes), acc);
        else
          vector::StoreOp::create(b, loc, acc, c.output, at);
      }
  }

  /// A loop over `count` values carrying `values`; `step(iv, values)`
  /// returns the next ones. Inline when there is one iteration.
  SmallVector<Value>
  carry(int64_t count, ValueRange values,
        function_ref<SmallVector<Value>(Value, ValueRange)> step) {
    if (count == 1)
      return step(index(0), values);
    auto forOp = scf::ForOp::create(
        b, loc, index(0), index(count), index(1), values,
        [&](OpBuilder &nested, Location, Value iv, ValueRange args) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(),
                              nested.getInsertionPoint());
          scf::YieldOp::create(b, loc, step(iv, args));
        });
    return SmallVector<Value>(forOp.getResults());
  }

  /// The sums over the runs of each kernel row and their groups of 4
  /// bytes. Convolution inputs are read through a [n][h][w * c] view, so
  /// that a run is a range of its last index.
  SmallVector<Value> reduction(ValueRange outer, Value p0, Value first,
                               Tile tile, ValueRange init) {
    int64_t length = c.runLength(), runs = c.runsPerRow();
    int64_t groups = llvm::divideCeil(length, kGroup);
    int64_t full = length / kGroup;
    return carry(c.kh, init, [&](Value y, ValueRange acc) {
      return carry(runs, acc, [&](Value x, ValueRange acc) {
        // Where each pixel's run starts.
        SmallVector<SmallVector<Value>> base;
        SmallVector<Value> start;
        for (int64_t i = 0; i < tile.rows; ++i) {
          Value pixel = add(p0, i);
          if (outer.empty()) {
            base.push_back({pixel});
            start.push_back(index(0));
            continue;
          }
          base.push_back({outer[0], add(mul(outer[1], c.sh), mul(y, c.dh))});
          start.push_back(
              mul(add(mul(pixel, c.sw), mul(x, c.dw)), c.channels));
        }
        Value group0 = mul(add(mul(y, runs), x), groups);
        auto step = [&](Value g, bool partial, ValueRange acc) {
          return dotStep(base, start, add(group0, g), mul(g, kGroup), first,
                         tile, partial, acc);
        };
        SmallVector<Value> sums(acc);
        if (full > 0)
          sums = carry(full, sums, [&](Value g, ValueRange acc) {
            return step(g, /*partial=*/false, acc);
          });
        if (groups > full)
          sums = step(index(full), /*partial=*/true, sums);
        return sums;
      });
    });
  }

  /// One group of 4 channels: the tile's weights, each pixel's 4 input
  /// bytes broadcast to every lane (+128: unsigned), and a `vpdpbusd` per
  /// accumulator.
  SmallVector<Value> dotStep(ArrayRef<SmallVector<Value>> base,
                             ArrayRef<Value> start, Value group, Value offset,
                             Value first, Tile tile, bool partial,
                             ValueRange acc) {
    SmallVector<Value> weights;
    for (int64_t j = 0; j < tile.vectors; ++j)
      weights.push_back(vector::LoadOp::create(
          b, loc, bytesType, packed,
          ValueRange{group, add(first, j), index(0)}));
    if (!flip) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(index(0).getDefiningOp());
      flip = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(accType,
                                 b.getI32IntegerAttr(int32_t(0x80808080u))));
    }
    SmallVector<Value> next(acc);
    for (int64_t i = 0; i < tile.rows; ++i) {
      SmallVector<Value> at(base[i]);
      at.push_back(add(start[i], offset));
      // The last group of a run reads past its end (bytes of the next
      // pixel, which meet zero weights) but not past the row (masked).
      Value word =
          partial
              ? vector::TransferReadOp::create(
                    b, loc, wordType, c.input, at,
                    arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0)),
                    ArrayRef<bool>{false})
                    .getResult()
              : vector::LoadOp::create(b, loc, wordType, c.input, at)
                    .getResult();
      Value scalar = vector::ExtractOp::create(
          b, loc,
          vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), word),
          ArrayRef<int64_t>{0});
      Value splat = vector::BroadcastOp::create(b, loc, accType, scalar);
      Value unsignedBytes = vector::BitCastOp::create(
          b, loc, bytesType, arith::XOrIOp::create(b, loc, splat, flip));
      for (int64_t j = 0; j < tile.vectors; ++j) {
        Value &sum = next[i * tile.vectors + j];
        sum = LLVM::CallIntrinsicOp::create(
                  b, loc, accType, b.getStringAttr(kDotIntrinsic),
                  ValueRange{sum, unsignedBytes, weights[j]})
                  .getResult(0);
      }
    }
    return next;
  }

  OpBuilder &b;
  Location loc;
  const Contraction &c;
  Value packed, correction;
  /// Pixel loops as scf.parallel (rows of a convolution, tiles of a
  /// matmul).
  bool parallel;
  Type i8, i32;
  VectorType accType, bytesType, wordType;
  llvm::DenseMap<int64_t, Value> constants;
  /// 0x80 in every byte: XOR adds 128 to a signed byte (mod 256).
  Value flip;
};

/// Blocks of 16 filters per register tile, at most `most`: as few column
/// passes as possible, then the most even ones (9 blocks: 3 + 3 + 3, not
/// 4 + 4 + 1, whose last pass keeps a single vector busy).
int64_t tileVectors(int64_t filters, int64_t most) {
  int64_t blocks = llvm::divideCeil(filters, kLanes);
  auto passes = [&](int64_t v) { return llvm::divideCeil(blocks, v); };
  auto smallest = [&](int64_t v) {
    return blocks % v == 0 ? v : std::min(v, blocks % v);
  };
  int64_t best = most;
  if (most > 1 && passes(most - 1) == passes(most) &&
      smallest(most - 1) > smallest(most))
    best = most - 1;
  return best;
}

/// The views the kernels read and write: a 1x1 convolution of stride 1 is a
/// matmul of its pixels; other convolutions read their input as
/// [n][h][w * c], where a kernel row's bytes are one range.
void collapseViews(OpBuilder &b, Contraction &c) {
  Location loc = c.op->getLoc();
  if (c.isMatmul)
    return;
  if (c.kh == 1 && c.kw == 1 && c.sh == 1 && c.sw == 1) {
    SmallVector<ReassociationIndices> pixels = {{0, 1, 2}, {3}};
    c.input = memref::CollapseShapeOp::create(b, loc, c.input, pixels);
    c.output = memref::CollapseShapeOp::create(b, loc, c.output, pixels);
    c.isMatmul = true;
    return;
  }
  SmallVector<ReassociationIndices> rows = {{0}, {1}, {2, 3}};
  c.input = memref::CollapseShapeOp::create(b, loc, c.input, rows);
}

struct QCCVnniContractionsPass
    : qcc::impl::QCCVnniContractionsBase<QCCVnniContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (columnVectors < 1 || columnVectors > 4) {
      module.emitError("qcc-vnni-contractions: column-vectors must be 1 to 4");
      return signalPassFailure();
    }
    // Rows per tile by column vectors: 24-28 accumulators, a register for
    // each weight vector and the broadcast input.
    SmallVector<int64_t> rowsByVectors = {0, 12, 12, 8, 6};
    if (rows > 0)
      for (int64_t &r : rowsByVectors)
        r = rows;
    SmallVector<Contraction> contractions;
    module.walk([&](Operation *op) {
      if (std::optional<Contraction> c = match(op))
        contractions.push_back(*c);
    });
    SymbolTable symbols(module);
    OpBuilder builder(module.getContext());
    for (Contraction &c : contractions) {
      PackedWeights weights = pack(c);
      builder.setInsertionPointToStart(module.getBody());
      Location loc = c.op->getLoc();
      auto bytesType = MemRefType::get(
          {c.kh * c.runsPerRow() * weights.channelGroups, weights.filterBlocks,
           kLanes * kGroup},
          builder.getI8Type());
      auto bytes = memref::GlobalOp::create(
          builder, loc, "__qcc_vnni_weights", builder.getStringAttr("private"),
          bytesType,
          DenseElementsAttr::get(
              RankedTensorType::get(bytesType.getShape(), builder.getI8Type()),
              ArrayRef<int8_t>(weights.bytes)),
          /*constant=*/true, builder.getI64IntegerAttr(kAlignment));
      symbols.insert(bytes);
      auto correctionType = MemRefType::get(
          {int64_t(weights.correction.size())}, builder.getI32Type());
      auto correction = memref::GlobalOp::create(
          builder, loc, "__qcc_vnni_correction",
          builder.getStringAttr("private"), correctionType,
          DenseElementsAttr::get(RankedTensorType::get(
                                     correctionType.getShape(),
                                     builder.getI32Type()),
                                 ArrayRef<int32_t>(weights.correction)),
          /*constant=*/true, builder.getI64IntegerAttr(kAlignment));
      symbols.insert(correction);

      builder.setInsertionPoint(c.op);
      collapseViews(builder, c);
      Value packedValue = memref::GetGlobalOp::create(
          builder, loc, bytesType, bytes.getSymName());
      Value correctionValue = memref::GetGlobalOp::create(
          builder, loc, correctionType, correction.getSymName());
      KernelEmitter(builder, c, packedValue, correctionValue, parallel)
          .emit(rowsByVectors, tileVectors(c.filters, columnVectors));
      c.op->erase();
      if (c.zeroFill)
        c.zeroFill->erase();
      ++numKernels;
    }
  }
};

} // namespace
