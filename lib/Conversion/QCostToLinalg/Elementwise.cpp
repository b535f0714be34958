//===- Elementwise.cpp - integer-like elementwise ops to linalg -----------===//
//
// add, mul, rescale, quant_norm, relu, prelu, dprelu and clip. Over
// integer-like operands every operand is an integer at its LSB exponent and
// the op's exact result is computed in i128; with minifloat operands or
// float results it is computed in f64, exact because every intermediate has
// at most 53 significant bits. Either way it is rounded once, by integer
// code. Each formula runs twice: first on (lsb, bits) alone to check at
// compile time that the arithmetic is exact, then for real in the body.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;

namespace {

/// An exact integer `n * 2^lsb` with |n| < 2^bits and at most `significant`
/// significant bits; `n` is null in the compile-time dry run.
struct Term {
  Value n;
  int64_t lsb = 0;
  unsigned bits = 0;
  unsigned significant = 0;
};

/// Exact arithmetic on terms, in i128 inside a body or on (lsb, bits) alone.
class TermArithmetic {
public:
  explicit TermArithmetic(BodyBuilder *body) : body(body) {}

  Term align(const Term &t, int64_t lsb) {
    Term r{t.n, lsb, t.bits + static_cast<unsigned>(t.lsb - lsb),
           t.significant};
    if (body)
      r.n = body->shiftLeft(t.n, t.lsb - lsb);
    note(r);
    return r;
  }
  Term add(const Term &a, const Term &b, bool subtract = false) {
    int64_t lsb = std::min(a.lsb, b.lsb);
    Term x = align(a, lsb), y = align(b, lsb);
    // A sum can need every bit between the two operands' extremes.
    Term r{{}, lsb, std::max(x.bits, y.bits) + 1, std::max(x.bits, y.bits) + 1};
    if (body)
      r.n = subtract ? (Value)arith::SubIOp::create(bld(), loc(), x.n, y.n)
                     : (Value)arith::AddIOp::create(bld(), loc(), x.n, y.n);
    note(r);
    return r;
  }
  Term mul(const Term &a, const Term &b) {
    Term r{{}, a.lsb + b.lsb, a.bits + b.bits, a.significant + b.significant};
    if (body)
      r.n = arith::MulIOp::create(bld(), loc(), a.n, b.n);
    note(r);
    return r;
  }
  /// `condition ? a : b` at their common LSB.
  Term select(Value condition, const Term &a, const Term &b) {
    int64_t lsb = std::min(a.lsb, b.lsb);
    Term x = align(a, lsb), y = align(b, lsb);
    Term r{{},
           lsb,
           std::max(x.bits, y.bits),
           std::max(x.significant, y.significant)};
    if (body)
      r.n = arith::SelectOp::create(bld(), loc(), condition, x.n, y.n);
    return r;
  }
  /// n > 0 (or >= 0) of a term; null in the dry run.
  Value positive(const Term &t, bool orZero) {
    if (!body)
      return {};
    return arith::CmpIOp::create(bld(), loc(),
                                 orZero ? arith::CmpIPredicate::sge
                                        : arith::CmpIPredicate::sgt,
                                 t.n, body->constant(0, body->wide()));
  }
  Term maxWith(const Term &t, const APInt &bound, bool isMax) {
    Term r = t;
    if (body)
      r.n = isMax ? (Value)arith::MaxSIOp::create(bld(), loc(), t.n,
                                                  body->wideConstant(bound))
                  : (Value)arith::MinSIOp::create(bld(), loc(), t.n,
                                                  body->wideConstant(bound));
    return r;
  }

  unsigned widest = 0;
  unsigned widestSignificant = 0;

private:
  void note(const Term &t) {
    widest = std::max(widest, t.bits);
    widestSignificant = std::max(widestSignificant, t.significant);
  }
  OpBuilder &bld() { return body->builder(); }
  Location loc() { return body->location(); }
  BodyBuilder *body;
};

/// Clip's bounds as integers at a common LSB with the input.
struct ClipBounds {
  int64_t lsb = 0;
  APInt lo, hi;
};

FailureOr<ClipBounds> clipBounds(ClipOp clip, int64_t inputLsb) {
  double lo = clip.getMin().convertToDouble();
  double hi = clip.getMax().convertToDouble();
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return clip.emitError("infinite clip bounds do not lower yet");
  ClipBounds bounds;
  bounds.lsb = inputLsb;
  for (double bound : {lo, hi})
    if (bound != 0)
      bounds.lsb = std::min(bounds.lsb, lowestBitExponent(bound));
  if (std::fabs(std::ldexp(lo, -bounds.lsb)) >= 0x1.0p62 ||
      std::fabs(std::ldexp(hi, -bounds.lsb)) >= 0x1.0p62 ||
      inputLsb - bounds.lsb > 60)
    return clip.emitError("clip bounds too far from the input's LSB to lower");
  auto toInteger = [&](double value) {
    double scaled = std::ldexp(value, static_cast<int>(-bounds.lsb));
    return APInt(128, static_cast<uint64_t>(static_cast<int64_t>(scaled)),
                 /*isSigned=*/true);
  };
  bounds.lo = toInteger(lo);
  bounds.hi = toInteger(hi);
  return bounds;
}

/// The same arithmetic on exact f64 values, for float and minifloat results
/// and minifloat operands: every intermediate is exact (the dry run checks at
/// most 53 significant bits), so f64 gives the exact value with IEEE's NaN,
/// infinities and signed zeros, as the semantics' exact reals carry them.
/// The result is then rounded by integer code (encodeDouble).
class DoubleArithmetic {
public:
  explicit DoubleArithmetic(BodyBuilder &body) : body(body) {}

  Term align(const Term &t, int64_t lsb) { return Term{t.n, lsb, t.bits}; }
  Term add(const Term &a, const Term &b, bool subtract = false) {
    Value n = subtract ? (Value)arith::SubFOp::create(bld(), loc(), a.n, b.n)
                       : (Value)arith::AddFOp::create(bld(), loc(), a.n, b.n);
    return Term{n, std::min(a.lsb, b.lsb), 0};
  }
  Term mul(const Term &a, const Term &b) {
    return Term{arith::MulFOp::create(bld(), loc(), a.n, b.n), a.lsb + b.lsb,
                0};
  }
  Term select(Value condition, const Term &a, const Term &b) {
    return Term{arith::SelectOp::create(bld(), loc(), condition, a.n, b.n),
                std::min(a.lsb, b.lsb), 0};
  }
  Value positive(const Term &t, bool orZero) {
    return arith::CmpFOp::create(bld(), loc(),
                                 orZero ? arith::CmpFPredicate::OGE
                                        : arith::CmpFPredicate::OGT,
                                 t.n, body.f64Constant(0.0));
  }
  Term maxWith(const Term &t, const APInt &bound, bool isMax) {
    Value value = body.f64Constant(std::ldexp(
        static_cast<double>(bound.getSExtValue()), static_cast<int>(t.lsb)));
    Value n = isMax
                  ? (Value)arith::MaximumFOp::create(bld(), loc(), t.n, value)
                  : (Value)arith::MinimumFOp::create(bld(), loc(), t.n, value);
    return Term{n, t.lsb, 0};
  }

private:
  OpBuilder &bld() { return body.builder(); }
  Location loc() { return body.location(); }
  BodyBuilder &body;
};

/// The exact result of `op` on its operand terms.
template <typename Arithmetic>
Term formula(Operation *op, Arithmetic &t, ArrayRef<Term> x,
             const ClipBounds *clip) {
  if (isa<AddOp>(op))
    return t.add(x[0], x[1]);
  if (isa<MulOp, RescaleOp>(op))
    return t.mul(x[0], x[1]);
  if (isa<QuantNormOp>(op))
    return t.add(t.mul(x[0], x[1]), x[2]);
  if (isa<ReluOp>(op))
    return t.maxWith(x[0], APInt(128, 0), /*isMax=*/true);
  if (isa<PReluOp>(op))
    return t.select(t.positive(x[0], /*orZero=*/true), x[0], t.mul(x[1], x[0]));
  if (isa<DPReluOp>(op)) {
    // With d = x - alpha: d > 0 ? eta * d - beta : gamma * d - beta.
    Term d = t.add(x[0], x[1], /*subtract=*/true);
    Term slope = t.select(t.positive(d, /*orZero=*/false), t.mul(x[3], d),
                          t.mul(x[4], d));
    return t.add(slope, x[2], /*subtract=*/true);
  }
  Term v = t.align(x[0], clip->lsb);
  v = t.maxWith(v, clip->lo, /*isMax=*/true);
  return t.maxWith(v, clip->hi, /*isMax=*/false);
}

/// The integer-like elementwise ops.
class ElementwiseLowering : public ConversionPattern {
public:
  ElementwiseLowering(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<AddOp, MulOp, RescaleOp, QuantNormOp, ReluOp, PReluOp, DPReluOp,
             ClipOp>(op))
      return failure();
    Type input = getElementTypeOrSelf(op->getOperand(0).getType());
    bool ieeeInput = isa<FloatType>(input) && !minifloatFormat(input);
    if (isa<ReluOp, ClipOp>(op) && ieeeInput)
      return lowerFloatActivation(op, operands[0], *getTypeConverter(),
                                  rewriter);
    if (isa<AddOp, MulOp>(op) && ieeeInput &&
        llvm::all_of(
            op->getOperandTypes(),
            [&](Type type) { return getElementTypeOrSelf(type) == input; }) &&
        getElementTypeOrSelf(op->getResult(0).getType()) == input)
      return lowerSameTypeFloat(op, operands, rewriter);
    std::optional<ClipBounds> bounds;
    if (auto clip = dyn_cast<ClipOp>(op)) {
      std::optional<NumberFormat> format = getNumberFormat(input);
      std::optional<std::pair<int64_t, unsigned>> layout =
          format ? integerLayout(*format) : std::nullopt;
      if (!layout)
        return op->emitError("clip of ")
               << input
               << " does not lower yet (integer-like formats, minifloats "
                  "and f32/f16/bf16 do)";
      FailureOr<ClipBounds> computed = clipBounds(clip, layout->first);
      if (failed(computed))
        return failure();
      bounds = *computed;
    }
    return lower(op, operands, rewriter, bounds ? &*bounds : nullptr);
  }

private:
  /// f32 + f32 -> f32 (and likewise f16, and mul) is the IEEE operation:
  /// correctly rounded to nearest even; saturate clamps infinities.
  LogicalResult lowerSameTypeFloat(Operation *op, ArrayRef<Value> operands,
                                   ConversionPatternRewriter &rewriter) const {
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    auto element = cast<FloatType>(type.getElementType());
    if (!element.isF32() && !element.isF16())
      return op->emitError("float operands of type ")
             << element << " do not lower yet (f32 and f16 do)";
    auto rounded = cast<RoundingOpInterface>(op);
    if (rounded.getRounding() != qcost::RoundingMode::nearest_even)
      return op->emitError("float results lower with nearest_even rounding "
                           "only");
    bool saturate = rounded.getFormatOverflow() == qcc::OverflowMode::Saturate;
    SmallVector<AffineMap> maps;
    for (Value operand : op->getOperands())
      maps.push_back(
          blockMap(op->getContext(), type.getShape(),
                   cast<RankedTensorType>(operand.getType()).getShape()));
    Value result = elementwiseGeneric(
        rewriter, op->getLoc(), type, operands, maps,
        [&](BodyBuilder &body, ValueRange args) -> Value {
          OpBuilder &b = body.builder();
          Value y = isa<AddOp>(op)
                        ? (Value)arith::AddFOp::create(b, body.location(),
                                                       args[0], args[1])
                        : (Value)arith::MulFOp::create(b, body.location(),
                                                       args[0], args[1]);
          return body.canonicalizeNaN(saturate ? body.saturateInfinity(y) : y);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  LogicalResult lower(Operation *op, ArrayRef<Value> operands,
                      ConversionPatternRewriter &rewriter,
                      const ClipBounds *clip) const {
    // Float results (f32, f16): the exact result computed in f64 and rounded
    // once by an IEEE fptrunc. Minifloat operands or results: the exact
    // result in f64, rounded by integer code. Otherwise the exact result in
    // i128, rounded by integer code.
    Type resultElement = getElementTypeOrSelf(op->getResult(0).getType());
    auto floatResult =
        isa<FloatType>(resultElement) && !minifloatFormat(resultElement)
            ? cast<FloatType>(resultElement)
            : FloatType();
    if (floatResult && !floatResult.isF32() && !floatResult.isF16())
      return op->emitError("results of format ")
             << floatResult
             << " do not lower yet (fixed point, integers, binary, "
                "minifloats, f32 and f16 do)";
    FailureOr<NumberFormat> format =
        floatResult ? FailureOr<NumberFormat>(NumberFormat::fixed(64, 0))
                    : integerResultFormat(op);
    if (failed(format))
      return failure();
    SmallVector<IntegerOperand> prepared;
    for (auto [original, converted] : llvm::zip(op->getOperands(), operands)) {
      FailureOr<IntegerOperand> operand =
          prepareOperand(op, original, converted, rewriter);
      if (failed(operand))
        return failure();
      prepared.push_back(*operand);
    }
    bool inDouble = floatResult || format->getKind() == FormatKind::Float ||
                    llvm::any_of(prepared, [](const IntegerOperand &operand) {
                      return operand.isMinifloat();
                    });
    auto rounded = cast<RoundingOpInterface>(op);
    RoundingSpec rounding{rounded.getRounding(),
                          rounded.getSeed().value_or(0),
                          rounded.getFormatOverflow(),
                          {}};

    // Dry run: the widths of every intermediate.
    SmallVector<Term> dry;
    for (const IntegerOperand &operand : prepared)
      dry.push_back(Term{
          {}, operand.lsb, operand.magnitudeBits, operand.significantBits});
    TermArithmetic check(nullptr);
    Term shape = formula(op, check, dry, clip);
    if (floatResult && rounding.mode != qcost::RoundingMode::nearest_even)
      return op->emitError("float results lower with nearest_even rounding "
                           "only");
    if (inDouble) {
      if (check.widestSignificant > 53 || std::abs(shape.lsb) > 900)
        return op->emitError("an intermediate needs ")
               << check.widestSignificant
               << " significant bits; float and minifloat arithmetic lowers "
               << "up to 53 (exact in f64)";
    } else {
      int64_t shift = -format->getFracBits() - shape.lsb;
      unsigned widest = std::max<int64_t>(
          check.widest, shape.bits + std::max<int64_t>(0, -shift) + 1);
      if (widest > 125)
        return op->emitError("the exact result needs ")
               << widest << " bits; it does not lower (at most 125)";
      if (rounding.mode == qcost::RoundingMode::stochastic && shift > 72)
        return op->emitError("stochastic rounding that drops more than 72 "
                             "bits does not lower");
    }

    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    auto storageType =
        cast<RankedTensorType>(getTypeConverter()->convertType(resultType));
    auto storage = dyn_cast<IntegerType>(storageType.getElementType());
    ArrayRef<int64_t> target = resultType.getShape();
    SmallVector<AffineMap> maps;
    SmallVector<Value> inputs;
    for (const IntegerOperand &operand : prepared) {
      inputs.push_back(operand.tensor);
      maps.push_back(blockMap(op->getContext(), target, operand.shape));
    }
    Value result = elementwiseGeneric(
        rewriter, op->getLoc(), storageType, inputs, maps,
        [&](BodyBuilder &body, ValueRange args) -> Value {
          RoundingSpec spec = rounding;
          if (spec.mode == qcost::RoundingMode::stochastic)
            spec.index = body.linearIndex(target);
          SmallVector<Term> terms;
          if (inDouble) {
            for (auto [operand, arg] : llvm::zip(prepared, args))
              terms.push_back(
                  Term{body.decodeToDouble(operand, arg), operand.lsb, 0, 0});
            DoubleArithmetic arithmetic(body);
            Term exact = formula(op, arithmetic, terms, clip);
            if (floatResult)
              return body.roundDoubleToFloat(exact.n, floatResult,
                                             rounding.overflow ==
                                                 qcc::OverflowMode::Saturate);
            return body.encodeDouble(exact.n, *format, spec, storage);
          }
          for (auto [operand, arg] : llvm::zip(prepared, args))
            terms.push_back(Term{body.decode(operand, arg), operand.lsb,
                                 operand.magnitudeBits,
                                 operand.significantBits});
          TermArithmetic arithmetic(&body);
          Term exact = formula(op, arithmetic, terms, clip);
          return body.encode(exact.n, exact.lsb, *format, spec, storage);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void qcc::lowering::populateElementwiseLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering>(converter, patterns.getContext());
}
