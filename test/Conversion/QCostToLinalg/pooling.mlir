// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// max_pool2d pads with the smallest i64 (padding never wins), reduces the
// window with maxsi and rounds the exact maximum into the result format.
// CHECK-LABEL: func.func @max_pool
// CHECK: arith.constant -9223372036854775808 : i64
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i64
// CHECK: arith.trunci %{{.*}} : i128 to i8
func.func @max_pool(%x: tensor<1x4x4x2x!qcost.fixed<8, 2>>) -> tensor<1x2x2x2x!qcost.fixed<6, 1>> {
  %y = qcost.max_pool2d %x kernel [3, 3] strides [2, 2] padding [1, 0, 1, 0] : (tensor<1x4x4x2x!qcost.fixed<8, 2>>) -> tensor<1x2x2x2x!qcost.fixed<6, 1>>
  return %y : tensor<1x2x2x2x!qcost.fixed<6, 1>>
}

// -----

// avg_pool2d with padding divides by the number of real inputs of each
// window (rows times columns inside the input, from linalg.index), with the
// rounding decided on the exact remainder.
// CHECK-LABEL: func.func @avg_pool_padded
// CHECK: arith.addi %{{.*}}, %{{.*}} : i64
// CHECK: linalg.index 1
// CHECK: linalg.index 2
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
// CHECK: arith.divsi %{{.*}}, %{{.*}} : i128
func.func @avg_pool_padded(%x: tensor<1x4x4x2x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x2x!qcost.ufixed<8, 4>> {
  %y = qcost.avg_pool2d %x kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] : (tensor<1x4x4x2x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x2x!qcost.ufixed<8, 4>>
  return %y : tensor<1x4x4x2x!qcost.ufixed<8, 4>>
}

// -----

// global_avg_pool is a 7x7 window: a constant count of 49. Stochastic
// rounding draws SplitMix64 of the result element's linear index.
// CHECK-LABEL: func.func @global_stochastic
// CHECK: arith.constant 49 : i128
// CHECK: arith.constant -7046029254386353131 : i64
// CHECK: arith.cmpi ult
func.func @global_stochastic(%x: tensor<1x7x7x4x!qcost.ufixed<4, 0>>) -> tensor<1x1x1x4x!qcost.ufixed<8, 4>> {
  %y = qcost.global_avg_pool %x rounding stochastic seed 7 : (tensor<1x7x7x4x!qcost.ufixed<4, 0>>) -> tensor<1x1x1x4x!qcost.ufixed<8, 4>>
  return %y : tensor<1x1x1x4x!qcost.ufixed<8, 4>>
}

// -----

// reduce_sum over dimension 1: a reduction generic that drops it.
// CHECK: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @reduce
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[KEPT]]], iterator_types = ["parallel", "reduction", "parallel"]}
func.func @reduce(%x: tensor<2x3x4x!qcost.fixed<8, 0>>) -> tensor<2x4x!qcost.fixed<8, -2>> {
  %y = qcost.reduce_sum %x dims [1] : (tensor<2x3x4x!qcost.fixed<8, 0>>) -> tensor<2x4x!qcost.fixed<8, -2>>
  return %y : tensor<2x4x!qcost.fixed<8, -2>>
}

// -----

// f32 inputs (torchvision's global average pool): exact f64 values, padded
// with -0; the exact sum is an i512 at the f32 LSB 2^-149 with NaN and
// infinity flags beside it (two outputs), then divided by 49 and rounded
// into f32 by integer code.
// CHECK-LABEL: func.func @global_avg_pool_f32
// CHECK-SAME: -> tensor<1x1x1x8xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<1x1x1x8xi512>, tensor<1x1x1x8xi64>)
// CHECK: arith.addi %{{.*}}, %{{.*}} : i512
// CHECK: arith.ori %{{.*}}, %{{.*}} : i64
// CHECK: arith.constant 49 : i128
// CHECK: math.ctlz %{{.*}} : i512
// CHECK: arith.divui %{{.*}}, %{{.*}} : i128
// CHECK: arith.bitcast %{{.*}} : i32 to f32
func.func @global_avg_pool_f32(%x: tensor<1x7x7x8xf32>) -> tensor<1x1x1x8xf32> {
  %y = qcost.global_avg_pool %x : (tensor<1x7x7x8xf32>) -> tensor<1x1x1x8xf32>
  return %y : tensor<1x1x1x8xf32>
}

// -----

// Minifloat inputs: the maximum of exact f64 values (maximumf: NaN wins,
// +0 > -0), padding -inf; the sum of E5M2 values fits an i64.
// CHECK-LABEL: func.func @max_pool_e5m2
// CHECK: arith.constant 0xFFF0000000000000 : f64
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f64
func.func @max_pool_e5m2(%x: tensor<1x5x5x3xf8E5M2>) -> tensor<1x3x3x3xf8E4M3> {
  %y = qcost.max_pool2d %x kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] : (tensor<1x5x5x3xf8E5M2>) -> tensor<1x3x3x3xf8E4M3>
  return %y : tensor<1x3x3x3xf8E4M3>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_e5m2
// CHECK: linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<5xi64>, tensor<5xi64>)
// CHECK: arith.addi %{{.*}}, %{{.*}} : i64
func.func @reduce_sum_e5m2(%x: tensor<2x5x3xf8E5M2>) -> tensor<5x!qcost.fixed<24, 8>> {
  %y = qcost.reduce_sum %x dims [0, 2] rounding toward_zero : (tensor<2x5x3xf8E5M2>) -> tensor<5x!qcost.fixed<24, 8>>
  return %y : tensor<5x!qcost.fixed<24, 8>>
}
