//===- Testbench.cpp - the C-simulation main() ----------------------------===//
//
// `main(in0.txt, ..., out0.txt, ...)`: reads one code per line into every
// input port (arrays, or streams with io=stream), calls the top function
// once and writes every output port's codes, one per line. qcc-run
// --mode=hls-csim and run_function(mode="hls-csim") exchange these files.
//
//===----------------------------------------------------------------------===//

#include "Design.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

namespace {

/// `element = code` for an element of `port`'s C++ type.
std::string assignCode(const DesignArray &port, const std::string &element) {
  switch (port.format.kind) {
  case ElementKind::FixedFormat:
    return element + ".range() = ap_uint<" + std::to_string(port.format.width) +
           ">(code);";
  case ElementKind::UnsignedCode:
    return element + " = code;";
  case ElementKind::Plain:
    if (port.element == "float")
      return element + " = qcc_f32_from_bits(ap_int<32>(code));";
    if (port.element == "qcc_half")
      return element + " = qcc_f16_from_bits(ap_int<16>(code));";
    return element + " = ap_uint<" + std::to_string(port.format.width) +
           ">(code);";
  }
  return "";
}

/// The code of `element` as an ap_uint of the port's width, `code`.
std::string readCode(const DesignArray &port, const std::string &element) {
  std::string width = std::to_string(port.format.width);
  switch (port.format.kind) {
  case ElementKind::FixedFormat:
    return "ap_uint<" + width + "> code = " + element + ".range();";
  case ElementKind::UnsignedCode:
    return "ap_uint<" + width + "> code = " + element + ";";
  case ElementKind::Plain:
    if (port.element == "float")
      return "ap_uint<32> code = qcc_bits_of_f32(" + element + ");";
    if (port.element == "qcc_half")
      return "ap_uint<16> code = qcc_bits_of_f16(" + element + ");";
    return "ap_uint<" + width + "> code = " + element + ";";
  }
  return "";
}

} // namespace

void qcc::hls::emitTestbench(const Design &design, raw_ostream &os,
                             const Options &options) {
  bool stream = options.io == InterfaceStyle::Stream;
  SmallVector<const DesignArray *> ports;
  for (const DesignArray &a : design.arrays)
    if (a.isPort())
      ports.push_back(&a);
  llvm::sort(ports, [](const DesignArray *x, const DesignArray *y) {
    return x->port < y->port;
  });
  os << "\n#ifndef __SYNTHESIS__\n"
        "// ---- C-simulation testbench: one code per line, in and out ----\n"
        "#include <cstdio>\n"
        "int main(int argc, char **argv) {\n";
  os << "  if (argc != " << ports.size() + 1 << ") {\n"
     << "    std::fprintf(stderr, \"usage: %s";
  for (const DesignArray *port : ports)
    os << " " << port->name << ".txt";
  os << "\\n\", argv[0]);\n    return 2;\n  }\n";
  for (const DesignArray *port : ports) {
    if (stream)
      os << "  hls::stream<" << port->element << "> " << port->name << "(\""
         << port->name << "\");\n";
    else
      os << "  static " << port->element << " " << port->name << "["
         << port->size << "];\n";
  }
  for (auto [i, port] : llvm::enumerate(ports)) {
    if (port->kind != DesignArray::Kind::Input)
      continue;
    os << "  {\n    FILE *f = std::fopen(argv[" << i + 1 << "], \"r\");\n"
       << "    if (!f)\n      return 3;\n"
       << "    for (int k = 0; k < " << port->size << "; ++k) {\n"
       << "      unsigned long long code;\n"
       << "      if (std::fscanf(f, \"%llu\", &code) != 1)\n        return 4;\n";
    if (stream)
      os << "      " << port->element << " v;\n      " << assignCode(*port, "v")
         << "\n      " << port->name << ".write(v);\n";
    else
      os << "      " << assignCode(*port, port->name + "[k]") << "\n";
    os << "    }\n    std::fclose(f);\n  }\n";
  }
  os << "  " << design.topName << "(";
  llvm::interleaveComma(ports, os,
                        [&](const DesignArray *port) { os << port->name; });
  os << ");\n";
  for (auto [i, port] : llvm::enumerate(ports)) {
    if (port->kind != DesignArray::Kind::Output)
      continue;
    os << "  {\n    FILE *f = std::fopen(argv[" << i + 1 << "], \"w\");\n"
       << "    if (!f)\n      return 5;\n"
       << "    for (int k = 0; k < " << port->size << "; ++k) {\n";
    if (stream)
      os << "      " << port->element << " v = " << port->name
         << ".read();\n      " << readCode(*port, "v") << "\n";
    else
      os << "      " << readCode(*port, port->name + "[k]") << "\n";
    os << "      std::fprintf(f, \"%llu\\n\", (unsigned long long)"
          "code.to_uint64());\n"
       << "    }\n    std::fclose(f);\n  }\n";
  }
  os << "  return 0;\n}\n#endif\n";
}
