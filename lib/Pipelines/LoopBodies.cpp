//===- LoopBodies.cpp - linalg bodies written out as scalar code ----------===//

#include "qcc/Pipelines/LoopBodies.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace {

/// Whether `op` (or an op nested in it) uses `buffer`.
bool touches(Operation *op, Value buffer) {
  bool found = false;
  op->walk([&](Operation *inner) {
    found |= llvm::is_contained(inner->getOperands(), buffer);
  });
  return found;
}

Value constantIndex(OpBuilder &builder, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(builder, loc, value);
}

} // namespace

linalg::FillOp qcc::precedingFill(Operation *op, Value buffer) {
  for (Operation *cursor = op->getPrevNode(); cursor;
       cursor = cursor->getPrevNode()) {
    auto fill = dyn_cast<linalg::FillOp>(cursor);
    if (fill && fill.getOutputs().front() == buffer)
      return fill;
    if (touches(cursor, buffer))
      return {};
  }
  return {};
}

linalg::GenericOp qcc::findEpilogue(linalg::LinalgOp reduction) {
  if (reduction.getNumDpsInits() != 1)
    return {};
  OpOperand &init = reduction.getDpsInitsMutable()[0];
  Value buffer = init.get();
  auto type = dyn_cast<MemRefType>(buffer.getType());
  if (!buffer.getDefiningOp<memref::AllocOp>() || !type ||
      !type.hasStaticShape() ||
      reduction.getMatchingIndexingMap(&init).getNumResults() !=
          unsigned(type.getRank()))
    return {};
  linalg::GenericOp consumer;
  for (Operation *user : buffer.getUsers()) {
    if (user == reduction.getOperation() || isa<memref::DeallocOp>(user))
      continue;
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (consumer || !generic || generic->getBlock() != reduction->getBlock())
      return {};
    consumer = generic;
  }
  if (!consumer || !reduction->isBeforeInBlock(consumer) ||
      consumer.getNumReductionLoops() != 0 ||
      consumer.getNumLoops() != unsigned(type.getRank()) ||
      consumer.getStaticLoopRanges() != SmallVector<int64_t>(type.getShape()))
    return {};
  for (OpOperand &operand : consumer->getOpOperands())
    if (operand.get() == buffer &&
        (!consumer.isDpsInput(&operand) ||
         !consumer.getMatchingIndexingMap(&operand).isIdentity()))
      return {};
  // The ops in between commute with the reduction: they do not use its
  // output and write nothing it reads.
  for (Operation *between = reduction->getNextNode(); between != consumer;
       between = between->getNextNode()) {
    if (touches(between, buffer))
      return {};
    // Freeing a buffer can wait until after the epilogue.
    if (isa<memref::DeallocOp>(between))
      continue;
    for (OpOperand *input : reduction.getDpsInputOperands())
      if (isa<MemRefType>(input->get().getType()) &&
          touches(between, input->get()) &&
          !isa<memref::GetGlobalOp, arith::ConstantOp>(between)) {
        // A reader of the same input commutes; anything else might write.
        auto linalg = dyn_cast<linalg::LinalgOp>(between);
        if (!linalg || llvm::any_of(linalg.getDpsInits(),
                                    [&](Value v) { return v == input->get(); }))
          return {};
      }
  }
  return consumer;
}

void qcc::hoistOpsBetween(Operation *reduction, Operation *epilogue) {
  for (Operation *between = reduction->getNextNode(); between != epilogue;) {
    Operation *next = between->getNextNode();
    if (isa<memref::DeallocOp>(between))
      between->moveAfter(epilogue);
    else
      between->moveBefore(reduction);
    between = next;
  }
}

void qcc::eraseSumsBuffer(Value buffer) {
  for (Operation *user : llvm::make_early_inc_range(buffer.getUsers()))
    user->erase();
  buffer.getDefiningOp()->erase();
}

SmallVector<Value> qcc::mapIndices(OpBuilder &builder, Location loc,
                                   AffineMap map, ArrayRef<Value> at) {
  SmallVector<Value> result;
  for (AffineExpr expr : map.getResults()) {
    if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
      result.push_back(at[dim.getPosition()]);
      continue;
    }
    if (auto value = dyn_cast<AffineConstantExpr>(expr)) {
      result.push_back(constantIndex(builder, loc, value.getValue()));
      continue;
    }
    SmallVector<Value> operands;
    for (unsigned d = 0; d < map.getNumDims(); ++d)
      operands.push_back(at[d] ? at[d] : constantIndex(builder, loc, 0));
    result.push_back(affine::AffineApplyOp::create(
        builder, loc, AffineMap::get(map.getNumDims(), 0, expr), operands));
  }
  return result;
}

Value qcc::loadOperand(OpBuilder &builder, Location loc, linalg::LinalgOp op,
                       OpOperand &operand, ArrayRef<Value> at) {
  Value source = operand.get();
  if (!isa<MemRefType>(source.getType()))
    return source;
  return memref::LoadOp::create(
      builder, loc, source,
      mapIndices(builder, loc, op.getMatchingIndexingMap(&operand), at));
}

SmallVector<Value> qcc::emitBody(OpBuilder &builder, Location loc,
                                 linalg::GenericOp generic, ArrayRef<Value> at,
                                 ArrayRef<Value> outputs,
                                 const llvm::DenseMap<Value, Value> *given) {
  IRMapping mapping;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    BlockArgument argument = generic.getMatchingBlockArgument(input);
    Value value = given ? given->lookup(argument) : Value();
    mapping.map(argument,
                value ? value : loadOperand(builder, loc, generic, *input, at));
  }
  for (auto [init, value] : llvm::zip(generic.getDpsInitsMutable(), outputs))
    if (value)
      mapping.map(generic.getMatchingBlockArgument(&init), value);
  Block &block = generic.getRegion().front();
  for (Operation &inner : block.without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      mapping.map(index.getResult(), at[index.getDim()]);
      continue;
    }
    builder.clone(inner, mapping);
  }
  SmallVector<Value> results;
  for (Value yielded : block.getTerminator()->getOperands())
    results.push_back(mapping.lookupOrDefault(yielded));
  return results;
}

void qcc::storeResults(OpBuilder &builder, Location loc, linalg::LinalgOp op,
                       ArrayRef<Value> at, ValueRange results) {
  for (auto [init, value] : llvm::zip(op.getDpsInitsMutable(), results))
    memref::StoreOp::create(
        builder, loc, value, init.get(),
        mapIndices(builder, loc, op.getMatchingIndexingMap(&init), at));
}

void qcc::emitEpilogue(OpBuilder &builder, Location loc,
                       linalg::LinalgOp reduction, linalg::GenericOp epilogue,
                       ArrayRef<Value> at, Value sum) {
  OpOperand &init = reduction.getDpsInitsMutable()[0];
  AffineMap output = reduction.getMatchingIndexingMap(&init);
  // The epilogue's dimension i is output dimension i.
  SmallVector<Value> point;
  for (unsigned i = 0; i < output.getNumResults(); ++i)
    point.push_back(at[output.getDimPosition(i)]);
  llvm::DenseMap<Value, Value> given;
  for (OpOperand *input : epilogue.getDpsInputOperands())
    if (input->get() == init.get())
      given[epilogue.getMatchingBlockArgument(input)] = sum;
  SmallVector<Value> outputs;
  for (OpOperand &out : epilogue.getDpsInitsMutable())
    outputs.push_back(epilogue.getMatchingBlockArgument(&out).use_empty()
                          ? Value()
                          : loadOperand(builder, loc, epilogue, out, point));
  storeResults(builder, loc, epilogue, point,
               emitBody(builder, loc, epilogue, point, outputs, &given));
}
