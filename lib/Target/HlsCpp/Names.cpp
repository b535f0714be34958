//===- Names.cpp - the C++ name of the top function
//------------------------===//
//
// The top function is named after the qcost function (or --hls-top); the
// name must be a C++ identifier that nothing else in the source uses: not a
// keyword, not `main` (the testbench's), not a name of qcc_hls.h (`qcc_`,
// `QCC_`) and not a layer, ROM or codec helper of the same file.
//
//===----------------------------------------------------------------------===//

#include "Design.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

namespace {

// C++17's keywords and alternative tokens.
constexpr const char *kKeywords[] = {"alignas",      "alignof",
                                     "and",          "and_eq",
                                     "asm",          "auto",
                                     "bitand",       "bitor",
                                     "bool",         "break",
                                     "case",         "catch",
                                     "char",         "char16_t",
                                     "char32_t",     "class",
                                     "compl",        "const",
                                     "const_cast",   "constexpr",
                                     "continue",     "decltype",
                                     "default",      "delete",
                                     "do",           "double",
                                     "dynamic_cast", "else",
                                     "enum",         "explicit",
                                     "export",       "extern",
                                     "false",        "float",
                                     "for",          "friend",
                                     "goto",         "if",
                                     "inline",       "int",
                                     "long",         "mutable",
                                     "namespace",    "new",
                                     "noexcept",     "not",
                                     "not_eq",       "nullptr",
                                     "operator",     "or",
                                     "or_eq",        "private",
                                     "protected",    "public",
                                     "register",     "reinterpret_cast",
                                     "return",       "short",
                                     "signed",       "sizeof",
                                     "static",       "static_assert",
                                     "static_cast",  "struct",
                                     "switch",       "template",
                                     "this",         "thread_local",
                                     "throw",        "true",
                                     "try",          "typedef",
                                     "typeid",       "typename",
                                     "union",        "unsigned",
                                     "using",        "virtual",
                                     "void",         "volatile",
                                     "wchar_t",      "while",
                                     "xor",          "xor_eq"};

bool isIdentifier(StringRef name) {
  return !name.empty() && (llvm::isAlpha(name[0]) || name[0] == '_') &&
         llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// Why `name` cannot name the top function, or "" when it can.
std::string conflict(StringRef name, const llvm::StringSet<> &used) {
  if (!isIdentifier(name))
    return "it is not a C++ identifier";
  if (llvm::is_contained(kKeywords, name))
    return "it is a C++ keyword";
  if (name == "main")
    return "the C-simulation testbench is main()";
  if (name.starts_with("qcc_") || name.starts_with("QCC_") ||
      name.starts_with("qcost_") || name.starts_with("ap_") || name == "hls" ||
      name.starts_with("hls_"))
    return "names starting with qcc_, QCC_, qcost_, ap_ or hls_ belong to "
           "qcc_hls.h, the format typedefs and the ap_types headers";
  if (used.contains(name))
    return "a layer, ROM or codec helper of the design has that name";
  return "";
}

} // namespace

FailureOr<std::string>
qcc::hls::topFunctionName(func::FuncOp qcost, const Design &design,
                          const llvm::StringMap<std::string> &globals,
                          ModuleOp lowered, const Options &options) {
  llvm::StringSet<> used;
  for (const DesignLayer &layer : design.layers)
    used.insert(layer.name);
  for (const auto &global : globals)
    used.insert(global.second);
  for (auto helper : lowered.getOps<func::FuncOp>())
    if (helper.getSymName() != qcost.getSymName())
      used.insert(cIdentifier(helper.getSymName()));
  if (!options.top.empty()) {
    std::string why = conflict(options.top, used);
    if (!why.empty())
      return qcost.emitError("--hls-top='")
             << options.top << "' cannot name the top function: " << why;
    return options.top;
  }
  // The function's own name, made a free identifier: "main" becomes
  // "main_top", "3x" "f_3x".
  std::string name = cIdentifier(qcost.getSymName());
  if (name.empty() || llvm::isDigit(name[0]))
    name = "f_" + name;
  if (!conflict(name, used).empty())
    name += "_top";
  while (!conflict(name, used).empty())
    name = "top_" + name;
  return name;
}
