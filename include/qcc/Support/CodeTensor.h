//===- CodeTensor.h - a tensor of format codes ------------------*- C++ -*-===//
//
// The value every executor of qcost exchanges: the reference evaluator, the
// compiled CPU library, the .npy readers and writers and the Python bindings.
// Codes are the W-bit patterns of the elements in their format (the IEEE bits
// for builtin floats, two's complement for signed fixed point), in row-major
// order.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_SUPPORT_CODETENSOR_H
#define QCC_SUPPORT_CODETENSOR_H

#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>
#include <vector>

namespace qcc {

/// A tensor of codes in row-major order; `type`'s element type is the format.
struct CodeTensor {
  mlir::RankedTensorType type;
  std::vector<uint64_t> codes;
};

} // namespace qcc

#endif // QCC_SUPPORT_CODETENSOR_H
