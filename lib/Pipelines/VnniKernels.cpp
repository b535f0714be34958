//===- VnniKernels.cpp - register-tiled VNNI loops ------------------------===//
//
// The loops of one contraction over `vpdpbusd` (docs/lowering.md#vnni-kernels).
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace qcc::vnni;

namespace {

constexpr StringLiteral kDotIntrinsic = "llvm.x86.avx512.vpdpbusd.512";
constexpr StringLiteral kLookupIntrinsic = "llvm.x86.avx512.pshuf.b.512";

/// The register tile: `rows` pixels by `vectors` blocks of 16 filters, each
/// an accumulator register (AVX-512 has 32).
struct Tile {
  int64_t rows, vectors, lastLanes;
};

/// Emits one contraction's loops.
class KernelEmitter : public KernelBuilder {
public:
  KernelEmitter(OpBuilder &builder, const Contraction &contraction,
                Value packed, Value correction, ArrayRef<int8_t> table,
                bool parallel, Value scratch)
      : KernelBuilder(builder, contraction), packed(packed),
        correction(correction), table(table), parallel(parallel),
        scratch(scratch) {
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

  /// `rows` pixels from `p0` by `vectors` filter blocks from `first`:
  /// accumulators loaded from the output plus the correction, the reduction,
  /// and the store (masked in the last block when the filters end inside
  /// it).
  void registerTile(ValueRange outer, Value p0, Value first, Tile tile) {
    SmallVector<Value> filterAt, accumulators;
    for (int64_t j = 0; j < tile.vectors; ++j)
      filterAt.push_back(mul(add(first, j), kLanes));
    Value zeros =
        c.zeroFill
            ? Value()
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
    SmallVector<int64_t> lanes(tile.vectors, 0);
    if (tile.lastLanes < kLanes)
      lanes.back() = tile.lastLanes;
    finishTile(
        accumulators, tile.rows, tile.vectors, filterAt, lanes,
        [&](Value i, int64_t j) {
          return outputIndices(outer, add(p0, i), filterAt[j]);
        },
        scratch);
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
          start.push_back(mul(add(mul(pixel, c.sw), mul(x, c.dw)), c.channels));
        }
        SmallVector<Value> sums(acc);
        if (table.empty()) {
          Value group0 = mul(add(mul(y, runs), x), groups);
          auto step = [&](Value g, bool partial, ValueRange acc) {
            return dotStep(base, start,
                           byteWeights(add(group0, g), first, tile),
                           mul(g, kGroup), tile, partial, acc);
          };
          if (full > 0)
            sums = carry(full, sums, [&](Value g, ValueRange acc) {
              return step(g, /*partial=*/false, acc);
            });
          if (groups > full)
            sums = step(index(full), /*partial=*/true, sums);
          return sums;
        }
        // 4-bit weights: one vector of indices per pair of groups.
        int64_t pairs = llvm::divideCeil(groups, 2), fullPairs = full / 2;
        Value pair0 = mul(add(mul(y, runs), x), pairs);
        auto pairStep = [&](Value p, int64_t count, bool partial,
                            ValueRange acc) {
          SmallVector<Value> low, high;
          for (int64_t j = 0; j < tile.vectors; ++j) {
            auto [l, h] = lookUp(vector::LoadOp::create(
                b, loc, bytesType, packed,
                ValueRange{add(pair0, p), add(first, j), index(0)}));
            low.push_back(l);
            high.push_back(h);
          }
          Value offset = mul(p, 2 * kGroup);
          SmallVector<Value> next =
              dotStep(base, start, low, offset, tile, partial, acc);
          if (count == 2)
            next = dotStep(base, start, high, add(offset, kGroup), tile,
                           partial, next);
          return next;
        };
        if (fullPairs > 0)
          sums = carry(fullPairs, sums, [&](Value p, ValueRange acc) {
            return pairStep(p, 2, /*partial=*/false, acc);
          });
        if (pairs > fullPairs)
          sums = pairStep(index(fullPairs), groups - 2 * fullPairs,
                          /*partial=*/true, sums);
        return sums;
      });
    });
  }

  /// The weights of two groups from one vector of 4-bit indices (the low
  /// halves: the first group, the high halves: the second), each index
  /// looked up in the table (`vpshufb`, the 16 values in each 128-bit
  /// lane).
  std::pair<Value, Value> lookUp(Value nibbles) {
    if (!lookupTable) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(index(0).getDefiningOp());
      SmallVector<int8_t> lanes;
      for (int64_t copy = 0; copy < 4; ++copy)
        llvm::append_range(lanes, table);
      lookupTable = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(bytesType, ArrayRef<int8_t>(lanes)));
      low4 = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(bytesType, b.getI8IntegerAttr(15)));
      shift4 = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(bytesType, b.getI8IntegerAttr(4)));
    }
    auto look = [&](Value indices) {
      return LLVM::CallIntrinsicOp::create(b, loc, bytesType,
                                           b.getStringAttr(kLookupIntrinsic),
                                           ValueRange{lookupTable, indices})
          .getResult(0);
    };
    return {look(arith::AndIOp::create(b, loc, nibbles, low4)),
            look(arith::ShRUIOp::create(b, loc, nibbles, shift4))};
  }

  /// One group of 4 channels: the tile's weights, each pixel's 4 input
  /// bytes broadcast to every lane (+128: unsigned), and a `vpdpbusd` per
  /// accumulator.
  /// The tile's weight vectors for group `group` (bytes).
  SmallVector<Value> byteWeights(Value group, Value first, Tile tile) {
    SmallVector<Value> weights;
    for (int64_t j = 0; j < tile.vectors; ++j)
      weights.push_back(
          vector::LoadOp::create(b, loc, bytesType, packed,
                                 ValueRange{group, add(first, j), index(0)}));
    return weights;
  }

  SmallVector<Value> dotStep(ArrayRef<SmallVector<Value>> base,
                             ArrayRef<Value> start, ArrayRef<Value> weights,
                             Value offset, Tile tile, bool partial,
                             ValueRange acc) {
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

  Value packed, correction;
  /// The 4-bit form's values (empty: weights are bytes).
  ArrayRef<int8_t> table;
  /// Pixel loops as scf.parallel (rows of a convolution, tiles of a
  /// matmul).
  bool parallel;
  /// Where a tile's sums wait for the epilogue's loop over rows (null: the
  /// epilogue is applied to each accumulator).
  Value scratch;
  Type i8, i32;
  VectorType accType, bytesType, wordType;
  /// 0x80 in every byte: XOR adds 128 to a signed byte (mod 256).
  Value flip;
  /// The 4-bit form: the table in each 128-bit lane, 0x0F and 4 per byte.
  Value lookupTable, low4, shift4;
};

} // namespace

/// The 4-bit form of `packed`, if its values (0 included) number at most 16.
static void toTable(PackedWeights &packed, int64_t runs) {
  SmallVector<int8_t> values = {0};
  for (int8_t w : packed.bytes)
    if (!llvm::is_contained(values, w)) {
      if (values.size() == 16)
        return;
      values.push_back(w);
    }
  auto indexOf = [&](int8_t w) {
    return uint8_t(llvm::find(values, w) - values.begin());
  };
  int64_t groups = packed.channelGroups, pairs = packed.pairs();
  int64_t vectorsPerGroup = packed.filterBlocks * 64;
  SmallVector<int8_t> nibbles(runs * pairs * vectorsPerGroup, 0);
  for (int64_t run = 0; run < runs; ++run)
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t i = 0; i < vectorsPerGroup; ++i) {
        uint8_t index =
            indexOf(packed.bytes[(run * groups + g) * vectorsPerGroup + i]);
        int8_t &byte = nibbles[(run * pairs + g / 2) * vectorsPerGroup + i];
        byte = static_cast<int8_t>(uint8_t(byte) | index << (4 * (g % 2)));
      }
  values.resize(16, 0);
  packed.table = values;
  packed.bytes = std::move(nibbles);
}

PackedWeights qcc::vnni::pack(const Contraction &c, bool tables) {
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
        int64_t at =
            ((group * packed.filterBlocks + f / kLanes) * kLanes + f % kLanes) *
                kGroup +
            r % kGroup;
        packed.bytes[at] = static_cast<int8_t>(w);
        // Modulo 2^32, as the i32 sums themselves.
        packed.correction[f] =
            static_cast<int32_t>(static_cast<uint32_t>(packed.correction[f]) -
                                 static_cast<uint32_t>(w) * 128u);
      }
  if (tables)
    toTable(packed, runs);
  return packed;
}

void qcc::vnni::emitKernel(OpBuilder &builder, const Contraction &c,
                           Value packed, Value correction,
                           ArrayRef<int8_t> table, bool parallel,
                           ArrayRef<int64_t> rowsByVectors, int64_t vectors,
                           Value scratch) {
  KernelEmitter(builder, c, packed, correction, table, parallel, scratch)
      .emit(rowsByVectors, vectors);
}
