//===- EmitStatements.cpp - memrefs, loops and blocks as C++ --------------===//
//
// Memrefs are flattened arrays indexed through their static strides (views
// alias their source's array); scf.for is a labelled for loop with the
// schedule's pragmas, its iteration arguments variables assigned at the end
// of each iteration.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "Schedule.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

namespace {
std::string apInt(unsigned width, const std::string &value) {
  return "ap_int<" + std::to_string(width) + ">(" + value + ")";
}
std::string apUint(unsigned width, const std::string &value) {
  return "ap_uint<" + std::to_string(width) + ">(" + value + ")";
}
} // namespace

//===----------------------------------------------------------------------===//
// Memrefs
//===----------------------------------------------------------------------===//

ArrayView qcc::hls::viewOf(StringRef base, MemRefType type) {
  ArrayView view;
  view.base = base.str();
  view.baseSize = type.getNumElements();
  int64_t offset = 0;
  SmallVector<int64_t> strides;
  if (succeeded(type.getStridesAndOffset(strides, offset))) {
    view.offset = offset;
    view.strides.assign(strides.begin(), strides.end());
  }
  return view;
}

std::string Printer::index(Value memref, ValueRange indices) {
  const ArrayView &view = arrays[memref];
  std::string text;
  int64_t offset = view.offset;
  for (auto [i, value] : llvm::enumerate(indices)) {
    // Constant indices fold into one offset.
    if (std::optional<int64_t> constant = getConstantIntValue(value)) {
      offset += *constant * view.strides[i];
      continue;
    }
    if (!text.empty())
      text += " + ";
    std::string term = expr(value);
    int64_t stride = view.strides[i];
    text += stride == 1 ? term : term + " * " + std::to_string(stride);
  }
  if (text.empty())
    return std::to_string(offset);
  return offset == 0 ? text : text + " + " + std::to_string(offset);
}

std::string Printer::load(Value memref, ValueRange indices) {
  return loadElement(arrays[memref], index(memref, indices));
}

std::string Printer::loadElement(const ArrayView &view,
                                 const std::string &linear) {
  std::string element = view.base + "[" + linear + "]";
  switch (view.kind) {
  case ElementKind::Plain:
    return element;
  case ElementKind::FixedFormat:
    return apInt(view.width, element + ".range()");
  case ElementKind::UnsignedCode:
    return apInt(view.width, element);
  }
  return element;
}

void Printer::storeElement(const ArrayView &view, const std::string &linear,
                           const std::string &value, unsigned indent) {
  indentBy(indent);
  std::string element = view.base + "[" + linear + "]";
  switch (view.kind) {
  case ElementKind::Plain:
    os << element << " = " << value << ";\n";
    break;
  case ElementKind::FixedFormat:
    os << element << ".range() = " << value << ";\n";
    break;
  case ElementKind::UnsignedCode:
    os << element << " = " << apUint(view.width, value) << ";\n";
    break;
  }
}

LogicalResult Printer::emitMemRef(Operation *op, unsigned indent) {
  if (auto store = dyn_cast<memref::StoreOp>(op)) {
    storeElement(arrays[store.getMemRef()],
                 index(store.getMemRef(), store.getIndices()),
                 expr(store.getValue()), indent);
    return success();
  }
  if (isa<memref::DeallocOp>(op))
    return success();
  if (auto copy = dyn_cast<memref::CopyOp>(op)) {
    // Static shapes: one loop per dimension of more than one element.
    auto type = cast<MemRefType>(copy.getSource().getType());
    SmallVector<std::string> ivs(type.getRank());
    unsigned depth = 0;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (type.getDimSize(d) == 1)
        continue;
      ivs[d] = fresh("c");
      indentBy(indent + depth++);
      os << "for (int " << ivs[d] << " = 0; " << ivs[d] << " < "
         << type.getDimSize(d) << "; ++" << ivs[d] << ") {\n";
    }
    auto linear = [&](Value memref) {
      const ArrayView &view = arrays[memref];
      std::string text;
      for (auto [d, iv] : llvm::enumerate(ivs)) {
        if (iv.empty())
          continue;
        text += (text.empty() ? "" : " + ") + iv;
        if (view.strides[d] != 1)
          text += " * " + std::to_string(view.strides[d]);
      }
      if (text.empty())
        return std::to_string(view.offset);
      return view.offset ? text + " + " + std::to_string(view.offset) : text;
    };
    storeElement(arrays[copy.getTarget()], linear(copy.getTarget()),
                 loadElement(arrays[copy.getSource()],
                             linear(copy.getSource())),
                 indent + depth);
    while (depth-- > 0) {
      indentBy(indent + depth);
      os << "}\n";
    }
    return success();
  }
  // Views alias their source's array with their own static layout.
  if (isa<memref::SubViewOp, memref::CollapseShapeOp, memref::ExpandShapeOp,
          memref::ReshapeOp, memref::CastOp, memref::ReinterpretCastOp>(op)) {
    Value source = op->getOperand(0);
    auto type = cast<MemRefType>(op->getResult(0).getType());
    ArrayView view = viewOf(arrays[source].base, type);
    view.kind = arrays[source].kind;
    view.width = arrays[source].width;
    view.baseSize = arrays[source].baseSize;
    if (view.strides.size() != size_t(type.getRank()) ||
        ShapedType::isDynamic(view.offset) ||
        llvm::any_of(view.strides, ShapedType::isDynamic))
      return op->emitError("the HLS C++ emitter needs static strides");
    // A collapse or expand of a strided view keeps the source's offset.
    if (!isa<memref::SubViewOp, memref::ReinterpretCastOp>(op))
      view.offset += arrays[source].offset;
    arrays[op->getResult(0)] = view;
    return success();
  }
  return op->emitError("the HLS C++ emitter does not print '")
         << op->getName() << "' here";
}

//===----------------------------------------------------------------------===//
// Loops and blocks
//===----------------------------------------------------------------------===//

LogicalResult Printer::emitFor(Operation *op, unsigned indent) {
  auto loop = cast<scf::ForOp>(op);
  std::string iv = "i" + std::to_string(loopDepth);
  names[loop.getInductionVar()] = iv;
  // Iteration arguments (partial sums) are variables declared before the
  // loop and assigned at its end; the loop's results are those variables.
  SmallVector<std::string> carried;
  for (auto [init, argument, result] :
       llvm::zip(loop.getInitArgs(), loop.getRegionIterArgs(),
                 loop.getResults())) {
    FailureOr<std::string> type = scalarType(result.getType(), loop.getLoc());
    if (failed(type))
      return failure();
    std::string name = fresh("acc");
    indentBy(indent);
    os << *type << " " << name << " = " << expr(init) << ";\n";
    names[argument] = name;
    names[result] = name;
    carried.push_back(name);
  }
  indentBy(indent);
  os << "QCC_LABEL(" << loopLabel << "_" << fresh("L") << ") for (int " << iv
     << " = " << expr(loop.getLowerBound()) << "; " << iv << " < "
     << expr(loop.getUpperBound()) << "; " << iv << " += "
     << expr(loop.getStep()) << ") {\n";
  LoopDirective directive =
      schedule ? schedule->directive(loop) : LoopDirective::None;
  if (directive == LoopDirective::Pipeline) {
    indentBy(indent + 1);
    os << "QCC_HLS(PIPELINE II=" << std::max(1u, options.reuseFactor)
       << ")\n";
  } else if (directive == LoopDirective::Unroll) {
    indentBy(indent + 1);
    os << "QCC_HLS(UNROLL)\n";
  }
  ++loopDepth;
  LogicalResult body = emitBlock(*loop.getBody(), indent + 1);
  --loopDepth;
  if (failed(body))
    return failure();
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  if (carried.size() == 1) {
    indentBy(indent + 1);
    os << carried[0] << " = " << expr(yield.getOperand(0)) << ";\n";
  } else if (!carried.empty()) {
    // All new values first: one may read another's old value.
    SmallVector<std::string> next;
    for (Value value : yield.getOperands()) {
      FailureOr<std::string> type = scalarType(value.getType(), loop.getLoc());
      if (failed(type))
        return failure();
      next.push_back(fresh("next"));
      indentBy(indent + 1);
      os << *type << " " << next.back() << " = " << expr(value) << ";\n";
    }
    for (auto [name, value] : llvm::zip(carried, next)) {
      indentBy(indent + 1);
      os << name << " = " << value << ";\n";
    }
  }
  indentBy(indent);
  os << "}\n";
  return success();
}

LogicalResult Printer::emitBlock(Block &block, unsigned indent) {
  for (Operation &op : block)
    if (failed(emitOp(&op, indent)))
      return failure();
  return success();
}

LogicalResult Printer::emitOp(Operation *op, unsigned indent) {
  if (isa<arith::ConstantOp, scf::YieldOp, memref::GetGlobalOp>(op))
    return success();
  if (isa<scf::ForOp>(op))
    return emitFor(op, indent);
  if (auto ret = dyn_cast<func::ReturnOp>(op)) {
    indentBy(indent);
    if (ret.getNumOperands() == 0)
      os << "return;\n";
    else
      os << "return " << expr(ret.getOperand(0)) << ";\n";
    return success();
  }
  if (op->getDialect() && isa<memref::MemRefDialect>(op->getDialect()) &&
      !isa<memref::LoadOp>(op))
    return emitMemRef(op, indent);
  return emitScalar(op, indent);
}
