//===- Emitter.cpp - the structure of an HLS C++ source -------------------===//
//
// One source: the includes and qcc_hls.h, the interface format typedefs,
// the weights as const arrays (ROM), the codec helpers, one function per
// layer (the loops of one qcost op, or of ops fused into one), the top
// function with its interface pragmas, and optionally a C-simulation
// testbench.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "Schedule.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

namespace {

#include "QCCHlsSupport.inc" // kSupportHeader: qcc_hls.h

/// A C identifier made of `text`'s letters and digits.
std::string identifier(StringRef text) {
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

/// The line and column of the qcost op a location comes from.
std::optional<std::pair<unsigned, unsigned>> sourcePosition(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return std::make_pair(file.getLine(), file.getColumn());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto position = sourcePosition(inner))
        return position;
  if (auto name = dyn_cast<NameLoc>(loc))
    return sourcePosition(name.getChildLoc());
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return sourcePosition(call.getCallee());
  return std::nullopt;
}

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

FailureOr<FormatType> qcc::hls::formatTypeOf(Type element, Location loc) {
  FormatType type;
  if (element.isF32() || element.isF16()) {
    type.name = element.isF32() ? "float" : "qcc_half";
    return type;
  }
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format)
    return emitError(loc) << "no HLS type for the interface format "
                          << element;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << element;
  std::string name = identifier(StringRef(text).ltrim("!").str());
  unsigned w = format->getBitWidth();
  type.width = w;
  if (format->getKind() == FormatKind::Fixed) {
    if (isa<IntegerType>(element)) {
      type.name = name + "_t";
      type.definition = "typedef " +
                        std::string(format->isSigned() ? "ap_int<" : "ap_uint<") +
                        std::to_string(w) + "> " + type.name + ";";
      type.kind = format->isSigned() ? ElementKind::Plain
                                     : ElementKind::UnsignedCode;
      return type;
    }
    type.name = name;
    type.definition = "typedef " +
                      std::string(format->isSigned() ? "ap_fixed<" : "ap_ufixed<") +
                      std::to_string(w) + ", " +
                      std::to_string(int64_t(w) - format->getFracBits()) + "> " +
                      name + ";";
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

/// A layer: consecutive statements of the top function that come from one
/// qcost op.
struct Layer {
  std::string name;
  SmallVector<Operation *> ops;
};

class ModuleEmitter {
public:
  ModuleEmitter(raw_ostream &os, const Options &options)
      : os(os), options(options) {}

  LogicalResult emit(ModuleOp lowered, func::FuncOp qcost);

private:
  LogicalResult emitGlobals(ModuleOp lowered, func::FuncOp top);
  LogicalResult emitHelpers(ModuleOp lowered);
  LogicalResult emitLayers(func::FuncOp top, func::FuncOp qcost);
  void emitTestbench(func::FuncOp qcost);

  raw_ostream &os;
  const Options &options;
  /// Global arrays by symbol name.
  llvm::StringMap<std::string> globals;
  /// The interface arrays of the top function: name, type, size.
  struct Port {
    std::string name;
    FormatType type;
    int64_t size;
    bool isOutput;
  };
  SmallVector<Port> ports;
  std::string topName;
};

LogicalResult ModuleEmitter::emitGlobals(ModuleOp lowered, func::FuncOp top) {
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
    std::string name = "rom_" + identifier(global.getSymName());
    globals[global.getSymName()] = name;
    SmallVector<APInt> integers;
    SmallVector<APFloat> floats;
    int64_t count = type.getNumElements();
    if (failed(elementsOf(*global.getInitialValue(), type.getElementType(),
                          integers, floats, count, global.getLoc())))
      return failure();
    os << "static const " << *element << " " << name << "[" << count
       << "] = {";
    for (int64_t i = 0; i < count; ++i) {
      os << (i % 8 == 0 ? "\n    " : " ");
      if (!integers.empty())
        os << integerLiteral(integers[i],
                             type.getElementType().getIntOrFloatBitWidth());
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
  os << "// ---- the codec: rounding and decoding (convert-qcost-codec-to-arith) "
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
      os << (i ? ", " : "") << *argType << " " << name;
    }
    os << ") {\n";
    os << "  QCC_HLS(INLINE)\n";
    if (failed(printer.emitBlock(function.getBody().front(), 1)))
      return failure();
    os << "}\n\n";
  }
  return success();
}

LogicalResult ModuleEmitter::emitLayers(func::FuncOp top, func::FuncOp qcost) {
  // The qcost op of each source position names the layers.
  llvm::DenseMap<std::pair<unsigned, unsigned>, std::string> opNames;
  qcost.walk([&](Operation *op) {
    if (auto position = sourcePosition(op->getLoc()))
      opNames.try_emplace(*position,
                          op->getName().stripDialect().str());
  });

  Printer printer(os, options);
  // The ports: the qcost inputs, then its results (out-parameters).
  FunctionType qcostType = qcost.getFunctionType();
  unsigned inputs = qcostType.getNumInputs();
  if (top.getNumArguments() != inputs + qcostType.getNumResults())
    return top.emitError("unexpected signature after lowering");
  for (auto [i, argument] : llvm::enumerate(top.getArguments())) {
    bool isOutput = i >= inputs;
    Type element = getElementTypeOrSelf(
        isOutput ? qcostType.getResult(i - inputs) : qcostType.getInput(i));
    FailureOr<FormatType> type = formatTypeOf(element, top.getLoc());
    if (failed(type))
      return failure();
    auto memref = cast<MemRefType>(argument.getType());
    std::string name = isOutput ? "out" + std::to_string(i - inputs)
                                : "in" + std::to_string(i);
    ArrayView view = viewOf(name, memref);
    view.kind = type->kind;
    view.width = type->width;
    printer.arrays[argument] = view;
    ports.push_back({name, *type, memref.getNumElements(), isOutput});
  }

  // Buffers, globals and views at the top; statements grouped into layers.
  struct Buffer {
    std::string name, type;
    int64_t size;
  };
  SmallVector<Buffer> buffers;
  llvm::StringMap<std::string> arrayTypes;
  for (const Port &port : ports)
    arrayTypes[port.name] = port.type.name;
  SmallVector<Layer> layers;
  std::optional<std::pair<unsigned, unsigned>> current;
  for (Operation &op : top.getBody().front()) {
    if (isa<arith::ConstantOp, func::ReturnOp>(op))
      continue;
    if (auto get = dyn_cast<memref::GetGlobalOp>(op)) {
      printer.arrays[get.getResult()] =
          viewOf(globals[get.getName()], get.getType());
      continue;
    }
    if (isa<memref::AllocOp, memref::AllocaOp>(op)) {
      auto type = cast<MemRefType>(op.getResult(0).getType());
      FailureOr<std::string> element =
          printer.scalarType(type.getElementType(), op.getLoc());
      if (failed(element))
        return failure();
      std::string name = "buf" + std::to_string(buffers.size());
      buffers.push_back({name, *element, type.getNumElements()});
      arrayTypes[name] = *element;
      printer.arrays[op.getResult(0)] = viewOf(name, type);
      continue;
    }
    if (isa<memref::SubViewOp, memref::CollapseShapeOp, memref::ExpandShapeOp,
            memref::ReshapeOp, memref::CastOp, memref::ReinterpretCastOp>(op)) {
      if (failed(printer.emitOp(&op, 0)))
        return failure();
      continue;
    }
    if (isa<memref::DeallocOp>(op))
      continue;
    std::optional<std::pair<unsigned, unsigned>> position =
        sourcePosition(op.getLoc());
    bool known = position && opNames.count(*position);
    if (layers.empty() || (known && position != current)) {
      Layer layer;
      std::string opName = known ? opNames[*position] : "copy";
      layer.name = "layer" + std::to_string(layers.size()) + "_" +
                   identifier(opName);
      layers.push_back(layer);
      if (known)
        current = position;
    }
    layers.back().ops.push_back(&op);
  }

  // One function per layer over the arrays it touches.
  os << "// ---- layers ----\n";
  SmallVector<std::pair<std::string, SmallVector<std::string>>> calls;
  for (Layer &layer : layers) {
    SmallVector<std::string> used;
    llvm::StringSet<> seen, written;
    for (Operation *op : layer.ops)
      op->walk([&](Operation *inner) {
        for (Value operand : inner->getOperands()) {
          auto found = printer.arrays.find(operand);
          if (found == printer.arrays.end() ||
              !arrayTypes.count(found->second.base))
            continue;
          if (seen.insert(found->second.base).second)
            used.push_back(found->second.base);
          if ((isa<memref::StoreOp>(inner) && operand == inner->getOperand(1)) ||
              (isa<memref::CopyOp>(inner) && operand == inner->getOperand(1)))
            written.insert(found->second.base);
        }
      });
    os << "static void " << layer.name << "(";
    llvm::interleaveComma(used, os, [&](const std::string &array) {
      int64_t size = 0;
      for (const Port &port : ports)
        if (port.name == array)
          size = port.size;
      for (const Buffer &buffer : buffers)
        if (buffer.name == array)
          size = buffer.size;
      os << (written.count(array) ? "" : "const ") << arrayTypes[array] << " "
         << array << "[" << size << "]";
    });
    os << ") {\n";
    printer.loopLabel = layer.name;
    LayerSchedule schedule = scheduleLayer(layer.ops, options);
    printer.schedule = &schedule;
    if (schedule.pipelineFunction)
      os << "  QCC_HLS(PIPELINE II=" << std::max(1u, options.reuseFactor)
         << ")\n";
    for (Operation *op : layer.ops)
      if (failed(printer.emitOp(op, 1)))
        return failure();
    os << "}\n\n";
    calls.push_back({layer.name, used});
  }

  // The top function.
  os << "// ---- the top function ----\n";
  os << "void " << topName << "(";
  llvm::interleaveComma(ports, os, [&](const Port &port) {
    os << (port.isOutput ? "" : "const ") << port.type.name << " " << port.name
       << "[" << port.size << "]";
  });
  os << ") {\n";
  for (const Port &port : ports)
    os << "  QCC_HLS(INTERFACE mode=ap_memory port=" << port.name << ")\n";
  os << "  QCC_HLS(INTERFACE mode=ap_ctrl_hs port=return)\n";
  for (const Buffer &buffer : buffers)
    os << "  static " << buffer.type << " " << buffer.name << "["
       << buffer.size << "];\n";
  for (auto &[name, arguments] : calls) {
    os << "  " << name << "(";
    llvm::interleaveComma(arguments, os);
    os << ");\n";
  }
  os << "}\n";
  return success();
}

void ModuleEmitter::emitTestbench(func::FuncOp qcost) {
  os << "\n#ifndef __SYNTHESIS__\n"
        "// ---- C-simulation testbench: one code per line, in and out ----\n"
        "#include <cstdio>\n"
        "int main(int argc, char **argv) {\n";
  size_t files = ports.size();
  os << "  if (argc != " << files + 1 << ") {\n"
     << "    std::fprintf(stderr, \"usage: %s";
  for (const Port &port : ports)
    os << " " << port.name << ".txt";
  os << "\\n\", argv[0]);\n    return 2;\n  }\n";
  for (const Port &port : ports)
    os << "  static " << port.type.name << " " << port.name << "["
       << port.size << "];\n";
  for (auto [i, port] : llvm::enumerate(ports)) {
    if (port.isOutput)
      continue;
    os << "  {\n    FILE *f = std::fopen(argv[" << i + 1 << "], \"r\");\n"
       << "    if (!f) return 3;\n"
       << "    for (int k = 0; k < " << port.size << "; ++k) {\n"
       << "      unsigned long long code;\n"
       << "      if (std::fscanf(f, \"%llu\", &code) != 1) return 4;\n";
    switch (port.type.kind) {
    case ElementKind::FixedFormat:
      os << "      " << port.name << "[k].range() = ap_uint<"
         << port.type.width << ">(code);\n";
      break;
    case ElementKind::UnsignedCode:
      os << "      " << port.name << "[k] = code;\n";
      break;
    case ElementKind::Plain:
      if (port.type.name == "float")
        os << "      " << port.name
           << "[k] = qcc_f32_from_bits(ap_int<32>(code));\n";
      else if (port.type.name == "qcc_half")
        os << "      " << port.name
           << "[k] = qcc_f16_from_bits(ap_int<16>(code));\n";
      else
        os << "      " << port.name << "[k] = ap_uint<" << port.type.width
           << ">(code);\n";
      break;
    }
    os << "    }\n    std::fclose(f);\n  }\n";
  }
  os << "  " << topName << "(";
  llvm::interleaveComma(ports, os,
                        [&](const Port &port) { os << port.name; });
  os << ");\n";
  for (auto [i, port] : llvm::enumerate(ports)) {
    if (!port.isOutput)
      continue;
    os << "  {\n    FILE *f = std::fopen(argv[" << i + 1 << "], \"w\");\n"
       << "    if (!f) return 5;\n"
       << "    for (int k = 0; k < " << port.size << "; ++k) {\n";
    switch (port.type.kind) {
    case ElementKind::FixedFormat:
      os << "      ap_uint<" << port.type.width << "> code = " << port.name
         << "[k].range();\n";
      break;
    case ElementKind::UnsignedCode:
      os << "      ap_uint<" << port.type.width << "> code = " << port.name
         << "[k];\n";
      break;
    case ElementKind::Plain:
      if (port.type.name == "float")
        os << "      ap_uint<32> code = qcc_bits_of_f32(" << port.name
           << "[k]);\n";
      else if (port.type.name == "qcc_half")
        os << "      ap_uint<16> code = qcc_bits_of_f16(" << port.name
           << "[k]);\n";
      else
        os << "      ap_uint<" << port.type.width << "> code = " << port.name
           << "[k];\n";
      break;
    }
    os << "      std::fprintf(f, \"%llu\\n\", (unsigned long long)code.to_uint64());\n"
       << "    }\n    std::fclose(f);\n  }\n";
  }
  os << "  return 0;\n}\n#endif\n";
  (void)qcost;
}

LogicalResult ModuleEmitter::emit(ModuleOp lowered, func::FuncOp qcost) {
  auto top = lowered.lookupSymbol<func::FuncOp>(qcost.getSymName());
  if (!top)
    return qcost.emitError("the lowered module has no function '")
           << qcost.getSymName() << "'";
  topName = options.top.empty() ? identifier(qcost.getSymName()) : options.top;
  os << "// Generated by qcc-translate --qcost-to-hlscpp: the function @"
     << qcost.getSymName() << ", bit for bit as docs/semantics.md says.\n"
     << "// Strategy " << (options.strategy == Strategy::Latency ? "latency"
                                                                 : "resource")
     << ", reuse factor " << options.reuseFactor << ".\n";
  os << kSupportHeader << "\n";
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
  if (failed(emitGlobals(lowered, top)) || failed(emitHelpers(lowered)) ||
      failed(emitLayers(top, qcost)))
    return failure();
  if (options.testbench)
    emitTestbench(qcost);
  return success();
}

} // namespace

LogicalResult qcc::hls::emitHlsCpp(ModuleOp lowered, func::FuncOp qcost,
                                   raw_ostream &os, const Options &options) {
  ModuleEmitter emitter(os, options);
  return emitter.emit(lowered, qcost);
}
