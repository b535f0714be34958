// What does not lower yet fails at the op, naming it and the format.
// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file -verify-diagnostics

func.func @minifloat_result(%x: tensor<4x!qcost.fixed<8, 2>>) -> tensor<4xf8E5M2> {
  %s = arith.constant dense<1.0> : tensor<f32>
  // expected-error @+1 {{results of format 'f8E5M2' do not lower yet (fixed point, integers and binary do)}}
  %y = qcost.rescale %x, %s : (tensor<4x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<4xf8E5M2>
  return %y : tensor<4xf8E5M2>
}

// -----

func.func @stochastic(%x: tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.fixed<4, 0>> {
  %s = arith.constant dense<1.0> : tensor<f32>
  // expected-error @+1 {{stochastic rounding does not lower yet}}
  %y = qcost.rescale %x, %s rounding stochastic seed 3 : (tensor<4x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<4x!qcost.fixed<4, 0>>
  return %y : tensor<4x!qcost.fixed<4, 0>>
}

// -----

func.func @runtime_float_scale(%x: tensor<4x!qcost.fixed<8, 2>>, %s: tensor<f32>) -> tensor<4x!qcost.fixed<4, 0>> {
  // expected-error @+1 {{operand #1 of float type must be a constant to lower}}
  %y = qcost.rescale %x, %s : (tensor<4x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<4x!qcost.fixed<4, 0>>
  return %y : tensor<4x!qcost.fixed<4, 0>>
}

// -----

func.func @pool(%x: tensor<1x4x4x2x!qcost.fixed<8, 0>>) -> tensor<1x2x2x2x!qcost.fixed<8, 0>> {
  // expected-error @+1 {{'qcost.max_pool2d' with result format !qcost.fixed<8, 0> does not lower to linalg yet}}
  %y = qcost.max_pool2d %x kernel [2, 2] : (tensor<1x4x4x2x!qcost.fixed<8, 0>>) -> tensor<1x2x2x2x!qcost.fixed<8, 0>>
  return %y : tensor<1x2x2x2x!qcost.fixed<8, 0>>
}

// -----

func.func @float_accumulator(%x: tensor<2x4xf16>, %w: tensor<4x3xf16>) -> tensor<2x3xf32> {
  // expected-error @+1 {{accumulators of format 'f32' do not lower yet (fixed point only)}}
  %y = qcost.matmul %x, %w : (tensor<2x4xf16>, tensor<4x3xf16>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
