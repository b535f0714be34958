//===- QCostToLinalg.cpp - the convert-qcost-to-linalg pass ---------------===//
//
// The pass, the pattern set and the catch-all that turns a failed lowering
// into one located error. The patterns live in the files of this directory,
// one op family each.
//
//===----------------------------------------------------------------------===//

#include "LoweringPattern.h"

#include "qcc/Conversion/Passes.h"
#include "qcc/Dialect/QCost/IR/QCostOps.h"

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

namespace {

/// The formats of an op: "(f32, !qcost.fixed<8, 4>) -> !qcost.pot<4, -6, 0>".
std::string formatsOf(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "(";
  llvm::interleaveComma(op->getOperandTypes(), os,
                        [&](Type type) { os << getElementTypeOrSelf(type); });
  os << ") -> ";
  llvm::interleaveComma(op->getResultTypes(), os,
                        [&](Type type) { os << getElementTypeOrSelf(type); });
  return text;
}

/// Tried last on every qcost op that is still there: its pattern rejected it
/// (with a reason) or it has none. Either way, one error at the op.
class NoLowering : public ConversionPattern {
public:
  NoLowering(const TypeConverter &converter, MLIRContext *context,
             std::shared_ptr<LoweringFailures> failures)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/0,
                          context),
        failures(std::move(failures)) {}

  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value>,
                                ConversionPatternRewriter &) const override {
    if (!isa<qcost::QCostDialect>(op->getDialect()) ||
        isa<qcost::DecodeOp, qcost::EncodeOp>(op))
      return failure();
    const std::string *reason = failures->lookup(op);
    op->emitError("'") << op->getName() << "' " << formatsOf(op)
                       << " does not lower: "
                       << (reason ? *reason : "no pattern lowers this op");
    return failure();
  }

private:
  std::shared_ptr<LoweringFailures> failures;
};

struct ConvertQCostToLinalgPass
    : qcc::impl::ConvertQCostToLinalgBase<ConvertQCostToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    QCostStorageTypeConverter converter(exactWidths);
    RewritePatternSet patterns(context);
    populateQCostToLinalgConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    ConversionTarget target(*context);
    target.addIllegalDialect<qcost::QCostDialect>();
    target.addLegalOp<qcost::DecodeOp, qcost::EncodeOp>();
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
    // NoLowering has already said why an op does not lower; the framework's
    // generic "failed to legalize" then adds nothing and is dropped.
    bool reported = false;
    ScopedDiagnosticHandler filter(context, [&](Diagnostic &diagnostic) {
      if (diagnostic.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      if (!StringRef(diagnostic.str()).starts_with("failed to legalize")) {
        reported = true;
        return failure();
      }
      return success(reported);
    });
    if (failed(
            applyFullConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void qcc::populateQCostToLinalgConversionPatterns(
    const QCostStorageTypeConverter &converter, RewritePatternSet &patterns) {
  auto failures = std::make_shared<LoweringFailures>();
  populateElementwiseLowerings(converter, patterns, failures);
  populateBatchNormLowerings(converter, patterns, failures);
  populateContractionLowerings(converter, patterns, failures);
  populatePoolingLowerings(converter, patterns, failures);
  populateDataMovementLowerings(converter, patterns, failures);
  patterns.add<NoLowering>(converter, patterns.getContext(), failures);
}
