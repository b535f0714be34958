//===- QCostCodecToArith.h - expand qcost.decode/encode to arith -*- C++
//-*-===//
//
// The patterns of convert-qcost-codec-to-arith, for compilers that embed qcc
// and expand the codec in their own pattern sets.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_CONVERSION_QCOSTCODECTOARITH_QCOSTCODECTOARITH_H
#define QCC_CONVERSION_QCOSTCODECTOARITH_QCOSTCODECTOARITH_H

#include "mlir/IR/PatternMatch.h"

namespace qcc {

/// Patterns replacing every qcost.decode and qcost.encode by arith (and
/// math) ops on builtin integers and floats.
void populateQCostCodecToArithPatterns(mlir::RewritePatternSet &patterns);

} // namespace qcc

#endif // QCC_CONVERSION_QCOSTCODECTOARITH_QCOSTCODECTOARITH_H
