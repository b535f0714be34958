// RUN: qcc-opt %s --qcost-quantnorm -split-input-file -verify-diagnostics | FileCheck %s
// RUN: qcc-opt %s --qcost-quantnorm="scale-type=!qcost.pot<4,-3,3> bias-type=f32" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=TYPES
// RUN: qcc-opt %s --qcost-quantnorm="scale-bits=4 bias-bits=8" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=BITS

// inv = gamma / sqrt(var + eps) = [1 / 2, 0.5 / 1] = [0.5, 0.5]: exact in
// fixed<8, 1>. The mean is rounded on the input's grid (integers), beta into
// the bias format fixed<16, 1> (-0.25 ties to 0), so
// b = [0.5 - 3 * 0.5, 0 - (-2) * 0.5] = [-1, 1]: codes [-2, 2]. With the
// printed sign of PikeLPN (x * s - b) it would be [1, -1].
// CHECK-LABEL: func @per_channel
// CHECK-DAG:   %[[S:.*]] = qcost.constant dense<1> : tensor<2xi8> -> tensor<2x!qcost.fixed<8, 1>>
// CHECK-DAG:   %[[B:.*]] = qcost.constant dense<[-2, 2]> : tensor<2xi16> -> tensor<2x!qcost.fixed<16, 1>>
// CHECK:       %[[Y:.*]] = qcost.quant_norm %{{.*}}, %[[S]], %[[B]] : (tensor<1x2x2x2x!qcost.fixed<12, 0>>, tensor<2x!qcost.fixed<8, 1>>, tensor<2x!qcost.fixed<16, 1>>) -> tensor<1x2x2x2xf32>
// CHECK-NOT:   batch_norm
// CHECK-NOT:   arith.constant
// CHECK:       return %[[Y]]
// Given formats: the PoT scale 2^-1 is code 3 of pot<4, -3, 3>, an f32
// bias is not rounded beyond f32.
// TYPES-LABEL: func @per_channel
// TYPES-DAG:   qcost.constant dense<3> : tensor<2xi8> -> tensor<2x!qcost.pot<4, -3, 3>>
// TYPES-DAG:   arith.constant dense<[-1.000000e+00, 7.500000e-01]> : tensor<2xf32>
// TYPES:       qcost.quant_norm {{.*}} -> tensor<1x2x2x2xf32>
// BITS-LABEL:  func @per_channel
// BITS-DAG:    tensor<2x!qcost.fixed<4, 1>>
// BITS-DAG:    tensor<2x!qcost.fixed<8, 1>>
func.func @per_channel(%x: tensor<1x2x2x2x!qcost.fixed<12, 0>>) -> tensor<1x2x2x2xf32> {
  %gamma = arith.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %mean = arith.constant dense<[3.0, -2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %y = qcost.batch_norm %x, %gamma, %beta, %mean, %var epsilon 1.0 : (tensor<1x2x2x2x!qcost.fixed<12, 0>>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A float producer: the mean is not rounded, and the bias format is sized
// on the range of b only (no grid to align to). inv = [1.5, -0.75] (a
// negative gamma) is exact with 2 fraction bits; b = [Q(0.1) - 0.3 * 1.5,
// 0 + 0.3 * 0.75] = [-0.34999, 0.225] needs fixed<16, 16>, where
// Q(0.1) = 6554 / 2^16.
// CHECK-LABEL: func @float_input
// CHECK-DAG:   qcost.constant dense<[6, -3]> : tensor<2xi8> -> tensor<2x!qcost.fixed<8, 2>>
// CHECK-DAG:   qcost.constant dense<[-22937, 14746]> : tensor<2xi16> -> tensor<2x!qcost.fixed<16, 16>>
// The rounding modes of the batch-norm carry over.
// CHECK:       qcost.quant_norm {{.*}} rounding stochastic seed 5 overflow wrap : (tensor<4x2xf32>
func.func @float_input(%x: tensor<4x2xf32>) -> tensor<4x2x!qcost.fixed<8, 4>> {
  %gamma = arith.constant dense<[1.5, -0.75]> : tensor<2xf32>
  %beta = arith.constant dense<[0.1, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.3, 0.3]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %y = qcost.batch_norm %x, %gamma, %beta, %mean, %var epsilon 0.0 rounding stochastic seed 5 overflow wrap : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2x!qcost.fixed<8, 4>>
  return %y : tensor<4x2x!qcost.fixed<8, 4>>
}

// -----

// Parameters that are not constants: left alone.
// CHECK-LABEL: func @runtime_parameters
// CHECK:       qcost.batch_norm
func.func @runtime_parameters(%x: tensor<1x4x!qcost.fixed<8, 0>>, %gamma: tensor<4xf32>) -> tensor<1x4xf32> {
  %beta = arith.constant dense<0.0> : tensor<4xf32>
  %var = arith.constant dense<1.0> : tensor<4xf32>
  // expected-remark @+1 {{batch-norm not rewritten to QuantNorm: its gamma is not a constant}}
  %y = qcost.batch_norm %x, %gamma, %beta, %beta, %var : (tensor<1x4x!qcost.fixed<8, 0>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// A negative variance makes the normalization undefined: left alone.
// CHECK-LABEL: func @negative_variance
// CHECK:       qcost.batch_norm
func.func @negative_variance(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %var = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  // expected-remark @+1 {{variance + epsilon is not positive in channel 1}}
  %y = qcost.batch_norm %x, %one, %one, %one, %var : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// No batch-norm: nothing changes.
// CHECK-LABEL: func @no_batch_norm
// CHECK-NEXT:  qcost.relu
func.func @no_batch_norm(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = qcost.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
