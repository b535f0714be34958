//===- Passes.h - the passes of qcc's pipelines -----------------*- C++ -*-===//

#ifndef QCC_PIPELINES_PASSES_H
#define QCC_PIPELINES_PASSES_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Pass/Pass.h"

namespace qcc {

#define GEN_PASS_DECL
#include "qcc/Pipelines/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qcc/Pipelines/Passes.h.inc"

} // namespace qcc

#endif // QCC_PIPELINES_PASSES_H
