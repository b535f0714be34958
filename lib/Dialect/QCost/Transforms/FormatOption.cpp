//===- FormatOption.cpp - number formats named in pass options ------------===//

#include "qcc/Dialect/QCost/Transforms/FormatOption.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

FailureOr<Type> qcc::qcost::parseFormatOption(MLIRContext *context,
                                              StringRef option,
                                              StringRef text) {
  Location loc = UnknownLoc::get(context);
  size_t consumed = 0;
  Type type =
      parseType(text, context, &consumed, /*isKnownNullTerminated=*/false);
  if (!type || consumed != text.size())
    return emitError(loc) << "option '" << option << "': '" << text
                          << "' is not an MLIR type";
  if (!getNumberFormat(type))
    return emitError(loc) << "option '" << option << "': " << type
                          << " is not a number format (expected a qcost "
                             "format or a builtin integer or float type)";
  return type;
}
