// RUN: qcc-opt %s --qcost-double-quantize -split-input-file -verify-diagnostics | FileCheck %s

// 2.5 becomes 2^round(log2 2.5) = 2^1: relative error 0.2. One positive
// exponent fits a 1-bit unsigned power of two without zero (code 0).
// CHECK-LABEL: func @quantize_scale
// CHECK:       %[[S:.*]] = qcost.constant dense<0> : tensor<i8> -> tensor<!qcost.pot<1, 1, 1, nozero, unsigned>>
// CHECK:       qcost.quantize %{{.*}} scale(%[[S]]) : (tensor<16xf32>, tensor<!qcost.pot<1, 1, 1, nozero, unsigned>>)
func.func @quantize_scale(%x: tensor<16xf32>) -> tensor<16x!qcost.ufixed<4, 0>> {
  %s = arith.constant dense<2.5> : tensor<f32>
  // expected-remark @+1 {{double quantization: largest relative error 0.2 (scale 2.5 -> 2) over 1 re-encoded scale tensors}}
  %q = qcost.quantize %x scale(%s) : (tensor<16xf32>, tensor<f32>) -> tensor<16x!qcost.ufixed<4, 0>>
  return %q : tensor<16x!qcost.ufixed<4, 0>>
}

// -----

// Per-channel scales [0.3, 0.05, 1] become [2^-2, 2^-4, 2^0] (log-domain
// nearest: 0.05 goes up to 0.0625, relative error 0.25, the largest).
// Exponents -4..0 are 5 levels: a 3-bit field, codes [2, 0, 4].
// CHECK-LABEL: func @rescale_per_channel
// CHECK:       qcost.constant dense<[2, 0, 4]> : tensor<3xi8> -> tensor<3x!qcost.pot<3, -4, 0, nozero, unsigned>>
// CHECK:       qcost.rescale
func.func @rescale_per_channel(%acc: tensor<2x3x!qcost.fixed<16, 0>>) -> tensor<2x3x!qcost.ufixed<4, 0>> {
  %s = arith.constant dense<[0.3, 0.05, 1.0]> : tensor<3xf32>
  // expected-remark @+1 {{largest relative error 0.2499999814 (scale 0.05000000075 -> 0.0625)}}
  %y = qcost.rescale %acc, %s : (tensor<2x3x!qcost.fixed<16, 0>>, tensor<3xf32>) -> tensor<2x3x!qcost.ufixed<4, 0>>
  return %y : tensor<2x3x!qcost.ufixed<4, 0>>
}

// -----

// QuantNorm scales (here fixed point, with a negative and a zero scale)
// become signed powers of two with zero; the bias is untouched.
// 0.75 -> 2^0 (log2 0.75 = -0.415 rounds to 0), -0.375 -> -2^-1: two
// exponents and zero need a 2-bit field plus the sign.
// CHECK-LABEL: func @quant_norm_scale
// CHECK-DAG:   %[[S:.*]] = qcost.constant dense<[2, 0, 5]> : tensor<3xi8> -> tensor<3x!qcost.pot<3, -1, 0>>
// CHECK-DAG:   %[[B:.*]] = qcost.constant dense<[1, 2, 3]> : tensor<3xi8> -> tensor<3x!qcost.fixed<8, 2>>
// CHECK:       qcost.quant_norm %{{.*}}, %[[S]], %[[B]]
func.func @quant_norm_scale(%x: tensor<5x3x!qcost.fixed<8, 0>>) -> tensor<5x3xf32> {
  %s = qcost.constant dense<[6, 0, -3]> : tensor<3xi8> -> tensor<3x!qcost.fixed<8, 3>>
  %b = qcost.constant dense<[1, 2, 3]> : tensor<3xi8> -> tensor<3x!qcost.fixed<8, 2>>
  // expected-remark @+1 {{largest relative error 0.3333333333 (scale 0.75 -> 1)}}
  %y = qcost.quant_norm %x, %s, %b : (tensor<5x3x!qcost.fixed<8, 0>>, tensor<3x!qcost.fixed<8, 3>>, tensor<3x!qcost.fixed<8, 2>>) -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}

// -----

// One scale constant shared by two ops is re-encoded once; a scale that is
// already a power of two is left as it is, and so is an op without scale.
// CHECK-LABEL: func @shared_and_done
// CHECK-COUNT-1: tensor<!qcost.pot<1, -3, -3, nozero, unsigned>>
// CHECK:       qcost.dequantize %{{.*}} scale(%[[S:.*]]) :
// CHECK:       qcost.dequantize %{{.*}} scale(%[[S]]) :
// CHECK:       qcost.dequantize %{{.*}} scale(%{{.*}}) : (tensor<4x!qcost.fixed<8, 0>>, tensor<!qcost.pot<4, -6, 0>>)
// CHECK:       qcost.dequantize %{{.*}} : (tensor<4x!qcost.fixed<8, 0>>) -> tensor<4xf32>
func.func @shared_and_done(%x: tensor<4x!qcost.fixed<8, 0>>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %s = arith.constant dense<0.125> : tensor<f32>
  %p = qcost.constant dense<2> : tensor<i8> -> tensor<!qcost.pot<4, -6, 0>>
  // expected-remark @+1 {{largest relative error 0 (scale 0.125 -> 0.125) over 1 re-encoded scale tensors}}
  %a = qcost.dequantize %x scale(%s) : (tensor<4x!qcost.fixed<8, 0>>, tensor<f32>) -> tensor<4xf32>
  %b = qcost.dequantize %x scale(%s) : (tensor<4x!qcost.fixed<8, 0>>, tensor<f32>) -> tensor<4xf32>
  %c = qcost.dequantize %x scale(%p) : (tensor<4x!qcost.fixed<8, 0>>, tensor<!qcost.pot<4, -6, 0>>) -> tensor<4xf32>
  %d = qcost.dequantize %x : (tensor<4x!qcost.fixed<8, 0>>) -> tensor<4xf32>
  return %a, %b, %c, %d : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A scale computed at run time is left alone.
// CHECK-LABEL: func @runtime_scale
// CHECK:       qcost.rescale %{{.*}}, %{{.*}} : (tensor<4x!qcost.fixed<16, 0>>, tensor<f32>)
func.func @runtime_scale(%acc: tensor<4x!qcost.fixed<16, 0>>, %s: tensor<f32>) -> tensor<4x!qcost.fixed<8, 0>> {
  // expected-remark @+1 {{scale not double-quantized: it is not a constant with readable finite values}}
  %y = qcost.rescale %acc, %s : (tensor<4x!qcost.fixed<16, 0>>, tensor<f32>) -> tensor<4x!qcost.fixed<8, 0>>
  return %y : tensor<4x!qcost.fixed<8, 0>>
}
