//===- TensorCores.cpp - the qcc-gpu-tensor-cores pass --------------------===//
//
// The native path's 8-bit contractions (i8 x i8 codes summed in i32: the
// matmuls and convolutions of convert-qcost-to-linalg's native-integer path)
// as tensor-core kernels. A contraction is read as a GEMM: its parallel
// dimensions that only the first input uses are the rows (M), those only the
// second uses the columns (N), its reductions the depth (K), each group
// flattened in loop order, so that a convolution is an implicit GEMM whose
// operands are read through their own indexing maps. Each block computes a
// tile of the output: it stages a tile of both operands in shared memory
// (zero past the edges, which adds nothing to an integer sum), its warps
// read fragments from there and multiply them with `mma.sync` m16n8k32, and
// the sums, in registers, go through the fill's value and the elementwise
// epilogue before they are stored. i32 sums wrap on the tensor cores as
// `arith.addi` does, so the result is the exact path's, bit for bit.
//
//===----------------------------------------------------------------------===//

#include "qcc/Conversion/QCostToGPU/QCostToGPU.h"

#include "qcc/Pipelines/LoopBodies.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

namespace qcc {
#define GEN_PASS_DEF_QCCGPUTENSORCORES
#include "qcc/Conversion/QCostToGPU/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

/// The tensor-core instruction: mma.sync.m16n8k32 on 8-bit integers.
constexpr int64_t kMmaM = 16, kMmaN = 8, kMmaK = 32;
/// Bytes added to each shared-memory row, so that the eight rows a warp
/// reads a fragment from fall in different banks.
constexpr int64_t kRowPadding = 16;
/// The widest global load, in bytes.
constexpr int64_t kMaxVector = 16;
/// Words added to each row of a warp's sums in shared memory, so that the
/// lanes' writes of a fragment fall in at most two banks each.
constexpr int64_t kSumsPadding = 8;

/// How a kernel reads one input of the contraction.
struct Operand {
  Value buffer;
  AffineMap map;
  /// The dimensions the input shares with the output: the rows (M) of the
  /// first input, the columns (N) of the second.
  SmallVector<unsigned> rowDims;
  bool isSigned = true;
  /// Global loads are `width` consecutive bytes along the depth (the
  /// innermost reduction dimension is the buffer's contiguous one) or, if
  /// `alongRows`, along the innermost row dimension.
  bool alongRows = false;
  int64_t width = 1;
};

/// A contraction the tensor cores compute.
struct Contraction {
  linalg::LinalgOp op;
  Operand lhs, rhs;
  SmallVector<unsigned> depthDims;
  SmallVector<int64_t> ranges;
  int64_t rows = 1, cols = 1, depth = 1;
};

/// The work of one block and its warps.
struct Tiling {
  int64_t tileM, tileN, tileK, warpsM, warpsN;
  int64_t threads() const { return warpsM * warpsN * 32; }
  int64_t fragmentsM() const { return tileM / warpsM / kMmaM; }
  int64_t fragmentsN() const { return tileN / warpsN / kMmaN; }
  int64_t warpCols() const { return tileN / warpsN; }
};

/// 128 rows per block; as many columns as the output has, up to 128; warps
/// of 64x32 or 32x32 outputs (16 or 8 mma per k-step), 256 or 128 threads.
Tiling chooseTiling(int64_t cols, int64_t depth) {
  int64_t tileK = depth >= 64 ? 64 : 32;
  if (cols >= 128)
    return {128, 128, tileK, 2, 4};
  if (cols > 32)
    return {128, 64, tileK, 4, 2};
  return {128, 32, tileK, 4, 1};
}

/// Whether `value` is `argument` sign- (`isSigned`) or zero-extended from
/// i8 to i32.
bool isExtendedByte(Value value, Value argument, bool &isSigned) {
  Operation *def = value.getDefiningOp();
  if (!def || def->getNumOperands() != 1 || def->getOperand(0) != argument ||
      !argument.getType().isInteger(8) || !value.getType().isInteger(32))
    return false;
  if (isa<arith::ExtSIOp>(def))
    isSigned = true;
  else if (isa<arith::ExtUIOp>(def))
    isSigned = false;
  else
    return false;
  return true;
}

/// Whether `op`'s body is `out + ext(a) * ext(b)` on i8 inputs and an i32
/// output, recording how each input is extended.
bool isByteMultiplyAccumulate(linalg::LinalgOp op, Contraction &found) {
  Block *body = op.getBlock();
  if (body->getNumArguments() != 3 || body->getOperations().size() != 5)
    return false;
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  auto add = yield.getNumOperands() == 1
                 ? yield.getOperand(0).getDefiningOp<arith::AddIOp>()
                 : nullptr;
  Value out = body->getArgument(2);
  if (!add || !out.getType().isInteger(32))
    return false;
  Value product = add.getLhs() == out   ? add.getRhs()
                  : add.getRhs() == out ? add.getLhs()
                                        : Value();
  auto mul = product ? product.getDefiningOp<arith::MulIOp>() : nullptr;
  if (!mul)
    return false;
  Value a = body->getArgument(0), b = body->getArgument(1);
  bool &sa = found.lhs.isSigned, &sb = found.rhs.isSigned;
  return (isExtendedByte(mul.getLhs(), a, sa) &&
          isExtendedByte(mul.getRhs(), b, sb)) ||
         (isExtendedByte(mul.getRhs(), a, sa) &&
          isExtendedByte(mul.getLhs(), b, sb));
}

/// The widest load (a power of two up to 16 bytes) of consecutive elements
/// along `dim` that stays aligned: `dim` indexes the buffer's contiguous
/// last dimension and nothing else, and its range, the other strides and
/// the offset are multiples of the width (buffers start 16-byte aligned).
int64_t vectorWidth(Value buffer, AffineMap map, unsigned dim, int64_t range) {
  auto type = cast<MemRefType>(buffer.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (map.getNumResults() == 0 ||
      failed(type.getStridesAndOffset(strides, offset)) || strides.back() != 1)
    return 1;
  auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
  if (!last || last.getPosition() != dim ||
      llvm::any_of(map.getResults().drop_back(),
                   [&](AffineExpr e) { return e.isFunctionOfDim(dim); }))
    return 1;
  auto multipleOf = [](int64_t value, int64_t width) {
    return !ShapedType::isDynamic(value) && value % width == 0;
  };
  int64_t width = kMaxVector;
  while (width > 1 &&
         !(multipleOf(range, width) && multipleOf(offset, width) &&
           llvm::all_of(ArrayRef(strides).drop_back(),
                        [&](int64_t s) { return multipleOf(s, width); })))
    width /= 2;
  return width;
}

/// How `input` is loaded: along the depth if that is contiguous, else along
/// its rows; scalar loads run along whichever its last index follows.
void chooseLoads(Operand &input, const Contraction &c) {
  unsigned innerDepth = c.depthDims.back(), innerRow = input.rowDims.back();
  input.width =
      vectorWidth(input.buffer, input.map, innerDepth, c.ranges[innerDepth]);
  input.alongRows = false;
  if (input.width > 1)
    return;
  input.width =
      vectorWidth(input.buffer, input.map, innerRow, c.ranges[innerRow]);
  input.alongRows = input.width > 1 ||
                    (input.map.getNumResults() != 0 &&
                     input.map.getResults().back().isFunctionOfDim(innerRow));
}

/// `op` as a GEMM the tensor cores can compute, if it is one: static,
/// on buffers, an 8-bit multiply-accumulate into i32 whose every parallel
/// dimension indexes the output and exactly one input, and whose every
/// reduction indexes both inputs; at least one 16x8x16 step of work.
std::optional<Contraction> matchContraction(linalg::LinalgOp op) {
  Contraction c;
  c.op = op;
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0 ||
      !isByteMultiplyAccumulate(op, c))
    return std::nullopt;
  c.ranges = op.getStaticLoopRanges();
  if (llvm::any_of(c.ranges, ShapedType::isDynamic))
    return std::nullopt;
  OpOperand *lhs = op.getDpsInputOperand(0), *rhs = op.getDpsInputOperand(1);
  OpOperand &init = op.getDpsInitsMutable()[0];
  c.lhs.buffer = lhs->get();
  c.rhs.buffer = rhs->get();
  if (!isa<MemRefType>(c.lhs.buffer.getType()) ||
      !isa<MemRefType>(c.rhs.buffer.getType()))
    return std::nullopt;
  c.lhs.map = op.getMatchingIndexingMap(lhs);
  c.rhs.map = op.getMatchingIndexingMap(rhs);
  AffineMap out = op.getMatchingIndexingMap(&init);
  if (!out.isProjectedPermutation() ||
      out.getNumResults() != op.getNumParallelLoops())
    return std::nullopt;
  for (auto [d, type] : llvm::enumerate(op.getIteratorTypesArray())) {
    bool inLhs = c.lhs.map.isFunctionOfDim(d);
    bool inRhs = c.rhs.map.isFunctionOfDim(d);
    bool inOut = out.isFunctionOfDim(d);
    bool overflow = false;
    if (type == utils::IteratorType::reduction && inLhs && inRhs && !inOut) {
      c.depthDims.push_back(d);
      overflow = llvm::MulOverflow(c.depth, c.ranges[d], c.depth);
    } else if (type == utils::IteratorType::parallel && inOut && inLhs &&
               !inRhs) {
      c.lhs.rowDims.push_back(d);
      overflow = llvm::MulOverflow(c.rows, c.ranges[d], c.rows);
    } else if (type == utils::IteratorType::parallel && inOut && inRhs &&
               !inLhs) {
      c.rhs.rowDims.push_back(d);
      overflow = llvm::MulOverflow(c.cols, c.ranges[d], c.cols);
    } else {
      return std::nullopt; // a batch dimension, a broadcast, ...
    }
    if (overflow)
      return std::nullopt;
  }
  if (c.lhs.rowDims.empty() || c.rhs.rowDims.empty() || c.rows < 2 * kMmaM ||
      c.cols < kMmaN || c.depth < kMmaK / 2)
    return std::nullopt;
  chooseLoads(c.lhs, c);
  chooseLoads(c.rhs, c);
  return c;
}

/// Writes one contraction's kernel.
class KernelBuilder {
public:
  KernelBuilder(OpBuilder &builder, Contraction &c, const Tiling &tiling)
      : b(builder), loc(c.op.getLoc()), c(c), tiling(tiling), i8(b.getI8Type()),
        i32(b.getI32Type()) {}

  /// Replaces the contraction (with `initial`, the value its output was
  /// filled with, or null to read it, and its `epilogue`, or null) by a
  /// launch named `name`.
  gpu::LaunchOp build(Value initial, linalg::GenericOp epilogue,
                      StringRef name) {
    MLIRContext *context = b.getContext();
    auto workgroup = gpu::AddressSpaceAttr::get(
        context, gpu::GPUDialect::getWorkgroupAddressSpace());
    int64_t rowBytes = tiling.tileK + kRowPadding;
    auto stagingType = [&](int64_t rows) {
      return MemRefType::get({rows, rowBytes}, i8, MemRefLayoutAttrInterface(),
                             workgroup);
    };
    // Each warp's sums of one row of fragments (16 rows), for the epilogue.
    auto sumsType =
        MemRefType::get({tiling.warpsM * tiling.warpsN * kMmaM,
                         tiling.warpCols() + kSumsPadding},
                        i32, MemRefLayoutAttrInterface(), workgroup);
    Value one = index(1);
    auto launch = gpu::LaunchOp::create(
        b, loc, index(llvm::divideCeil(c.rows, tiling.tileM)),
        index(llvm::divideCeil(c.cols, tiling.tileN)), one,
        index(tiling.threads()), one, one,
        /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
        /*asyncDependencies=*/{},
        /*workgroupAttributions=*/
        TypeRange{stagingType(tiling.tileM), stagingType(tiling.tileN),
                  sumsType},
        /*privateAttributions=*/{}, nullptr, nullptr, nullptr,
        FlatSymbolRefAttr::get(context, qcc::kKernelModule),
        FlatSymbolRefAttr::get(context, name));
    Block &body = launch.getBody().front();
    b.setInsertionPointToStart(&body);
    gpu::TerminatorOp::create(b, loc);
    b.setInsertionPointToStart(&body);
    stagedLhs = launch.getWorkgroupAttributions()[0];
    stagedRhs = launch.getWorkgroupAttributions()[1];
    warpSums = launch.getWorkgroupAttributions()[2];
    thread = launch.getThreadIds().x;
    warp = div(thread, 32);
    lane = rem(thread, 32);
    group = div(lane, 4);
    inGroup = rem(lane, 4);
    warpRow = mul(div(warp, tiling.warpsN), tiling.tileM / tiling.warpsM);
    warpCol = mul(rem(warp, tiling.warpsN), tiling.tileN / tiling.warpsN);
    rowBase = mul(launch.getBlockIds().x, tiling.tileM);
    colBase = mul(launch.getBlockIds().y, tiling.tileN);

    SmallVector<Value> sums = multiply();
    store(sums, initial, epilogue);
    return launch;
  }

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value add(Value x, int64_t y) { return y == 0 ? x : add(x, index(y)); }
  Value mul(Value x, int64_t y) {
    return arith::MulIOp::create(b, loc, x, index(y));
  }
  Value div(Value x, int64_t y) {
    return arith::DivUIOp::create(b, loc, x, index(y));
  }
  Value rem(Value x, int64_t y) {
    return arith::RemUIOp::create(b, loc, x, index(y));
  }
  Value less(Value x, int64_t y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x,
                                 index(y));
  }

  /// Sets `at`'s entries for `dims` from their position `linear` in the
  /// row-major order of their ranges.
  void delinearize(Value linear, ArrayRef<unsigned> dims,
                   MutableArrayRef<Value> at) {
    if (dims.size() == 1) {
      at[dims.front()] = linear;
      return;
    }
    SmallVector<int64_t> basis;
    for (unsigned d : dims)
      basis.push_back(c.ranges[d]);
    auto split =
        affine::AffineDelinearizeIndexOp::create(b, loc, linear, basis, true);
    for (auto [d, value] : llvm::zip(dims, split.getResults()))
      at[d] = value;
  }

  /// The sums: for each k-tile, both operands staged in shared memory, then
  /// the warps' mma.sync; returns the accumulators, fragment by fragment.
  /// Software-pipelined: the global loads of the next k-tile are issued
  /// before the current one's multiplies and stored after them, so their
  /// latency hides behind the tensor cores.
  SmallVector<Value> multiply() {
    Value zero = arith::ConstantIntOp::create(b, loc, i32, 0);
    int64_t count = tiling.fragmentsM() * tiling.fragmentsN() * 4;
    Tile lhsTile{c.lhs, stagedLhs, rowBase, c.rows, tiling.tileM};
    Tile rhsTile{c.rhs, stagedRhs, colBase, c.cols, tiling.tileN};
    SmallVector<Value> carried(count, zero);
    llvm::append_range(carried, fetch(lhsTile, index(0)));
    size_t lhsVectors = carried.size() - count;
    llvm::append_range(carried, fetch(rhsTile, index(0)));
    auto loop = scf::ForOp::create(
        b, loc, index(0), index(llvm::divideCeil(c.depth, tiling.tileK)),
        index(1), carried);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ValueRange arguments = loop.getRegionIterArgs();
    SmallVector<Value> sums(arguments.take_front(count));
    // The previous step's reads are done before the tiles are overwritten.
    gpu::BarrierOp::create(b, loc);
    commit(lhsTile, arguments.slice(count, lhsVectors));
    commit(rhsTile, arguments.drop_front(count + lhsVectors));
    gpu::BarrierOp::create(b, loc);
    // Past the last tile the depths are out of range: zeros, no loads.
    Value next = mul(add(loop.getInductionVar(), 1), tiling.tileK);
    SmallVector<Value> fetched = fetch(lhsTile, next);
    llvm::append_range(fetched, fetch(rhsTile, next));
    for (int64_t step = 0; step < tiling.tileK / kMmaK; ++step)
      mmaStep(step * kMmaK, sums);
    llvm::append_range(sums, fetched);
    scf::YieldOp::create(b, loc, sums);
    return SmallVector<Value>(loop.getResults().take_front(count));
  }

  /// The tile of an input a block stages: rows [base, base + rows) of the
  /// contraction's `extent`, a k-tile of depths, into `staged` (row-major,
  /// a row's depths contiguous).
  struct Tile {
    const Operand &input;
    Value staged, base;
    int64_t extent, rows;
  };

  /// How thread `thread` walks a tile in `width`-byte vectors: the j-th of
  /// its vectors starts at (row, depth) of the tile, consecutive threads on
  /// consecutive vectors along the buffer's contiguous dimension; `valid`
  /// is null or whether the j-th vector exists (the count is not a multiple
  /// of the threads).
  struct Position {
    Value row, depth, valid;
  };
  int64_t vectorsPerThread(const Tile &tile) {
    return llvm::divideCeil(tile.rows * tiling.tileK / tile.input.width,
                            tiling.threads());
  }
  Position position(const Tile &tile, int64_t j) {
    int64_t width = tile.input.width, threads = tiling.threads();
    bool alongRows = tile.input.alongRows;
    int64_t fast = alongRows ? tile.rows : tiling.tileK;
    int64_t perLine = fast / width,
            vectors = perLine * tile.rows * tiling.tileK / fast;
    Value element = add(thread, j * threads);
    Value along = mul(rem(element, perLine), width);
    Value across = div(element, perLine);
    Position p{alongRows ? along : across, alongRows ? across : along, {}};
    if (vectors % threads != 0)
      p.valid = less(element, vectors);
    return p;
  }

  /// Loads this thread's vectors of the tile at depths from `depthBase`:
  /// zeros outside the contraction's rows and depth.
  SmallVector<Value> fetch(const Tile &tile, Value depthBase) {
    const Operand &input = tile.input;
    auto vectorType = VectorType::get({input.width}, i8);
    SmallVector<Value> vectors;
    for (int64_t j = 0; j < vectorsPerThread(tile); ++j) {
      Position p = position(tile, j);
      Value globalRow = add(tile.base, p.row);
      Value globalDepth = add(depthBase, p.depth);
      Value inside = arith::AndIOp::create(b, loc, less(globalRow, tile.extent),
                                           less(globalDepth, c.depth));
      if (p.valid)
        inside = arith::AndIOp::create(b, loc, inside, p.valid);
      auto load = scf::IfOp::create(b, loc, vectorType, inside, true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&load.getThenRegion().front());
      SmallVector<Value> at(c.ranges.size());
      delinearize(globalRow, input.rowDims, at);
      delinearize(globalDepth, c.depthDims, at);
      Value loaded =
          vector::LoadOp::create(b, loc, vectorType, input.buffer,
                                 qcc::mapIndices(b, loc, input.map, at), false,
                                 llvm::MaybeAlign(input.width));
      scf::YieldOp::create(b, loc, loaded);
      b.setInsertionPointToStart(&load.getElseRegion().front());
      Value zeros = arith::ConstantOp::create(
          b, loc, vectorType, DenseElementsAttr::get(vectorType, int8_t(0)));
      scf::YieldOp::create(b, loc, zeros);
      vectors.push_back(load.getResult(0));
    }
    return vectors;
  }

  /// Stores what fetch loaded into the tile's shared memory: along a row's
  /// depths as one vector, or (loaded along the rows) a byte into each row.
  void commit(const Tile &tile, ValueRange vectors) {
    for (auto [j, value] : llvm::enumerate(vectors)) {
      Position p = position(tile, j);
      OpBuilder::InsertionGuard guard(b);
      if (p.valid) {
        auto exists = scf::IfOp::create(b, loc, p.valid, false);
        b.setInsertionPointToStart(&exists.getThenRegion().front());
      }
      if (!tile.input.alongRows) {
        vector::StoreOp::create(b, loc, value, tile.staged,
                                ValueRange{p.row, p.depth}, false,
                                llvm::MaybeAlign(tile.input.width));
        continue;
      }
      for (int64_t i = 0; i < tile.input.width; ++i)
        memref::StoreOp::create(
            b, loc, vector::ExtractOp::create(b, loc, value, i), tile.staged,
            ValueRange{add(p.row, i), p.depth});
    }
  }

  /// Four consecutive staged bytes as the i32 register mma.sync takes (the
  /// first byte in the low bits).
  Value word(Value staged, Value row, Value byte) {
    Value bytes = vector::LoadOp::create(b, loc, VectorType::get({4}, i8),
                                         staged, ValueRange{row, byte}, false,
                                         llvm::MaybeAlign(4));
    Value packed =
        vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), bytes);
    return vector::ExtractOp::create(b, loc, packed, 0);
  }

  /// One k-step of 32 at staged depth `step`: each warp loads its A
  /// fragments (16x32, row-major: lane l holds rows l/4 and l/4 + 8,
  /// bytes 4(l%4)..+3 and 16 + 4(l%4)..+3) and B fragments (32x8, column
  /// l/4, the same bytes), then multiplies every pair into `sums`.
  void mmaStep(int64_t step, MutableArrayRef<Value> sums) {
    Value byte = add(mul(inGroup, 4), step);
    Value byteHigh = add(byte, 16);
    SmallVector<std::array<Value, 4>> lhs;
    for (int64_t f = 0; f < tiling.fragmentsM(); ++f) {
      Value row = add(add(warpRow, f * kMmaM), group);
      Value rowHigh = add(row, 8);
      lhs.push_back({word(stagedLhs, row, byte), word(stagedLhs, rowHigh, byte),
                     word(stagedLhs, row, byteHigh),
                     word(stagedLhs, rowHigh, byteHigh)});
    }
    SmallVector<std::array<Value, 2>> rhs;
    for (int64_t f = 0; f < tiling.fragmentsN(); ++f) {
      Value col = add(add(warpCol, f * kMmaN), group);
      rhs.push_back(
          {word(stagedRhs, col, byte), word(stagedRhs, col, byteHigh)});
    }
    auto ptxType = [](bool isSigned) {
      return isSigned ? NVVM::MMATypes::s8 : NVVM::MMATypes::u8;
    };
    auto resultType = LLVM::LLVMStructType::getLiteral(
        b.getContext(), SmallVector<Type>(4, i32));
    for (int64_t fm = 0; fm < tiling.fragmentsM(); ++fm)
      for (int64_t fn = 0; fn < tiling.fragmentsN(); ++fn) {
        MutableArrayRef<Value> acc =
            sums.slice((fm * tiling.fragmentsN() + fn) * 4, 4);
        auto mma = NVVM::MmaOp::create(
            b, loc, resultType, lhs[fm], rhs[fn], acc,
            ArrayRef<int64_t>{kMmaM, kMmaN, kMmaK}, std::nullopt,
            NVVM::MMAIntOverflow::wrapped,
            std::array<NVVM::MMATypes, 2>{ptxType(c.lhs.isSigned),
                                          ptxType(c.rhs.isSigned)},
            std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                           NVVM::MMALayout::col});
        for (int64_t i = 0; i < 4; ++i)
          acc[i] = LLVM::ExtractValueOp::create(b, loc, mma.getRes(), i);
      }
  }

  /// The sums plus the initial value, through the epilogue, into the
  /// output. Lane l holds, of each 16x8 fragment, rows l/4 and l/4 + 8 and
  /// columns 2(l%4) and 2(l%4) + 1; so that the epilogue's code is written
  /// once per row of fragments (not once per sum) and its stores are
  /// coalesced, each warp puts a row of fragments (16 x 32 sums) in its
  /// shared memory, then its lanes walk it along the columns.
  void store(ArrayRef<Value> sums, Value initial, linalg::GenericOp epilogue) {
    OpOperand &init = c.op.getDpsInitsMutable()[0];
    bool addsNothing = initial && matchPattern(initial, m_Zero());
    int64_t cols = tiling.warpCols();
    Value ownRows = mul(warp, kMmaM);
    auto rows = scf::ForOp::create(b, loc, index(0), index(tiling.fragmentsM()),
                                   index(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    // The previous row's reads are done before it is overwritten.
    gpu::BarrierOp::create(b, loc);
    // The sums are registers: which ones a row stores is known per case.
    SmallVector<int64_t> cases;
    for (int64_t fm = 0; fm < tiling.fragmentsM(); ++fm)
      cases.push_back(fm);
    auto select = scf::IndexSwitchOp::create(
        b, loc, TypeRange(), rows.getInductionVar(), cases, cases.size());
    {
      OpBuilder::InsertionGuard inner(b);
      b.createBlock(&select.getDefaultRegion());
      scf::YieldOp::create(b, loc);
      for (int64_t fm = 0; fm < tiling.fragmentsM(); ++fm) {
        b.createBlock(&select.getCaseRegions()[fm]);
        for (int64_t fn = 0; fn < tiling.fragmentsN(); ++fn)
          for (int64_t i = 0; i < 4; ++i)
            memref::StoreOp::create(
                b, loc, sums[(fm * tiling.fragmentsN() + fn) * 4 + i], warpSums,
                ValueRange{add(add(ownRows, group), 8 * (i / 2)),
                           add(mul(inGroup, 2), fn * kMmaN + i % 2)});
        scf::YieldOp::create(b, loc);
      }
    }
    gpu::BarrierOp::create(b, loc);
    auto loop = scf::ForOp::create(b, loc, index(0), index(kMmaM * cols / 32),
                                   index(1));
    b.setInsertionPointToStart(loop.getBody());
    Value element = add(lane, mul(loop.getInductionVar(), 32));
    Value localRow = div(element, cols), localCol = rem(element, cols);
    Value row =
        add(add(add(rowBase, warpRow), mul(rows.getInductionVar(), kMmaM)),
            localRow);
    Value col = add(add(colBase, warpCol), localCol);
    Value inside =
        arith::AndIOp::create(b, loc, less(row, c.rows), less(col, c.cols));
    auto guarded = scf::IfOp::create(b, loc, inside, false);
    b.setInsertionPointToStart(&guarded.getThenRegion().front());
    SmallVector<Value> at(c.ranges.size());
    delinearize(row, c.lhs.rowDims, at);
    delinearize(col, c.rhs.rowDims, at);
    Value sum = memref::LoadOp::create(
        b, loc, warpSums, ValueRange{add(ownRows, localRow), localCol});
    if (!addsNothing)
      sum = add(sum,
                initial ? initial : qcc::loadOperand(b, loc, c.op, init, at));
    if (epilogue)
      qcc::emitEpilogue(b, loc, c.op, epilogue, at, sum);
    else
      qcc::storeResults(b, loc, c.op, at, sum);
  }

  OpBuilder &b;
  Location loc;
  Contraction &c;
  const Tiling &tiling;
  Type i8, i32;
  Value stagedLhs, stagedRhs, warpSums, thread, warp, lane, group, inGroup;
  Value warpRow, warpCol, rowBase, colBase;
};

struct TensorCores : qcc::impl::QCCGpuTensorCoresBase<TensorCores> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    std::vector<Contraction> found;
    function.walk([&](linalg::LinalgOp op) {
      if (std::optional<Contraction> c = matchContraction(op))
        found.push_back(std::move(*c));
    });
    unsigned count = 0;
    for (Contraction &c : found) {
      linalg::LinalgOp op = c.op;
      Value buffer = op.getDpsInits().front();
      Value initial;
      if (linalg::FillOp fill = qcc::precedingFill(op, buffer)) {
        initial = fill.getInputs().front();
        fill.erase();
      }
      // Without a fill the sums start from the buffer's contents, which
      // then stays, and so does its consumer.
      linalg::GenericOp epilogue =
          initial ? qcc::findEpilogue(op) : linalg::GenericOp();
      if (epilogue)
        qcc::hoistOpsBetween(op, epilogue);
      OpBuilder builder(op);
      Tiling tiling = chooseTiling(c.cols, c.depth);
      std::string name =
          (function.getSymName() + "_mma" + std::to_string(count++)).str();
      qcc::readGlobalsInside(
          KernelBuilder(builder, c, tiling).build(initial, epilogue, name));
      op->erase();
      if (epilogue) {
        epilogue->erase();
        qcc::eraseSumsBuffer(buffer);
      }
    }
  }
};

} // namespace
