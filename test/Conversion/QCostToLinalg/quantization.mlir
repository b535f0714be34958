// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// quantize: the exact product of the float input and its scale (exact in
// f64), rounded once; here stochastically into binary.
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quantize
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<3xf32>) -> tensor<2x3xi8>
// CHECK: linalg.generic {indexing_maps = [#[[ALL]], #[[CHANNEL]], #[[ALL]]], {{.*}}} ins(%[[X]], %[[S]] : tensor<2x3xf32>, tensor<3xf32>)
// CHECK: %[[XD:.*]] = qcost.decode %{{.*}} as f32 : f32 -> f64
// CHECK: %[[SD:.*]] = qcost.decode %{{.*}} as f32 : f32 -> f64
// CHECK: %[[P:.*]] = arith.mulf %[[XD]], %[[SD]] : f64
// CHECK: qcost.encode %[[P]] as !qcost.binary rounding stochastic seed 3 index %{{.*}} : (f64, i64) -> i8
func.func @quantize(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3x!qcost.binary> {
  %y = qcost.quantize %x scale(%s) rounding stochastic seed 3 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3x!qcost.binary>
  return %y : tensor<2x3x!qcost.binary>
}

// -----

// dequantize rounds as IEEE does: nearest even, overflowing to infinity.
// CHECK-LABEL: func.func @dequantize
// CHECK: %[[XD:.*]] = qcost.decode %{{.*}} as !qcost.fixed<8, 0> : i8 -> f64
// CHECK: %[[SD:.*]] = qcost.decode %{{.*}} as f32 : f32 -> f64
// CHECK: %[[P:.*]] = arith.mulf %[[XD]], %[[SD]] : f64
// CHECK: qcost.encode %[[P]] as f16 overflow wrap : (f64) -> f16
func.func @dequantize(%x: tensor<4x!qcost.fixed<8, 0>>, %s: tensor<f32>) -> tensor<4xf16> {
  %y = qcost.dequantize %x scale(%s) : (tensor<4x!qcost.fixed<8, 0>>, tensor<f32>) -> tensor<4xf16>
  return %y : tensor<4xf16>
}

// -----

// Without a scale: the input's exact value, rounded.
// CHECK-LABEL: func.func @quantize_bare
// CHECK: %[[XD:.*]] = qcost.decode %{{.*}} as bf16 : bf16 -> f64
// CHECK: qcost.encode %[[XD]] as !qcost.fixed<8, 2> overflow wrap : (f64) -> i8
func.func @quantize_bare(%x: tensor<4xbf16>) -> tensor<4x!qcost.fixed<8, 2>> {
  %y = qcost.quantize %x overflow wrap : (tensor<4xbf16>) -> tensor<4x!qcost.fixed<8, 2>>
  return %y : tensor<4x!qcost.fixed<8, 2>>
}
