//===- QCostTypes.td - qcost number-format types -----------*- tablegen -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTTYPES_TD
#define QCC_DIALECT_QCOST_IR_QCOSTTYPES_TD

include "qcc/Dialect/QCost/IR/QCostDialect.td"
include "qcc/Dialect/QCost/IR/QCostInterfaces.td"
include "mlir/IR/AttrTypeBase.td"

class QCost_FormatType<string name, string typeMnemonic>
    : TypeDef<QCost_Dialect, name,
              [DeclareTypeInterfaceMethods<QCost_NumberFormatTypeInterface>]> {
  let mnemonic = typeMnemonic;
  let genVerifyDecl = 1;
}

def QCost_FixedType : QCost_FormatType<"Fixed", "fixed"> {
  let summary = "signed two's-complement fixed point Qm.n";
  let description = [{
    `W` total bits (sign included, 1 to 64) of which `F` are fraction bits
    (-128 to 128): the value of code `c` is `c * 2^-F`. `F > W` makes every
    value smaller than one; `F < 0` makes the LSB weigh `2^-F`. Builtin `iW`
    is the same format as `fixed<W, 0>`.

    ```mlir
    !qcost.fixed<8, 4>    // Q4.4: -8 to 7.9375 in steps of 1/16
    !qcost.fixed<16, 0>   // a 16-bit integer accumulator
    ```
  }];
  let parameters = (ins "unsigned":$width, "int":$fracBits);
  let hasCustomAssemblyFormat = 1;
}

def QCost_UFixedType : QCost_FormatType<"UFixed", "ufixed"> {
  let summary = "unsigned fixed point";
  let description = [{
    `W` bits (1 to 64), `F` fraction bits (-128 to 128): code `c` is
    `c * 2^-F`, from 0 to `(2^W - 1) * 2^-F`.

    ```mlir
    !qcost.ufixed<4, 0>   // 4-bit unsigned activations 0..15
    ```
  }];
  let parameters = (ins "unsigned":$width, "int":$fracBits);
  let hasCustomAssemblyFormat = 1;
}

def QCost_PotType : QCost_FormatType<"Pot", "pot"> {
  let summary = "power-of-two code";
  let description = [{
    `W` bits (1 to 16): a sign bit (unless `unsigned`) and an exponent field.
    The levels are `+-2^e` for `e` in `[minExp, maxExp]` and, unless
    `nozero`, zero. The field counts up from the smallest magnitude: with
    zero, field 0 is zero and field `f` is `2^(minExp + f - 1)`. The levels
    must fit the field: `(maxExp - minExp + 1) + (zero ? 1 : 0) <= 2^k`.
    Multiplying by a power-of-two value is a shift.

    ```mlir
    !qcost.pot<4, -6, 0>              // PoT-4: 0, +-2^-6 .. +-2^0
    !qcost.pot<4, -7, 0, nozero>      // 8 levels, no zero
    !qcost.pot<3, -3, 0, unsigned>    // 0, 2^-3 .. 2^0
    ```
  }];
  let parameters = (ins "unsigned":$width, "int":$minExp, "int":$maxExp,
                        "bool":$hasZero, "bool":$isSigned);
  let hasCustomAssemblyFormat = 1;
}

def QCost_MiniFloatType : QCost_FormatType<"MiniFloat", "float"> {
  let summary = "minifloat ExMy with its special-value variant";
  let description = [{
    A sign bit, `E` exponent bits (1 to 8) and `M` mantissa bits (0 to 23),
    exponent `bias` (default `2^(E-1) - 1`). Two keywords select the variants
    of REFERENCE.md section 8 (the MAC configurations CFG-1 to CFG-6):

    - `subnormals`: `ieee` (kept), `no_output` (read, never produced),
      `as_normal` (exponent-0 codes read as `1.m * 2^-bias`, CFG-5), `flush`
      (read as zero, CFG-6);
    - `specials`: `ieee` (top exponent is inf/NaN), `inf_only` (top exponent
      holds normal values, all-ones mantissa is inf: CFG-4..6), `nan_only`
      (top exponent holds normal values, all-ones mantissa is NaN: OCP E4M3
      "FN"), `finite` (no special values).

    The shorthand `cfg = N` (1 to 6) sets both keywords to the configuration
    of CFG-N; the printer always writes the keywords that differ from `ieee`.

    ```mlir
    !qcost.float<5, 2>                                      // E5M2, IEEE-like
    !qcost.float<4, 3, specials = nan_only>                 // OCP E4M3FN
    !qcost.float<5, 2, subnormals = as_normal, specials = inf_only>  // CFG-5
    !qcost.float<5, 2, cfg = 5>                             // the same type
    ```
  }];
  let parameters = (ins "unsigned":$expBits, "unsigned":$mantBits,
                        "int":$bias, "::qcc::Subnormals":$subnormals,
                        "::qcc::Specials":$specials);
  let hasCustomAssemblyFormat = 1;
}

def QCost_BinaryType : QCost_FormatType<"Binary", "binary"> {
  let summary = "binary +-1";
  let description = [{
    One bit: code 1 is `+1`, code 0 is `-1`. A product with a binary operand
    is a sign flip (XNOR in hardware).

    ```mlir
    !qcost.binary
    ```
  }];
  let genVerifyDecl = 0;
}

#endif // QCC_DIALECT_QCOST_IR_QCOSTTYPES_TD
