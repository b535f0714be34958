//===- QCostCodecOps.td - scalar decode and encode ---------*- tablegen -*-===//
//
// The codec: the two scalar ops through which every lowering of qcost reads a
// code as its exact value and rounds an exact value into a format. They live
// inside linalg bodies (and any other region that computes on scalars) and
// are expanded into arith by convert-qcost-codec-to-arith, one expansion per
// format kind. Backends that have native number formats (HLS ap_fixed) can
// consume them instead.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTCODECOPS_TD
#define QCC_DIALECT_QCOST_IR_QCOSTCODECOPS_TD

include "qcc/Dialect/QCost/IR/QCostDialect.td"
include "qcc/Dialect/QCost/IR/QCostAttributes.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def QCost_Scalar : AnyTypeOf<[AnySignlessInteger, AnyFloat]>;

class QCost_CodecOp<string mnemonic, list<Trait> traits = []>
    : Op<QCost_Dialect, mnemonic, !listconcat([Pure], traits)>;

def QCost_DecodeOp : QCost_CodecOp<"decode"> {
  let summary = "the exact value of one code, as an integer or a float";
  let description = [{
    Reads `code`, one element in the storage type of `format` (the low W bits
    of an integer: sign-extended for signed fixed point, zero-extended for
    every other format; or the IEEE float itself for f32, f16 and bf16), and
    yields its exact value:

    - as a signless integer `n` whose value is `n * 2^lsb` (two's
      complement). `lsb` defaults to the format's least significant bit and
      may be lower (the integer is then shifted left); the integer type must
      hold every value of the format. Fixed point, power of two, binary and
      builtin integers decode this way.
    - as a float, which must hold every value of the format exactly (NaN,
      infinities and signed zeros included): f64 for every format of up to 53
      significant bits, or a float type at least as wide as an IEEE format.

    ```mlir
    %n = qcost.decode %c as !qcost.fixed<8, 4> : i8 -> i32         // code
    %m = qcost.decode %w as !qcost.pot<4, -6, 0> lsb -8 : i8 -> i16 // 4 << e
    %x = qcost.decode %e as f8E4M3FN : i8 -> f64
    ```
  }];
  let arguments = (ins QCost_Scalar:$code, TypeAttr:$format,
                       OptionalAttr<I64Attr>:$lsb);
  let results = (outs QCost_Scalar:$value);
  let assemblyFormat = [{
    $code `as` $format (`lsb` $lsb^)? attr-dict `:` type($code) `->`
    type($value)
  }];
  let hasVerifier = 1;
  // A signed fixed-point code read as an integer of its own width at its
  // own LSB is that integer.
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The format as a qcc::NumberFormat (verified to exist).
    ::qcc::NumberFormat getNumberFormat();
    /// The LSB exponent of the integer result (the attribute or the
    /// format's own).
    int64_t getLsbExponent();
  }];
}

def QCost_EncodeOp : QCost_CodecOp<"encode", [AttrSizedOperandSegments]> {
  let summary = "rounds one exact value into a format, giving its code";
  let description = [{
    The exact value is `value * 2^lsb / divisor` when `value` is a signless
    integer (two's complement; `lsb` defaults to 0, the optional `divisor` is
    a positive integer), or the float `value` itself (NaN, infinities and
    signed zeros included; its value must be the exact result, which the
    producer guarantees). It is rounded into `format` with `rounding` and
    `overflow`, exactly as docs/semantics.md section 3 says, and the result is
    the code in the format's storage type (an integer at least W bits wide,
    sign-extended for signed fixed point, zero-extended otherwise; or the
    IEEE float type for f32, f16 and bf16).

    Stochastic rounding needs `seed` and `index`, the row-major index of the
    element whose value this is (the draw is SplitMix64 of both).

    What the expansion can compute is limited (docs/lowering.md lists the
    limits): the verifier rejects an encode outside them with the reason.

    ```mlir
    // Requantize an i32 sum at 2^-8 into Q3.4, nearest even, saturating.
    %c = qcost.encode %acc lsb -8 as !qcost.fixed<8, 4> : (i32) -> i8
    // An average: an exact sum divided by a count, stochastically rounded.
    %a = qcost.encode %sum divisor %count as !qcost.ufixed<4, 0>
           rounding stochastic seed 7 index %i : (i64, i64, i64) -> i8
    // An exact f64 into E4M3, overflowing to NaN as the format has no inf.
    %f = qcost.encode %x as f8E4M3FN overflow wrap : (f64) -> i8
    ```
  }];
  let arguments = (ins QCost_Scalar:$value,
                       Optional<AnySignlessInteger>:$divisor,
                       Optional<I64>:$index,
                       TypeAttr:$format, OptionalAttr<I64Attr>:$lsb,
                       DefaultValuedAttr<QCost_RoundingModeAttr,
                         "::qcc::qcost::RoundingMode::nearest_even">:$rounding,
                       OptionalAttr<I64Attr>:$seed,
                       DefaultValuedAttr<QCost_OverflowModeAttr,
                         "::qcc::qcost::OverflowMode::saturate">:$overflow);
  let results = (outs QCost_Scalar:$code);
  let assemblyFormat = [{
    $value (`lsb` $lsb^)? (`divisor` $divisor^)? `as` $format
    (`rounding` $rounding^)? (`seed` $seed^)? (`overflow` $overflow^)?
    (`index` $index^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::qcc::NumberFormat getNumberFormat();
    int64_t getLsbExponent() { return getLsb().value_or(0); }
    ::qcc::Rounding getFormatRounding() {
      return ::qcc::qcost::toFormatRounding(getRounding(),
                                            getSeed().value_or(0));
    }
    ::qcc::OverflowMode getFormatOverflow() {
      return ::qcc::qcost::toFormatOverflow(getOverflow());
    }
  }];
}

#endif // QCC_DIALECT_QCOST_IR_QCOSTCODECOPS_TD
