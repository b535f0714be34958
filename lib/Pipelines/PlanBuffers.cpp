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
#include "mlir/Interfaces/ViewLikeInterface.h"
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

/// One buffer to place: live from `start` to `end` (positions in the body
/// of the first and last ops that use it or a view of it).
struct Buffer {
  memref::AllocOp alloc;
  SmallVector<memref::DeallocOp> deallocs;
  int64_t bytes = 0, start = 0, end = 0;
  size_t slot = 0;
};

/// The allocations of `body` that can live in a slot: static, identity
/// layout, default memory space, every use (of it or of its views and
/// casts) in `body` itself or nested in its ops, freed (if at all) by
/// deallocs in `body`.
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
    // Live from its first use to its last (allocations are hoisted to the
    // top and freed at the end), through the views and casts of it.
    buffer.start = int64_t(body.getOperations().size());
    buffer.end = 0;
    bool placeable = true;
    SmallVector<Value> aliases = {alloc.getResult()};
    while (!aliases.empty() && placeable) {
      Value alias = aliases.pop_back_val();
      for (Operation *user : alias.getUsers()) {
        Operation *top = body.findAncestorOpInBlock(*user);
        if (!top) {
          placeable = false;
          break;
        }
        if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
          if (alias != alloc.getResult() || dealloc->getBlock() != &body)
            placeable = false;
          buffer.deallocs.push_back(dealloc);
          continue;
        }
        buffer.start = std::min(buffer.start, position[top]);
        buffer.end = std::max(buffer.end, position[top]);
        if (isa<ViewLikeOpInterface, memref::CastOp, memref::ExpandShapeOp,
                memref::CollapseShapeOp, memref::ReinterpretCastOp>(user))
          llvm::append_range(aliases, user->getResults());
      }
    }
    if (!placeable)
      continue;
    if (buffer.start > buffer.end) // unused
      buffer.start = buffer.end = position[alloc];
    buffers.push_back(std::move(buffer));
  }
  return buffers;
}

/// Slots for `buffers`: a buffer takes a slot whose buffers all died before
/// it starts (the one that grows least), else a new one; returns the slots'
/// sizes. Buffers alive at the same time are in different slots.
SmallVector<int64_t> assignSlots(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  llvm::sort(order, [](Buffer *a, Buffer *b) { return a->start < b->start; });
  SmallVector<int64_t> sizes, freeAfter;
  for (Buffer *buffer : order) {
    std::optional<size_t> best;
    auto growth = [&](size_t slot) {
      return std::max<int64_t>(sizes[slot], buffer->bytes) - sizes[slot];
    };
    for (size_t slot = 0; slot < sizes.size(); ++slot)
      if (freeAfter[slot] < buffer->start &&
          (!best || growth(slot) < growth(*best) ||
           (growth(slot) == growth(*best) && sizes[slot] < sizes[*best])))
        best = slot;
    if (!best) {
      best = sizes.size();
      sizes.push_back(0);
      freeAfter.push_back(0);
    }
    buffer->slot = *best;
    sizes[*best] = std::max(sizes[*best], buffer->bytes);
    freeAfter[*best] = buffer->end;
  }
  return sizes;
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
      SmallVector<int64_t> sizes = assignSlots(buffers);
      OpBuilder builder(function);
      SmallVector<memref::GlobalOp> slots;
      for (auto [index, size] : llvm::enumerate(sizes)) {
        std::string name =
            ("__qcc_buffer_" + function.getSymName() + "_" + Twine(index))
                .str();
        auto type = MemRefType::get({size}, builder.getI8Type());
        auto zeros = DenseElementsAttr::get(
            RankedTensorType::get({size}, builder.getI8Type()), int8_t(0));
        auto global = memref::GlobalOp::create(
            builder, function.getLoc(), name, builder.getStringAttr("private"),
            type, zeros, /*constant=*/false,
            builder.getI64IntegerAttr(kAlignment));
        symbols.insert(global); // renamed if the name is taken
        slots.push_back(global);
      }
      builder.setInsertionPointToStart(&body);
      SmallVector<Value> slotValues;
      for (memref::GlobalOp global : slots)
        slotValues.push_back(memref::GetGlobalOp::create(
            builder, function.getLoc(), global.getType(), global.getSymName()));
      for (Buffer &buffer : buffers) {
        for (memref::DeallocOp dealloc : buffer.deallocs)
          dealloc.erase();
        builder.setInsertionPoint(buffer.alloc);
        Value zero =
            arith::ConstantIndexOp::create(builder, buffer.alloc.getLoc(), 0);
        Value view = memref::ViewOp::create(
            builder, buffer.alloc.getLoc(), buffer.alloc.getType(),
            slotValues[buffer.slot], zero, ValueRange());
        buffer.alloc.replaceAllUsesWith(view);
        buffer.alloc.erase();
      }
    }
  }
};

} // namespace
