//===- Functions.cpp - the layer functions and the top function -----------===//
//
// io=parallel: layers take the arrays they share as arguments and run one
// after another in the top function, which holds the shared buffers.
//
// io=stream: each layer keeps its own copy of every array it touches, reads
// the versions it needs from hls::stream FIFOs before its loops and writes
// the versions it makes after them; the top function is a DATAFLOW region of
// layer calls and FIFOs. A version several layers read goes to each through
// its own FIFO (a fork layer for an input port), and every FIFO of a layer
// that writes several is as deep as its array, so that no reconvergent path
// (a residual connection) can deadlock.
//
//===----------------------------------------------------------------------===//

#include "Design.h"
#include "Schedule.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

namespace {

/// One FIFO: a version of an array from a producer to a consumer. Layers
/// are indices; kPort is the interface.
constexpr int kPort = -1;
struct Fifo {
  unsigned array;
  int producer, consumer;
  std::string name;
  int64_t depth = 2;
};

/// ARRAY_PARTITION pragmas for the arrays a layer reads or writes in
/// unrolled loops (latency strategy): small arrays (at most the unroll limit)
/// completely, others cyclically by the trip of the unrolled loop that walks
/// their contiguous dimension; what fits neither the tool serializes.
void emitPartitions(DesignLayer &layer, const LayerSchedule &schedule,
                    Printer &printer, raw_ostream &os, const Options &options) {
  llvm::MapVector<StringRef, int64_t> factors; // 0: complete
  for (Operation *statement : layer.ops)
    statement->walk([&](Operation *op) {
      Value memref;
      ValueRange indices;
      if (auto load = dyn_cast<memref::LoadOp>(op)) {
        memref = load.getMemRef();
        indices = load.getIndices();
      } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
        memref = store.getMemRef();
        indices = store.getIndices();
      } else {
        return;
      }
      int64_t unrolled = 1;
      for (auto loop = op->getParentOfType<scf::ForOp>(); loop;
           loop = loop->getParentOfType<scf::ForOp>())
        if (schedule.pipelineFunction ||
            schedule.directive(loop) == LoopDirective::Unroll)
          unrolled *= tripCount(loop);
      auto view = printer.arrays.find(memref);
      if (unrolled <= 1 || view == printer.arrays.end())
        return;
      const ArrayView &array = view->second;
      std::optional<int64_t> factor;
      if (array.baseSize <= options.unrollLimit) {
        factor = 0;
      } else {
        for (auto [index, stride] : llvm::zip(indices, array.strides)) {
          auto loop = scf::getForInductionVarOwner(index);
          if (stride == 1 && loop &&
              schedule.directive(loop) == LoopDirective::Unroll)
            factor = tripCount(loop);
        }
      }
      if (!factor)
        return;
      auto [it, inserted] = factors.try_emplace(array.base, *factor);
      if (!inserted && it->second != 0)
        it->second = *factor == 0 ? 0 : std::max(it->second, *factor);
    });
  for (auto [name, factor] : factors) {
    layer.partitions[name] = factor;
    os << "  QCC_HLS(ARRAY_PARTITION variable=" << name;
    if (factor == 0)
      os << " type=complete dim=1)\n";
    else
      os << " type=cyclic factor=" << factor << " dim=1)\n";
  }
}

class DesignPrinter {
public:
  DesignPrinter(Design &design, Printer &printer, raw_ostream &os,
                const Options &options)
      : design(design), printer(printer), os(os), options(options) {}

  LogicalResult emit() {
    bool stream = options.io == InterfaceStyle::Stream;
    if (stream && failed(planFifos()))
      return failure();
    os << "// ---- layers ----\n";
    if (stream)
      emitForks();
    for (auto [index, layer] : llvm::enumerate(design.layers))
      if (failed(emitLayer(index, layer)))
        return failure();
    emitTop();
    return success();
  }

private:
  const DesignArray &array(unsigned id) const { return design.arrays[id]; }

  std::string declaration(const DesignArray &a, bool isConst) const {
    return std::string(isConst ? "const " : "") + a.element + " " + a.name +
           "[" + std::to_string(a.size) + "]";
  }

  /// The FIFOs of every version of every array layers share.
  LogicalResult planFifos() {
    for (auto [id, a] : llvm::enumerate(design.arrays)) {
      if (a.isLocal())
        continue;
      std::optional<int> producer;
      if (a.kind == DesignArray::Kind::Input)
        producer = kPort;
      for (unsigned l : a.layers) {
        const DesignLayer &layer = design.layers[l];
        bool needsVersion =
            layer.reads.contains(id) || layer.partialWrites.contains(id);
        if (needsVersion && producer)
          fifos.push_back({unsigned(id), *producer, int(l), "", 2});
        if (layer.writes.contains(id))
          producer = int(l);
      }
      if (a.kind == DesignArray::Kind::Output) {
        if (!producer || *producer == kPort)
          return design.top->emitError("the result ")
                 << a.name << " is never written";
        fifos.push_back({unsigned(id), *producer, kPort, a.name, 0});
      }
    }
    // Names; a port's single reader reads the port itself.
    llvm::DenseMap<std::pair<unsigned, int>, unsigned> readers;
    for (const Fifo &fifo : fifos)
      ++readers[{fifo.array, fifo.producer}];
    for (Fifo &fifo : fifos) {
      const DesignArray &a = array(fifo.array);
      if (fifo.consumer == kPort)
        continue;
      if (fifo.producer == kPort && readers[{fifo.array, kPort}] == 1) {
        fifo.name = a.name;
        continue;
      }
      // buf3_0to2: from layer 0 to layer 2; in0_to1: from the input port.
      fifo.name = a.name + "_" +
                  (fifo.producer == kPort ? std::string()
                                          : std::to_string(fifo.producer)) +
                  "to" + std::to_string(fifo.consumer);
    }
    // Producers writing several FIFOs make them as deep as their arrays.
    llvm::DenseMap<int, unsigned> outputs;
    for (const Fifo &fifo : fifos)
      ++outputs[fifo.producer];
    for (Fifo &fifo : fifos)
      if (fifo.consumer != kPort && fifo.producer != kPort &&
          outputs[fifo.producer] > 1)
        fifo.depth = array(fifo.array).size;
      else if (fifo.producer == kPort && readers[{fifo.array, kPort}] > 1)
        fifo.depth = array(fifo.array).size;
    return success();
  }

  std::string streamType(unsigned id) const {
    return "hls::stream<" + array(id).element + ">";
  }

  /// An input port several layers read is copied into one FIFO each.
  /// The function that copies an input port into its readers' FIFOs, or
  /// drains it when it has none.
  static std::string forkName(const DesignArray &port, bool drain) {
    return (drain ? "drain_" : "fork_") + port.name;
  }

  void emitForks() {
    for (auto [id, a] : llvm::enumerate(design.arrays)) {
      if (a.kind != DesignArray::Kind::Input)
        continue;
      SmallVector<const Fifo *> outs;
      for (const Fifo &fifo : fifos)
        if (fifo.array == id && fifo.producer == kPort)
          outs.push_back(&fifo);
      // One reader takes the port itself; several get a fork; none (the
      // result does not depend on the input) a drain, so that every call
      // still consumes one tensor from the stream.
      if (outs.size() == 1)
        continue;
      std::string name = forkName(a, outs.empty());
      os << "static void " << name << "(" << streamType(id) << " &" << a.name;
      for (const Fifo *fifo : outs)
        os << ", " << streamType(id) << " &" << fifo->name;
      os << ") {\n  QCC_LABEL(" << name << "_L) for (int k = 0; k < " << a.size
         << "; ++k) {\n    QCC_HLS(PIPELINE II=1)\n    ";
      if (outs.empty()) {
        os << a.name << ".read();\n";
      } else {
        os << a.element << " v = " << a.name << ".read();\n";
        for (const Fifo *fifo : outs)
          os << "    " << fifo->name << ".write(v);\n";
      }
      os << "  }\n}\n\n";
    }
  }

  LogicalResult emitLayer(unsigned index, DesignLayer &layer) {
    bool stream = options.io == InterfaceStyle::Stream;
    LayerSchedule schedule =
        scheduleLayer(layer.ops, options, /*pipelineFunctions=*/!stream);
    // The parameters.
    SmallVector<std::string> parameters;
    SmallVector<std::pair<unsigned, std::string>> incoming;
    SmallVector<std::pair<unsigned, SmallVector<std::string>>> outgoing;
    if (!stream) {
      for (unsigned id : layer.arrays)
        if (!array(id).isLocal())
          parameters.push_back(
              declaration(array(id), !layer.writes.contains(id)));
    } else {
      for (const Fifo &fifo : fifos)
        if (fifo.consumer == int(index)) {
          std::string name = array(fifo.array).name + "_in";
          incoming.push_back({fifo.array, name});
          parameters.push_back(streamType(fifo.array) + " &" + name);
        }
      for (const Fifo &fifo : fifos) {
        if (fifo.producer != int(index))
          continue;
        auto found = llvm::find_if(
            outgoing, [&](const auto &o) { return o.first == fifo.array; });
        if (found == outgoing.end()) {
          outgoing.push_back({fifo.array, {}});
          found = std::prev(outgoing.end());
        }
        std::string name = array(fifo.array).name + "_out" +
                           std::to_string(found->second.size());
        found->second.push_back(name);
        parameters.push_back(streamType(fifo.array) + " &" + name);
      }
    }
    os << "static void " << layer.name << "(";
    llvm::interleaveComma(parameters, os);
    os << ") {\n";
    if (schedule.pipelineFunction)
      os << "  QCC_HLS(PIPELINE II=" << std::max(1u, options.reuseFactor)
         << ")\n";
    // Arrays of its own: local buffers, and with streams a copy of every
    // array it touches.
    for (unsigned id : layer.arrays)
      if (array(id).isLocal() || stream)
        os << "  static " << declaration(array(id), false) << ";\n";
    if (options.strategy == Strategy::Latency)
      emitPartitions(layer, schedule, printer, os, options);
    for (auto &[id, name] : incoming)
      os << "  QCC_LABEL(" << layer.name << "_read_" << array(id).name
         << ") for (int k = 0; k < " << array(id).size
         << "; ++k) {\n    QCC_HLS(PIPELINE II=1)\n    " << array(id).name
         << "[k] = " << name << ".read();\n  }\n";
    printer.loopLabel = layer.name;
    printer.schedule = &schedule;
    for (Operation *op : layer.ops)
      if (failed(printer.emitOp(op, 1)))
        return failure();
    printer.schedule = nullptr;
    for (auto &[id, names] : outgoing) {
      os << "  QCC_LABEL(" << layer.name << "_write_" << array(id).name
         << ") for (int k = 0; k < " << array(id).size
         << "; ++k) {\n    QCC_HLS(PIPELINE II=1)\n";
      for (const std::string &name : names)
        os << "    " << name << ".write(" << array(id).name << "[k]);\n";
      os << "  }\n";
    }
    os << "}\n\n";
    layer.schedule = std::make_shared<LayerSchedule>(std::move(schedule));
    return success();
  }

  SmallVector<const DesignArray *> ports() const {
    SmallVector<const DesignArray *> result;
    for (const DesignArray &a : design.arrays)
      if (a.isPort())
        result.push_back(&a);
    llvm::sort(result, [](const DesignArray *x, const DesignArray *y) {
      return x->port < y->port;
    });
    return result;
  }

  void emitTop() {
    bool stream = options.io == InterfaceStyle::Stream;
    os << "// ---- the top function ----\n";
    os << "void " << design.topName << "(";
    llvm::interleaveComma(ports(), os, [&](const DesignArray *port) {
      if (stream) {
        os << "hls::stream<" << port->element << "> &" << port->name;
        return;
      }
      bool written = llvm::any_of(port->layers, [&](unsigned l) {
        return design.layers[l].writes.contains(
            design.byName.lookup(port->name));
      });
      os << declaration(*port,
                        port->kind == DesignArray::Kind::Input && !written);
    });
    os << ") {\n";
    for (const DesignArray *port : ports())
      os << "  QCC_HLS(INTERFACE mode=" << (stream ? "axis" : "ap_memory")
         << " port=" << port->name << ")\n";
    if (!stream) {
      os << "  QCC_HLS(INTERFACE mode=ap_ctrl_hs port=return)\n";
      // An input no layer reads (the result does not depend on it).
      for (const DesignArray *port : ports())
        if (port->layers.empty())
          os << "  (void)" << port->name << ";\n";
      for (const DesignArray &a : design.arrays)
        if (!a.isPort() && !a.isLocal())
          os << "  static " << declaration(a, false) << ";\n";
      for (const DesignLayer &layer : design.layers) {
        os << "  " << layer.name << "(";
        SmallVector<std::string> arguments;
        for (unsigned id : layer.arrays)
          if (!array(id).isLocal())
            arguments.push_back(array(id).name);
        llvm::interleaveComma(arguments, os);
        os << ");\n";
      }
      os << "}\n";
      return;
    }
    os << "  QCC_HLS(DATAFLOW)\n";
    llvm::StringSet<> declared;
    for (const Fifo &fifo : fifos) {
      if (fifo.consumer == kPort || fifo.name == array(fifo.array).name ||
          !declared.insert(fifo.name).second)
        continue;
      os << "  " << streamType(fifo.array) << " " << fifo.name << "(\""
         << fifo.name << "\");\n"
         << "  QCC_HLS(STREAM variable=" << fifo.name << " depth=" << fifo.depth
         << ")\n";
    }
    for (const DesignArray *port : ports()) {
      if (port->kind != DesignArray::Kind::Input)
        continue;
      SmallVector<std::string> outs;
      for (const Fifo &fifo : fifos)
        if (fifo.producer == kPort && array(fifo.array).name == port->name)
          outs.push_back(fifo.name);
      if (outs.size() == 1)
        continue;
      os << "  " << forkName(*port, outs.empty()) << "(" << port->name;
      for (const std::string &name : outs)
        os << ", " << name;
      os << ");\n";
    }
    for (auto [index, layer] : llvm::enumerate(design.layers)) {
      SmallVector<std::string> arguments;
      for (const Fifo &fifo : fifos)
        if (fifo.consumer == int(index))
          arguments.push_back(fifo.name);
      for (const Fifo &fifo : fifos)
        if (fifo.producer == int(index))
          arguments.push_back(fifo.name);
      os << "  " << layer.name << "(";
      llvm::interleaveComma(arguments, os);
      os << ");\n";
    }
    os << "}\n";
  }

  Design &design;
  Printer &printer;
  raw_ostream &os;
  const Options &options;
  SmallVector<Fifo> fifos;
};

} // namespace

LogicalResult qcc::hls::emitDesign(Design &design, Printer &printer,
                                   raw_ostream &os, const Options &options) {
  return DesignPrinter(design, printer, os, options).emit();
}
