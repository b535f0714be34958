//===- VnniEpilogues.cpp - elementwise epilogues in the kernels' registers
//-===//
//
// Which elementwise generic after a VNNI contraction runs on its
// accumulators, and its body on 16 lanes (docs/lowering.md#vnni-kernels).
//
//===----------------------------------------------------------------------===//

#include "VnniKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace qcc::vnni;

namespace {

/// Whether `op`, in an epilogue's body, can run on vectors of 16 lanes: a
/// scalar constant, or an elementwise arith/math op on scalars that cannot
/// trap on the lanes past the filters (no integer division).
bool vectorizes(Operation &op) {
  auto scalar = [](Type t) { return t.isIntOrFloat(); };
  if (!llvm::all_of(op.getResultTypes(), scalar) ||
      !llvm::all_of(op.getOperandTypes(), scalar) || op.getNumRegions() > 0)
    return false;
  if (isa<arith::ConstantOp>(op))
    return true;
  if (isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp, arith::RemUIOp,
          arith::CeilDivSIOp, arith::CeilDivUIOp, arith::FloorDivSIOp>(op))
    return false;
  StringRef dialect = op.getDialect()->getNamespace();
  return (dialect == "arith" || dialect == "math") &&
         op.hasTrait<OpTrait::Elementwise>();
}

/// Whether `op` (between a contraction and its epilogue) leaves the
/// contraction's operands alone: it has no memory effects, or it writes
/// only buffers allocated after `after`.
bool leavesOperandsAlone(Operation *op, Operation *after) {
  if (isMemoryEffectFree(op) || isa<memref::AllocOp>(op))
    return true;
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics())
    return false;
  return llvm::all_of(linalgOp.getDpsInits(), [&](Value init) {
    auto alloc = init.getDefiningOp<memref::AllocOp>();
    return alloc && alloc->getBlock() == after->getBlock() &&
           after->isBeforeInBlock(alloc);
  });
}

} // namespace

/// The elementwise generic that alone reads `c`'s output (a buffer of its
/// own, zero-filled), if the kernel can compute it on its accumulators: the
/// output read element by element, other inputs of the output's shape,
/// per filter or scalars, a body of vectorizable ops, and nothing in
/// between that writes what the contraction reads.
Epilogue qcc::vnni::matchEpilogue(const Contraction &c) {
  if (!c.zeroFill || !c.output.getDefiningOp<memref::AllocOp>())
    return {};
  linalg::GenericOp generic;
  for (Operation *user : c.output.getUsers()) {
    if (user == c.op || user == &*c.zeroFill || isa<memref::DeallocOp>(user))
      continue;
    auto candidate = dyn_cast<linalg::GenericOp>(user);
    if (!candidate || generic)
      return {};
    generic = candidate;
  }
  if (!generic || generic->getBlock() != c.op->getBlock() ||
      !c.op->isBeforeInBlock(generic) || !generic.hasPureBufferSemantics() ||
      generic.getNumDpsInits() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return {};
  auto outputType = cast<MemRefType>(c.output.getType());
  unsigned rank = outputType.getRank();
  Value result = generic.getDpsInits()[0];
  auto resultType = dyn_cast<MemRefType>(result.getType());
  OpOperand *init = generic.getDpsInitOperand(0);
  if (!resultType ||
      !isStaticIdentity(resultType, resultType.getElementType()) ||
      resultType.getShape() != outputType.getShape() ||
      !resultType.getElementType().isIntOrFloat() ||
      resultType.getElementTypeBitWidth() % 8 != 0 ||
      !generic.getMatchingIndexingMap(init).isIdentity() ||
      !generic.getMatchingBlockArgument(init).use_empty())
    return {};
  // The kernel reads its input after it stored results of earlier filter
  // blocks: the result must not be (a view of) the input. Distinct
  // function arguments are taken not to alias (qcc's ABI).
  auto root = [](Value v) {
    while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
      v = view.getViewSource();
    return v;
  };
  if (root(result) == root(c.input))
    return {};
  Epilogue epilogue;
  epilogue.op = generic;
  epilogue.result = result;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    Value value = input->get();
    auto type = dyn_cast<MemRefType>(value.getType());
    AffineMap map = generic.getMatchingIndexingMap(input);
    // Vectors of sub-byte elements are stored bit-packed, memrefs not.
    if (!type || value == result ||
        !isStaticIdentity(type, type.getElementType()) ||
        type.getElementTypeBitWidth() % 8 != 0)
      return {};
    Epilogue::Access access;
    if (value == c.output) {
      if (!map.isIdentity() ||
          llvm::is_contained(epilogue.access, Epilogue::Access::Sums))
        return {};
      access = Epilogue::Access::Sums;
    } else if (map.isIdentity() && type.getShape() == outputType.getShape()) {
      access = Epilogue::Access::Element;
    } else if (type.getRank() == 1 && map.getNumResults() == 1 &&
               map.getResult(0) ==
                   getAffineDimExpr(rank - 1, map.getContext()) &&
               type.getShape()[0] == outputType.getShape()[rank - 1]) {
      access = Epilogue::Access::PerFilter;
    } else if (type.getRank() == 0) {
      access = Epilogue::Access::Scalar;
    } else {
      return {};
    }
    epilogue.access.push_back(access);
    epilogue.inputs.push_back(value);
  }
  Block &body = generic.getRegion().front();
  for (Operation &op : body.without_terminator())
    if (!vectorizes(op))
      return {};
  // Values from above the body are scalars, broadcast.
  bool scalarsFromAbove = true;
  generic.getRegion().walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (operand.getParentRegion() != &generic.getRegion() &&
          !operand.getType().isIntOrFloat())
        scalarsFromAbove = false;
  });
  if (!scalarsFromAbove)
    return {};
  for (Operation *op = c.op->getNextNode(); op != generic.getOperation();
       op = op->getNextNode())
    if (!leavesOperandsAlone(op, c.op))
      return {};
  return epilogue;
}

Value qcc::vnni::vectorizeEpilogueBody(OpBuilder &b, Location loc,
                                       const Epilogue &epilogue,
                                       IRMapping &map) {
  Block &body = epilogue.op->getRegion(0).front();
  auto vectorOf = [](Type t) { return VectorType::get({kLanes}, t); };
  auto vectorValue = [&](Value value) {
    if (!map.contains(value))
      map.map(value, vector::BroadcastOp::create(
                         b, loc, vectorOf(value.getType()), value));
    return map.lookup(value);
  };
  for (Operation &op : body.without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      map.map(constant.getResult(),
              arith::ConstantOp::create(
                  b, loc,
                  DenseElementsAttr::get(vectorOf(constant.getType()),
                                         constant.getValue())));
      continue;
    }
    SmallVector<Value> operands;
    for (Value operand : op.getOperands())
      operands.push_back(vectorValue(operand));
    OperationState state(op.getLoc(), op.getName());
    state.addOperands(operands);
    state.addAttributes(op.getAttrs());
    for (Type type : op.getResultTypes())
      state.addTypes(vectorOf(type));
    Operation *vectorOp = b.create(state);
    map.map(op.getResults(), vectorOp->getResults());
  }
  return vectorValue(body.getTerminator()->getOperand(0));
}
