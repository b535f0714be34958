//===- Emitter.cpp - the structure of an HLS C++ source -------------------===//
//
// One source: the includes and qcc_hls.h, the interface format typedefs,
// the weights as const arrays (ROM), the codec helpers, one function per
// layer (the loops of one qcost op, or of ops fused into one), the top
// function with its interface pragmas, and optionally a C-simulation
// testbench.
//
//===----------------------------------------------------------------------===//

#include "Design.h"
#include "Estimates.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

namespace {

#include "QCCHlsSupport.inc" // kSupportHeader: qcc_hls.h

/// The elements of a constant as integers or floats, row-major.
LogicalResult elementsOf(Attribute value, Type element,
                         SmallVectorImpl<APInt> &integers,
                         SmallVectorImpl<APFloat> &floats, int64_t count,
                         Location loc) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (isa<FloatType>(element))
      for (const APFloat &v : dense.getValues<APFloat>())
        floats.push_back(v);
    else
      for (const APInt &v : dense.getValues<APInt>())
        integers.push_back(v);
    // Splats hold one value.
    while (!floats.empty() && int64_t(floats.size()) < count)
      floats.push_back(floats.front());
    while (!integers.empty() && int64_t(integers.size()) < count)
      integers.push_back(integers.front());
    return success();
  }
  auto resource = dyn_cast<DenseResourceElementsAttr>(value);
  AsmResourceBlob *blob =
      resource ? resource.getRawHandle().getBlob() : nullptr;
  if (!blob)
    return emitError(loc) << "the constant's data is unavailable";
  ArrayRef<char> data = blob->getData();
  unsigned width = element.getIntOrFloatBitWidth();
  unsigned bytes = (width + 7) / 8;
  if (int64_t(data.size()) < count * bytes)
    return emitError(loc) << "the constant's data is too short";
  for (int64_t i = 0; i < count; ++i) {
    uint64_t raw = 0;
    std::memcpy(&raw, data.data() + i * bytes, bytes);
    APInt bits(width, raw);
    if (auto floatType = dyn_cast<FloatType>(element))
      floats.push_back(APFloat(floatType.getFloatSemantics(), bits));
    else
      integers.push_back(bits);
  }
  return success();
}

} // namespace

std::string qcc::hls::cIdentifier(StringRef text) {
  std::string name;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      name += c;
    else if (c == '-')
      name += 'm';
    else if (!name.empty() && name.back() != '_')
      name += '_';
  }
  while (!name.empty() && name.back() == '_')
    name.pop_back();
  return name;
}

FailureOr<FormatType> qcc::hls::formatTypeOf(Type element, Location loc) {
  FormatType type;
  if (element.isF32() || element.isF16()) {
    type.name = element.isF32() ? "float" : "qcc_half";
    return type;
  }
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format)
    return emitError(loc) << "no HLS type for the interface format " << element;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << element;
  std::string name = cIdentifier(StringRef(text).ltrim("!"));
  unsigned w = format->getBitWidth();
  type.width = w;
  if (format->getKind() == FormatKind::Fixed) {
    if (isa<IntegerType>(element)) {
      type.name = name + "_t";
      type.definition =
          "typedef " +
          std::string(format->isSigned() ? "ap_int<" : "ap_uint<") +
          std::to_string(w) + "> " + type.name + ";";
      type.kind =
          format->isSigned() ? ElementKind::Plain : ElementKind::UnsignedCode;
      return type;
    }
    type.name = name;
    type.definition =
        "typedef " +
        std::string(format->isSigned() ? "ap_fixed<" : "ap_ufixed<") +
        std::to_string(w) + ", " +
        std::to_string(int64_t(w) - format->getFracBits()) + "> " + name + ";";
    type.kind = ElementKind::FixedFormat;
    return type;
  }
  type.name = name + "_code";
  type.definition = "typedef ap_uint<" + std::to_string(w) + "> " + type.name +
                    "; // codes of " + text;
  type.kind = ElementKind::UnsignedCode;
  return type;
}

namespace {

class ModuleEmitter {
public:
  ModuleEmitter(raw_ostream &os, const Options &options)
      : os(os), options(options) {}

  LogicalResult emit(ModuleOp lowered, func::FuncOp qcost);

private:
  LogicalResult emitGlobals(ModuleOp lowered);
  LogicalResult emitHelpers(ModuleOp lowered);

  raw_ostream &os;
  const Options &options;
  /// Global arrays by symbol name, and their sizes by C++ name.
  llvm::StringMap<std::string> globals;
  Roms roms;
};

LogicalResult ModuleEmitter::emitGlobals(ModuleOp lowered) {
  Printer types(os, options);
  os << "// ---- weights and constants (ROM) ----\n";
  for (auto global : lowered.getOps<memref::GlobalOp>()) {
    if (!global.getConstant() || !global.getInitialValue())
      return global.emitError("the HLS C++ emitter prints constant globals "
                              "only");
    MemRefType type = global.getType();
    FailureOr<std::string> element =
        types.scalarType(type.getElementType(), global.getLoc());
    if (failed(element))
      return failure();
    std::string name = "rom_" + cIdentifier(global.getSymName());
    globals[global.getSymName()] = name;
    SmallVector<APInt> integers;
    SmallVector<APFloat> floats;
    int64_t count = type.getNumElements();
    if (failed(elementsOf(*global.getInitialValue(), type.getElementType(),
                          integers, floats, count, global.getLoc())))
      return failure();
    RomInfo &rom = roms[name];
    rom.elements = count;
    rom.bits = type.getElementType().getIntOrFloatBitWidth();
    countRomDigits(integers, rom);
    os << "static const " << *element << " " << name << "[" << count << "] = {";
    // Integers up to 64 bits as plain literals (ap_int converts them), 16
    // per line; wider ones and floats as exact literals, 8 per line.
    unsigned width = type.getElementType().getIntOrFloatBitWidth();
    bool plain = !integers.empty() && width > 1 && width <= 64;
    unsigned perLine = plain ? 16 : 8;
    for (int64_t i = 0; i < count; ++i) {
      os << (i % perLine == 0 ? "\n    " : " ");
      if (plain)
        os << integers[i].getSExtValue() << (width > 32 ? "LL" : "");
      else if (!integers.empty())
        os << integerLiteral(integers[i], width);
      else
        os << floatLiteral(floats[i], cast<FloatType>(type.getElementType()));
      os << (i + 1 < count ? "," : "");
    }
    os << "};\n";
  }
  os << "\n";
  return success();
}

LogicalResult ModuleEmitter::emitHelpers(ModuleOp lowered) {
  os << "// ---- the codec: rounding and decoding "
        "(convert-qcost-codec-to-arith) "
        "----\n";
  for (auto function : lowered.getOps<func::FuncOp>()) {
    if (!function.isPrivate())
      continue;
    Printer printer(os, options);
    FunctionType type = function.getFunctionType();
    if (type.getNumResults() != 1)
      return function.emitError("helpers return one value");
    FailureOr<std::string> result =
        printer.scalarType(type.getResult(0), function.getLoc());
    if (failed(result))
      return failure();
    os << "static " << *result << " " << function.getSymName() << "(";
    for (auto [i, argument] : llvm::enumerate(function.getArguments())) {
      FailureOr<std::string> argType =
          printer.scalarType(argument.getType(), function.getLoc());
      if (failed(argType))
        return failure();
      std::string name = "a" + std::to_string(i);
      printer.names[argument] = name;
      // Unused arguments stay unnamed (-Wunused-parameter).
      os << (i ? ", " : "") << *argType
         << (argument.use_empty() ? "" : " " + name);
    }
    os << ") {\n";
    os << "  QCC_HLS(INLINE)\n";
    if (failed(printer.emitBlock(function.getBody().front(), 1)))
      return failure();
    os << "}\n\n";
  }
  return success();
}

LogicalResult ModuleEmitter::emit(ModuleOp lowered, func::FuncOp qcost) {
  auto top = lowered.lookupSymbol<func::FuncOp>(qcost.getSymName());
  if (!top)
    return qcost.emitError("the lowered module has no function '")
           << qcost.getSymName() << "'";
  os << "// Generated by qcc-translate --qcost-to-hlscpp: the function @"
     << qcost.getSymName() << ", bit for bit as docs/semantics.md says.\n"
     << "// Strategy "
     << (options.strategy == Strategy::Latency ? "latency" : "resource")
     << ", reuse factor " << options.reuseFactor << ".\n";
  os << kSupportHeader << "\n";
  if (options.io == InterfaceStyle::Stream)
    os << "#include <hls_stream.h>\n\n";
  os << "// ---- interface formats ----\n";
  SmallVector<std::string> typedefs;
  llvm::StringSet<> defined;
  auto addTypedef = [&](Type type) -> LogicalResult {
    FailureOr<FormatType> format =
        formatTypeOf(getElementTypeOrSelf(type), qcost.getLoc());
    if (failed(format))
      return failure();
    if (!format->definition.empty() &&
        defined.insert(format->definition).second)
      typedefs.push_back(format->definition);
    return success();
  };
  for (Type type : qcost.getFunctionType().getInputs())
    if (failed(addTypedef(type)))
      return failure();
  for (Type type : qcost.getFunctionType().getResults())
    if (failed(addTypedef(type)))
      return failure();
  for (const std::string &definition : typedefs)
    os << definition << "\n";
  os << "\n";
  if (failed(emitGlobals(lowered)) || failed(emitHelpers(lowered)))
    return failure();
  Printer printer(os, options);
  FailureOr<Design> design = buildDesign(top, qcost, globals, printer);
  if (failed(design))
    return failure();
  FailureOr<std::string> topName =
      topFunctionName(qcost, *design, globals, lowered, options);
  if (failed(topName))
    return failure();
  design->topName = *topName;
  if (failed(emitDesign(*design, printer, os, options)))
    return failure();
  DesignEstimate estimate = estimateDesign(*design, printer, roms, options);
  os << "\n";
  printEstimateComment(estimate, os);
  if (!options.reportPath.empty()) {
    std::error_code error;
    llvm::raw_fd_ostream report(options.reportPath, error);
    if (error)
      return qcost.emitError("cannot write '")
             << options.reportPath << "': " << error.message();
    report << llvm::formatv("{0:2}", estimateToJson(estimate, *design, options))
           << "\n";
  }
  if (options.testbench)
    emitTestbench(*design, os, options);
  return success();
}

} // namespace

LogicalResult qcc::hls::emitHlsCpp(ModuleOp lowered, func::FuncOp qcost,
                                   raw_ostream &os, const Options &options) {
  ModuleEmitter emitter(os, options);
  return emitter.emit(lowered, qcost);
}
