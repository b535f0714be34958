//===- QCostDialect.td - the qcost dialect -----------------*- tablegen -*-===//

#ifndef QCC_DIALECT_QCOST_IR_QCOSTDIALECT_TD
#define QCC_DIALECT_QCOST_IR_QCOSTDIALECT_TD

include "mlir/IR/DialectBase.td"

def QCost_Dialect : Dialect {
  let name = "qcost";
  let cppNamespace = "::qcc::qcost";
  let summary = "Mixed-precision neural network ops and the number formats they use";
  let description = [{
    The `qcost` dialect describes quantized neural networks at the tensor level
    with value semantics. Activations are NHWC; filters are HWIO
    (`KH x KW x C/groups x O`). The number format of every value is its
    element type: fixed point (`!qcost.fixed`, `!qcost.ufixed`), power of two
    (`!qcost.pot`), minifloats (`!qcost.float`), binary (`!qcost.binary`), or a
    builtin integer (`iW` is `fixed<W, 0>`) or float type.

    Every op computes the exact real result of its operation on the decoded
    input values and rounds it once into the result format with the op's
    rounding and overflow modes; contractions round each product into the
    accumulator format and accumulate in it. `docs/semantics.md` is the
    complete, bit-exact contract.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerTypes();
    void registerAttributes();
  }];
}

#endif // QCC_DIALECT_QCOST_IR_QCOSTDIALECT_TD
