//===- QCostCodecToArith.cpp - the convert-qcost-codec-to-arith pass ------===//
//
// One pattern per codec op, dispatching on the kind of its format to the
// file that expands it.
//
//===----------------------------------------------------------------------===//

#include "qcc/Conversion/QCostCodecToArith/QCostCodecToArith.h"

#include "CodecExpansion.h"

#include "qcc/Conversion/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace qcc {
#define GEN_PASS_DEF_CONVERTQCOSTCODECTOARITH
#include "qcc/Conversion/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;
using namespace qcc::expansion;

RoundingRule qcc::expansion::ruleOf(qcost::EncodeOp op) {
  return RoundingRule{op.getRounding(), op.getSeed().value_or(0),
                      op.getIndex()};
}

Value qcc::expansion::asCodeType(OpBuilder &b, Location loc, Value code,
                                 Type codeType) {
  unsigned width = codeType.getIntOrFloatBitWidth();
  Ops ops(b, loc, b.getIntegerType(width));
  Value bits = ops.fromUnsigned(code);
  if (isa<FloatType>(codeType))
    return arith::BitcastOp::create(b, loc, codeType, bits);
  return bits;
}

Value qcc::expansion::codeBits(OpBuilder &b, Location loc, Value code) {
  Type type = code.getType();
  if (isa<FloatType>(type))
    code = arith::BitcastOp::create(
        b, loc, b.getIntegerType(type.getIntOrFloatBitWidth()), code);
  return Ops(b, loc, b.getI64Type()).fromUnsigned(code);
}

namespace {

struct DecodeExpansion : OpRewritePattern<qcost::DecodeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(qcost::DecodeOp op,
                                PatternRewriter &rewriter) const override {
    Value value;
    switch (op.getNumberFormat().getKind()) {
    case FormatKind::Fixed:
      value = decodeFixedPoint(rewriter, op);
      break;
    case FormatKind::Binary:
      value = decodeBinary(rewriter, op);
      break;
    case FormatKind::PowerOfTwo:
      value = decodePowerOfTwo(rewriter, op);
      break;
    case FormatKind::Float:
      value = decodeMinifloat(rewriter, op);
      break;
    }
    rewriter.replaceOp(op, value);
    return success();
  }
};

struct EncodeExpansion : OpRewritePattern<qcost::EncodeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(qcost::EncodeOp op,
                                PatternRewriter &rewriter) const override {
    Value code;
    switch (op.getNumberFormat().getKind()) {
    case FormatKind::Fixed:
      code = encodeFixedPoint(rewriter, op);
      break;
    case FormatKind::Binary:
      code = encodeBinary(rewriter, op);
      break;
    case FormatKind::PowerOfTwo:
      code = encodePowerOfTwo(rewriter, op);
      break;
    case FormatKind::Float:
      code = encodeMinifloat(rewriter, op);
      break;
    }
    rewriter.replaceOp(op, code);
    return success();
  }
};

struct ConvertQCostCodecToArithPass
    : qcc::impl::ConvertQCostCodecToArithBase<ConvertQCostCodecToArithPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateQCostCodecToArithPatterns(patterns);
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace

void qcc::populateQCostCodecToArithPatterns(RewritePatternSet &patterns) {
  patterns.add<DecodeExpansion, EncodeExpansion>(patterns.getContext());
}
