// The width and family options (no remarks checked here).
// RUN: qcc-opt %s --qcost-double-quantize="to=fixed bits=6" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=FIXED
// RUN: qcc-opt %s --qcost-double-quantize="to=fixed" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=FIXED8
// RUN: qcc-opt %s --qcost-double-quantize="bits=2" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=NARROW
// RUN: qcc-opt %s --qcost-double-quantize="bits=8" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=WIDE

// FIXED-LABEL:  func @scalar
// FIXED:        qcost.constant dense<5> : tensor<i8> -> tensor<!qcost.ufixed<6, 1>>
// FIXED8-LABEL: func @scalar
// FIXED8:       qcost.constant dense<5> : tensor<i8> -> tensor<!qcost.ufixed<8, 1>>
// WIDE-LABEL:   func @scalar
// WIDE:         qcost.constant dense<0> : tensor<i8> -> tensor<!qcost.pot<8, 1, 1, nozero, unsigned>>
func.func @scalar(%x: tensor<16xf32>) -> tensor<16x!qcost.ufixed<4, 0>> {
  %s = arith.constant dense<2.5> : tensor<f32>
  %q = qcost.quantize %x scale(%s) : (tensor<16xf32>, tensor<f32>) -> tensor<16x!qcost.ufixed<4, 0>>
  return %q : tensor<16x!qcost.ufixed<4, 0>>
}

// -----

// ufixed<6, 5> is the finest format that holds 1.0 (scales never
// saturate); 0.3 and 0.05 round to 10/32 and 2/32.
// FIXED-LABEL:  func @per_channel
// FIXED:        qcost.constant dense<[10, 2, 32]> : tensor<3xi8> -> tensor<3x!qcost.ufixed<6, 5>>
// A 2-bit field keeps the four largest exponents -3..0: 0.05 clamps to 2^-3.
// NARROW-LABEL: func @per_channel
// NARROW:       qcost.constant dense<[1, 0, 3]> : tensor<3xi8> -> tensor<3x!qcost.pot<2, -3, 0, nozero, unsigned>>
func.func @per_channel(%acc: tensor<2x3x!qcost.fixed<16, 0>>) -> tensor<2x3x!qcost.ufixed<4, 0>> {
  %s = arith.constant dense<[0.3, 0.05, 1.0]> : tensor<3xf32>
  %y = qcost.rescale %acc, %s : (tensor<2x3x!qcost.fixed<16, 0>>, tensor<3xf32>) -> tensor<2x3x!qcost.ufixed<4, 0>>
  return %y : tensor<2x3x!qcost.ufixed<4, 0>>
}

// -----

// A signed scale in a fixed-point target stays signed; -4 is exact with no
// fraction bits, which leave the most headroom.
// FIXED-LABEL:  func @negative
// FIXED:        qcost.constant dense<-4> : tensor<i8> -> tensor<!qcost.fixed<6, 0>>
func.func @negative(%x: tensor<4xf32>) -> tensor<4x!qcost.fixed<8, 0>> {
  %s = arith.constant dense<-4.0> : tensor<f32>
  %q = qcost.quantize %x scale(%s) : (tensor<4xf32>, tensor<f32>) -> tensor<4x!qcost.fixed<8, 0>>
  return %q : tensor<4x!qcost.fixed<8, 0>>
}
