//===- FoldValueRanges.cpp - the qcc-fold-value-ranges pass ---------------===//
//
// Decides the comparisons, minima and maxima whose operands' ranges
// (ValueRanges.h) settle them, and moves minima and maxima of widened
// floats back to the narrow type (docs/lowering.md#value-ranges).
//
//===----------------------------------------------------------------------===//

#include "qcc/Pipelines/Passes.h"

#include "ValueRanges.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qcc {
#define GEN_PASS_DEF_QCCFOLDVALUERANGES
#include "qcc/Pipelines/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using qcc::ranges::Interval;

namespace {

/// Whether every value of `a` is at least every value of `b` (`a >= b` and
/// not two zeros, whose signs the maximum and minimum tell apart).
bool dominates(const Interval &a, const Interval &b) {
  return a.low > b.high || (a.low == b.high && a.low != 0);
}

/// The operand a maximum or minimum always returns, if one does: for the
/// NaN-propagating forms the other operand must not be NaN, for the
/// NaN-ignoring ones the returned one.
Value decidedOperand(Operation *op, qcc::ranges::ValueRanges &ranges) {
  if (op->getNumOperands() != 2)
    return {};
  Value x = op->getOperand(0), y = op->getOperand(1);
  Interval a = ranges.get(x), b = ranges.get(y);
  auto pick = [&](bool maximum, bool propagatesNaN) -> Value {
    auto wins = [&](const Interval &mine, const Interval &other) {
      bool larger = maximum ? dominates(mine, other) : dominates(other, mine);
      return larger && (propagatesNaN ? !other.nan : !mine.nan);
    };
    if (wins(a, b))
      return x;
    if (wins(b, a))
      return y;
    return {};
  };
  if (isa<arith::MaximumFOp>(op))
    return pick(true, true);
  if (isa<arith::MinimumFOp>(op))
    return pick(false, true);
  if (isa<arith::MaxNumFOp>(op))
    return pick(true, false);
  if (isa<arith::MinNumFOp>(op))
    return pick(false, false);
  if (isa<arith::MaxSIOp, arith::MinSIOp>(op) &&
      x.getType().isSignlessInteger(1))
    return {}; // i1 is {0, -1} to them; the ranges say {0, 1}.
  if (isa<arith::MaxSIOp>(op))
    return pick(true, false);
  if (isa<arith::MinSIOp>(op))
    return pick(false, false);
  return {};
}

/// max/min(extf(x), c) -> extf(max/min(x, c)) where c is exact in x's
/// type: extf is exact, monotone and keeps NaN, so both give the same.
template <typename OpTy> struct NarrowThroughExtF : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    for (unsigned side = 0; side < 2; ++side) {
      auto ext = op->getOperand(side).template getDefiningOp<arith::ExtFOp>();
      FloatAttr bound;
      if (!ext || !matchPattern(op->getOperand(1 - side), m_Constant(&bound)))
        continue;
      auto narrow = cast<FloatType>(ext.getIn().getType());
      APFloat value = bound.getValue();
      if (value.isNaN())
        continue;
      bool losesInfo;
      value.convert(narrow.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
      if (losesInfo)
        continue;
      Location loc = op.getLoc();
      Value narrowBound = arith::ConstantOp::create(
          rewriter, loc, rewriter.getFloatAttr(narrow, value));
      Value result = OpTy::create(rewriter, loc, ext.getIn(), narrowBound);
      rewriter.replaceOpWithNewOp<arith::ExtFOp>(op, op.getType(), result);
      return success();
    }
    return failure();
  }
};

/// truncf(extf(x)) -> x for the same type.
struct TruncOfExt : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    auto ext = op.getIn().getDefiningOp<arith::ExtFOp>();
    if (!ext || ext.getIn().getType() != op.getType())
      return failure();
    rewriter.replaceOp(op, ext.getIn());
    return success();
  }
};

struct FoldValueRangesPass
    : qcc::impl::QCCFoldValueRangesBase<FoldValueRangesPass> {
  void runOnOperation() override {
    // Decide first, on the IR as it is (the replacements are recorded, in
    // program order), then rewrite.
    IRRewriter rewriter(&getContext());
    llvm::DenseMap<Value, Value> replacement;
    SmallVector<Operation *> replaced;
    {
      qcc::ranges::ValueRanges ranges;
      getOperation()->walk([&](Operation *op) {
        if (isa<arith::CmpFOp, arith::CmpIOp>(op)) {
          Interval r = ranges.get(op->getResult(0));
          if (!r.isPoint())
            return;
          rewriter.setInsertionPoint(op);
          replacement[op->getResult(0)] = arith::ConstantOp::create(
              rewriter, op->getLoc(), rewriter.getBoolAttr(r.low != 0));
          replaced.push_back(op);
          ++numComparisons;
        } else if (Value operand = decidedOperand(op, ranges)) {
          replacement[op->getResult(0)] = operand;
          replaced.push_back(op);
          ++numChoices;
        }
      });
    }
    // A choice may return a value that is itself replaced: follow the
    // chain; then erase the replaced ops last to first (users first).
    auto resolve = [&](Value value) {
      for (auto it = replacement.find(value); it != replacement.end();
           it = replacement.find(value))
        value = it->second;
      return value;
    };
    for (Operation *op : replaced)
      rewriter.replaceAllUsesWith(op->getResult(0), resolve(op->getResult(0)));
    for (Operation *op : llvm::reverse(replaced))
      rewriter.eraseOp(op);

    RewritePatternSet patterns(&getContext());
    patterns.add<NarrowThroughExtF<arith::MaximumFOp>,
                 NarrowThroughExtF<arith::MinimumFOp>,
                 NarrowThroughExtF<arith::MaxNumFOp>,
                 NarrowThroughExtF<arith::MinNumFOp>, TruncOfExt>(
        &getContext());
    arith::SelectOp::getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
