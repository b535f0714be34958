//===- ContractionCommon.h - what both contraction paths share --*- C++ -*-===//
//
// Private to lib/Conversion/QCostToLinalg. conv2d, matmul and dense lower
// either on native integers (NativeContractions.cpp: i8/i16 operands, i32
// sums, linalg's named contractions) or exactly for every other format
// (Contractions.cpp). Both see the op through ContractionView and finish a
// fixed-point sum the same way: shifted to the accumulator's LSB, plus the
// bias, wrapped to its width, in an elementwise generic after the reduction.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_CONTRACTIONCOMMON_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_CONTRACTIONCOMMON_H

#include "LoweringPattern.h"

#include "qcc/Format/NumberFormat.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"

namespace qcc::lowering {

/// A contraction op: its operands (converted), shapes and geometry.
struct ContractionView {
  mlir::Operation *op = nullptr;
  bool isConv = false;
  mlir::Value lhs, rhs, bias; // converted; bias may be null
  mlir::RankedTensorType resultType;
  // Convolutions (NHWC input, HWIO filter).
  llvm::SmallVector<int64_t, 2> strides, dilations;
  llvm::SmallVector<int64_t, 4> padding;
  int64_t groups = 1;
  llvm::SmallVector<int64_t> inputShape, filterShape;

  /// The number of products per output element.
  int64_t length() const;
};

/// The view of a conv2d, matmul or dense with its converted operands.
ContractionView viewOf(mlir::Operation *op, mlir::ValueRange converted);

/// The indexing maps of a convolution over (n, oh, ow, o, kh, kw, ci):
/// input (padded), filter, output.
llvm::SmallVector<mlir::AffineMap> convolutionMaps(const ContractionView &view);

/// The iterators of a convolution (4 parallel, 3 reductions) or a (batch)
/// matmul of rank `rank` over (batch..., m, n, k).
llvm::SmallVector<mlir::utils::IteratorType> reductionIterators(unsigned outer,
                                                                unsigned inner);

/// The maps of a (batch) matmul over (batch..., m, n, k).
llvm::SmallVector<mlir::AffineMap> matmulMaps(mlir::MLIRContext *context,
                                              int64_t batch);

/// Whether the current (n, oh, ow, o, kh, kw, ci) iteration of a
/// convolution reads a real input rather than padding (i1).
mlir::Value readsInput(mlir::OpBuilder &b, mlir::Location loc,
                       const ContractionView &view);

/// The sum of products (integers at 2^productLsb, wrapping in their width)
/// as the fixed-point accumulator's codes: shifted to its LSB, plus the
/// bias (its codes), wrapped to its width, as `storageType`. With
/// `popcountOf` = N the sum is a count of equal bits of N +-1 products and
/// becomes 2 * count - N first.
mlir::Value finishFixedSum(mlir::OpBuilder &builder, mlir::Location loc,
                           mlir::Value sum, int64_t productLsb,
                           mlir::Value bias, const NumberFormat &accumulator,
                           mlir::RankedTensorType storageType,
                           int64_t popcountOf = 0);

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_CONTRACTIONCOMMON_H
