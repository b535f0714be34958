// RUN: qcc-opt %s --qcost-fold-batchnorm -split-input-file -verify-diagnostics | FileCheck %s

// Float weights fold: w' = w * gamma / sqrt(var + eps) = w * [2, 0.5],
// b' = (0 - mean) * inv + beta = [-1 * 2 + 1, -4 * 0.5 + 0] = [-1, -2].
// CHECK-LABEL: func @float_conv
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00, 1.000000e+00], [-6.000000e+00, 2.500000e-01]]]]> : tensor<1x1x2x2xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[-1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK:       %[[Y:.*]] = qcost.conv2d %{{.*}}, %[[W]] bias(%[[B]]) : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
// CHECK-NOT:   batch_norm
// CHECK:       return %[[Y]]
func.func @float_conv(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [-3.0, 0.5]]]]> : tensor<1x1x2x2xf32>
  %y = qcost.conv2d %x, %w : (tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x3x3x2xf32>
  %gamma = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 3.0]> : tensor<2xf32>
  %z = qcost.batch_norm %y, %gamma, %beta, %mean, %var epsilon 1.0 : (tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %z : tensor<1x3x3x2xf32>
}

// -----

// Integer weights absorb a power-of-two scale exactly: w' = [2, 4] * 0.5,
// b' = (1 - 2) * 0.5 + 3.5 = 3 (the old bias 1 is kept in the sum). The
// batch-norm's rounding into f32 remains as a rescale by exactly 1.
// CHECK-LABEL: func @exact_fixed_dense
// CHECK-DAG:   %[[W:.*]] = qcost.constant dense<{{\[\[}}1], [2]]> : tensor<2x1xi8> -> tensor<2x1x!qcost.fixed<8, 0>>
// CHECK-DAG:   %[[B:.*]] = qcost.constant dense<3> : tensor<1xi16> -> tensor<1x!qcost.fixed<16, 0>>
// CHECK:       %[[Y:.*]] = qcost.dense %{{.*}}, %[[W]] bias(%[[B]])
// CHECK:       %[[ONE:.*]] = qcost.constant dense<0> : tensor<i8> -> tensor<!qcost.pot<1, 0, 0, nozero, unsigned>>
// CHECK:       qcost.rescale %[[Y]], %[[ONE]] rounding toward_zero : (tensor<1x1x!qcost.fixed<16, 0>>, tensor<!qcost.pot<1, 0, 0, nozero, unsigned>>) -> tensor<1x1xf32>
func.func @exact_fixed_dense(%x: tensor<1x2x!qcost.fixed<8, 0>>) -> tensor<1x1xf32> {
  %w = qcost.constant dense<[[2], [4]]> : tensor<2x1xi8> -> tensor<2x1x!qcost.fixed<8, 0>>
  %b = qcost.constant dense<1> : tensor<1xi16> -> tensor<1x!qcost.fixed<16, 0>>
  %y = qcost.dense %x, %w bias(%b) : (tensor<1x2x!qcost.fixed<8, 0>>, tensor<2x1x!qcost.fixed<8, 0>>, tensor<1x!qcost.fixed<16, 0>>) -> tensor<1x1x!qcost.fixed<16, 0>>
  %gamma = arith.constant dense<1.0> : tensor<1xf32>
  %beta = arith.constant dense<3.5> : tensor<1xf32>
  %mean = arith.constant dense<2.0> : tensor<1xf32>
  %var = arith.constant dense<4.0> : tensor<1xf32>
  %z = qcost.batch_norm %y, %gamma, %beta, %mean, %var epsilon 0.0 rounding toward_zero : (tensor<1x1x!qcost.fixed<16, 0>>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
  return %z : tensor<1x1xf32>
}

// -----

// 4-bit weights cannot absorb gamma / sigma = 0.3 without loss: the
// batch-norm stays, with the error it would have cost.
// CHECK-LABEL: func @lossy_fixed
// CHECK:       qcost.batch_norm
func.func @lossy_fixed(%x: tensor<1x2x!qcost.ufixed<4, 0>>) -> tensor<1x1xf32> {
  %w = qcost.constant dense<[[7], [-3]]> : tensor<2x1xi8> -> tensor<2x1x!qcost.fixed<4, 0>>
  %y = qcost.dense %x, %w : (tensor<1x2x!qcost.ufixed<4, 0>>, tensor<2x1x!qcost.fixed<4, 0>>) -> tensor<1x1x!qcost.fixed<10, 0>>
  %gamma = arith.constant dense<0.3> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark @+1 {{batch-norm not folded: the folded weights would move by up to 0.04761}}
  %z = qcost.batch_norm %y, %gamma, %zero, %zero, %one epsilon 0.0 : (tensor<1x1x!qcost.fixed<10, 0>>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
  return %z : tensor<1x1xf32>
}

// -----

// A batch-norm after something other than a conv or dense layer, and one
// after a layer whose result is also used elsewhere, stay.
// CHECK-LABEL: func @not_after_a_layer
// CHECK-COUNT-2: qcost.batch_norm
func.func @not_after_a_layer(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>) {
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %r = qcost.relu %x : (tensor<1x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{batch-norm not folded: its input is not the result of a qcost.conv2d or qcost.dense}}
  %a = qcost.batch_norm %r, %p, %p, %p, %p : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %y = qcost.dense %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{batch-norm not folded: the layer's result has other uses}}
  %b = qcost.batch_norm %y, %p, %p, %p, %p : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %a, %b, %y : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// Weights computed at run time cannot be folded into.
// CHECK-LABEL: func @runtime_weights
// CHECK:       qcost.batch_norm
func.func @runtime_weights(%x: tensor<1x2xf32>, %w: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %y = qcost.dense %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  // expected-remark @+1 {{batch-norm not folded: the layer's weights are not a constant}}
  %b = qcost.batch_norm %y, %p, %p, %p, %p : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %b : tensor<1x2xf32>
}
