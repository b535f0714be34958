//===- OutlineCodec.cpp - the qcc-hls-outline-codec pass ------------------===//
//
// Codec ops the emitter prints as one ap_fixed / ap_int cast stay where they
// are; every other one becomes a call to a helper function, one per
// distinct op, whose body is the codec's own expansion (the one the CPU
// runs), so the C++ rounds exactly as every other backend.
//
//===----------------------------------------------------------------------===//

#include "qcc/Target/HlsCpp/HlsCpp.h"

#include "qcc/Conversion/QCostCodecToArith/QCostCodecToArith.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/ADT/StringMap.h"

namespace qcc {
#define GEN_PASS_DEF_QCCHLSOUTLINECODEC
#include "qcc/Target/HlsCpp/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

bool qcc::hls::isNativeCodecOp(Operation *op) {
  if (auto decode = dyn_cast<qcost::DecodeOp>(op)) {
    FormatKind kind = decode.getNumberFormat().getKind();
    return (kind == FormatKind::Fixed || kind == FormatKind::Binary) &&
           isa<IntegerType>(decode.getCode().getType()) &&
           (isa<IntegerType>(decode.getValue().getType()) ||
            decode.getValue().getType().isF64());
  }
  auto encode = dyn_cast<qcost::EncodeOp>(op);
  if (!encode)
    return false;
  // ap_fixed<W, I, AP_RND_CONV | AP_TRN_ZERO, AP_SAT | AP_WRAP> assigned
  // from the exact fixed-point value rounds and overflows as the semantics
  // do.
  NumberFormat format = encode.getNumberFormat();
  auto value = dyn_cast<IntegerType>(encode.getValue().getType());
  if (format.getKind() != FormatKind::Fixed || !value ||
      encode.getDivisor() ||
      encode.getRounding() == qcost::RoundingMode::stochastic ||
      !isa<IntegerType>(encode.getCode().getType()))
    return false;
  // The ap_fixed conversion reads the bits it drops; when they are all of
  // the source's (the result's LSB above the value's MSB) ap_types reads
  // past the MSB, so those encodes expand instead.
  int64_t dropped = -int64_t(format.getFracBits()) - encode.getLsbExponent();
  return dropped < int64_t(value.getWidth()) - 1;
}

namespace {

/// A C identifier for `text`: letters and digits kept, the rest "_".
std::string identifier(StringRef text) {
  std::string name;
  for (char c : text) {
    bool keep = std::isalnum(static_cast<unsigned char>(c));
    if (keep)
      name += c;
    else if (name.empty() || name.back() != '_')
      name += '_';
  }
  while (!name.empty() && name.back() == '_')
    name.pop_back();
  return name;
}

/// The helper's name: what it does, from the op's format and modes.
std::string helperName(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto decode = dyn_cast<qcost::DecodeOp>(op)) {
    os << "qcc_decode_" << decode.getFormat() << "_to_"
       << decode.getValue().getType();
  } else {
    auto encode = cast<qcost::EncodeOp>(op);
    os << "qcc_encode_" << encode.getFormat() << "_"
       << qcost::stringifyRoundingMode(encode.getRounding()) << "_"
       << qcost::stringifyOverflowMode(encode.getOverflow()) << "_from_"
       << encode.getValue().getType();
  }
  return identifier(text);
}

struct OutlineCodecPass
    : qcc::impl::QCCHlsOutlineCodecBase<OutlineCodecPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> outlined;
    module.walk([&](Operation *op) {
      if (isa<qcost::DecodeOp, qcost::EncodeOp>(op) &&
          !hls::isNativeCodecOp(op))
        outlined.push_back(op);
    });
    // One helper per distinct op: same name, attributes and types.
    llvm::StringMap<func::FuncOp> helpers;
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> created;
    for (Operation *op : outlined) {
      std::string key;
      llvm::raw_string_ostream os(key);
      os << op->getName() << op->getAttrDictionary()
         << op->getDiscardableAttrDictionary();
      for (Type type : op->getOperandTypes())
        os << type;
      for (Type type : op->getResultTypes())
        os << type;
      // Properties are the inherent attributes: print them too.
      op->getPropertiesAsAttribute().print(os);
      func::FuncOp &helper = helpers[key];
      if (!helper) {
        OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
        auto type = builder.getFunctionType(op->getOperandTypes(),
                                            op->getResultTypes());
        helper = func::FuncOp::create(builder, op->getLoc(), helperName(op),
                                      type);
        helper.setPrivate();
        symbols.insert(helper);
        Block *body = helper.addEntryBlock();
        builder.setInsertionPointToStart(body);
        IRMapping mapping;
        mapping.map(op->getOperands(), body->getArguments());
        Operation *copy = builder.clone(*op, mapping);
        func::ReturnOp::create(builder, op->getLoc(), copy->getResults());
        created.push_back(helper);
      }
      OpBuilder builder(op);
      auto call = func::CallOp::create(builder, op->getLoc(), helper,
                                       op->getOperands());
      op->replaceAllUsesWith(call.getResults());
      op->erase();
    }
    RewritePatternSet patterns(&getContext());
    populateQCostCodecToArithPatterns(patterns);
    FrozenRewritePatternSet frozen(std::move(patterns));
    for (func::FuncOp helper : created)
      walkAndApplyPatterns(helper, frozen);
  }
};

} // namespace
