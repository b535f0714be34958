//===- Contraction.h - the dot products of conv2d, matmul, dense -*- C++
//-*-===//
//
// Passes that reason about accumulators (qcost-check-accumulators sizes them,
// qcost-pot-rewrite widens them) see conv2d, matmul and dense the same way:
// one dot product of K terms per output element, plus an optional bias.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCOST_TRANSFORMS_CONTRACTION_H
#define QCC_DIALECT_QCOST_TRANSFORMS_CONTRACTION_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

#include <optional>

namespace qcc::qcost {

/// The operands of one dot product of a contraction and its length K. The
/// weights (`rhs`) are operand 1 of every contraction.
struct Contraction {
  mlir::Value lhs, rhs, bias, result;
  int64_t length;
};

/// The contraction `op` computes, or std::nullopt for other ops.
std::optional<Contraction> getContraction(mlir::Operation *op);

/// The range [low, high] of a sum of `length` products of `lhs` and `rhs`
/// values (integer-like formats), in multiples of 2^lsbExponent, which must
/// divide every product. std::nullopt when an operand is not integer-like.
std::optional<std::pair<long double, long double>>
getWorstCaseSum(mlir::Type lhs, mlir::Type rhs, int64_t length,
                int lsbExponent);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_TRANSFORMS_CONTRACTION_H
