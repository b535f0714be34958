//===- PlanBuffers.cpp - the qcc-plan-buffers pass ------------------------===//
//
// A function's static intermediate buffers as views of one arena, planned
// at compile time by their lifetimes (docs/lowering.md), so that a call
// allocates nothing.
//
//===----------------------------------------------------------------------===//

#include "qcc/Pipelines/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/MathExtras.h"

namespace qcc {
#define GEN_PASS_DEF_QCCPLANBUFFERS
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

/// Bytes an element takes in memory: integers and floats rounded up to a
/// power-of-two number of bytes (LLVM's allocation size, or more).
std::optional<int64_t> elementBytes(Type type) {
  if (type.isIndex())
    return 8;
  if (!type.isIntOrFloat())
    return std::nullopt;
  return int64_t(llvm::PowerOf2Ceil(
      llvm::divideCeil(type.getIntOrFloatBitWidth(), uint64_t(8))));
}

/// One buffer to place: live from `start` to `end` (positions in the body).
struct Buffer {
  memref::AllocOp alloc;
  SmallVector<memref::DeallocOp> deallocs;
  int64_t bytes = 0, start = 0, end = 0, offset = 0;
};

/// The allocations of `body` that can live in the arena: static, identity
/// layout, default memory space, every use in `body` itself or nested in
/// its ops, freed (if at all) by deallocs in `body`.
SmallVector<Buffer> plannable(Block &body) {
  llvm::DenseMap<Operation *, int64_t> position;
  for (auto [index, op] : llvm::enumerate(body))
    position[&op] = index;
  SmallVector<Buffer> buffers;
  for (Operation &op : body) {
    auto alloc = dyn_cast<memref::AllocOp>(op);
    if (!alloc)
      continue;
    MemRefType type = alloc.getType();
    std::optional<int64_t> element = elementBytes(type.getElementType());
    if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
        type.getMemorySpace() || !element)
      continue;
    Buffer buffer;
    buffer.alloc = alloc;
    if (llvm::MulOverflow(type.getNumElements(), *element, buffer.bytes))
      continue;
    buffer.bytes = std::max<int64_t>(buffer.bytes, 1);
    buffer.start = position[alloc];
    buffer.end = int64_t(body.getOperations().size());
    bool placeable = true;
    for (Operation *user : alloc->getUsers()) {
      Operation *top = body.findAncestorOpInBlock(*user);
      if (!top) {
        placeable = false;
        break;
      }
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user);
          dealloc && dealloc->getBlock() == &body)
        buffer.deallocs.push_back(dealloc);
    }
    if (!placeable)
      continue;
    // Live until the last dealloc, or to the end without one.
    if (!buffer.deallocs.empty()) {
      buffer.end = 0;
      for (memref::DeallocOp dealloc : buffer.deallocs)
        buffer.end = std::max(buffer.end, position[dealloc]);
    }
    buffers.push_back(std::move(buffer));
  }
  return buffers;
}

/// Offsets for `buffers`, largest first, each at the lowest aligned offset
/// no overlapping-in-time buffer placed before it occupies; returns the
/// arena's size, or nullopt if it would overflow.
std::optional<int64_t> place(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  // Largest first; equal sizes in program order, so the plan is stable.
  llvm::sort(order, [](Buffer *a, Buffer *b) {
    return a->bytes != b->bytes ? a->bytes > b->bytes : a->start < b->start;
  });
  SmallVector<Buffer *> placed;
  int64_t size = 0;
  for (Buffer *buffer : order) {
    // The byte ranges of the placed buffers alive at the same time.
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *other : placed)
      if (other->start <= buffer->end && buffer->start <= other->end)
        taken.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [begin, finish] : taken) {
      if (offset + buffer->bytes <= begin)
        break;
      offset = std::max<int64_t>(offset, llvm::alignTo(finish, kAlignment));
    }
    buffer->offset = offset;
    int64_t end;
    if (llvm::AddOverflow(offset, buffer->bytes, end))
      return std::nullopt;
    size = std::max(size, end);
    placed.push_back(buffer);
  }
  return size;
}

struct PlanBuffersPass : qcc::impl::QCCPlanBuffersBase<PlanBuffersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto function :
         llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (function.isExternal() || !function.getBody().hasOneBlock())
        continue;
      Block &body = function.getBody().front();
      SmallVector<Buffer> buffers = plannable(body);
      if (buffers.empty())
        continue;
      std::optional<int64_t> size = place(buffers);
      if (!size)
        continue; // an arena that large stays as allocations
      std::string name = ("__qcc_arena_" + function.getSymName()).str();
      for (int suffix = 1; symbols.lookup(name); ++suffix)
        name = ("__qcc_arena_" + function.getSymName() + "_" + Twine(suffix))
                   .str();
      OpBuilder builder(function);
      auto arenaType = MemRefType::get({*size}, builder.getI8Type());
      auto zeros = DenseElementsAttr::get(
          RankedTensorType::get({*size}, builder.getI8Type()), int8_t(0));
      auto global = memref::GlobalOp::create(
          builder, function.getLoc(), name, builder.getStringAttr("private"),
          arenaType, zeros,
          /*constant=*/false, builder.getI64IntegerAttr(kAlignment));
      symbols.insert(global);
      builder.setInsertionPointToStart(&body);
      Value arena = memref::GetGlobalOp::create(builder, function.getLoc(),
                                                arenaType, global.getSymName());
      for (Buffer &buffer : buffers) {
        for (memref::DeallocOp dealloc : buffer.deallocs)
          dealloc.erase();
        builder.setInsertionPoint(buffer.alloc);
        Value offset = arith::ConstantIndexOp::create(
            builder, buffer.alloc.getLoc(), buffer.offset);
        Value view = memref::ViewOp::create(builder, buffer.alloc.getLoc(),
                                            buffer.alloc.getType(), arena,
                                            offset, ValueRange());
        buffer.alloc.replaceAllUsesWith(view);
        buffer.alloc.erase();
      }
    }
  }
};

} // namespace
