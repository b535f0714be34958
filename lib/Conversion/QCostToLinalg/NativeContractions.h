//===- NativeContractions.h - contractions on native integers ---*- C++ -*-===//
//
// Private to lib/Conversion/QCostToLinalg. A contraction whose operand
// values are integers of at most 16 bits (in units of their LSB) and whose
// exact sum fits in 32 bits (or wraps in an accumulator of at most 32 bits)
// lowers to linalg's named contractions on i8/i16 operands with i32 sums:
// linalg.matmul, linalg.batch_matmul, linalg.conv_2d_nhwc_hwcf,
// linalg.depthwise_conv_2d_nhwc_hwc(m), or a generic with that signature
// for other group counts. Constant weights are made integers at compile
// time (powers of two included); the accumulator's shift, bias and wrap
// follow in an elementwise generic.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_NATIVECONTRACTIONS_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_NATIVECONTRACTIONS_H

#include "ContractionCommon.h"

#include <optional>

namespace qcc::lowering {

/// How one operand becomes native integers.
struct NativeOperand {
  enum class Source {
    /// The storage codes are the integers already (sign-extended signed
    /// fixed point, small unsigned values).
    Codes,
    /// Decoded elementwise (binary, powers of two, 8-bit unsigned).
    Decoded,
    /// A constant made integers at compile time.
    Constant,
    /// 8-bit unsigned codes x stored as the signed byte x - 128 (the code
    /// with its top bit flipped); the contraction adds back 128 times the
    /// other operand's sums, which must be constant (only the left operand,
    /// against constant weights).
    Offset,
  } source = Source::Codes;
  NumberFormat format = NumberFormat::binary();
  mlir::Type formatType;
  /// i8 or i16.
  mlir::IntegerType type;
  /// The values are n * 2^lsb with |n| <= maxMagnitude.
  int64_t lsb = 0;
  uint64_t maxMagnitude = 0;
  llvm::SmallVector<int64_t> constant; // Source::Constant
};

/// The native plan of a contraction.
struct NativePlan {
  NativeOperand lhs, rhs;
};

/// The native plan of `view`, or std::nullopt when an operand or the
/// accumulator does not qualify (then nothing was built).
std::optional<NativePlan> planNative(const ContractionView &view);

/// Builds the native lowering; the result in `storageType`.
mlir::Value lowerNative(const ContractionView &view, const NativePlan &plan,
                        mlir::OpBuilder &builder,
                        mlir::RankedTensorType storageType);

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_NATIVECONTRACTIONS_H
