//===- DataMovement.cpp - constant, reshape and concat to linalg ----------===//
//
// These ops copy codes, so they become the tensor ops of the storage types;
// constants of builtin minifloats become their bit patterns.
//
//===----------------------------------------------------------------------===//

#include "LoweringPattern.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"
#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

namespace {

/// qcost.constant: the codes as an arith.constant of storage integers.
class ConstantLowering : public QCostLowering<ConstantOp> {
public:
  using QCostLowering::QCostLowering;

protected:
  LogicalResult lower(ConstantOp op, OpAdaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    std::optional<SmallVector<int64_t>> codes = op.getCodeValues();
    if (!codes)
      return reject("the constant's data is unavailable (an elided "
                    "resource?)");
    RankedTensorType type = storageType(op.getResult().getType());
    unsigned bits = type.getElementType().getIntOrFloatBitWidth();
    SmallVector<APInt> values;
    for (int64_t code : *codes)
      values.push_back(APInt(bits, static_cast<uint64_t>(code),
                             /*isSigned=*/true, /*implicitTrunc=*/true));
    if (values.size() == 1 && type.getNumElements() != 1)
      values.assign(type.getNumElements(), values.front());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, DenseElementsAttr::get(type, values));
    return success();
  }
};

/// qcost.reshape: a tensor.reshape of the storage tensor.
class ReshapeLowering : public QCostLowering<ReshapeOp> {
public:
  using QCostLowering::QCostLowering;

protected:
  LogicalResult lower(ReshapeOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &) const override {
    RankedTensorType type = storageType(op.getResult().getType());
    SmallVector<int64_t> shape(type.getShape());
    auto shapeType = RankedTensorType::get({static_cast<int64_t>(shape.size())},
                                           rewriter.getI64Type());
    Value shapeValue = arith::ConstantOp::create(
        rewriter, op.getLoc(),
        DenseElementsAttr::get(shapeType, ArrayRef(shape)));
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, type, adaptor.getInput(),
                                                   shapeValue);
    return success();
  }
};

/// qcost.concat: tensor.concat of the storage tensors.
class ConcatLowering : public QCostLowering<ConcatOp> {
public:
  using QCostLowering::QCostLowering;

protected:
  LogicalResult lower(ConcatOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &) const override {
    RankedTensorType type = storageType(op.getResult().getType());
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(op, type, op.getAxisAttr(),
                                                  adaptor.getInputs());
    return success();
  }
};

/// arith.constant of a builtin minifloat (f8E4M3FN, ...): its bit patterns
/// are the codes, as storage integers.
class MinifloatConstantLowering
    : public OpConversionPattern<arith::ConstantOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!type || !dense || !isa<FloatType>(type.getElementType()) ||
        getTypeConverter()->isLegal(type))
      return failure();
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(type));
    unsigned bits = storageType.getElementType().getIntOrFloatBitWidth();
    SmallVector<APInt> codes;
    for (const APFloat &value : dense.getValues<APFloat>())
      codes.push_back(value.bitcastToAPInt().zext(bits));
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, DenseElementsAttr::get(storageType, codes));
    return success();
  }
};

} // namespace

void qcc::lowering::populateDataMovementLowerings(
    const QCostStorageTypeConverter &converter, RewritePatternSet &patterns,
    const std::shared_ptr<LoweringFailures> &failures) {
  addLowerings<ConstantLowering, ReshapeLowering, ConcatLowering>(
      converter, patterns, failures);
  patterns.add<MinifloatConstantLowering>(converter, patterns.getContext());
}
