//===- LinalgBuilders.cpp - the linalg ops the lowering builds ------------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace qcc::lowering;

AffineMap qcc::lowering::blockMap(MLIRContext *context,
                                  ArrayRef<int64_t> target,
                                  ArrayRef<int64_t> param) {
  SmallVector<AffineExpr> results;
  size_t offset = target.size() - param.size();
  for (size_t d = 0; d < param.size(); ++d) {
    AffineExpr dim = getAffineDimExpr(offset + d, context);
    int64_t t = target[offset + d], p = param[d];
    if (p == t)
      results.push_back(dim);
    else if (p == 1)
      results.push_back(getAffineConstantExpr(0, context));
    else
      results.push_back(dim.floorDiv(t / p));
  }
  return AffineMap::get(target.size(), 0, results, context);
}

Value qcc::lowering::elementwiseGeneric(OpBuilder &builder, Location loc,
                                        RankedTensorType resultType,
                                        ValueRange inputs,
                                        ArrayRef<AffineMap> maps, BodyFn body) {
  Value init = tensor::EmptyOp::create(builder, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(AffineMap::getMultiDimIdentityMap(resultType.getRank(),
                                                      builder.getContext()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, resultType, inputs, ValueRange{init}, allMaps,
             iterators,
             [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
               linalg::YieldOp::create(b, bodyLoc,
                                       body(b, bodyLoc, args.drop_back()));
             })
      .getResult(0);
}

Value qcc::lowering::broadcastGeneric(OpBuilder &builder, Location loc,
                                      RankedTensorType resultType,
                                      ValueRange inputs, BodyFn body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        blockMap(builder.getContext(), resultType.getShape(),
                 cast<RankedTensorType>(input.getType()).getShape()));
  return elementwiseGeneric(builder, loc, resultType, inputs, maps, body);
}

Value qcc::lowering::linearIndex(OpBuilder &b, Location loc,
                                 ArrayRef<int64_t> shape) {
  Type i64 = b.getI64Type();
  auto constant = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  Value index = constant(0);
  for (auto [d, size] : llvm::enumerate(shape)) {
    Value coordinate = arith::IndexCastOp::create(
        b, loc, i64, linalg::IndexOp::create(b, loc, d));
    index = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, index, constant(size)),
        coordinate);
  }
  return index;
}

Value qcc::lowering::filled(OpBuilder &builder, Location loc,
                            ArrayRef<int64_t> shape, TypedAttr value) {
  Value fill = arith::ConstantOp::create(builder, loc, value);
  Value empty = tensor::EmptyOp::create(builder, loc, shape, value.getType());
  return linalg::FillOp::create(builder, loc, fill, ValueRange{empty})
      .getResult(0);
}

bool qcc::lowering::isPadded(ArrayRef<int64_t> padding) {
  return llvm::any_of(padding, [](int64_t p) { return p != 0; });
}

Value qcc::lowering::paddedGeneric(
    OpBuilder &builder, Location loc, Value codes, Type element,
    ArrayRef<int64_t> padding,
    function_ref<Value(OpBuilder &, Location, Value)> compute,
    function_ref<Value(OpBuilder &, Location)> neutral) {
  auto type = cast<RankedTensorType>(codes.getType());
  if (!isPadded(padding))
    return elementwiseGeneric(
        builder, loc, RankedTensorType::get(type.getShape(), element),
        ValueRange{codes},
        {AffineMap::getMultiDimIdentityMap(type.getRank(),
                                           builder.getContext())},
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          return compute(b, bodyLoc, args[0]);
        });
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += padding[0] + padding[1];
  shape[2] += padding[2] + padding[3];
  return elementwiseGeneric(
      builder, loc, RankedTensorType::get(shape, element), ValueRange{}, {},
      [&](OpBuilder &b, Location bodyLoc, ValueRange) -> Value {
        auto index = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(b, bodyLoc, v);
        };
        // Padded position -> input position, clamped; outside -> neutral.
        SmallVector<Value> coordinates;
        Value inside;
        for (int64_t d = 0; d < 4; ++d) {
          Value position = linalg::IndexOp::create(b, bodyLoc, d);
          if (d == 1 || d == 2) {
            int64_t before = padding[d == 1 ? 0 : 2];
            Value shifted =
                arith::SubIOp::create(b, bodyLoc, position, index(before));
            Value here = arith::AndIOp::create(
                b, bodyLoc,
                arith::CmpIOp::create(b, bodyLoc, arith::CmpIPredicate::sge,
                                      shifted, index(0)),
                arith::CmpIOp::create(b, bodyLoc, arith::CmpIPredicate::slt,
                                      shifted, index(type.getDimSize(d))));
            inside =
                inside ? (Value)arith::AndIOp::create(b, bodyLoc, inside, here)
                       : here;
            position = arith::MinSIOp::create(
                b, bodyLoc,
                arith::MaxSIOp::create(b, bodyLoc, shifted, index(0)),
                index(type.getDimSize(d) - 1));
          }
          coordinates.push_back(position);
        }
        Value code = tensor::ExtractOp::create(b, bodyLoc, codes, coordinates);
        return arith::SelectOp::create(
            b, bodyLoc, inside, compute(b, bodyLoc, code), neutral(b, bodyLoc));
      });
}
