//===- VnniContractions.cpp - the qcc-vnni-contractions pass --------------===//
//
// i8 x i8 -> i32 matmuls and NHWC x FHWC convolutions with constant weights
// as register-tiled loops over AVX-512 VNNI's `vpdpbusd`, the weights packed
// at compile time (docs/lowering.md#vnni-kernels).
//
//===----------------------------------------------------------------------===//

#include "qcc/Pipelines/Passes.h"

#include "VnniKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace qcc {
#define GEN_PASS_DEF_QCCVNNICONTRACTIONS
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

using namespace qcc::vnni;

constexpr int64_t kAlignment = 64;

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
  // Only a buffer of its own (no other name for its memory could be
  // written between the fill and the op).
  if (Operation *def = output.getDefiningOp();
      def && !isa<memref::AllocOp>(def))
    return {};
  for (Operation *user : output.getUsers())
    if (user != op && isa<ViewLikeOpInterface, memref::CastOp>(user))
      return {};
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
  if (auto conv = dyn_cast<linalg::DepthwiseConv2DNhwcHwcOp>(op)) {
    SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
    SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
    contraction.isDepthwise = true;
    contraction.kh = w[0];
    contraction.kw = w[1];
    contraction.channels = contraction.filters = w[2];
    contraction.sh = strides[0];
    contraction.sw = strides[1];
    contraction.dh = dilations[0];
    contraction.dw = dilations[1];
    return contraction;
  }
  return std::nullopt;
}

/// A new private constant global of `type` holding `values` (aligned for
/// the kernels' vector loads), at the builder's insertion point.
template <typename T>
memref::GlobalOp constantGlobal(OpBuilder &builder, SymbolTable &symbols,
                                Location loc, StringRef name, MemRefType type,
                                ArrayRef<T> values) {
  auto global = memref::GlobalOp::create(
      builder, loc, name, builder.getStringAttr("private"), type,
      DenseElementsAttr::get(
          RankedTensorType::get(type.getShape(), type.getElementType()),
          values),
      /*constant=*/true, builder.getI64IntegerAttr(kAlignment));
  symbols.insert(global);
  return global;
}

/// Replaces depthwise `c` by loops over channel blocks, its weights widened
/// to i32 in a new constant global.
void lowerDepthwise(OpBuilder &builder, SymbolTable &symbols, Contraction &c,
                    bool parallel, Value scratch) {
  ModuleOp module = c.op->getParentOfType<ModuleOp>();
  Location loc = c.op->getLoc();
  SmallVector<int32_t> packed = packDepthwise(c);
  builder.setInsertionPointToStart(module.getBody());
  auto type =
      MemRefType::get({c.kh * c.kw, int64_t(packed.size()) / (c.kh * c.kw)},
                      builder.getI32Type());
  auto global = constantGlobal(builder, symbols, loc, "__qcc_depthwise_weights",
                               type, ArrayRef<int32_t>(packed));
  builder.setInsertionPoint(c.epilogue ? c.epilogue.op.getOperation() : c.op);
  Value weights =
      memref::GetGlobalOp::create(builder, loc, type, global.getSymName());
  emitDepthwiseKernel(builder, c, weights, parallel, scratch);
}

/// After a kernel replaced `c`: `c`, its fill, and with an epilogue the
/// epilogue and the buffer of sums (`sums`), which nothing reads any more.
void eraseReplaced(Contraction &c, Value sums) {
  c.op->erase();
  if (c.zeroFill)
    c.zeroFill->erase();
  if (!c.epilogue)
    return;
  c.epilogue.op->erase();
  for (Operation *user : llvm::make_early_inc_range(sums.getUsers()))
    if (user->use_empty())
      user->erase();
  if (sums.use_empty())
    sums.getDefiningOp()->erase();
}

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
    if (c.epilogue) {
      for (auto [access, value] :
           llvm::zip(c.epilogue.access, c.epilogue.inputs))
        if (access == Epilogue::Access::Element)
          value = memref::CollapseShapeOp::create(b, loc, value, pixels);
      c.epilogue.result =
          memref::CollapseShapeOp::create(b, loc, c.epilogue.result, pixels);
    }
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
    // One scratch tile per function, at its entry, where a tile's sums wait
    // for the epilogue's loop over rows. Not with `parallel`: the threads
    // would share it.
    int64_t scratchRows = std::max<int64_t>(
        kDepthwisePixels,
        *std::max_element(rowsByVectors.begin(), rowsByVectors.end()));
    llvm::DenseMap<Operation *, Value> scratches;
    auto scratchFor = [&](Contraction &c) -> Value {
      if (parallel || !c.epilogue)
        return {};
      auto function = c.op->getParentOfType<FunctionOpInterface>();
      Value &scratch = scratches[function];
      if (!scratch) {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(&function.getFunctionBody().front());
        scratch = memref::AllocaOp::create(
            builder, c.op->getLoc(),
            MemRefType::get({scratchRows, 4, kLanes}, builder.getI32Type()),
            builder.getI64IntegerAttr(kAlignment));
      }
      return scratch;
    };
    for (Contraction &c : contractions) {
      if (fuseEpilogues)
        c.epilogue = matchEpilogue(c);
      Value sums = c.output;
      if (c.isDepthwise) {
        if (!depthwise)
          continue;
        lowerDepthwise(builder, symbols, c, parallel, scratchFor(c));
        eraseReplaced(c, sums);
        ++numDepthwise;
        numEpilogues += c.epilogue ? 1 : 0;
        continue;
      }
      PackedWeights weights = pack(c, tableWeights);
      builder.setInsertionPointToStart(module.getBody());
      Location loc = c.op->getLoc();
      auto bytesType = MemRefType::get({weights.rows(c.kh * c.runsPerRow()),
                                        weights.filterBlocks, kLanes * kGroup},
                                       builder.getI8Type());
      auto bytes = constantGlobal(builder, symbols, loc, "__qcc_vnni_weights",
                                  bytesType, ArrayRef<int8_t>(weights.bytes));
      auto correctionType = MemRefType::get(
          {int64_t(weights.correction.size())}, builder.getI32Type());
      auto correction =
          constantGlobal(builder, symbols, loc, "__qcc_vnni_correction",
                         correctionType, ArrayRef<int32_t>(weights.correction));

      // With an epilogue the kernel runs where the epilogue ran: what it
      // reads may be computed in between.
      builder.setInsertionPoint(c.epilogue ? c.epilogue.op.getOperation()
                                           : c.op);
      collapseViews(builder, c);
      Value packedValue = memref::GetGlobalOp::create(builder, loc, bytesType,
                                                      bytes.getSymName());
      Value correctionValue = memref::GetGlobalOp::create(
          builder, loc, correctionType, correction.getSymName());
      emitKernel(builder, c, packedValue, correctionValue, weights.table,
                 parallel, rowsByVectors, tileVectors(c.filters, columnVectors),
                 scratchFor(c));
      eraseReplaced(c, sums);
      numEpilogues += c.epilogue ? 1 : 0;
      ++numKernels;
      if (!weights.table.empty())
        ++numTableKernels;
    }
  }
};

} // namespace
