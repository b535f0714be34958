// RUN: not qcc-opt %s --qcost-double-quantize="to=float" 2>&1 | FileCheck %s --check-prefix=TO
// TO: option 'to' must be 'pot' or 'fixed', got 'float'
// RUN: not qcc-opt %s --qcost-double-quantize="bits=17" 2>&1 | FileCheck %s --check-prefix=POTBITS
// POTBITS: option 'bits' must be at most 16 for to=pot, got 17
// RUN: not qcc-opt %s --qcost-double-quantize="bits=1" 2>&1 | FileCheck %s --check-prefix=SIGN
// SIGN: error: scale not double-quantized: a 1-bit power of two cannot hold negative scales
func.func @negative(%x: tensor<4xf32>) -> tensor<4x!qcost.fixed<8, 0>> {
  %s = arith.constant dense<-4.0> : tensor<f32>
  %q = qcost.quantize %x scale(%s) : (tensor<4xf32>, tensor<f32>) -> tensor<4x!qcost.fixed<8, 0>>
  return %q : tensor<4x!qcost.fixed<8, 0>>
}
