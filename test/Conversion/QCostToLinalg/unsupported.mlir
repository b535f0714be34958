// What does not lower yet fails at the op, naming it and the format.
// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file -verify-diagnostics

func.func @zero_only_minifloat(%x: tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.float<1, 0, specials = nan_only>> {
  // expected-error @+1 {{minifloat results of format float<1, 0, specials = nan_only> do not lower: its only finite value is zero}}
  %y = qcost.relu %x : (tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.float<1, 0, specials = nan_only>>
  return %y : tensor<4x!qcost.float<1, 0, specials = nan_only>>
}

// -----

func.func @inexact_minifloat_arithmetic(%x: tensor<4xf8E5M2>, %s: tensor<4xf8E5M2>, %b: tensor<4xf8E5M2>) -> tensor<4xf8E5M2> {
  // expected-error @+1 {{an intermediate needs 65 significant bits; float and minifloat arithmetic lowers up to 53 (exact in f64)}}
  %y = qcost.quant_norm %x, %s, %b : (tensor<4xf8E5M2>, tensor<4xf8E5M2>, tensor<4xf8E5M2>) -> tensor<4xf8E5M2>
  return %y : tensor<4xf8E5M2>
}

// -----

func.func @wide_minifloat_products(%x: tensor<2x4x!qcost.fixed<50, 0>>, %w: tensor<4x3xf8E4M3FN>) -> tensor<2x3x!qcost.fixed<64, 9>> {
  // expected-error @+1 {{the exact product needs 54 significant bits; products of float operands or into float accumulators lower up to 53 (exact in f64)}}
  %y = qcost.matmul %x, %w : (tensor<2x4x!qcost.fixed<50, 0>>, tensor<4x3xf8E4M3FN>) -> tensor<2x3x!qcost.fixed<64, 9>>
  return %y : tensor<2x3x!qcost.fixed<64, 9>>
}

// -----

// A sum of f32 values into a fixed-point result needs an integer wider than
// the 126 bits that encoder takes.
func.func @f32_sum_into_fixed(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2x!qcost.fixed<16, 8>> {
  // expected-error @+1 {{the exact sum needs 283 bits; it lowers up to 126}}
  %y = qcost.global_avg_pool %x : (tensor<1x4x4x2xf32>) -> tensor<1x1x1x2x!qcost.fixed<16, 8>>
  return %y : tensor<1x1x1x2x!qcost.fixed<16, 8>>
}

// -----

func.func @stochastic_binary(%x: tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.binary> {
  // expected-error @+1 {{stochastic rounding into !qcost.binary does not lower yet}}
  %y = qcost.relu %x rounding stochastic seed 3 : (tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.binary>
  return %y : tensor<4x!qcost.binary>
}

// -----

func.func @runtime_float_scale(%x: tensor<4x!qcost.fixed<8, 2>>, %s: tensor<f32>) -> tensor<4x!qcost.fixed<4, 0>> {
  // expected-error @+1 {{operand #1 of float type must be a constant to lower here}}
  %y = qcost.rescale %x, %s : (tensor<4x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<4x!qcost.fixed<4, 0>>
  return %y : tensor<4x!qcost.fixed<4, 0>>
}

// -----

func.func @shift(%x: tensor<4x!qcost.fixed<8, 2>>, %k: tensor<4xi8>) -> tensor<4x!qcost.fixed<8, 2>> {
  // expected-error @+1 {{'qcost.shift' with result format !qcost.fixed<8, 2> does not lower to linalg yet}}
  %y = qcost.shift %x, %k : (tensor<4x!qcost.fixed<8, 2>>, tensor<4xi8>) -> tensor<4x!qcost.fixed<8, 2>>
  return %y : tensor<4x!qcost.fixed<8, 2>>
}

// -----

func.func @f64_accumulator(%x: tensor<2x4xf8E5M2>, %w: tensor<4x3xf8E5M2>) -> tensor<2x3xf64> {
  // expected-error @+1 {{accumulators of format 'f64' do not lower yet (fixed point and floats up to 32 bits do)}}
  %y = qcost.matmul %x, %w : (tensor<2x4xf8E5M2>, tensor<4x3xf8E5M2>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// -----

func.func @wide_dequantize(%x: tensor<4x!qcost.fixed<40, 0>>) -> tensor<4xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  // expected-error @+1 {{the exact product needs 64 significant bits; it lowers up to 53 (f64)}}
  %y = qcost.dequantize %x scale(%s) : (tensor<4x!qcost.fixed<40, 0>>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @bf16_batch_norm(%x: tensor<2x3xf32>, %p: tensor<3xbf16>) -> tensor<2x3xf32> {
  // expected-error @+1 {{batch_norm with parameters of type 'bf16' does not lower yet (f32 and f16 do)}}
  %y = qcost.batch_norm %x, %p, %p, %p, %p : (tensor<2x3xf32>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @toward_zero_float(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{float results lower with nearest_even rounding only}}
  %y = qcost.quantize %x rounding toward_zero : (tensor<4xf32>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

// -----

// The average's quotient must keep 53 bits below the result's 24 significant
// bits: a 2^50-element window is too large for float<8, 23>.
func.func @huge_average_into_wide_minifloat(%x: tensor<1x33554432x33554432x1x!qcost.fixed<4, 2>>) -> tensor<1x1x1x1x!qcost.float<8, 23>> {
  // expected-error @+1 {{a divisor of 51 bits does not lower into the minifloat float<8, 23> (at most 48)}}
  %y = qcost.global_avg_pool %x : (tensor<1x33554432x33554432x1x!qcost.fixed<4, 2>>) -> tensor<1x1x1x1x!qcost.float<8, 23>>
  return %y : tensor<1x1x1x1x!qcost.float<8, 23>>
}
