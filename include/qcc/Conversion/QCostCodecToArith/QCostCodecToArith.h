//===- QCostCodecToArith.h - expand qcost.decode/encode to arith -*- C++
//-*-===//
//
// The patterns of convert-qcost-codec-to-arith, for compilers that embed qcc
// and expand the codec in their own pattern sets.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_CONVERSION_QCOSTCODECTOARITH_QCOSTCODECTOARITH_H
#define QCC_CONVERSION_QCOSTCODECTOARITH_QCOSTCODECTOARITH_H

#include "qcc/Format/NumberFormat.h"

#include "mlir/IR/PatternMatch.h"

namespace qcc {

/// The fields of a power-of-two code: its sign, whether it is the zero
/// code, and its level (the exponent above the format's smallest, an integer
/// of the requested type). Decoding shifts a one left by the level; a
/// multiplier can shift its other operand instead (the HLS MACs of
/// docs/hls.md), with the same reading of unused fields.
struct PowerOfTwoFields {
  mlir::Value negative, isZero, level;
};
PowerOfTwoFields expandPowerOfTwoFields(mlir::OpBuilder &b, mlir::Location loc,
                                        const NumberFormat &format,
                                        mlir::Value code,
                                        mlir::IntegerType levelType);

/// Patterns replacing every qcost.decode and qcost.encode by arith (and
/// math) ops on builtin integers and floats.
void populateQCostCodecToArithPatterns(mlir::RewritePatternSet &patterns);

} // namespace qcc

#endif // QCC_CONVERSION_QCOSTCODECTOARITH_QCOSTCODECTOARITH_H
