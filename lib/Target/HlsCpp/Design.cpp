//===- Design.cpp - layers and the arrays between them --------------------===//

#include "Design.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

namespace {

using Position = std::pair<unsigned, unsigned>;

/// The line and column of the qcost op a location comes from.
std::optional<Position> sourcePosition(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return Position(file.getLine(), file.getColumn());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto position = sourcePosition(inner))
        return position;
  if (auto name = dyn_cast<NameLoc>(loc))
    return sourcePosition(name.getChildLoc());
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return sourcePosition(call.getCallee());
  return std::nullopt;
}

bool isView(Operation &op) {
  return isa<memref::SubViewOp, memref::CollapseShapeOp, memref::ExpandShapeOp,
             memref::ReshapeOp, memref::CastOp, memref::ReinterpretCastOp>(op);
}

/// The layer's name: its index and the ops it computes.
std::string layerName(unsigned index, ArrayRef<Operation *> sources) {
  std::string name = "layer" + std::to_string(index);
  llvm::StringSet<> seen;
  unsigned named = 0;
  for (Operation *op : sources) {
    StringRef opName = op->getName().stripDialect();
    if (!seen.insert(opName).second)
      continue;
    if (++named > 4)
      break;
    name += "_" + cIdentifier(opName);
  }
  if (sources.empty())
    name += "_copy";
  return name;
}

} // namespace

FailureOr<Design> qcc::hls::buildDesign(func::FuncOp top, func::FuncOp qcost,
                                        const llvm::StringMap<std::string> &globals,
                                        Printer &printer) {
  Design design;
  design.top = top;
  // The qcost op at each source position.
  llvm::DenseMap<Position, Operation *> qcostOps;
  qcost.walk([&](Operation *op) {
    if (op == qcost.getOperation() || isa<func::ReturnOp>(op))
      return;
    if (auto position = sourcePosition(op->getLoc()))
      qcostOps.try_emplace(*position, op);
  });

  // The ports: the qcost function's inputs, then its results.
  FunctionType qcostType = qcost.getFunctionType();
  unsigned inputs = qcostType.getNumInputs();
  if (top.getNumArguments() != inputs + qcostType.getNumResults())
    return top.emitError("unexpected signature after lowering");
  auto addArray = [&](DesignArray array, Value value, ArrayView view) {
    design.byName[array.name] = design.arrays.size();
    design.arrays.push_back(std::move(array));
    printer.arrays[value] = view;
  };
  for (auto [i, argument] : llvm::enumerate(top.getArguments())) {
    bool isOutput = i >= inputs;
    Type element = getElementTypeOrSelf(
        isOutput ? qcostType.getResult(i - inputs) : qcostType.getInput(i));
    FailureOr<FormatType> format = formatTypeOf(element, qcost.getLoc());
    if (failed(format))
      return failure();
    auto memref = cast<MemRefType>(argument.getType());
    DesignArray array;
    array.kind =
        isOutput ? DesignArray::Kind::Output : DesignArray::Kind::Input;
    array.name = isOutput ? "out" + std::to_string(i - inputs)
                          : "in" + std::to_string(i);
    array.element = format->name;
    array.size = memref.getNumElements();
    array.format = *format;
    array.port = i;
    ArrayView view = viewOf(array.name, memref);
    view.kind = format->kind;
    view.width = format->width;
    addArray(std::move(array), argument, view);
  }

  // Buffers and views; the other statements, cut into layers.
  llvm::DenseSet<Position> current;
  for (Operation &op : top.getBody().front()) {
    if (isa<arith::ConstantOp, func::ReturnOp, memref::DeallocOp>(op))
      continue;
    if (auto get = dyn_cast<memref::GetGlobalOp>(op)) {
      printer.arrays[get.getResult()] =
          viewOf(globals.lookup(get.getName()), get.getType());
      continue;
    }
    if (isa<memref::AllocOp, memref::AllocaOp>(op)) {
      auto type = cast<MemRefType>(op.getResult(0).getType());
      if (!type.hasStaticShape() || !type.getLayout().isIdentity())
        return op.emitError("the HLS C++ emitter needs static buffers");
      FailureOr<std::string> element =
          printer.scalarType(type.getElementType(), op.getLoc());
      if (failed(element))
        return failure();
      DesignArray array;
      array.name = "buf" + std::to_string(design.arrays.size());
      array.element = *element;
      array.size = type.getNumElements();
      ArrayView view = viewOf(array.name, type);
      addArray(std::move(array), op.getResult(0), view);
      continue;
    }
    if (isView(op)) {
      if (failed(printer.emitOp(&op, 0)))
        return failure();
      continue;
    }
    // A statement: the qcost ops its ops come from.
    llvm::SetVector<Operation *> sources;
    llvm::DenseSet<Position> positions;
    op.walk([&](Operation *inner) {
      if (auto position = sourcePosition(inner->getLoc()))
        if (Operation *source = qcostOps.lookup(*position)) {
          positions.insert(*position);
          sources.insert(source);
        }
    });
    bool overlaps = llvm::any_of(
        positions, [&](const Position &p) { return current.contains(p); });
    if (design.layers.empty() || (!positions.empty() && !overlaps)) {
      design.layers.emplace_back();
      current.clear();
    }
    DesignLayer &layer = design.layers.back();
    layer.ops.push_back(&op);
    for (Operation *source : sources)
      if (!llvm::is_contained(layer.sources, source))
        layer.sources.push_back(source);
    current.insert(positions.begin(), positions.end());
  }

  // What each layer reads and writes.
  for (unsigned index = 0; index < design.layers.size(); ++index) {
    DesignLayer &layer = design.layers[index];
    // Named after its qcost ops in program order.
    llvm::sort(layer.sources, [](Operation *a, Operation *b) {
      return a->getBlock() == b->getBlock() ? a->isBeforeInBlock(b) : a < b;
    });
    layer.name = layerName(index, layer.sources);
    for (Operation *op : layer.ops)
      op->walk([&](Operation *inner) {
        for (OpOperand &operand : inner->getOpOperands()) {
          if (!isa<MemRefType>(operand.get().getType()))
            continue;
          auto view = printer.arrays.find(operand.get());
          if (view == printer.arrays.end())
            continue;
          auto array = design.byName.find(view->second.base);
          if (array == design.byName.end())
            continue; // a ROM
          unsigned id = array->second;
          layer.arrays.insert(id);
          bool writes = (isa<memref::StoreOp>(inner) &&
                         operand.getOperandNumber() == 1) ||
                        (isa<memref::CopyOp>(inner) &&
                         operand.getOperandNumber() == 1);
          if (!writes) {
            layer.reads.insert(id);
            continue;
          }
          layer.writes.insert(id);
          auto type = cast<MemRefType>(operand.get().getType());
          if (type.getNumElements() < design.arrays[id].size)
            layer.partialWrites.insert(id);
        }
      });
    for (unsigned id : layer.arrays)
      design.arrays[id].layers.push_back(index);
  }
  return design;
}
