//===- QCostToLinalg.cpp - the convert-qcost-to-linalg pass ---------------===//
//
// The type converter, the pass and the catch-all for ops that do not lower.
// The patterns live in the files of this directory, one op family each; they
// share LoweringUtils.h.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "qcc/Conversion/Passes.h"
#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace qcc {
#define GEN_PASS_DEF_CONVERTQCOSTTOLINALG
#include "qcc/Conversion/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

QCostStorageTypeConverter::QCostStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    Type element = type.getElementType();
    if (isa<FloatType>(element) && !minifloatFormat(element))
      return type;
    std::optional<NumberFormat> format = getNumberFormat(element);
    if (!format)
      return type;
    return RankedTensorType::get(
        type.getShape(), IntegerType::get(type.getContext(),
                                          storageBits(format->getBitWidth())));
  });
  auto cast = [](OpBuilder &builder, Type type, ValueRange inputs,
                 Location loc) -> Value {
    return UnrealizedConversionCastOp::create(builder, loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(cast);
  addTargetMaterialization(cast);
}

namespace {

/// Ops that have a pattern; their patterns report their own errors.
bool hasLowering(Operation *op) {
  return isa<AddOp, MulOp, RescaleOp, QuantNormOp, ReluOp, PReluOp, DPReluOp,
             ClipOp, ConstantOp, ReshapeOp, ConcatOp, MatmulOp, DenseOp,
             Conv2DOp, QuantizeOp, DequantizeOp, BatchNormOp, MaxPool2DOp,
             AvgPool2DOp, GlobalAvgPoolOp, ReduceSumOp>(op);
}

/// Every other qcost op: a located error naming it and its formats.
class UnsupportedLowering : public ConversionPattern {
public:
  UnsupportedLowering(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/0,
                          context) {}

  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value>,
                                ConversionPatternRewriter &) const override {
    if (!isa<QCostDialect>(op->getDialect()) || hasLowering(op))
      return failure();
    std::string formats;
    llvm::raw_string_ostream os(formats);
    llvm::interleaveComma(op->getResultTypes(), os,
                          [&](Type type) { os << getElementTypeOrSelf(type); });
    return op->emitError("'") << op->getName() << "' with result format "
                              << formats << " does not lower to linalg yet";
  }
};

struct ConvertQCostToLinalgPass
    : qcc::impl::ConvertQCostToLinalgBase<ConvertQCostToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    QCostStorageTypeConverter converter;
    RewritePatternSet patterns(context);
    populateQCostToLinalgConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    ConversionTarget target(*context);
    target.addIllegalDialect<QCostDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.addLegalOp<ModuleOp>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addDynamicallyLegalOp<arith::ConstantOp>(
        [&](arith::ConstantOp op) { return converter.isLegal(op.getType()); });
    // A pattern that rejects an op reports why at the op; the framework's
    // generic "failed to legalize" then adds nothing and is dropped.
    unsigned preciseErrors = 0;
    ScopedDiagnosticHandler filter(context, [&](Diagnostic &diagnostic) {
      if (diagnostic.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      if (!StringRef(diagnostic.str()).starts_with("failed to legalize")) {
        ++preciseErrors;
        return failure();
      }
      return success(preciseErrors > 0);
    });
    if (failed(
            applyFullConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void qcc::populateQCostToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  populateElementwiseLoweringPatterns(converter, patterns);
  populateContractionLoweringPatterns(converter, patterns);
  populateFloatLoweringPatterns(converter, patterns);
  populatePoolingLoweringPatterns(converter, patterns);
  populateDataMovementLoweringPatterns(converter, patterns);
  patterns.add<UnsupportedLowering>(converter, patterns.getContext());
}
