// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// quantize: the product of two f32 values is exact in f64; one
// round-to-nearest-even, a saturating range check, NaN to code 0.
// CHECK-LABEL: func.func @quantize
// CHECK-SAME: (%{{.*}}: tensor<2x3xf32>, %{{.*}}: tensor<3xf32>) -> tensor<2x3xi8>
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: math.roundeven %{{.*}} : f64
// CHECK: arith.fptosi %{{.*}} : f64 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @quantize(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3x!qcost.fixed<6, 2>> {
  %y = qcost.quantize %x scale(%s) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3x!qcost.fixed<6, 2>>
  return %y : tensor<2x3x!qcost.fixed<6, 2>>
}

// -----

// Wrap takes the integer modulo 2^64 in f64 (exact), then its low bits.
// CHECK-LABEL: func.func @quantize_wrap
// CHECK: math.trunc %{{.*}} : f64
// CHECK: arith.remf
// CHECK: arith.trunci %{{.*}} : i64 to i5
func.func @quantize_wrap(%x: tensor<4xf32>) -> tensor<4x!qcost.ufixed<5, 0>> {
  %y = qcost.quantize %x rounding toward_zero overflow wrap : (tensor<4xf32>) -> tensor<4x!qcost.ufixed<5, 0>>
  return %y : tensor<4x!qcost.ufixed<5, 0>>
}

// -----

// dequantize: code times 2^-F times the scale, exact in f64, then one IEEE
// fptrunc; NaNs are canonical.
// CHECK-LABEL: func.func @dequantize
// CHECK: arith.sitofp %{{.*}} : i64 to f64
// CHECK: arith.truncf %{{.*}} : f64 to f16
// CHECK: arith.cmpf uno
func.func @dequantize(%x: tensor<4x!qcost.fixed<24, 4>>) -> tensor<4xf16> {
  %s = arith.constant dense<0.0625> : tensor<f32>
  %y = qcost.dequantize %x scale(%s) : (tensor<4x!qcost.fixed<24, 4>>, tensor<f32>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

// -----

// batch_norm computes step by step in f32, as the semantics say; the
// default saturate clamps infinities of the f32 result.
// CHECK-LABEL: func.func @batch_norm
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: math.sqrt %{{.*}} : f32
// CHECK: arith.divf
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: math.copysign
func.func @batch_norm(%x: tensor<1x2x2x3x!qcost.fixed<12, 0>>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x2x2x3xf32> {
  %y = qcost.batch_norm %x, %g, %b, %m, %v : (tensor<1x2x2x3x!qcost.fixed<12, 0>>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}

// -----

// clip from f32 to f32 clips with the bounds rounded into f32 (6.1 to the
// nearest f32, which is exact for max(x, lo) and min(., hi) on f32 inputs).
// CHECK-LABEL: func.func @clip_f32
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: arith.constant 6.100000e+00 : f32
// CHECK: arith.minimumf
func.func @clip_f32(%x: tensor<8xf32>) -> tensor<8xf32> {
  %y = qcost.clip %x min 0.0 max 6.1 : (tensor<8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// relu from f32 straight into a 4-bit code, in f64 with one rounding.
// CHECK-LABEL: func.func @relu_to_ufixed
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f64
// CHECK: math.floor
// CHECK: arith.uitofp
func.func @relu_to_ufixed(%x: tensor<8xf32>) -> tensor<8x!qcost.ufixed<4, 1>> {
  %y = qcost.relu %x rounding stochastic seed 1 : (tensor<8xf32>) -> tensor<8x!qcost.ufixed<4, 1>>
  return %y : tensor<8x!qcost.ufixed<4, 1>>
}
