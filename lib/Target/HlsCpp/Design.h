//===- Design.h - layers and the arrays between them ------------*- C++ -*-===//
//
// Private to lib/Target/HlsCpp. The lowered top function is cut into layers
// (Design.cpp): consecutive statements whose ops come from overlapping sets
// of qcost ops, so a layer is one qcost op, or several fused into one loop
// nest, together with the loops computing its per-channel parameters. Every
// array is an interface port, a buffer local to the one layer that touches
// it, or a buffer layers share. With io=parallel shared buffers live in the
// top function and layers take them as array arguments; with io=stream every
// write of a shared array by a layer is a version that travels to the layers
// reading it through hls::stream FIFOs (Functions.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_TARGET_HLSCPP_DESIGN_H
#define QCC_LIB_TARGET_HLSCPP_DESIGN_H

#include "Emitter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SetVector.h"

namespace qcc::hls {

struct LayerSchedule;

struct DesignArray {
  enum class Kind { Input, Output, Buffer };
  Kind kind = Kind::Buffer;
  std::string name;
  /// The C++ element type (ports: their format's typedef).
  std::string element;
  int64_t size = 0;
  /// Ports: the interface format and the port's position.
  FormatType format;
  unsigned port = 0;
  /// The layers touching it, in order.
  llvm::SmallVector<unsigned> layers;

  bool isPort() const { return kind != Kind::Buffer; }
  /// A buffer only one layer touches: declared in that layer.
  bool isLocal() const { return kind == Kind::Buffer && layers.size() == 1; }
};

struct DesignLayer {
  std::string name;
  llvm::SmallVector<mlir::Operation *> ops;
  /// The arrays it reads and writes (indices into Design::arrays), and the
  /// ones it writes only part of (through a smaller view).
  llvm::SetVector<unsigned> reads, writes, partialWrites;
  /// Every array it touches, in order of first use.
  llvm::SetVector<unsigned> arrays;
  /// The qcost ops it computes (their source locations).
  llvm::SmallVector<mlir::Operation *> sources;
  /// Its loops' pragmas, once printed, and its ARRAY_PARTITION factors by
  /// array (0: complete).
  std::shared_ptr<LayerSchedule> schedule;
  llvm::StringMap<int64_t> partitions;
};

struct Design {
  std::vector<DesignArray> arrays;
  std::vector<DesignLayer> layers;
  /// The array of a C++ base name.
  llvm::StringMap<unsigned> byName;
  std::string topName;
  /// The lowered top function (errors about the design are reported there).
  mlir::Operation *top = nullptr;
};

/// Cuts `top` (the lowered `qcost` function) into layers and records every
/// array. Registers the ports, buffers, globals (`globals`: symbol -> C++
/// name) and views in `printer.arrays`.
mlir::FailureOr<Design> buildDesign(mlir::func::FuncOp top,
                                    mlir::func::FuncOp qcost,
                                    const llvm::StringMap<std::string> &globals,
                                    Printer &printer);

/// The C++ name of the top function: --hls-top (an error at `qcost` when
/// it cannot be used) or the function's name, made free of keywords, `main`
/// and the other names of the source (Names.cpp).
mlir::FailureOr<std::string>
topFunctionName(mlir::func::FuncOp qcost, const Design &design,
                const llvm::StringMap<std::string> &globals,
                mlir::ModuleOp lowered, const Options &options);

/// Prints the layer functions and the top function.
mlir::LogicalResult emitDesign(Design &design, Printer &printer,
                               llvm::raw_ostream &os, const Options &options);

/// Prints the C-simulation testbench.
void emitTestbench(const Design &design, llvm::raw_ostream &os,
                   const Options &options);

} // namespace qcc::hls

#endif // QCC_LIB_TARGET_HLSCPP_DESIGN_H
