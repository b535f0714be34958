// Bad options fail before any rewrite, naming the option.
// RUN: not qcc-opt %s --qcost-quantnorm="scale-type=foo" 2>&1 | FileCheck %s --check-prefix=NOTTYPE
// NOTTYPE: option 'scale-type': 'foo' is not an MLIR type
// RUN: not qcc-opt %s --qcost-quantnorm="bias-type=tensor<2xf32>" 2>&1 | FileCheck %s --check-prefix=NOTFORMAT
// NOTFORMAT: option 'bias-type': 'tensor<2xf32>' is not a number format
// RUN: not qcc-opt %s --qcost-quantnorm="scale-bits=1" 2>&1 | FileCheck %s --check-prefix=BITS
// BITS: option 'scale-bits' must be in [2, 64], got 1
// RUN: not qcc-opt %s --qcost-quantnorm="scale-type=!qcost.fixed<0,0>" 2>&1 | FileCheck %s --check-prefix=BADTYPE
// BADTYPE: error:
func.func @f() {
  return
}
