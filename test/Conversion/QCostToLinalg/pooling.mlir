// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// One reduction takes the exact sum or maximum of each window, one
// elementwise generic rounds it by qcost.encode.

// An average over a padded window: the input decoded (and padded with 0)
// into the narrowest integer the window needs, the i16 sum divided by the
// number of real inputs of each window (rows times columns inside).
// CHECK-LABEL: func.func @avg_padded
// CHECK: %[[DECODED:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x5x5x2xi16>)
// CHECK: qcost.decode %{{.*}} as !qcost.ufixed<4, 0> : i8 -> i16
// CHECK: %[[SUMS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[DECODED]], %{{.*}} : tensor<1x5x5x2xi16>, tensor<3x3xi8>) outs(%{{.*}} : tensor<1x2x2x2xi16>)
// CHECK: arith.addi %{{.*}}, %{{.*}} : i16
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]] : tensor<1x2x2x2xi16>)
// CHECK: ^bb0(%[[SUM:.*]]: i16, %{{.*}}: i8):
// CHECK: %[[DIVISOR:.*]] = arith.trunci %{{.*}} : i64 to i8
// CHECK: qcost.encode %[[SUM]] divisor %[[DIVISOR]] as !qcost.ufixed<4, 0> rounding stochastic seed 5 index %{{.*}} : (i16, i8, i64) -> i8
func.func @avg_padded(%x: tensor<1x4x4x2x!qcost.ufixed<4, 0>>) -> tensor<1x2x2x2x!qcost.ufixed<4, 0>> {
  %y = qcost.avg_pool2d %x kernel [3, 3] strides [2, 2] padding [1, 0, 1, 0] rounding stochastic seed 5 : (tensor<1x4x4x2x!qcost.ufixed<4, 0>>) -> tensor<1x2x2x2x!qcost.ufixed<4, 0>>
  return %y : tensor<1x2x2x2x!qcost.ufixed<4, 0>>
}

// -----

// The maximum of float values: exact f64 values, maximumf (NaN wins,
// +0 > -0), one encode.
// CHECK-LABEL: func.func @max_float
// CHECK: qcost.decode %{{.*}} as f8E4M3FN : i8 -> f64
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f64)
// CHECK: ^bb0(%[[X:.*]]: f64, %{{.*}}: i8, %[[ACC:.*]]: f64):
// CHECK: arith.maximumf %[[ACC]], %[[X]] : f64
// CHECK: qcost.encode %{{.*}} as bf16 : (f64) -> bf16
func.func @max_float(%x: tensor<1x4x4x2xf8E4M3FN>) -> tensor<1x2x2x2xbf16> {
  %y = qcost.max_pool2d %x kernel [2, 2] : (tensor<1x4x4x2xf8E4M3FN>) -> tensor<1x2x2x2xbf16>
  return %y : tensor<1x2x2x2xbf16>
}

// -----

// An exact sum of f32 values: an i512 at 2^-149 with NaN/infinity/-0
// flags beside it; the integer and the special value each encoded, one
// selected.
// CHECK-LABEL: func.func @global_f32
// CHECK: %[[SUMS:.*]]:2 = linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<1x1x1x4xi512>, tensor<1x1x1x4xi64>)
// CHECK: linalg.yield %{{.*}}, %{{.*}} : i512, i64
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]]#0, %[[SUMS]]#1 : tensor<1x1x1x4xi512>, tensor<1x1x1x4xi64>)
// CHECK: ^bb0(%[[SUM:.*]]: i512, %{{.*}}: i64, %{{.*}}: f32):
// CHECK: %[[COUNT:.*]] = arith.trunci %{{.*}} : i64 to i8
// CHECK: %[[NEGZERO:.*]] = arith.constant -0.000000e+00 : f64
// CHECK: %[[SPECIAL:.*]] = arith.select %{{.*}}, %[[NEGZERO]], %{{.*}} : f64
// CHECK: %[[IS_SPECIAL:.*]] = arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: %[[EXACT:.*]] = qcost.encode %[[SUM]] lsb -149 divisor %[[COUNT]] as f32 rounding toward_zero : (i512, i8) -> f32
// CHECK: %[[SPECIAL_CODE:.*]] = qcost.encode %[[SPECIAL]] as f32 rounding toward_zero : (f64) -> f32
// CHECK: arith.select %[[IS_SPECIAL]], %[[SPECIAL_CODE]], %[[EXACT]] : f32
func.func @global_f32(%x: tensor<1x7x7x4xf32>) -> tensor<1x1x1x4xf32> {
  %y = qcost.global_avg_pool %x rounding toward_zero : (tensor<1x7x7x4xf32>) -> tensor<1x1x1x4xf32>
  return %y : tensor<1x1x1x4xf32>
}

// -----

// reduce_sum over dimensions 0 and 2.
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @sum
// CHECK: linalg.generic {indexing_maps = [#[[ALL]], #[[KEPT]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK: qcost.encode %{{.*}} lsb -2 as !qcost.fixed<8, 0> : (i16) -> i8
func.func @sum(%x: tensor<2x3x4x!qcost.fixed<8, 2>>) -> tensor<3x!qcost.fixed<8, 0>> {
  %y = qcost.reduce_sum %x dims [0, 2] : (tensor<2x3x4x!qcost.fixed<8, 2>>) -> tensor<3x!qcost.fixed<8, 0>>
  return %y : tensor<3x!qcost.fixed<8, 0>>
}
