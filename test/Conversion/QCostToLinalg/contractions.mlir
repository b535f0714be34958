// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// A padded, strided conv2d with a bias: the input is decoded to i64 in one
// loop that also pads (tensor.extract at clamped coordinates, zero outside),
// the products are summed in a linalg.generic over (n, oh, ow, o, kh, kw, ci)
// in wrapping i64, and the bias is added before truncating to 20 bits.
// CHECK: #[[INPUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d6)>
// CHECK: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d3)>
// CHECK-LABEL: func.func @conv_padded
// CHECK-SAME: (%[[X:.*]]: tensor<1x5x5x3xi8>, %[[W:.*]]: tensor<3x3x3x4xi8>, %[[B:.*]]: tensor<4xi32>) -> tensor<1x3x3x4xi32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x7x7x3xi64>)
// CHECK: tensor.extract %[[X]]
// CHECK: arith.select
// CHECK: linalg.generic {indexing_maps = [#[[INPUT]], #[[FILTER]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
// CHECK: arith.addi %{{.*}}, %{{.*}} : i64
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i20
// CHECK: arith.extsi %{{.*}} : i20 to i32
func.func @conv_padded(%x: tensor<1x5x5x3x!qcost.fixed<8, 0>>, %w: tensor<3x3x3x4x!qcost.fixed<4, 0>>, %b: tensor<4x!qcost.fixed<20, 0>>) -> tensor<1x3x3x4x!qcost.fixed<20, 0>> {
  %y = qcost.conv2d %x, %w bias(%b) strides [2, 2] padding [1, 1, 1, 1] : (tensor<1x5x5x3x!qcost.fixed<8, 0>>, tensor<3x3x3x4x!qcost.fixed<4, 0>>, tensor<4x!qcost.fixed<20, 0>>) -> tensor<1x3x3x4x!qcost.fixed<20, 0>>
  return %y : tensor<1x3x3x4x!qcost.fixed<20, 0>>
}

// -----

// Depthwise: output channel o reads input channel o (floordiv 1 folds away).
// CHECK: #[[DW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @depthwise
// CHECK: linalg.generic {indexing_maps = [#[[DW]],
func.func @depthwise(%x: tensor<1x4x4x8x!qcost.ufixed<4, 0>>, %w: tensor<3x3x1x8x!qcost.fixed<4, 0>>) -> tensor<1x2x2x8x!qcost.fixed<12, 0>> {
  %y = qcost.conv2d %x, %w groups 8 : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>, tensor<3x3x1x8x!qcost.fixed<4, 0>>) -> tensor<1x2x2x8x!qcost.fixed<12, 0>>
  return %y : tensor<1x2x2x8x!qcost.fixed<12, 0>>
}

// -----

// Two groups of 3 input and 2 output channels, dilation 2.
// CHECK: #[[GROUPED:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4 * 2, d2 + d5 * 2, (d3 floordiv 2) * 3 + d6)>
// CHECK-LABEL: func.func @grouped
// CHECK: linalg.generic {indexing_maps = [#[[GROUPED]],
func.func @grouped(%x: tensor<1x5x5x6x!qcost.fixed<4, 1>>, %w: tensor<2x2x3x4x!qcost.binary>) -> tensor<1x3x3x4x!qcost.fixed<10, 1>> {
  %y = qcost.conv2d %x, %w dilations [2, 2] groups 2 : (tensor<1x5x5x6x!qcost.fixed<4, 1>>, tensor<2x2x3x4x!qcost.binary>) -> tensor<1x3x3x4x!qcost.fixed<10, 1>>
  return %y : tensor<1x3x3x4x!qcost.fixed<10, 1>>
}

// -----

// matmul decodes both sides once and uses linalg.matmul in i64.
// CHECK-LABEL: func.func @matmul
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xi64>, tensor<3x4xi64>) outs(%{{.*}} : tensor<2x4xi64>)
// CHECK: arith.trunci %{{.*}} : i64 to i12
func.func @matmul(%x: tensor<2x3x!qcost.fixed<4, 0>>, %w: tensor<3x4x!qcost.fixed<4, 0>>) -> tensor<2x4x!qcost.fixed<12, 0>> {
  %y = qcost.matmul %x, %w : (tensor<2x3x!qcost.fixed<4, 0>>, tensor<3x4x!qcost.fixed<4, 0>>) -> tensor<2x4x!qcost.fixed<12, 0>>
  return %y : tensor<2x4x!qcost.fixed<12, 0>>
}
