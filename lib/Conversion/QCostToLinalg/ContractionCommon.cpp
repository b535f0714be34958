//===- ContractionCommon.cpp - what both contraction paths share ----------===//

#include "ContractionCommon.h"

#include "LinalgBuilders.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

int64_t ContractionView::length() const {
  if (isConv)
    return filterShape[0] * filterShape[1] * filterShape[2];
  return cast<RankedTensorType>(op->getOperand(0).getType()).getShape().back();
}

ContractionView qcc::lowering::viewOf(Operation *op, ValueRange converted) {
  ContractionView view;
  view.op = op;
  view.lhs = converted[0];
  view.rhs = converted[1];
  view.resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (converted.size() > 2)
    view.bias = converted[2];
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    view.isConv = true;
    view.strides = conv.getStrideValues();
    view.dilations = conv.getDilationValues();
    view.padding = conv.getPaddingValues();
    view.groups = conv.getGroupCount();
    auto input = cast<RankedTensorType>(conv.getInput().getType()).getShape();
    auto filter = cast<RankedTensorType>(conv.getFilter().getType()).getShape();
    view.inputShape.assign(input.begin(), input.end());
    view.filterShape.assign(filter.begin(), filter.end());
  }
  return view;
}

SmallVector<AffineMap>
qcc::lowering::convolutionMaps(const ContractionView &view) {
  MLIRContext *context = view.op->getContext();
  AffineExpr n, oh, ow, o, kh, kw, ci;
  bindDims(context, n, oh, ow, o, kh, kw, ci);
  int64_t channelsPerGroup = view.filterShape[2];
  int64_t outputsPerGroup = view.filterShape[3] / view.groups;
  AffineExpr channel =
      view.groups == 1 ? ci
                       : o.floorDiv(outputsPerGroup) * channelsPerGroup + ci;
  return {
      AffineMap::get(7, 0,
                     {n, oh * view.strides[0] + kh * view.dilations[0],
                      ow * view.strides[1] + kw * view.dilations[1], channel},
                     context),
      AffineMap::get(7, 0, {kh, kw, ci, o}, context),
      AffineMap::get(7, 0, {n, oh, ow, o}, context)};
}

SmallVector<utils::IteratorType>
qcc::lowering::reductionIterators(unsigned outer, unsigned inner) {
  SmallVector<utils::IteratorType> iterators(outer,
                                             utils::IteratorType::parallel);
  iterators.append(inner, utils::IteratorType::reduction);
  return iterators;
}

SmallVector<AffineMap> qcc::lowering::matmulMaps(MLIRContext *context,
                                                 int64_t batch) {
  unsigned dims = batch + 3;
  SmallVector<AffineExpr> prefix;
  for (int64_t d = 0; d < batch; ++d)
    prefix.push_back(getAffineDimExpr(d, context));
  AffineExpr m = getAffineDimExpr(batch, context),
             n = getAffineDimExpr(batch + 1, context),
             k = getAffineDimExpr(batch + 2, context);
  auto map = [&](ArrayRef<AffineExpr> tail) {
    SmallVector<AffineExpr> results(prefix);
    results.append(tail.begin(), tail.end());
    return AffineMap::get(dims, 0, results, context);
  };
  return {map({m, k}), map({k, n}), map({m, n})};
}

Value qcc::lowering::readsInput(OpBuilder &b, Location loc,
                                const ContractionView &view) {
  Value inside;
  for (int64_t axis = 0; axis < 2; ++axis) {
    auto index = [&](int64_t dim) -> Value {
      return linalg::IndexOp::create(b, loc, dim);
    };
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    // Position in the padded input, then relative to the real rows/columns.
    Value position = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, index(1 + axis),
                              constant(view.strides[axis])),
        arith::MulIOp::create(b, loc, index(4 + axis),
                              constant(view.dilations[axis])));
    Value shifted = arith::SubIOp::create(b, loc, position,
                                          constant(view.padding[2 * axis]));
    Value here = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, shifted,
                              constant(0)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, shifted,
                              constant(view.inputShape[1 + axis])));
    inside = inside ? (Value)arith::AndIOp::create(b, loc, inside, here) : here;
  }
  return inside;
}

Value qcc::lowering::finishFixedSum(OpBuilder &builder, Location loc, Value sum,
                                    int64_t productLsb, Value bias,
                                    const NumberFormat &accumulator,
                                    RankedTensorType storageType,
                                    int64_t popcountOf) {
  MLIRContext *context = builder.getContext();
  int64_t rank = storageType.getRank();
  SmallVector<Value> inputs = {sum};
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, context)};
  if (bias) {
    inputs.push_back(bias);
    maps.push_back(
        AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context)));
  }
  // The products are exact in the accumulator (the verifier checks), so
  // the sum moves up to its LSB by `shift`; modulo 2^W that is a shift of
  // the sum modulo 2^W, whatever width it wrapped in.
  int64_t shift = productLsb + accumulator.getFracBits();
  unsigned width = accumulator.getBitWidth();
  auto storage = cast<IntegerType>(storageType.getElementType());
  auto sumType = cast<IntegerType>(getElementTypeOrSelf(sum.getType()));
  if (!bias && shift == 0 && !popcountOf && width == sumType.getWidth() &&
      width == storage.getWidth())
    return sum; // the sum already is the accumulator
  return elementwiseGeneric(
      builder, loc, storageType, inputs, maps,
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        Type wide =
            b.getIntegerType(std::max(sumType.getWidth(), storage.getWidth()));
        auto constant = [&](int64_t v) -> Value {
          return arith::ConstantOp::create(b, loc, IntegerAttr::get(wide, v));
        };
        Value total = args[0];
        if (sumType.getWidth() < storage.getWidth())
          total = arith::ExtSIOp::create(b, loc, wide, total);
        if (popcountOf) {
          // N modulo 2^width, as the sum is.
          unsigned bits = cast<IntegerType>(wide).getWidth();
          Value count = arith::ConstantOp::create(
              b, loc,
              IntegerAttr::get(wide, APInt(bits, uint64_t(popcountOf),
                                           /*isSigned=*/false,
                                           /*implicitTrunc=*/true)));
          total = arith::SubIOp::create(
              b, loc, arith::ShLIOp::create(b, loc, total, constant(1)),
              count);
        }
        if (shift >= int64_t(width))
          total = constant(0);
        else if (shift > 0)
          total = arith::ShLIOp::create(b, loc, total, constant(shift));
        if (bias) {
          Value code = args[1];
          if (storage.getWidth() < cast<IntegerType>(wide).getWidth())
            code = accumulator.isSigned()
                       ? (Value)arith::ExtSIOp::create(b, loc, wide, code)
                       : (Value)arith::ExtUIOp::create(b, loc, wide, code);
          total = arith::AddIOp::create(b, loc, total, code);
        }
        Value low = total;
        if (width < cast<IntegerType>(wide).getWidth())
          low = arith::TruncIOp::create(b, loc, b.getIntegerType(width), total);
        if (width == storage.getWidth())
          return low;
        return accumulator.isSigned()
                   ? (Value)arith::ExtSIOp::create(b, loc, storage, low)
                   : (Value)arith::ExtUIOp::create(b, loc, storage, low);
      });
}
