//===- QCostToLinalg.h - qcost to integer linalg ----------------*- C++ -*-===//
//
// The patterns of convert-qcost-to-linalg, for compilers that embed qcc and
// run them in their own conversion.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_CONVERSION_QCOSTTOLINALG_QCOSTTOLINALG_H
#define QCC_CONVERSION_QCOSTTOLINALG_QCOSTTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace qcc {

/// Maps qcost format element types and builtin minifloats (f8E4M3FN, ...) to
/// their storage integers inside tensors: i8/i16/i32/i64 by width (the CPU
/// layout of docs/running.md), or with `exactWidths` the format's own width
/// (iW, as HLS arrays store it). The IEEE activation types f32, f16, bf16 and
/// f64 stay, except that with `exactWidths` bf16 becomes i16 codes.
///
/// With `exactWidths` the patterns also compute at exact widths: no native
/// i8/i16 -> i32 contractions (a CPU's vector units), every integer sum and
/// product in the narrowest type that holds it exactly (an FPGA's LUTs and
/// DSPs are as wide as the arithmetic asks).
class QCostStorageTypeConverter : public mlir::TypeConverter {
public:
  explicit QCostStorageTypeConverter(bool exactWidths = false);
  bool hasExactWidths() const { return exactWidths; }

private:
  bool exactWidths;
};

/// The patterns lowering qcost ops (and constants of qcost types) to
/// linalg/arith/tensor on the storage types of `converter`.
void populateQCostToLinalgConversionPatterns(
    const QCostStorageTypeConverter &converter,
    mlir::RewritePatternSet &patterns);

} // namespace qcc

#endif // QCC_CONVERSION_QCOSTTOLINALG_QCOSTTOLINALG_H
