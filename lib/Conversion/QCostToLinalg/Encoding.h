//===- Encoding.h - rounding a result through the codec ---------*- C++ -*-===//
//
// Private to lib/Conversion/QCostToLinalg. Every op rounds its exact result
// into its result format with one qcost.encode per element; this file reads
// the op's format and modes, asks the codec's limits whether the encode
// expands (before the pattern builds anything), and builds it.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_CONVERSION_QCOSTTOLINALG_ENCODING_H
#define QCC_LIB_CONVERSION_QCOSTTOLINALG_ENCODING_H

#include "LoweringPattern.h"

#include "qcc/Dialect/QCost/IR/CodecLimits.h"
#include "qcc/Dialect/QCost/IR/QCostAttributes.h"
#include "qcc/Format/NumberFormat.h"

#include "mlir/IR/Builders.h"

namespace qcc::lowering {

/// How the results of an op are rounded.
struct ResultEncoding {
  NumberFormat format = NumberFormat::binary();
  mlir::Type formatType;
  /// The converted result tensor type and its element (the code type).
  mlir::RankedTensorType storageType;
  qcost::RoundingMode mode = qcost::RoundingMode::nearest_even;
  uint64_t seed = 0;
  qcost::OverflowMode overflow = qcost::OverflowMode::saturate;

  mlir::Type codeType() const { return storageType.getElementType(); }
  llvm::ArrayRef<int64_t> shape() const { return storageType.getShape(); }
};

/// The encoding of result 0 of `op`: its format, storage type and the op's
/// modes (RoundingOpInterface; nearest even and saturate otherwise).
mlir::FailureOr<ResultEncoding>
getResultEncoding(mlir::Operation *op, const mlir::TypeConverter &converter,
                  const Rejection &reject);

/// Whether an encode of `value` into `encoding` expands; the codec's reason
/// otherwise.
mlir::LogicalResult checkEncode(const ResultEncoding &encoding,
                                const qcost::codec::EncodeValue &value,
                                const Rejection &reject);

/// An integer value.
qcost::codec::EncodeValue integerValue(unsigned bits, int64_t lsb,
                                       unsigned divisorBits = 0);
/// A float value (f64 unless said).
qcost::codec::EncodeValue floatValue(mlir::MLIRContext *context,
                                     mlir::FloatType type = {});

/// The encode of one element inside a body whose first loops are the
/// result's (they give the stochastic index): `value` (times 2^lsb, divided
/// by `divisor` for integers) rounded into the encoding.
mlir::Value encode(mlir::OpBuilder &b, mlir::Location loc,
                   const ResultEncoding &encoding, mlir::Value value,
                   int64_t lsb = 0, mlir::Value divisor = {});

} // namespace qcc::lowering

#endif // QCC_LIB_CONVERSION_QCOSTTOLINALG_ENCODING_H
