// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// Operands whose values are integers of at most 16 bits and sums that fit
// 32 bits: linalg's named contractions on the storage integers, i32 sums,
// then the accumulator's shift, bias and wrap in an elementwise generic.
// Nothing wider than i32 appears.

// CHECK-LABEL: func.func @matmul_i8
// CHECK-SAME: (%[[X:.*]]: tensor<4x16xi8>, %[[W:.*]]: tensor<16x8xi8>) -> tensor<4x8xi32>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%{{.*}} : tensor<4x8xi32>)
// CHECK: %[[SUM:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<4x16xi8>, tensor<16x8xi8>) outs(%[[INIT]] : tensor<4x8xi32>) -> tensor<4x8xi32>
// CHECK-NEXT: return %[[SUM]] : tensor<4x8xi32>
// CHECK-NOT: i64
func.func @matmul_i8(%x: tensor<4x16xi8>, %w: tensor<16x8xi8>) -> tensor<4x8xi32> {
  %y = qcost.matmul %x, %w : (tensor<4x16xi8>, tensor<16x8xi8>) -> tensor<4x8xi32>
  return %y : tensor<4x8xi32>
}

// -----

// Pointwise, constant weights: stored FHWC at compile time, so the
// reduction reads both operands contiguously; the bias joins after it.
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @pointwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x8xi8>) -> tensor<1x4x4x2xi32>
// CHECK-DAG: %[[BIAS:.*]] = arith.constant dense<[100, -100]> : tensor<2xi32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1, 3, -5, 7, 1, 0, -1, 2]]], {{\[\[\[}}-2, 4, 6, -8, 1, 2, -1, 2]]]]> : tensor<2x1x1x8xi8>
// CHECK: %[[SUM:.*]] = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[X]], %[[W]] : tensor<1x4x4x8xi8>, tensor<2x1x1x8xi8>) outs(%{{.*}} : tensor<1x4x4x2xi32>)
// CHECK: linalg.generic {indexing_maps = [#[[ALL]], #[[CHANNEL]], #[[ALL]]], {{.*}}} ins(%[[SUM]], %[[BIAS]] : tensor<1x4x4x2xi32>, tensor<2xi32>)
// CHECK: ^bb0(%[[S:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[T:.*]] = arith.addi %[[S]], %[[B]] : i32
// CHECK: %[[LOW:.*]] = arith.trunci %[[T]] : i32 to i20
// CHECK: %[[CODE:.*]] = arith.extsi %[[LOW]] : i20 to i32
// CHECK: linalg.yield %[[CODE]] : i32
// CHECK-NOT: i64
// CHECK-NOT: i128
// CHECK-NOT: f64
func.func @pointwise(%x: tensor<1x4x4x8x!qcost.fixed<8, 3>>) -> tensor<1x4x4x2x!qcost.fixed<20, 5>> {
  %w = qcost.constant dense<[[[[1, -2], [3, 4], [-5, 6], [7, -8], [1, 1], [0, 2], [-1, -1], [2, 2]]]]> : tensor<1x1x8x2xi8> -> tensor<1x1x8x2x!qcost.fixed<4, 2>>
  %b = qcost.constant dense<[100, -100]> : tensor<2xi32> -> tensor<2x!qcost.fixed<20, 5>>
  %y = qcost.conv2d %x, %w bias(%b) : (tensor<1x4x4x8x!qcost.fixed<8, 3>>, tensor<1x1x8x2x!qcost.fixed<4, 2>>, tensor<2x!qcost.fixed<20, 5>>) -> tensor<1x4x4x2x!qcost.fixed<20, 5>>
  return %y : tensor<1x4x4x2x!qcost.fixed<20, 5>>
}

// -----

// Depthwise 3x3, padded: the input padded with zeros in one copy, the
// filter regrouped to HWC, linalg.depthwise_conv_2d_nhwc_hwc in i32.
// CHECK-LABEL: func.func @depthwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x6x6x4xi8>, %[[W:.*]]: tensor<3x3x1x4xi8>) -> tensor<1x6x6x4xi32>
// CHECK: %[[PADDED:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x8x8x4xi8>)
// CHECK: %[[E:.*]] = tensor.extract %[[X]]
// CHECK: arith.select %{{.*}}, %[[E]], %{{.*}} : i8
// CHECK: %[[HWC:.*]] = tensor.reshape %[[W]](%{{.*}}) : (tensor<3x3x1x4xi8>, tensor<3xi64>) -> tensor<3x3x4xi8>
// CHECK: %[[SUM:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PADDED]], %[[HWC]] : tensor<1x8x8x4xi8>, tensor<3x3x4xi8>) outs(%{{.*}} : tensor<1x6x6x4xi32>)
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x6x6x4xi32>)
// CHECK: arith.trunci %{{.*}} : i32 to i20
// CHECK-NOT: i64
// CHECK-NOT: i128
// CHECK-NOT: f64
func.func @depthwise(%x: tensor<1x6x6x4x!qcost.fixed<8, 0>>, %w: tensor<3x3x1x4x!qcost.fixed<8, 0>>) -> tensor<1x6x6x4x!qcost.fixed<20, 0>> {
  %y = qcost.conv2d %x, %w padding [1, 1, 1, 1] groups 4 : (tensor<1x6x6x4x!qcost.fixed<8, 0>>, tensor<3x3x1x4x!qcost.fixed<8, 0>>) -> tensor<1x6x6x4x!qcost.fixed<20, 0>>
  return %y : tensor<1x6x6x4x!qcost.fixed<20, 0>>
}

// -----

// PoT weights become integers in units of 2^-6 at compile time. Unsigned
// 8-bit activations against constant weights stay bytes: x - 128 (the top
// bit flipped) in an i8 matmul, and 128 times each column's weight sum
// (127 and -127) added back.
// CHECK-LABEL: func.func @pot_weights
// CHECK: %[[X8:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x8xi8>)
// CHECK: %[[FLIP:.*]] = arith.constant -128 : i8
// CHECK: arith.xori %{{.*}}, %[[FLIP]] : i8
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}1, -1], [2, -2], [4, -4], [8, -8], [16, -16], [32, -32], [64, -64], [0, 0]]> : tensor<8x2xi8>
// CHECK: %[[SUM:.*]] = linalg.matmul ins(%[[X8]], %[[W]] : tensor<2x8xi8>, tensor<8x2xi8>) outs(%{{.*}} : tensor<2x2xi32>)
// CHECK: %[[FIX:.*]] = arith.constant dense<[16256, -16256]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[FIX]] : tensor<2x2xi32>, tensor<2xi32>)
// CHECK: arith.addi
func.func @pot_weights(%x: tensor<2x8x!qcost.ufixed<8, 0>>) -> tensor<2x2x!qcost.fixed<24, 6>> {
  %w = qcost.constant dense<[[1, 9], [2, 10], [3, 11], [4, 12], [5, 13], [6, 14], [7, 15], [0, 8]]> : tensor<8x2xi8> -> tensor<8x2x!qcost.pot<4, -6, 0>>
  %y = qcost.matmul %x, %w : (tensor<2x8x!qcost.ufixed<8, 0>>, tensor<8x2x!qcost.pot<4, -6, 0>>) -> tensor<2x2x!qcost.fixed<24, 6>>
  return %y : tensor<2x2x!qcost.fixed<24, 6>>
}

// -----

// Against weights known only at run time, unsigned 8-bit activations are
// decoded to i16 once.
// CHECK-LABEL: func.func @unsigned_runtime_weights
// CHECK: %[[X16:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x8xi16>)
// CHECK: qcost.decode %{{.*}} as !qcost.ufixed<8, 0> : i8 -> i16
// CHECK: linalg.matmul ins(%[[X16]], %{{.*}} : tensor<2x8xi16>, tensor<8x2xi8>) outs(%{{.*}} : tensor<2x2xi32>)
func.func @unsigned_runtime_weights(%x: tensor<2x8x!qcost.ufixed<8, 0>>, %w: tensor<8x2x!qcost.fixed<8, 0>>) -> tensor<2x2x!qcost.fixed<24, 0>> {
  %y = qcost.matmul %x, %w : (tensor<2x8x!qcost.ufixed<8, 0>>, tensor<8x2x!qcost.fixed<8, 0>>) -> tensor<2x2x!qcost.fixed<24, 0>>
  return %y : tensor<2x2x!qcost.fixed<24, 0>>
}

// -----

// Two groups of 3 input channels: a generic with the named ops'
// signature; binary weights decode to +-1 in i8.
// CHECK-DAG: #[[INPUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4 * 2, d2 + d5 * 2, (d3 floordiv 2) * 3 + d6)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d3)>
// CHECK-LABEL: func.func @grouped
// CHECK: %[[SIGNS:.*]] = linalg.generic
// CHECK: qcost.decode %{{.*}} as !qcost.binary : i8 -> i8
// CHECK: linalg.generic {indexing_maps = [#[[INPUT]], #[[FILTER]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.*}}, %[[SIGNS]] : tensor<1x5x5x6xi8>, tensor<2x2x3x4xi8>) outs(%{{.*}} : tensor<1x3x3x4xi32>)
// CHECK: ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %[[ACC:.*]]: i32):
// CHECK: %[[A32:.*]] = arith.extsi %[[A]] : i8 to i32
// CHECK: %[[B32:.*]] = arith.extsi %[[B]] : i8 to i32
// CHECK: %[[P:.*]] = arith.muli %[[A32]], %[[B32]] : i32
// CHECK: arith.addi %[[ACC]], %[[P]] : i32
func.func @grouped(%x: tensor<1x5x5x6x!qcost.fixed<4, 1>>, %w: tensor<2x2x3x4x!qcost.binary>) -> tensor<1x3x3x4x!qcost.fixed<10, 1>> {
  %y = qcost.conv2d %x, %w dilations [2, 2] groups 2 : (tensor<1x5x5x6x!qcost.fixed<4, 1>>, tensor<2x2x3x4x!qcost.binary>) -> tensor<1x3x3x4x!qcost.fixed<10, 1>>
  return %y : tensor<1x3x3x4x!qcost.fixed<10, 1>>
}

// -----

// A depthwise multiplier of 2: depthwise_conv_2d_nhwc_hwcm, regrouped back.
// CHECK-LABEL: func.func @multiplier
// CHECK: %[[HWCM:.*]] = tensor.reshape %{{.*}}(%{{.*}}) : (tensor<2x2x1x4xi8>, tensor<4xi64>) -> tensor<2x2x2x2xi8>
// CHECK: %[[SUM:.*]] = linalg.depthwise_conv_2d_nhwc_hwcm {{.*}} ins(%{{.*}}, %[[HWCM]] : tensor<1x4x4x2xi8>, tensor<2x2x2x2xi8>) outs(%{{.*}} : tensor<1x3x3x2x2xi32>)
// CHECK: %[[FLAT:.*]] = tensor.reshape %[[SUM]](%{{.*}}) : (tensor<1x3x3x2x2xi32>, tensor<4xi64>) -> tensor<1x3x3x4xi32>
// CHECK: return %[[FLAT]]
func.func @multiplier(%x: tensor<1x4x4x2xi8>, %w: tensor<2x2x1x4xi8>) -> tensor<1x3x3x4xi32> {
  %y = qcost.conv2d %x, %w groups 2 : (tensor<1x4x4x2xi8>, tensor<2x2x1x4xi8>) -> tensor<1x3x3x4xi32>
  return %y : tensor<1x3x3x4xi32>
}

// -----

// An accumulator wider than 32 bits stays native while the worst-case sum
// fits in i32 (here 4 * 128 * 128), then sign-extends.
// CHECK-LABEL: func.func @wide_accumulator
// CHECK: %[[SUM:.*]] = linalg.matmul {{.*}} outs(%{{.*}} : tensor<2x2xi32>)
// CHECK: ins(%[[SUM]] : tensor<2x2xi32>)
// CHECK: arith.extsi %{{.*}} : i32 to i64
func.func @wide_accumulator(%x: tensor<2x4xi8>, %w: tensor<4x2xi8>) -> tensor<2x2xi40> {
  %y = qcost.matmul %x, %w : (tensor<2x4xi8>, tensor<4x2xi8>) -> tensor<2x2xi40>
  return %y : tensor<2x2xi40>
}
