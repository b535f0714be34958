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
