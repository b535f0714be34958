// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// Rescale by a float constant: the scale becomes the integer 3 at 2^-2, the
// exact product is rounded to nearest even with a 3-bit shift and saturated.
// CHECK-LABEL: func.func @rescale
// CHECK-SAME: (%{{.*}}: tensor<2x3xi8>) -> tensor<2x3xi8>
// CHECK: arith.constant dense<3> : tensor<i64>
// CHECK: linalg.generic
// CHECK: arith.extsi %{{.*}} : i8 to i128
// CHECK: arith.muli
// CHECK: arith.shrsi
// CHECK: arith.cmpi ugt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.trunci %{{.*}} : i128 to i8
func.func @rescale(%x: tensor<2x3x!qcost.fixed<8, 2>>) -> tensor<2x3x!qcost.fixed<4, 1>> {
  %s = arith.constant dense<0.75> : tensor<f32>
  %z = qcost.rescale %x, %s : (tensor<2x3x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<2x3x!qcost.fixed<4, 1>>
  return %z : tensor<2x3x!qcost.fixed<4, 1>>
}

// -----

// Wrap keeps the low W bits and re-extends them into the storage type;
// toward_zero adds one to negative results with a remainder.
// CHECK-LABEL: func.func @add_wrap
// CHECK: arith.cmpi slt
// CHECK: arith.trunci %{{.*}} : i128 to i5
// CHECK: arith.extui %{{.*}} : i5 to i8
func.func @add_wrap(%a: tensor<4x!qcost.fixed<8, 2>>, %b: tensor<4x!qcost.ufixed<3, 0>>) -> tensor<4x!qcost.ufixed<5, 1>> {
  %y = qcost.add %a, %b rounding toward_zero overflow wrap : (tensor<4x!qcost.fixed<8, 2>>, tensor<4x!qcost.ufixed<3, 0>>) -> tensor<4x!qcost.ufixed<5, 1>>
  return %y : tensor<4x!qcost.ufixed<5, 1>>
}

// -----

// Power-of-two operands decode to a shift of one; binary to +-1.
// CHECK-LABEL: func.func @pot_times_binary
// CHECK: arith.minui
// CHECK: arith.shli
// CHECK: arith.select
// CHECK: arith.muli
func.func @pot_times_binary(%w: tensor<4x!qcost.pot<4, -6, 0>>, %b: tensor<4x!qcost.binary>) -> tensor<4x!qcost.fixed<8, 6>> {
  %y = qcost.mul %w, %b : (tensor<4x!qcost.pot<4, -6, 0>>, tensor<4x!qcost.binary>) -> tensor<4x!qcost.fixed<8, 6>>
  return %y : tensor<4x!qcost.fixed<8, 6>>
}

// -----

// Per-channel parameters block-broadcast through the indexing maps.
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quant_norm
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CHANNEL]], #[[CHANNEL]], #{{.*}}]
func.func @quant_norm(%x: tensor<2x4x!qcost.fixed<12, 0>>) -> tensor<2x4x!qcost.ufixed<4, 0>> {
  %s = arith.constant dense<[0.5, 0.25, 0.125, 1.0]> : tensor<4xf32>
  %b = arith.constant dense<[1.0, -2.0, 0.5, 0.0]> : tensor<4xf32>
  %y = qcost.quant_norm %x, %s, %b : (tensor<2x4x!qcost.fixed<12, 0>>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x!qcost.ufixed<4, 0>>
  return %y : tensor<2x4x!qcost.ufixed<4, 0>>
}

// -----

// Contractions decode once, multiply-accumulate in i64 and wrap to W bits.
// CHECK-LABEL: func.func @dense
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x8xi64>, tensor<8x3xi64>)
// CHECK: arith.addi
// CHECK: arith.trunci %{{.*}} : i64 to i13
// CHECK: arith.extsi %{{.*}} : i13 to i16
func.func @dense(%x: tensor<1x8x!qcost.ufixed<4, 0>>, %w: tensor<8x3x!qcost.fixed<4, 0>>, %b: tensor<3x!qcost.fixed<13, 0>>) -> tensor<1x3x!qcost.fixed<13, 0>> {
  %y = qcost.dense %x, %w bias(%b) : (tensor<1x8x!qcost.ufixed<4, 0>>, tensor<8x3x!qcost.fixed<4, 0>>, tensor<3x!qcost.fixed<13, 0>>) -> tensor<1x3x!qcost.fixed<13, 0>>
  return %y : tensor<1x3x!qcost.fixed<13, 0>>
}
