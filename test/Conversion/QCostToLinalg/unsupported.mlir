// What does not lower fails at the op with one error that names the op, its
// formats and the reason (the codec's limits, qcc/Dialect/QCost/IR/
// CodecLimits.h, or the pattern's).
// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file -verify-diagnostics

func.func @zero_only_minifloat(%x: tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.float<1, 0, specials = nan_only>> {
  // expected-error @+1 {{'qcost.relu' (!qcost.fixed<8, 2>) -> !qcost.float<1, 0, specials = nan_only> does not lower: float<1, 0, specials = nan_only> has no nonzero finite value to round to}}
  %y = qcost.relu %x : (tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.float<1, 0, specials = nan_only>>
  return %y : tensor<4x!qcost.float<1, 0, specials = nan_only>>
}

// -----

func.func @inexact_minifloat_arithmetic(%x: tensor<4xf8E5M2>, %s: tensor<4xf8E5M2>, %b: tensor<4xf8E5M2>) -> tensor<4xf8E5M2> {
  // expected-error @+1 {{'qcost.quant_norm' (f8E5M2, f8E5M2, f8E5M2) -> f8E5M2 does not lower: an intermediate needs 65 significant bits; float arithmetic is exact up to 53 (f64)}}
  %y = qcost.quant_norm %x, %s, %b : (tensor<4xf8E5M2>, tensor<4xf8E5M2>, tensor<4xf8E5M2>) -> tensor<4xf8E5M2>
  return %y : tensor<4xf8E5M2>
}

// -----

func.func @wide_minifloat_products(%x: tensor<2x4x!qcost.fixed<51, 0>>, %w: tensor<4x3xf8E4M3FN>) -> tensor<2x3x!qcost.fixed<64, 9>> {
  // expected-error @+1 {{'qcost.matmul' (!qcost.fixed<51, 0>, f8E4M3FN) -> !qcost.fixed<64, 9> does not lower: the exact product needs 54 significant bits; products of float operands or into float accumulators lower up to 53 (exact in f64)}}
  %y = qcost.matmul %x, %w : (tensor<2x4x!qcost.fixed<51, 0>>, tensor<4x3xf8E4M3FN>) -> tensor<2x3x!qcost.fixed<64, 9>>
  return %y : tensor<2x3x!qcost.fixed<64, 9>>
}

// -----

// An average of f32 values into fixed point divides an i512 sum: more than
// the i128 quotient the codec computes.
func.func @f32_average_into_fixed(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2x!qcost.fixed<16, 8>> {
  // expected-error @+1 {{'qcost.global_avg_pool' (f32) -> !qcost.fixed<16, 8> does not lower: rounding into fixed<16, 8> needs a 1024-bit quotient (at most 128)}}
  %y = qcost.global_avg_pool %x : (tensor<1x4x4x2xf32>) -> tensor<1x1x1x2x!qcost.fixed<16, 8>>
  return %y : tensor<1x1x1x2x!qcost.fixed<16, 8>>
}

// -----

func.func @f64_accumulator(%x: tensor<2x4xf8E5M2>, %w: tensor<4x3xf8E5M2>) -> tensor<2x3xf64> {
  // expected-error @+1 {{'qcost.matmul' (f8E5M2, f8E5M2) -> f64 does not lower: accumulators must be fixed point or floats}}
  %y = qcost.matmul %x, %w : (tensor<2x4xf8E5M2>, tensor<4x3xf8E5M2>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// -----

func.func @wide_dequantize(%x: tensor<4x!qcost.fixed<40, 0>>) -> tensor<4xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  // expected-error @+1 {{'qcost.dequantize' (!qcost.fixed<40, 0>, f32) -> f32 does not lower: an intermediate needs 63 significant bits; float arithmetic is exact up to 53 (f64)}}
  %y = qcost.dequantize %x scale(%s) : (tensor<4x!qcost.fixed<40, 0>>, tensor<f32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @bf16_batch_norm(%x: tensor<2x3xf32>, %p: tensor<3xbf16>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qcost.batch_norm' (f32, bf16, bf16, bf16, bf16) -> f32 does not lower: parameters of type bf16 are not supported (f32 and f16 are)}}
  %y = qcost.batch_norm %x, %p, %p, %p, %p : (tensor<2x3xf32>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// The average's quotient must keep 53 bits below the result's 24 significant
// bits: a 2^50-element window (its count an i64) is too large for
// float<8, 23>.
func.func @huge_average_into_wide_minifloat(%x: tensor<1x33554432x33554432x1x!qcost.fixed<4, 2>>) -> tensor<1x1x1x1x!qcost.float<8, 23>> {
  // expected-error @+1 {{'qcost.global_avg_pool' (!qcost.fixed<4, 2>) -> !qcost.float<8, 23> does not lower: a divisor of 64 bits does not round into float<8, 23> exactly (at most 48)}}
  %y = qcost.global_avg_pool %x : (tensor<1x33554432x33554432x1x!qcost.fixed<4, 2>>) -> tensor<1x1x1x1x!qcost.float<8, 23>>
  return %y : tensor<1x1x1x1x!qcost.float<8, 23>>
}

// -----

func.func @wide_shift(%x: tensor<4x!qcost.fixed<8, 2>>, %k: tensor<4xi32>) -> tensor<4x!qcost.fixed<8, 0>> {
  // expected-error @+1 {{'qcost.shift' (!qcost.fixed<8, 2>, i32) -> !qcost.fixed<8, 0> does not lower: shift amounts wider than 16 bits are not supported}}
  %y = qcost.shift %x, %k : (tensor<4x!qcost.fixed<8, 2>>, tensor<4xi32>) -> tensor<4x!qcost.fixed<8, 0>>
  return %y : tensor<4x!qcost.fixed<8, 0>>
}

// -----

// A product of a 39-bit integer and an f32 value is not exact in f64.
func.func @f32_times_wide_int(%x: tensor<4x!qcost.fixed<40, 0>>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qcost.mul' (!qcost.fixed<40, 0>, f32) -> f32 does not lower: an intermediate needs 63 significant bits; float arithmetic is exact up to 53 (f64)}}
  %z = qcost.mul %x, %y rounding toward_zero : (tensor<4x!qcost.fixed<40, 0>>, tensor<4xf32>) -> tensor<4xf32>
  return %z : tensor<4xf32>
}
