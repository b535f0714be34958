//===- QCostAttributes.cpp - qcost enums and attributes -------------------===//

#include "qcc/Dialect/QCost/IR/QCostAttributes.h"
#include "qcc/Dialect/QCost/IR/QCostDialect.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace qcc::qcost;

#include "qcc/Dialect/QCost/IR/QCostEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qcc/Dialect/QCost/IR/QCostAttributes.cpp.inc"

void QCostDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qcc/Dialect/QCost/IR/QCostAttributes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// #qcost.cost
//===----------------------------------------------------------------------===//

// Keys in alphabetical order, like a dictionary: act, bn, mac, macs, model,
// other, qp, total, then the optional `unknown`.

static constexpr CostCategory kCategoryOrder[] = {
    CostCategory::Activation, CostCategory::BatchNorm, CostCategory::Mac};
static constexpr CostCategory kCategoryOrderAfterModel[] = {
    CostCategory::Other, CostCategory::Quantization};

/// The shortest decimal that reads back as exactly `value`: integers as
/// integers (28901376, not 2.890138e+07 or a hex bit pattern), others with
/// as few significant digits as round-trip (76.8).
static std::string formatCost(double value) {
  if (value == std::trunc(value) && std::fabs(value) < 0x1p53)
    return std::to_string(static_cast<int64_t>(value));
  char buffer[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  std::string text = buffer;
  // The MLIR lexer reads 1e+20 only with a fraction: 1.0e+20.
  size_t exponent = text.find('e');
  if (exponent != std::string::npos && text.find('.') == std::string::npos)
    text.insert(exponent, ".0");
  return text;
}

void CostAttr::print(AsmPrinter &printer) const {
  const Cost &cost = getCost();
  printer << "<";
  for (CostCategory category : kCategoryOrder)
    printer << toString(category) << " = " << formatCost(cost.get(category))
            << ", ";
  printer << "macs = " << getMacs() << ", model = ";
  printer.printAttributeWithoutType(getModel());
  for (CostCategory category : kCategoryOrderAfterModel)
    printer << ", " << toString(category) << " = "
            << formatCost(cost.get(category));
  printer << ", total = " << formatCost(cost.total());
  if (cost.unknown)
    printer << ", unknown";
  printer << ">";
}

Attribute CostAttr::parse(AsmParser &parser, Type) {
  Cost cost;
  int64_t macs = 0;
  std::string model;
  double total = 0;
  auto parseKey = [&](StringRef key) -> ParseResult {
    return failure(parser.parseKeyword(key) || parser.parseEqual());
  };
  // Costs are printed as integers when they are integers.
  auto parseNumber = [&](double &value) -> ParseResult {
    bool negative = succeeded(parser.parseOptionalMinus());
    uint64_t integer;
    OptionalParseResult parsed = parser.parseOptionalInteger(integer);
    if (parsed.has_value()) {
      if (failed(*parsed))
        return failure();
      value = static_cast<double>(integer);
    } else if (parser.parseFloat(value)) {
      return failure();
    }
    if (negative)
      value = -value;
    return success();
  };
  auto parseCategory = [&](CostCategory category) -> ParseResult {
    double value;
    SMLoc loc = parser.getCurrentLocation();
    if (parseKey(toString(category)) || parseNumber(value))
      return failure();
    if (!(value >= 0) || std::isinf(value))
      return parser.emitError(loc) << "cost '" << toString(category)
                                   << "' must be finite and non-negative";
    cost.add(category, value);
    return success();
  };
  if (parser.parseLess())
    return {};
  for (CostCategory category : kCategoryOrder)
    if (parseCategory(category) || parser.parseComma())
      return {};
  if (parseKey("macs") || parser.parseInteger(macs) || parser.parseComma() ||
      parseKey("model") || parser.parseString(&model))
    return {};
  for (CostCategory category : kCategoryOrderAfterModel)
    if (parser.parseComma() || parseCategory(category))
      return {};
  SMLoc totalLoc;
  if (parser.parseComma() || parseKey("total") ||
      parser.getCurrentLocation(&totalLoc) || parseNumber(total))
    return {};
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("unknown"))
      return {};
    cost.unknown = true;
  }
  if (parser.parseGreater())
    return {};
  if (total != cost.total()) {
    parser.emitError(totalLoc) << "total " << formatCost(total)
                               << " is not the sum of the categories ("
                               << formatCost(cost.total()) << ")";
    return {};
  }
  if (macs < 0) {
    parser.emitError(parser.getNameLoc()) << "macs must not be negative";
    return {};
  }
  return CostAttr::get(parser.getContext(),
                       StringAttr::get(parser.getContext(), model), cost, macs);
}

qcc::Rounding qcc::qcost::toFormatRounding(RoundingMode mode, uint64_t seed) {
  switch (mode) {
  case RoundingMode::nearest_even:
    return {qcc::RoundingMode::NearestEven, seed};
  case RoundingMode::toward_zero:
    return {qcc::RoundingMode::TowardZero, seed};
  case RoundingMode::stochastic:
    return {qcc::RoundingMode::Stochastic, seed};
  }
  llvm_unreachable("unknown rounding mode");
}

qcc::OverflowMode qcc::qcost::toFormatOverflow(OverflowMode mode) {
  return mode == OverflowMode::wrap ? qcc::OverflowMode::Wrap
                                    : qcc::OverflowMode::Saturate;
}
