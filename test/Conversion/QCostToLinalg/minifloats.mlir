// Minifloats lower to integer code on their storage integers: decoding
// assembles an f64 from the code's fields, and encoding rounds a wide
// significand times a run-time power of two (the binade found with ctlz on
// i128) without any minifloat-typed arithmetic.
// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// f32 -> OCP E4M3 ("FN"): saturating; the normal binades run from 2^-6 to
// 2^8, where the largest finite value 448 has magnitude code 126.
// CHECK-LABEL: func.func @quantize_e4m3fn
// CHECK-SAME: (%{{.*}}: tensor<4xf32>) -> tensor<4xi8>
// CHECK: linalg.generic
// CHECK: arith.bitcast %{{.*}} : f64 to i64
// CHECK: math.ctlz %{{.*}} : i128
// CHECK-DAG: arith.constant -6 : i64
// CHECK-DAG: arith.constant 8 : i64
// CHECK-DAG: arith.constant 126 : i64
// CHECK-NOT: f8E4M3FN
// CHECK: return %{{.*}} : tensor<4xi8>
func.func @quantize_e4m3fn(%x: tensor<4xf32>) -> tensor<4xf8E4M3FN> {
  %y = qcost.quantize %x : (tensor<4xf32>) -> tensor<4xf8E4M3FN>
  return %y : tensor<4xf8E4M3FN>
}

// -----

// CFG-5 codes (subnormals read as normals, top mantissa = infinity) decode to
// f64 by assembling 2^exponent from integer bits.
// CHECK-LABEL: func.func @dequantize_cfg5
// CHECK-SAME: (%{{.*}}: tensor<4xi8>) -> tensor<4xf32>
// CHECK: arith.bitcast %{{.*}} : i64 to f64
// CHECK: arith.sitofp %{{.*}} : i64 to f64
// CHECK: math.copysign
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @dequantize_cfg5(%x: tensor<4x!qcost.float<5, 2, subnormals = as_normal, specials = inf_only>>) -> tensor<4xf32> {
  %y = qcost.dequantize %x : (tensor<4x!qcost.float<5, 2, subnormals = as_normal, specials = inf_only>>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// E5M2 x E5M2 rounded into E4M3: the product of two f64 values, then
// stochastic rounding against the 53-bit SplitMix64 draw.
// CHECK-LABEL: func.func @mul_e5m2_stochastic
// CHECK-SAME: (%{{.*}}: tensor<2x3xi8>, %{{.*}}: tensor<3xi8>) -> tensor<2x3xi8>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: arith.constant -7046029254386353131 : i64
// CHECK: arith.shli %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi ult
func.func @mul_e5m2_stochastic(%a: tensor<2x3xf8E5M2>, %b: tensor<3xf8E5M2>) -> tensor<2x3xf8E4M3> {
  %y = qcost.mul %a, %b rounding stochastic seed 11 : (tensor<2x3xf8E5M2>, tensor<3xf8E5M2>) -> tensor<2x3xf8E4M3>
  return %y : tensor<2x3xf8E4M3>
}

// -----

// CFG-3: the multiplier output is not rounded, written as the exact product
// type float<6, 5> (12-bit codes in i16 storage; binades 2^-30 to 2^32).
// CHECK-LABEL: func.func @mul_cfg3
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xi16>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK-DAG: arith.constant -30 : i64
// CHECK-DAG: arith.constant 32 : i64
// CHECK: arith.trunci %{{.*}} : i64 to i16
func.func @mul_cfg3(%a: tensor<4xf8E5M2>, %b: tensor<4xf8E5M2>) -> tensor<4x!qcost.float<6, 5, subnormals = no_output>> {
  %y = qcost.mul %a, %b : (tensor<4xf8E5M2>, tensor<4xf8E5M2>) -> tensor<4x!qcost.float<6, 5, subnormals = no_output>>
  return %y : tensor<4x!qcost.float<6, 5, subnormals = no_output>>
}

// -----

// Fixed point into a custom FP6 with no subnormal outputs and wrap overflow
// (to infinity): the integer result goes onto the grid by shifts.
// CHECK-LABEL: func.func @relu_to_fp6
// CHECK-SAME: (%{{.*}}: tensor<4xi8>) -> tensor<4xi8>
// CHECK: arith.maxsi
// CHECK: math.ctlz %{{.*}} : i128
// CHECK-NOT: f64
// CHECK: return
func.func @relu_to_fp6(%x: tensor<4x!qcost.fixed<8, 3>>) -> tensor<4x!qcost.float<3, 2, subnormals = no_output>> {
  %y = qcost.relu %x overflow wrap : (tensor<4x!qcost.fixed<8, 3>>) -> tensor<4x!qcost.float<3, 2, subnormals = no_output>>
  return %y : tensor<4x!qcost.float<3, 2, subnormals = no_output>>
}

// -----

// Average pooling of integers into E5M2: the exact quotient on the grid is a
// division of i128 values (floor plus sticky bit).
// CHECK-LABEL: func.func @avg_pool_to_e5m2
// CHECK: arith.divui %{{.*}}, %{{.*}} : i128
// CHECK: arith.remui %{{.*}}, %{{.*}} : i128
// CHECK: math.ctlz
func.func @avg_pool_to_e5m2(%x: tensor<1x3x3x2x!qcost.fixed<8, 4>>) -> tensor<1x1x1x2xf8E5M2> {
  %y = qcost.global_avg_pool %x : (tensor<1x3x3x2x!qcost.fixed<8, 4>>) -> tensor<1x1x1x2xf8E5M2>
  return %y : tensor<1x1x1x2xf8E5M2>
}

// -----

// An FP8 MAC ([MAC] designs): E5M2 x E4M3FN products rounded into a Q8.13
// accumulator (nearest even, wrapping) and summed in wrapping i64.
// CHECK-LABEL: func.func @fp8_mac
// CHECK-SAME: (%{{.*}}: tensor<2x4xi8>, %{{.*}}: tensor<4x3xi8>) -> tensor<2x3xi32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: math.roundeven
// CHECK: arith.addi %{{.*}}, %{{.*}} : i64
// CHECK: arith.trunci %{{.*}} : i64 to i22
func.func @fp8_mac(%x: tensor<2x4xf8E5M2>, %w: tensor<4x3xf8E4M3FN>) -> tensor<2x3x!qcost.fixed<22, 13>> {
  %y = qcost.matmul %x, %w : (tensor<2x4xf8E5M2>, tensor<4x3xf8E4M3FN>) -> tensor<2x3x!qcost.fixed<22, 13>>
  return %y : tensor<2x3x!qcost.fixed<22, 13>>
}

// -----

// A minifloat accumulator (CFG-3's exact product type): the sums are carried
// as exact f64 values; each product and each sum is rounded into float<6, 5>
// by integer code and decoded back, and the final sum is encoded.
// CHECK-LABEL: func.func @matmul_cfg3_accumulator
// CHECK-SAME: -> tensor<2x3xi16>
// CHECK: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: math.ctlz
// CHECK: arith.addf %{{.*}}, %{{.*}} : f64
// CHECK: math.ctlz
// CHECK: linalg.yield %{{.*}} : f64
// CHECK: arith.trunci %{{.*}} : i64 to i16
func.func @matmul_cfg3_accumulator(%x: tensor<2x4xf8E5M2>, %w: tensor<4x3xf8E5M2>) -> tensor<2x3x!qcost.float<6, 5>> {
  %y = qcost.matmul %x, %w : (tensor<2x4xf8E5M2>, tensor<4x3xf8E5M2>) -> tensor<2x3x!qcost.float<6, 5>>
  return %y : tensor<2x3x!qcost.float<6, 5>>
}
