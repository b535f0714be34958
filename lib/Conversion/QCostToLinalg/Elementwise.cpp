//===- Elementwise.cpp - arithmetic, activations, quantize, dequantize ----===//
//
// One pattern per op over a shared base: the op's formula on exact terms
// (integers when every operand is integer-like or a constant, else exact
// f64 values), rounded once by qcost.encode. The cheap case of an add or
// mul whose operands and result are one IEEE type, rounded to nearest even,
// is the IEEE operation itself (it rounds the exact result once).
//
//===----------------------------------------------------------------------===//

#include "Encoding.h"
#include "ExactArithmetic.h"
#include "FloatSums.h"
#include "LinalgBuilders.h"
#include "Operands.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace qcc;
using namespace qcc::lowering;
using namespace qcc::qcost;
namespace codec = qcc::qcost::codec;

namespace {

/// Clip's bounds, and for integer arithmetic their integers at a common LSB
/// no higher than the input's.
struct ClipBounds {
  int64_t lsb = 0;
  Bound lo, hi;
};

FailureOr<ClipBounds> clipBounds(ClipOp clip,
                                 std::optional<int64_t> integerInputLsb,
                                 const Rejection &reject) {
  ClipBounds bounds;
  bounds.lo.value = clip.getMin().convertToDouble();
  bounds.hi.value = clip.getMax().convertToDouble();
  if (!std::isfinite(bounds.lo.value) || !std::isfinite(bounds.hi.value))
    return reject("infinite clip bounds are not supported");
  if (!integerInputLsb)
    return bounds;
  bounds.lsb = *integerInputLsb;
  for (const Bound *bound : {&bounds.lo, &bounds.hi})
    if (bound->value != 0)
      bounds.lsb = std::min(bounds.lsb, lowestBitExponent(bound->value));
  for (Bound *bound : {&bounds.lo, &bounds.hi}) {
    double scaled = std::ldexp(bound->value, static_cast<int>(-bounds.lsb));
    if (!(std::fabs(scaled) < 0x1.0p62))
      return reject("the clip bounds and the input's LSB span more than 62 "
                    "bits");
    bound->integer = APInt(64, static_cast<uint64_t>(int64_t(scaled)),
                           /*isSigned=*/true);
  }
  return bounds;
}

/// The exact result of each op on its operand terms.
template <typename A> Term formulaOf(AddOp, A &t, ArrayRef<Term> x) {
  return t.add(x[0], x[1]);
}
template <typename A> Term formulaOf(MulOp, A &t, ArrayRef<Term> x) {
  return t.mul(x[0], x[1]);
}
template <typename A> Term formulaOf(RescaleOp, A &t, ArrayRef<Term> x) {
  return t.mul(x[0], x[1]);
}
template <typename A> Term formulaOf(QuantizeOp, A &t, ArrayRef<Term> x) {
  return x.size() == 2 ? t.mul(x[0], x[1]) : x[0];
}
template <typename A> Term formulaOf(DequantizeOp, A &t, ArrayRef<Term> x) {
  return x.size() == 2 ? t.mul(x[0], x[1]) : x[0];
}
template <typename A> Term formulaOf(QuantNormOp, A &t, ArrayRef<Term> x) {
  return t.add(t.mul(x[0], x[1]), x[2]);
}
template <typename A> Term formulaOf(ReluOp, A &t, ArrayRef<Term> x) {
  return t.clamp(x[0], Bound(), /*isMax=*/true);
}
template <typename A> Term formulaOf(PReluOp, A &t, ArrayRef<Term> x) {
  return t.select(t.positive(x[0], /*orZero=*/true), x[0], t.mul(x[1], x[0]));
}
template <typename A> Term formulaOf(DPReluOp, A &t, ArrayRef<Term> x) {
  // With d = x - alpha: d > 0 ? eta * d - beta : gamma * d - beta.
  Term d = t.add(x[0], x[1], /*subtract=*/true);
  Term slope =
      t.select(t.positive(d, /*orZero=*/false), t.mul(x[3], d), t.mul(x[4], d));
  return t.add(slope, x[2], /*subtract=*/true);
}

/// The elementwise ops: `OpTy` has a formulaOf; clip adds its bounds.
template <typename OpTy>
class ElementwiseLowering : public QCostLowering<OpTy> {
public:
  using QCostLowering<OpTy>::QCostLowering;
  using OpAdaptor = typename QCostLowering<OpTy>::OpAdaptor;

protected:
  LogicalResult lower(OpTy op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    FailureOr<ResultEncoding> encoding =
        getResultEncoding(op, *this->getTypeConverter(), reject);
    if (failed(encoding))
      return failure();
    // dequantize rounds as IEEE does: to nearest even, overflowing to
    // infinity (docs/semantics.md section 4.3).
    if constexpr (std::is_same_v<OpTy, DequantizeOp>)
      encoding->overflow = qcost::OverflowMode::wrap;
    if (succeeded(lowerIeee(op, adaptor.getOperands(), *encoding, rewriter)))
      return success();
    // Integers unless an operand is a run-time float, or the result keeps
    // the sign of zero (0 * -1 is -0 there), which only f64 values carry.
    bool integer = encoding->format.getKind() != FormatKind::Float &&
                   llvm::all_of(op->getOperands(), [](Value operand) {
                     return hasIntegerValues(operand);
                   });
    FailureOr<SmallVector<ExactOperand>> operands =
        prepareOperands(op, adaptor.getOperands(), rewriter, reject);
    if (failed(operands))
      return failure();
    std::optional<ClipBounds> clip;
    if constexpr (std::is_same_v<OpTy, ClipOp>) {
      // Integer inputs meet the bounds at a common LSB; f64 ones need only
      // the bounds' own.
      FailureOr<ClipBounds> bounds = clipBounds(
          op,
          integer ? std::optional<int64_t>((*operands)[0].lsb()) : std::nullopt,
          reject);
      if (failed(bounds))
        return failure();
      clip = *bounds;
    }
    if (!integer)
      for (auto [index, operand] : llvm::enumerate(*operands))
        if (!operand.isExactInDouble())
          return reject(Twine("operand #") + Twine(index) +
                        " is not exact in f64, which float arithmetic needs");

    // Dry run: the widths of every intermediate.
    SmallVector<Term> dry;
    for (const ExactOperand &operand : *operands)
      dry.push_back(Term{{},
                         operand.lsb(),
                         operand.magnitudeBits(),
                         operand.significantBits()});
    IntegerArithmetic check;
    Term shape = formula(op, check, dry, clip);
    Type carrier;
    codec::EncodeValue value;
    if (integer) {
      unsigned bits = std::max(check.widest, shape.bits) + 1;
      if (bits > codec::kMaxIntegerBits)
        return reject(Twine("the exact result needs ") + Twine(bits) +
                      " bits (at most " + Twine(codec::kMaxIntegerBits) + ")");
      carrier = rewriter.getIntegerType(codec::integerWidth(bits));
      value = integerValue(carrier.getIntOrFloatBitWidth(), shape.lsb);
    } else {
      if constexpr (std::is_same_v<OpTy, AddOp>)
        if (succeeded(lowerExactFloatSum(op, *operands, *encoding, rewriter)))
          return success();
      if (check.widestSignificant > codec::kDoublePrecision ||
          std::abs(shape.lsb) > 900)
        return reject(Twine("an intermediate needs ") +
                      Twine(check.widestSignificant) +
                      " significant bits; float arithmetic is exact up to " +
                      Twine(codec::kDoublePrecision) + " (f64)");
      carrier = rewriter.getF64Type();
      value = floatValue(op.getContext());
    }
    if (failed(checkEncode(*encoding, value, reject)))
      return failure();

    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    ArrayRef<int64_t> target = encoding->shape();
    for (const ExactOperand &operand : *operands) {
      inputs.push_back(operand.tensor);
      maps.push_back(blockMap(op.getContext(), target, operand.shape));
    }
    Value result = elementwiseGeneric(
        rewriter, op.getLoc(), encoding->storageType, inputs, maps,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          SmallVector<Term> terms;
          for (auto [operand, arg] : llvm::zip(*operands, args))
            terms.push_back(Term{integer ? decodeInteger(b, loc, operand, arg,
                                                         operand.lsb(), carrier)
                                         : decodeDouble(b, loc, operand, arg),
                                 operand.lsb(), operand.magnitudeBits(),
                                 operand.significantBits()});
          Term exact;
          if (integer) {
            IntegerArithmetic arithmetic(b, loc, carrier);
            exact = formula(op, arithmetic, terms, clip);
          } else {
            DoubleArithmetic arithmetic(b, loc);
            exact = formula(op, arithmetic, terms, clip);
          }
          return encode(b, loc, *encoding, exact.n, integer ? exact.lsb : 0);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  template <typename A>
  static Term formula(OpTy op, A &t, ArrayRef<Term> x,
                      const std::optional<ClipBounds> &clip) {
    if constexpr (std::is_same_v<OpTy, ClipOp>) {
      Term v = t.align(x[0], clip->lsb);
      v = t.clamp(v, clip->lo, /*isMax=*/true);
      return t.clamp(v, clip->hi, /*isMax=*/false);
    } else {
      return formulaOf(op, t, x);
    }
  }

  /// An add of two values exact in f64 whose sum is not: the exact float
  /// sum (FloatSums.h) of the two, rounded once; failure (nothing built)
  /// when the sum or its encode is too wide.
  static LogicalResult lowerExactFloatSum(OpTy op,
                                          ArrayRef<ExactOperand> operands,
                                          const ResultEncoding &encoding,
                                          ConversionPatternRewriter &rewriter) {
    int64_t lsb = std::min(operands[0].lsb(), operands[1].lsb());
    int64_t top = std::max(operands[0].lsb() + operands[0].magnitudeBits(),
                           operands[1].lsb() + operands[1].magnitudeBits());
    if (top - lsb > int64_t(codec::kMaxIntegerBits))
      return failure();
    FloatSum sum(lsb, static_cast<unsigned>(top - lsb), 2);
    if (sum.getWidth() > codec::kMaxIntegerBits)
      return failure();
    for (const codec::EncodeValue &value :
         {integerValue(sum.getWidth(), lsb), floatValue(op.getContext())})
      if (codec::checkEncode(encoding.format, value, encoding.mode,
                             encoding.overflow, encoding.codeType()))
        return failure();
    ArrayRef<int64_t> target = encoding.shape();
    Value result = elementwiseGeneric(
        rewriter, op.getLoc(), encoding.storageType,
        ValueRange{operands[0].tensor, operands[1].tensor},
        {blockMap(op.getContext(), target, operands[0].shape),
         blockMap(op.getContext(), target, operands[1].shape)},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value total = arith::ConstantOp::create(
              b, loc, b.getIntegerAttr(b.getIntegerType(sum.getWidth()), 0));
          Value flags =
              arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0));
          for (auto [operand, arg] : llvm::zip(operands, args))
            std::tie(total, flags) = sum.add(
                b, loc, decodeDouble(b, loc, operand, arg), total, flags);
          return sum.encodeSum(b, loc, encoding, total, flags);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  /// add and mul of one IEEE type (f32, f16) into it, to nearest even: the
  /// IEEE operation, then the encode of its (exact) result for the
  /// overflow mode and the canonical NaN.
  static LogicalResult lowerIeee(OpTy op, ValueRange operands,
                                 const ResultEncoding &encoding,
                                 ConversionPatternRewriter &rewriter) {
    if constexpr (!std::is_same_v<OpTy, AddOp> && !std::is_same_v<OpTy, MulOp>)
      return failure();
    Type element = encoding.formatType;
    if ((!element.isF32() && !element.isF16()) ||
        encoding.mode != qcost::RoundingMode::nearest_even ||
        llvm::any_of(op->getOperandTypes(), [&](Type type) {
          return getElementTypeOrSelf(type) != element;
        }))
      return failure();
    Value result = broadcastGeneric(
        rewriter, op.getLoc(), encoding.storageType, operands,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value y =
              std::is_same_v<OpTy, AddOp>
                  ? (Value)arith::AddFOp::create(b, loc, args[0], args[1])
                  : (Value)arith::MulFOp::create(b, loc, args[0], args[1]);
          return encode(b, loc, encoding, y);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// shift: x * 2^k with a run-time k in the range of its format. Integers
/// take the value n << (k - kmin) at the static LSB lsb + kmin; floats the
/// exact f64 product with 2^k.
class ShiftLowering : public QCostLowering<ShiftOp> {
public:
  using QCostLowering::QCostLowering;

protected:
  LogicalResult lower(ShiftOp op, OpAdaptor adaptor,
                      ConversionPatternRewriter &rewriter,
                      const Rejection &reject) const override {
    FailureOr<ResultEncoding> encoding =
        getResultEncoding(op, *getTypeConverter(), reject);
    if (failed(encoding))
      return failure();
    FailureOr<SmallVector<ExactOperand>> operands =
        prepareOperands(op, adaptor.getOperands(), rewriter, reject);
    if (failed(operands))
      return failure();
    const ExactOperand &x = (*operands)[0], &k = (*operands)[1];
    const NumberFormat &amount = k.format;
    int64_t kmin =
        amount.isSigned() ? -(int64_t(1) << (amount.getBitWidth() - 1)) : 0;
    int64_t kmax = amount.isSigned()
                       ? (int64_t(1) << (amount.getBitWidth() - 1)) - 1
                       : (int64_t(1) << amount.getBitWidth()) - 1;
    if (k.scale != 0 || amount.getBitWidth() > 16)
      return reject("shift amounts wider than 16 bits are not supported");
    // Exact f64 values when f64 holds x * 2^k exactly (inside its normal
    // range): cheaper than the integer of kmax - kmin more bits, and they
    // keep a power of two's -0. Integers otherwise.
    bool fitsDouble = x.isExactInDouble() && x.lsb() + kmin >= -1022 &&
                      x.lsb() + int64_t(x.magnitudeBits()) + kmax <= 1023;
    bool integer = x.isInteger() && !fitsDouble;
    Type carrier;
    codec::EncodeValue value;
    if (integer) {
      unsigned bits =
          x.magnitudeBits() + static_cast<unsigned>(kmax - kmin) + 1;
      if (bits > codec::kMaxIntegerBits)
        return reject(Twine("the shifted value needs ") + Twine(bits) +
                      " bits (at most " + Twine(codec::kMaxIntegerBits) + ")");
      carrier = rewriter.getIntegerType(codec::integerWidth(bits));
      value = integerValue(carrier.getIntOrFloatBitWidth(), x.lsb() + kmin);
    } else {
      if (!fitsDouble)
        return reject("x * 2^k can leave f64's normal range");
      carrier = rewriter.getF64Type();
      value = floatValue(op.getContext());
    }
    if (failed(checkEncode(*encoding, value, reject)))
      return failure();
    ArrayRef<int64_t> target = encoding->shape();
    Value result = elementwiseGeneric(
        rewriter, op.getLoc(), encoding->storageType,
        ValueRange{x.tensor, k.tensor},
        {blockMap(op.getContext(), target, x.shape),
         blockMap(op.getContext(), target, k.shape)},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Type i64 = b.getI64Type();
          Value shift = decodeInteger(b, loc, k, args[1], 0, i64);
          auto constant = [&](Type type, int64_t v) -> Value {
            return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, v));
          };
          if (integer) {
            Value n = decodeInteger(b, loc, x, args[0], x.lsb(), carrier);
            Value amount =
                arith::SubIOp::create(b, loc, shift, constant(i64, kmin));
            if (carrier.getIntOrFloatBitWidth() > 64)
              amount = arith::ExtUIOp::create(b, loc, carrier, amount);
            else if (carrier.getIntOrFloatBitWidth() < 64)
              amount = arith::TruncIOp::create(b, loc, carrier, amount);
            return encode(b, loc, *encoding,
                          arith::ShLIOp::create(b, loc, n, amount),
                          x.lsb() + kmin);
          }
          // 2^k as f64 bits; k lies in [-1022, 1023] by the check above.
          Value bits = arith::ShLIOp::create(
              b, loc, arith::AddIOp::create(b, loc, shift, constant(i64, 1023)),
              constant(i64, 52));
          Value power = arith::BitcastOp::create(b, loc, b.getF64Type(), bits);
          Value real = decodeDouble(b, loc, x, args[0]);
          return encode(b, loc, *encoding,
                        arith::MulFOp::create(b, loc, real, power));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void qcc::lowering::populateElementwiseLowerings(
    const QCostStorageTypeConverter &converter, RewritePatternSet &patterns,
    const std::shared_ptr<LoweringFailures> &failures) {
  addLowerings<ElementwiseLowering<AddOp>, ElementwiseLowering<MulOp>,
               ElementwiseLowering<RescaleOp>, ElementwiseLowering<QuantNormOp>,
               ElementwiseLowering<ReluOp>, ElementwiseLowering<PReluOp>,
               ElementwiseLowering<DPReluOp>, ElementwiseLowering<ClipOp>,
               ElementwiseLowering<QuantizeOp>,
               ElementwiseLowering<DequantizeOp>, ShiftLowering>(
      converter, patterns, failures);
}
