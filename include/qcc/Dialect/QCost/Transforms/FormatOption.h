//===- FormatOption.h - number formats named in pass options ----*- C++ -*-===//

#ifndef QCC_DIALECT_QCOST_TRANSFORMS_FORMATOPTION_H
#define QCC_DIALECT_QCOST_TRANSFORMS_FORMATOPTION_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"

namespace qcc::qcost {

/// Parses a pass option that names a number format as an MLIR type
/// (`!qcost.fixed<8, 6>`, `f16`, ...). Emits an error naming the option and
/// fails when the text is not a type or not a number format.
mlir::FailureOr<mlir::Type> parseFormatOption(mlir::MLIRContext *context,
                                              llvm::StringRef option,
                                              llvm::StringRef text);

} // namespace qcc::qcost

#endif // QCC_DIALECT_QCOST_TRANSFORMS_FORMATOPTION_H
