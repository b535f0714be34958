//===- InitAllDialects.h - register qcc's dialects --------------*- C++ -*-===//
//
// The dialects qcc owns and the upstream dialects its pipelines produce or
// accept. Tools and embedders call registerQCCDialects; nothing here pulls in
// every upstream dialect.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_INITALLDIALECTS_H
#define QCC_INITALLDIALECTS_H

#include "qcc/Dialect/QCost/IR/QCostDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

namespace qcc {

inline void registerQCCDialects(mlir::DialectRegistry &registry) {
  registry.insert<qcost::QCostDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
}

} // namespace qcc

#endif // QCC_INITALLDIALECTS_H
