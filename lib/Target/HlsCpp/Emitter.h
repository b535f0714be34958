//===- Emitter.h - the HLS C++ printer --------------------------*- C++ -*-===//
//
// Private to lib/Target/HlsCpp. The printer of the loops, memrefs and
// scalar ops qcost-lower-to-hls-loops leaves: scalars become named C++
// variables of ap_int / bool / float types (EmitOps.cpp), memrefs become
// flattened arrays indexed through their static strides, scf.for becomes
// labelled for loops with the strategy's pragmas, and the top function is
// cut into one function per layer (Emitter.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_TARGET_HLSCPP_EMITTER_H
#define QCC_LIB_TARGET_HLSCPP_EMITTER_H

#include "qcc/Target/HlsCpp/HlsCpp.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FormattedStream.h"

#include <string>

namespace qcc::hls {

struct LayerSchedule;

/// How the elements of an array are stored in C++.
enum class ElementKind {
  /// The scalar type of the element (ap_int<N>, float, ...): loads and
  /// stores need no conversion.
  Plain,
  /// An ap_fixed / ap_ufixed typedef of a format (interface arrays): the
  /// code is its bits (`.range()`).
  FixedFormat,
  /// An ap_uint code typedef (interface arrays of other formats).
  UnsignedCode,
};

/// A C++ array a memref value reads and writes: its base array and the
/// static layout of the view (linear index = offset + sum(index * stride)).
struct ArrayView {
  std::string base;
  int64_t offset = 0;
  llvm::SmallVector<int64_t> strides;
  ElementKind kind = ElementKind::Plain;
  /// The code width of FixedFormat / UnsignedCode elements.
  unsigned width = 0;
  /// The number of elements of the base array.
  int64_t baseSize = 0;
};

/// Prints ops into C++ statements, one scalar variable per SSA value.
class Printer {
public:
  Printer(llvm::raw_ostream &os, const Options &options)
      : os(os), options(options) {}

  /// The C++ type of a scalar MLIR type, or failure (with an error at
  /// `loc`).
  mlir::FailureOr<std::string> scalarType(mlir::Type type,
                                          mlir::Location loc);
  /// The expression of a value: constants inline, others by name.
  std::string expr(mlir::Value value);
  /// Prints one op (a statement or a nest of them) at indentation `indent`.
  mlir::LogicalResult emitOp(mlir::Operation *op, unsigned indent);
  /// Prints a block's ops (not its terminator unless it returns a value).
  mlir::LogicalResult emitBlock(mlir::Block &block, unsigned indent);

  /// Views of memref values (function arguments, allocations, globals).
  llvm::DenseMap<mlir::Value, ArrayView> arrays;
  /// Names given to values.
  llvm::DenseMap<mlir::Value, std::string> names;
  /// The label prefix of the loops being printed (the layer's name).
  std::string loopLabel;
  /// The pipelined and unrolled loops of the layer being printed.
  const LayerSchedule *schedule = nullptr;

  llvm::raw_ostream &stream() { return os; }
  const Options &getOptions() { return options; }
  /// A fresh variable name.
  std::string fresh(llvm::StringRef prefix);

private:
  mlir::LogicalResult emitScalar(mlir::Operation *op, unsigned indent);
  mlir::FailureOr<std::string> scalarExpr(mlir::Operation *op);
  mlir::LogicalResult emitFor(mlir::Operation *op, unsigned indent);
  mlir::LogicalResult emitMemRef(mlir::Operation *op, unsigned indent);
  std::string index(mlir::Value memref, mlir::ValueRange indices);
  std::string load(mlir::Value memref, mlir::ValueRange indices);
  /// The code of element `linear` of `view`, as an integer of its width.
  std::string loadElement(const ArrayView &view, const std::string &linear);
  /// Assigns the code `value` to element `linear` of `view`.
  void storeElement(const ArrayView &view, const std::string &linear,
                    const std::string &value, unsigned indent);
  void indentBy(unsigned indent);

  llvm::raw_ostream &os;
  const Options &options;
  unsigned counter = 0;
  unsigned loopDepth = 0;
};

/// A C identifier of `text`'s letters and digits ("-" becomes "m").
std::string cIdentifier(llvm::StringRef text);

/// The array view of a memref of `type` over `base`.
ArrayView viewOf(llvm::StringRef base, mlir::MemRefType type);

/// A C++ literal for an integer of `width` bits (ap_int<width>).
std::string integerLiteral(const llvm::APInt &value, unsigned width);
/// A C++ literal for a float of `type` (hexadecimal, exact; NaN and
/// infinities through bit casts).
std::string floatLiteral(const llvm::APFloat &value, mlir::FloatType type);

/// The C++ type naming a format at the interface: an ap_fixed / ap_ufixed /
/// ap_int / ap_uint typedef, float for f32, the code typedef otherwise; its
/// name; and how its elements hold codes.
struct FormatType {
  std::string name, definition;
  ElementKind kind = ElementKind::Plain;
  unsigned width = 0;
};
mlir::FailureOr<FormatType> formatTypeOf(mlir::Type element,
                                         mlir::Location loc);

} // namespace qcc::hls

#endif // QCC_LIB_TARGET_HLSCPP_EMITTER_H
