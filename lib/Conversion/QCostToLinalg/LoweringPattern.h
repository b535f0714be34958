//===- LoweringPattern.h - the base of every qcost lowering pattern -*- C++
//-*-===//
//
// Private to lib/Conversion/QCostToLinalg. Every qcost op has one conversion
// pattern; a pattern that cannot lower its op (a format, a width, a mode it
// does not handle) records why and fails. The catch-all pattern, tried last,
// then reports one located error naming the op, its formats and the reason,
// or "no lowering" for an op without a pattern.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_LOWERINGPATTERN_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_LOWERINGPATTERN_H

#include "qcc/Conversion/QCostToLinalg/QCostToLinalg.h"

#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <string>

namespace qcc::lowering {

/// Why ops did not lower, shared by the patterns of one pattern set.
class LoweringFailures {
public:
  void record(mlir::Operation *op, const llvm::Twine &reason) {
    reasons[op] = reason.str();
  }
  const std::string *lookup(mlir::Operation *op) const {
    auto found = reasons.find(op);
    return found == reasons.end() ? nullptr : &found->second;
  }

private:
  llvm::DenseMap<mlir::Operation *, std::string> reasons;
};

/// Records why `op` does not lower; converts to failure for `return`.
class Rejection {
public:
  Rejection(LoweringFailures &failures, mlir::Operation *op)
      : failures(failures), op(op) {}
  mlir::LogicalResult operator()(const llvm::Twine &reason) const {
    failures.record(op, reason);
    return mlir::failure();
  }
  mlir::Operation *getOp() const { return op; }

private:
  LoweringFailures &failures;
  mlir::Operation *op;
};

/// The pattern of one qcost op. Subclasses implement `lower`, which either
/// replaces the op or returns `reject(...)` before building anything.
template <typename OpTy>
class QCostLowering : public mlir::OpConversionPattern<OpTy> {
public:
  QCostLowering(const QCostStorageTypeConverter &converter,
                mlir::MLIRContext *context,
                std::shared_ptr<LoweringFailures> failures)
      : mlir::OpConversionPattern<OpTy>(converter, context),
        failures(std::move(failures)) {}

  using OpAdaptor = typename OpTy::Adaptor;

  mlir::LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const final {
    return lower(op, adaptor, rewriter, Rejection(*failures, op));
  }

protected:
  virtual mlir::LogicalResult lower(OpTy op, OpAdaptor adaptor,
                                    mlir::ConversionPatternRewriter &rewriter,
                                    const Rejection &reject) const = 0;

  /// Whether arithmetic is at exact widths (QCostStorageTypeConverter).
  bool hasExactWidths() const {
    return this->template getTypeConverter<QCostStorageTypeConverter>()
        ->hasExactWidths();
  }

  /// The converted (storage) type of `type`.
  mlir::RankedTensorType storageType(mlir::Type type) const {
    return llvm::cast<mlir::RankedTensorType>(
        this->getTypeConverter()->convertType(type));
  }

private:
  std::shared_ptr<LoweringFailures> failures;
};

/// Adds `Patterns...` sharing `failures`.
template <typename... Patterns>
void addLowerings(const QCostStorageTypeConverter &converter,
                  mlir::RewritePatternSet &patterns,
                  const std::shared_ptr<LoweringFailures> &failures) {
  (patterns.add<Patterns>(converter, patterns.getContext(), failures), ...);
}

// The pattern groups, one file each.
void populateElementwiseLowerings(const QCostStorageTypeConverter &,
                                  mlir::RewritePatternSet &,
                                  const std::shared_ptr<LoweringFailures> &);
void populateBatchNormLowerings(const QCostStorageTypeConverter &,
                                mlir::RewritePatternSet &,
                                const std::shared_ptr<LoweringFailures> &);
void populateContractionLowerings(const QCostStorageTypeConverter &,
                                  mlir::RewritePatternSet &,
                                  const std::shared_ptr<LoweringFailures> &);
void populatePoolingLowerings(const QCostStorageTypeConverter &,
                              mlir::RewritePatternSet &,
                              const std::shared_ptr<LoweringFailures> &);
void populateDataMovementLowerings(const QCostStorageTypeConverter &,
                                   mlir::RewritePatternSet &,
                                   const std::shared_ptr<LoweringFailures> &);

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_LOWERINGPATTERN_H
