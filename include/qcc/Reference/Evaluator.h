//===- Evaluator.h - the reference semantics of qcost, executed -*- C++ -*-===//
//
// Runs a qcost function on concrete tensors, op by op, with exactly the rules
// of docs/semantics.md: every op computes its exact real result
// (qcc::ExactReal) and rounds it once with qcc::NumberFormat::encode. It shares
// nothing with the lowering to linalg/LLVM, so comparing the two checks the
// compiler.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_REFERENCE_EVALUATOR_H
#define QCC_REFERENCE_EVALUATOR_H

#include "qcc/Support/CodeTensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <vector>

namespace qcc::reference {

/// Evaluates `function` on `inputs` (one per argument, matching its type).
/// Unsupported ops, formats or inputs are reported as errors at the offending
/// op (or the function) and give failure.
mlir::FailureOr<std::vector<CodeTensor>>
evaluate(mlir::func::FuncOp function, llvm::ArrayRef<CodeTensor> inputs);

} // namespace qcc::reference

#endif // QCC_REFERENCE_EVALUATOR_H
