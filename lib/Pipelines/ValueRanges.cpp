//===- ValueRanges.cpp - intervals of scalar arith values -----------------===//
//
// The ranges of IR values: constants, block arguments of linalg.generic
// inputs (their elements' range) and the arith/math ops through
// Intervals.h.
//
//===----------------------------------------------------------------------===//

#include "ValueRanges.h"

#include "qcc/Dialect/QCost/IR/ConstantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace qcc::ranges;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Tensors whose elements are scanned for a range, at most.
constexpr int64_t kMaxScannedElements = 1 << 16;
constexpr unsigned kMaxDepth = 64;

unsigned widthOf(Type type) {
  if (type.isIndex())
    return 64;
  return type.getIntOrFloatBitWidth();
}

/// The range of the elements of a dense constant, if it is small enough to
/// scan.
std::optional<Interval> ofConstant(Attribute attr) {
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  if (!dense.isSplat() && dense.getNumElements() > kMaxScannedElements)
    return std::nullopt;
  Type element = dense.getElementType();
  Interval r = Interval::of(kInf, -kInf);
  if (isa<FloatType>(element)) {
    for (const APFloat &value : dense.getValues<APFloat>()) {
      bool losesInfo;
      APFloat wide = value;
      wide.convert(llvm::APFloat::IEEEdouble(),
                   llvm::RoundingMode::NearestTiesToEven, &losesInfo);
      double x = wide.convertToDouble();
      if (std::isnan(x))
        return Interval::unknown();
      r.low = std::min(r.low, x);
      r.high = std::max(r.high, x);
    }
    return r;
  }
  if (!element.isIntOrIndex() || widthOf(element) > 64)
    return std::nullopt;
  unsigned width = widthOf(element);
  for (const APInt &value : dense.getValues<APInt>()) {
    double x = width == 1 ? double(value.getZExtValue())
                          : double(value.getSExtValue());
    r.low = std::min(r.low, x);
    r.high = std::max(r.high, x);
  }
  return clampToWidth(r, width);
}

} // namespace

Interval ValueRanges::get(Value value) {
  if (auto it = cache.find(value); it != cache.end())
    return it->second;
  if (depth >= kMaxDepth)
    return Interval::unknown();
  ++depth;
  Interval r = compute(value);
  --depth;
  cache[value] = r;
  return r;
}

/// The float types whose values and ops the intervals model: IEEE formats
/// with infinities, exact in double (not f80/f128, not the f8 types whose
/// overflow is NaN).
static bool isTrackedFloat(Type type) {
  return type.isF16() || type.isBF16() || type.isF32() || type.isF64();
}

/// The integers the intervals model: up to 64 bits (and index).
static bool isTrackedInteger(Type type) {
  return type.isIndex() ||
         (type.isInteger() && type.getIntOrFloatBitWidth() <= 64);
}

Interval ValueRanges::compute(Value value) {
  Type type = value.getType();
  Interval unknown =
      type.isIntOrIndex() ? integerRange(widthOf(type)) : Interval::unknown();
  if (!isTrackedFloat(type) && !isTrackedInteger(type))
    return unknown;
  // The operands of the op must be tracked types too.
  if (Operation *def = value.getDefiningOp())
    for (Type operand : def->getOperandTypes())
      if (operand.isIntOrIndexOrFloat() && !isTrackedFloat(operand) &&
          !isTrackedInteger(operand))
        return unknown;
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    auto generic =
        dyn_cast<linalg::GenericOp>(argument.getOwner()->getParentOp());
    if (!generic || argument.getOwner() != &generic.getRegion().front() ||
        argument.getArgNumber() >= generic.getNumDpsInputs())
      return unknown;
    Interval elements =
        ofElements(generic.getDpsInputs()[argument.getArgNumber()]);
    return type.isIntOrIndex() ? clampToWidth(elements, widthOf(type))
                               : elements;
  }
  return ofOperation(value.getDefiningOp(),
                     cast<OpResult>(value).getResultNumber());
}

Interval ValueRanges::ofElements(Value tensor) {
  // A scalar input is its own element.
  if (!isa<ShapedType>(tensor.getType()))
    return get(tensor);
  Type element = getElementTypeOrSelf(tensor.getType());
  Interval unknown = element.isIntOrIndex() ? integerRange(widthOf(element))
                                            : Interval::unknown();
  Operation *def = tensor.getDefiningOp();
  if (!def || (!isTrackedFloat(element) && !isTrackedInteger(element)))
    return unknown;
  if (auto constant = dyn_cast<arith::ConstantOp>(def)) {
    if (std::optional<Interval> r = ofConstant(constant.getValue()))
      return *r;
    // A dense_resource blob.
    auto shaped = cast<ShapedType>(tensor.getType());
    if (!shaped.hasStaticShape() ||
        shaped.getNumElements() > kMaxScannedElements)
      return unknown;
    std::optional<SmallVector<double>> values =
        qcc::qcost::getConstantValues(tensor);
    if (!values || values->empty())
      return unknown;
    auto [low, high] = std::minmax_element(values->begin(), values->end());
    Interval r = Interval::of(*low, *high);
    return element.isIntOrIndex() ? clampToWidth(r, widthOf(element)) : r;
  }
  if (auto fill = dyn_cast<linalg::FillOp>(def))
    return get(fill.getDpsInputs()[0]);
  if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
    // The result's elements are all yielded values only when every
    // iteration writes an element of its own and all are written.
    auto result = cast<OpResult>(tensor);
    if (generic.getNumParallelLoops() != generic.getNumLoops() ||
        !generic.getIndexingMapMatchingResult(result).isPermutation())
      return unknown;
    auto yield =
        cast<linalg::YieldOp>(generic.getRegion().front().getTerminator());
    return get(yield.getOperand(cast<OpResult>(tensor).getResultNumber()));
  }
  return unknown;
}

Interval ValueRanges::ofOperation(Operation *op, unsigned result) {
  Type type = op->getResult(result).getType();
  Interval unknown =
      type.isIntOrIndex() ? integerRange(widthOf(type)) : Interval::unknown();
  auto floatType = dyn_cast<FloatType>(type);
  auto operand = [&](unsigned i) { return get(op->getOperand(i)); };
  auto rounded = [&](const Interval &r, FloatType to) {
    // A monotone rounding: ends rounded to nearest-even are exact bounds.
    return Interval::of(bound(r.low, 0, to, false), bound(r.high, 0, to, true),
                        r.nan);
  };
  return llvm::TypeSwitch<Operation *, Interval>(op)
      .Case([&](arith::ConstantOp constant) {
        if (auto f = dyn_cast<FloatAttr>(constant.getValue())) {
          double x = f.getValueAsDouble();
          return std::isnan(x) ? Interval::unknown() : Interval::of(x, x);
        }
        if (auto i = dyn_cast<IntegerAttr>(constant.getValue())) {
          unsigned width = widthOf(i.getType());
          if (width > 64)
            return unknown;
          double x = width == 1 ? double(i.getValue().getZExtValue())
                                : double(i.getValue().getSExtValue());
          return clampToWidth(Interval::of(x, x), width);
        }
        return unknown;
      })
      // Floats.
      .Case([&](arith::AddFOp) {
        return addRanges(operand(0), operand(1), floatType);
      })
      .Case([&](arith::SubFOp) {
        return addRanges(operand(0), negate(operand(1)), floatType);
      })
      .Case([&](arith::MulFOp) {
        return mulRanges(operand(0), operand(1), floatType);
      })
      .Case([&](arith::DivFOp) {
        return divRanges(operand(0), operand(1), floatType);
      })
      .Case([&](arith::NegFOp) { return negate(operand(0)); })
      .Case([&](math::AbsFOp) {
        Interval r = operand(0);
        if (r.low >= 0)
          return r;
        if (r.high <= 0)
          return negate(r);
        return Interval::of(0, std::max(-r.low, r.high), r.nan);
      })
      .Case([&](math::SqrtOp) {
        Interval r = operand(0);
        bool nan = r.nan || r.low < 0;
        if (r.high < 0)
          return Interval::unknown();
        double low = std::max(r.low, 0.0);
        auto root = [&](double x, bool upper) {
          double s = std::sqrt(x);
          return bound(s, std::isfinite(s) ? std::fma(-s, s, x) : 0, floatType,
                       upper);
        };
        return Interval::of(root(low, false), root(r.high, true), nan);
      })
      .Case([&](math::CopySignOp) {
        Interval magnitude = operand(0), sign = operand(1);
        double most =
            std::max(std::fabs(magnitude.low), std::fabs(magnitude.high));
        double least =
            contains(magnitude, 0)
                ? 0
                : std::min(std::fabs(magnitude.low), std::fabs(magnitude.high));
        // The sign of -0 is negative: only a range above zero is known.
        if (sign.low > 0 && !sign.nan)
          return Interval::of(least, most, magnitude.nan);
        if (sign.high < 0 && !sign.nan)
          return Interval::of(-most, -least, magnitude.nan);
        return Interval::of(-most, most, magnitude.nan);
      })
      .Case<arith::MaximumFOp, arith::MaxNumFOp, arith::MinimumFOp,
            arith::MinNumFOp>([&](Operation *) {
        bool maximum = isa<arith::MaximumFOp, arith::MaxNumFOp>(op);
        auto pick = [&](double x, double y) {
          return maximum ? std::max(x, y) : std::min(x, y);
        };
        Interval a = operand(0), b = operand(1);
        Interval r = Interval::of(pick(a.low, b.low), pick(a.high, b.high),
                                  a.nan || b.nan);
        if (isa<arith::MaxNumFOp, arith::MinNumFOp>(op)) {
          // A NaN operand is ignored: the result may be the other one.
          r.nan = a.nan && b.nan;
          if (a.nan)
            r = r.join(Interval::of(b.low, b.high, r.nan));
          if (b.nan)
            r = r.join(Interval::of(a.low, a.high, r.nan));
        }
        return r;
      })
      .Case<math::RoundEvenOp, math::RoundOp, math::FloorOp, math::CeilOp,
            math::TruncOp>([&](Operation *) {
        // Monotone: the ends' images bound the result.
        auto round = [&](double x) {
          if (isa<math::RoundEvenOp>(op))
            return std::nearbyint(x);
          if (isa<math::RoundOp>(op))
            return std::round(x);
          if (isa<math::FloorOp>(op))
            return std::floor(x);
          return isa<math::CeilOp>(op) ? std::ceil(x) : std::trunc(x);
        };
        Interval r = operand(0);
        return Interval::of(round(r.low), round(r.high), r.nan);
      })
      .Case([&](arith::ExtFOp) { return operand(0); })
      .Case([&](arith::TruncFOp truncf) {
        // Another rounding mode than nearest-even: not modelled.
        if (truncf.getRoundingmodeAttr())
          return unknown;
        return rounded(operand(0), floatType);
      })
      .Case<arith::SIToFPOp, arith::UIToFPOp>([&](Operation *) {
        Interval r = operand(0);
        if (isa<arith::SIToFPOp>(op) &&
            widthOf(op->getOperand(0).getType()) == 1)
          r = Interval::of(-r.high, -r.low); // true is -1
        if (isa<arith::UIToFPOp>(op) && r.low < 0)
          r = integerRange(widthOf(op->getOperand(0).getType()), true);
        return rounded(r, floatType);
      })
      .Case<arith::FPToSIOp, arith::FPToUIOp>([&](Operation *) {
        // Out of range is poison: only an in-range input says anything.
        Interval r = operand(0);
        unsigned width = widthOf(type);
        Interval all = integerRange(width, isa<arith::FPToUIOp>(op));
        if (r.nan || r.low <= all.low - 1 || r.high >= all.high + 1)
          return unknown;
        return clampToWidth(Interval::of(std::trunc(r.low), std::trunc(r.high)),
                            width);
      })
      .Case([&](arith::CmpFOp cmp) {
        return compareFloats(cmp.getPredicate(), operand(0), operand(1));
      })
      // Integers and selects.
      .Case([&](arith::CmpIOp cmp) {
        Interval a = operand(0), b = operand(1);
        // An i1 is {0, 1} here and to the unsigned predicates, {0, -1} to
        // the signed ones.
        if (widthOf(cmp.getLhs().getType()) == 1 &&
            cmp.getPredicate() != arith::CmpIPredicate::eq &&
            cmp.getPredicate() != arith::CmpIPredicate::ne &&
            cmp.getPredicate() < arith::CmpIPredicate::ult) {
          a = Interval::of(-a.high, -a.low);
          b = Interval::of(-b.high, -b.low);
        }
        return compareIntegers(cmp.getPredicate(), a, b);
      })
      .Case([&](arith::SelectOp) {
        Interval condition = operand(0);
        if (condition.isPoint())
          return operand(condition.low != 0 ? 1 : 2);
        return operand(1).join(operand(2));
      })
      .Case([&](arith::ExtSIOp) {
        Interval r = operand(0);
        if (widthOf(op->getOperand(0).getType()) == 1)
          return Interval::of(-r.high, -r.low);
        return r;
      })
      .Case([&](arith::ExtUIOp) {
        Interval r = operand(0);
        if (r.low < 0)
          return integerRange(widthOf(op->getOperand(0).getType()), true);
        return r;
      })
      .Case<arith::TruncIOp, arith::IndexCastOp>([&](Operation *) {
        Interval r = operand(0);
        // index_cast sign-extends: an i1's true is -1.
        if (isa<arith::IndexCastOp>(op) &&
            widthOf(op->getOperand(0).getType()) == 1)
          r = Interval::of(-r.high, -r.low);
        return clampToWidth(r, widthOf(type));
      })
      .Case([&](arith::AddIOp) {
        Interval a = operand(0), b = operand(1);
        return clampToWidth(Interval::of(a.low + b.low, a.high + b.high),
                            widthOf(type));
      })
      .Case([&](arith::SubIOp) {
        Interval a = operand(0), b = operand(1);
        return clampToWidth(Interval::of(a.low - b.high, a.high - b.low),
                            widthOf(type));
      })
      .Case([&](arith::MulIOp) {
        Interval a = operand(0), b = operand(1);
        double p[] = {a.low * b.low, a.low * b.high, a.high * b.low,
                      a.high * b.high};
        return clampToWidth(Interval::of(*std::min_element(p, p + 4),
                                         *std::max_element(p, p + 4)),
                            widthOf(type));
      })
      .Case<arith::MaxSIOp, arith::MinSIOp>([&](Operation *) -> Interval {
        // i1 is {0, -1} to them: not modelled.
        if (widthOf(type) == 1)
          return unknown;
        Interval a = operand(0), b = operand(1);
        if (isa<arith::MaxSIOp>(op))
          return Interval::of(std::max(a.low, b.low), std::max(a.high, b.high));
        return Interval::of(std::min(a.low, b.low), std::min(a.high, b.high));
      })
      .Case<arith::AndIOp, arith::OrIOp>([&](Operation *) {
        if (widthOf(type) != 1)
          return unknown;
        Interval a = operand(0), b = operand(1);
        if (isa<arith::AndIOp>(op))
          return Interval::of(std::min(a.low, b.low), std::min(a.high, b.high));
        return Interval::of(std::max(a.low, b.low), std::max(a.high, b.high));
      })
      .Default([&](Operation *) { return unknown; });
}
