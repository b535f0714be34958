//===- QCostTypes.cpp - qcost number-format types -------------------------===//

#include "qcc/Dialect/QCost/IR/QCostTypes.h"
#include "qcc/Dialect/QCost/IR/QCostDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace qcc;
using namespace qcc::qcost;

#include "qcc/Dialect/QCost/IR/QCostTypeInterfaces.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "qcc/Dialect/QCost/IR/QCostOpsTypes.cpp.inc"

void QCostDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "qcc/Dialect/QCost/IR/QCostOpsTypes.cpp.inc"
      >();
}

/// Reports the format library's message, if any, through `emitError`.
static LogicalResult reportCheck(function_ref<InFlightDiagnostic()> emitError,
                                 const std::optional<std::string> &message) {
  if (!message)
    return success();
  return emitError() << *message;
}

//===----------------------------------------------------------------------===//
// Fixed and UFixed
//===----------------------------------------------------------------------===//

/// `<` W `,` F `>`, checked as 64-bit integers so that a negative or huge
/// width is reported as such rather than wrapped into `unsigned`.
template <typename FixedTy>
static Type parseFixed(AsmParser &parser, bool isSigned) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t width, fracBits;
  if (parser.parseLess() || parser.parseInteger(width) || parser.parseComma() ||
      parser.parseInteger(fracBits) || parser.parseGreater())
    return {};
  if (auto message = NumberFormat::checkFixed(width, fracBits, isSigned)) {
    parser.emitError(loc) << *message;
    return {};
  }
  return FixedTy::get(parser.getContext(), width, fracBits);
}

Type FixedType::parse(AsmParser &parser) {
  return parseFixed<FixedType>(parser, /*isSigned=*/true);
}

void FixedType::print(AsmPrinter &printer) const {
  printer << "<" << getWidth() << ", " << getFracBits() << ">";
}

Type UFixedType::parse(AsmParser &parser) {
  return parseFixed<UFixedType>(parser, /*isSigned=*/false);
}

void UFixedType::print(AsmPrinter &printer) const {
  printer << "<" << getWidth() << ", " << getFracBits() << ">";
}

LogicalResult FixedType::verify(function_ref<InFlightDiagnostic()> emitError,
                                unsigned width, int fracBits) {
  return reportCheck(emitError,
                     NumberFormat::checkFixed(width, fracBits, true));
}

NumberFormat FixedType::getNumberFormat() const {
  return NumberFormat::fixed(getWidth(), getFracBits(), /*isSigned=*/true);
}

LogicalResult UFixedType::verify(function_ref<InFlightDiagnostic()> emitError,
                                 unsigned width, int fracBits) {
  return reportCheck(emitError,
                     NumberFormat::checkFixed(width, fracBits, false));
}

NumberFormat UFixedType::getNumberFormat() const {
  return NumberFormat::fixed(getWidth(), getFracBits(), /*isSigned=*/false);
}

//===----------------------------------------------------------------------===//
// Pot
//===----------------------------------------------------------------------===//

LogicalResult PotType::verify(function_ref<InFlightDiagnostic()> emitError,
                              unsigned width, int minExp, int maxExp,
                              bool hasZero, bool isSigned) {
  return reportCheck(emitError, NumberFormat::checkPowerOfTwo(
                                    width, minExp, maxExp, hasZero, isSigned));
}

NumberFormat PotType::getNumberFormat() const {
  return NumberFormat::powerOfTwo(getWidth(), getMinExp(), getMaxExp(),
                                  getHasZero(), getIsSigned());
}

/// `<` W `,` minExp `,` maxExp (`,` (`nozero` | `unsigned`))* `>`
Type PotType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t width, minExp, maxExp;
  if (parser.parseLess() || parser.parseInteger(width) || parser.parseComma() ||
      parser.parseInteger(minExp) || parser.parseComma() ||
      parser.parseInteger(maxExp))
    return {};
  bool hasZero = true, isSigned = true;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef keyword;
    SMLoc keywordLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&keyword))
      return {};
    if (keyword == "nozero" && hasZero) {
      hasZero = false;
    } else if (keyword == "unsigned" && isSigned) {
      isSigned = false;
    } else {
      parser.emitError(keywordLoc)
          << "expected 'nozero' or 'unsigned' (each at most once), got '"
          << keyword << "'";
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  // Check before narrowing to the parameter types.
  if (auto message = NumberFormat::checkPowerOfTwo(width, minExp, maxExp,
                                                   hasZero, isSigned)) {
    parser.emitError(loc) << *message;
    return {};
  }
  return PotType::get(parser.getContext(), width, minExp, maxExp, hasZero,
                      isSigned);
}

void PotType::print(AsmPrinter &printer) const {
  printer << "<" << getWidth() << ", " << getMinExp() << ", " << getMaxExp();
  if (!getHasZero())
    printer << ", nozero";
  if (!getIsSigned())
    printer << ", unsigned";
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Float
//===----------------------------------------------------------------------===//

LogicalResult
MiniFloatType::verify(function_ref<InFlightDiagnostic()> emitError,
                      unsigned expBits, unsigned mantBits, int bias,
                      Subnormals subnormals, Specials specials) {
  return reportCheck(
      emitError,
      NumberFormat::checkFloat(expBits, mantBits, bias, subnormals, specials));
}

NumberFormat MiniFloatType::getNumberFormat() const {
  return NumberFormat::minifloat(getExpBits(), getMantBits(), getBias(),
                                 getSubnormals(), getSpecials());
}

/// The subnormal and special-value handling of the MAC configurations CFG-1
/// to CFG-6 of REFERENCE.md section 8. CFG-3 differs from CFG-2 only in the
/// multiplier (its output is not rounded), not in the format.
static std::pair<Subnormals, Specials> getMacConfiguration(int64_t cfg) {
  switch (cfg) {
  case 1:
    return {Subnormals::Ieee, Specials::Ieee};
  case 2:
  case 3:
    return {Subnormals::NoOutput, Specials::Ieee};
  case 4:
    return {Subnormals::NoOutput, Specials::InfOnly};
  case 5:
    return {Subnormals::AsNormal, Specials::InfOnly};
  default:
    return {Subnormals::Flush, Specials::InfOnly};
  }
}

/// `<` E `,` M (`,` key `=` value)* `>` with keys bias, subnormals, specials
/// and cfg.
Type MiniFloatType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t expBits, mantBits;
  if (parser.parseLess() || parser.parseInteger(expBits) ||
      parser.parseComma() || parser.parseInteger(mantBits))
    return {};
  std::optional<int64_t> bias;
  std::optional<Subnormals> subnormals;
  std::optional<Specials> specials;
  bool sawCfg = false;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    SMLoc valueLoc = parser.getCurrentLocation();
    if (key == "bias" && !bias) {
      int64_t value;
      if (parser.parseInteger(value))
        return {};
      bias = value;
    } else if (key == "cfg" && !sawCfg && !subnormals && !specials) {
      int64_t cfg;
      if (parser.parseInteger(cfg))
        return {};
      if (cfg < 1 || cfg > 6) {
        parser.emitError(valueLoc) << "cfg must be in [1, 6], got " << cfg;
        return {};
      }
      std::tie(subnormals, specials) = getMacConfiguration(cfg);
      sawCfg = true;
    } else if (key == "subnormals" && !subnormals) {
      StringRef value;
      if (parser.parseKeyword(&value))
        return {};
      subnormals = parseSubnormals(value.str());
      if (!subnormals) {
        parser.emitError(valueLoc) << "subnormals must be one of ieee, "
                                      "no_output, as_normal, flush; got '"
                                   << value << "'";
        return {};
      }
    } else if (key == "specials" && !specials) {
      StringRef value;
      if (parser.parseKeyword(&value))
        return {};
      specials = parseSpecials(value.str());
      if (!specials) {
        parser.emitError(valueLoc) << "specials must be one of ieee, "
                                      "inf_only, nan_only, finite; got '"
                                   << value << "'";
        return {};
      }
    } else {
      parser.emitError(keyLoc)
          << "unexpected '" << key
          << "': expected bias, subnormals, specials or cfg (each once; cfg "
             "replaces subnormals and specials)";
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  if (expBits < 1 || expBits > 8) {
    // Checked here so the default bias below is computable.
    parser.emitError(loc) << "minifloat exponent bits E must be in [1, 8], got "
                          << expBits;
    return {};
  }
  int64_t biasValue = bias.value_or(NumberFormat::defaultBias(expBits));
  Subnormals subnormalValue = subnormals.value_or(Subnormals::Ieee);
  Specials specialValue = specials.value_or(Specials::Ieee);
  if (auto message = NumberFormat::checkFloat(expBits, mantBits, biasValue,
                                              subnormalValue, specialValue)) {
    parser.emitError(loc) << *message;
    return {};
  }
  return MiniFloatType::get(parser.getContext(), expBits, mantBits, biasValue,
                            subnormalValue, specialValue);
}

void MiniFloatType::print(AsmPrinter &printer) const {
  printer << "<" << getExpBits() << ", " << getMantBits();
  if (getBias() != NumberFormat::defaultBias(getExpBits()))
    printer << ", bias = " << getBias();
  if (getSubnormals() != Subnormals::Ieee)
    printer << ", subnormals = " << toString(getSubnormals());
  if (getSpecials() != Specials::Ieee)
    printer << ", specials = " << toString(getSpecials());
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

NumberFormat BinaryType::getNumberFormat() const {
  return NumberFormat::binary();
}

//===----------------------------------------------------------------------===//
// Queries over qcost and builtin types
//===----------------------------------------------------------------------===//

std::optional<NumberFormat> qcc::qcost::getNumberFormat(Type type) {
  if (auto format = dyn_cast<NumberFormatTypeInterface>(type))
    return format.getNumberFormat();
  if (auto intType = dyn_cast<IntegerType>(type)) {
    unsigned width = intType.getWidth();
    if (width < 1 || width > 64)
      return std::nullopt;
    return NumberFormat::fixed(width, 0, !intType.isUnsigned());
  }
  using F = NumberFormat;
  return TypeSwitch<Type, std::optional<NumberFormat>>(type)
      .Case([](Float32Type) { return F::minifloat(8, 23); })
      .Case([](Float16Type) { return F::minifloat(5, 10); })
      .Case([](BFloat16Type) { return F::minifloat(8, 7); })
      .Case([](FloatTF32Type) { return F::minifloat(8, 10); })
      .Case([](Float8E5M2Type) { return F::minifloat(5, 2); })
      .Case([](Float8E4M3Type) { return F::minifloat(4, 3); })
      .Case([](Float8E3M4Type) { return F::minifloat(3, 4); })
      .Case([](Float8E4M3FNType) {
        return F::minifloat(4, 3, Subnormals::Ieee, Specials::NanOnly);
      })
      .Case([](Float6E3M2FNType) {
        return F::minifloat(3, 2, Subnormals::Ieee, Specials::Finite);
      })
      .Case([](Float6E2M3FNType) {
        return F::minifloat(2, 3, Subnormals::Ieee, Specials::Finite);
      })
      .Case([](Float4E2M1FNType) {
        return F::minifloat(2, 1, Subnormals::Ieee, Specials::Finite);
      })
      .Default([](Type) { return std::nullopt; });
}

bool qcc::qcost::isNumericType(Type type) {
  return type.isF64() || getNumberFormat(type).has_value();
}

bool qcc::qcost::isFloatLike(Type type) {
  return isa<mlir::FloatType, MiniFloatType>(type);
}

bool qcc::qcost::isIntegerLike(Type type) {
  return isa<FixedType, UFixedType, PotType, BinaryType>(type) ||
         (isa<IntegerType>(type) && getNumberFormat(type).has_value());
}

std::optional<IntegerEnvelope> qcc::qcost::getIntegerEnvelope(Type type) {
  if (!isIntegerLike(type))
    return std::nullopt;
  NumberFormat format = *getNumberFormat(type);
  IntegerEnvelope envelope;
  switch (format.getKind()) {
  case FormatKind::Fixed: {
    unsigned width = format.getBitWidth();
    envelope.lsbExponent = -format.getFracBits();
    if (format.isSigned()) {
      envelope.minMultiple = -std::ldexp((long double)1, width - 1);
      envelope.maxMultiple = std::ldexp((long double)1, width - 1) - 1;
    } else {
      envelope.maxMultiple = std::ldexp((long double)1, width) - 1;
    }
    break;
  }
  case FormatKind::PowerOfTwo: {
    envelope.lsbExponent = format.getMinExp();
    long double top =
        std::ldexp((long double)1, format.getMaxExp() - format.getMinExp());
    envelope.maxMultiple = top;
    envelope.minMultiple = format.isSigned() ? -top : format.hasZero() ? 0 : 1;
    break;
  }
  case FormatKind::Binary:
    envelope.minMultiple = -1;
    envelope.maxMultiple = 1;
    break;
  case FormatKind::Float:
    return std::nullopt;
  }
  return envelope;
}

std::string qcc::qcost::formatReal(long double value) {
  if (value == 0)
    return "0";
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.10Lg", value);
  return buffer;
}
