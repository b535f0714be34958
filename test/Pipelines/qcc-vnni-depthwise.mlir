// RUN: qcc-opt %s --split-input-file --qcc-vnni-contractions --cse | FileCheck %s
// RUN: qcc-opt %s --split-input-file --qcc-vnni-contractions="depthwise=0" | FileCheck %s --check-prefix=OFF

// A 3x3 depthwise convolution of 20 channels over rows of 20 pixels: the
// weights widened to i32 in a new global [9][32] (zeros past channel 20),
// a loop over images and output rows, one block of 16 channels and a
// masked block of 4, tiles of 8 pixels and a last one of 4; each input
// vector (16 channels of one pixel) is widened once per kernel row and
// multiplied into every accumulator that meets it. The fill of zeros goes.

// CHECK: memref.global "private" constant @__qcc_depthwise_weights : memref<9x32xi32> = dense<{{.*}}> {alignment = 64 : i64}
// CHECK-LABEL: func.func @depthwise
// CHECK-SAME: (%[[X:.*]]: memref<1x7x22x20xi8>, %[[OUT:.*]]: memref<1x5x20x20xi32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[W:.*]] = memref.get_global @__qcc_depthwise_weights : memref<9x32xi32>
// CHECK: scf.for %[[N:.*]] = %c0 to %c5 step %c1
// CHECK: %[[TAP:.*]] = vector.load %[[W]][%c0, %c0] : memref<9x32xi32>, vector<16xi32>
// CHECK: scf.for %[[OW:.*]] = %c0 to %c16 step %c8
// CHECK: %[[IN:.*]] = vector.load %[[X]][%c0, %{{.*}}, %{{.*}}, %c0] : memref<1x7x22x20xi8>, vector<16xi8>
// CHECK: %[[WIDE:.*]] = arith.extsi %[[IN]] : vector<16xi8> to vector<16xi32>
// CHECK: %[[P:.*]] = arith.muli %[[WIDE]], %[[TAP]] : vector<16xi32>
// CHECK: arith.addi %{{.*}}, %[[P]] : vector<16xi32>
// CHECK: vector.store %{{.*}}, %[[OUT]][%c0, %{{.*}}, %{{.*}}, %c0] : memref<1x5x20x20xi32>, vector<16xi32>
// The block of 4 channels: masked reads of the weights and inputs, masked
// stores.
// CHECK: vector.maskedload %[[W]][%c0, %c16]
// CHECK: vector.maskedload %[[X]]
// CHECK: vector.maskedstore %[[OUT]]
// CHECK-NOT: linalg.depthwise_conv_2d_nhwc_hwc
// OFF-LABEL: func.func @depthwise
// OFF: linalg.fill
// OFF: linalg.depthwise_conv_2d_nhwc_hwc
memref.global "private" constant @w : memref<3x3x20xi8> = dense<3>
func.func @depthwise(%x: memref<1x7x22x20xi8>, %out: memref<1x5x20x20xi32>) {
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w : memref<3x3x20xi8>
  linalg.fill ins(%zero : i32) outs(%out : memref<1x5x20x20xi32>)
  linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : memref<1x7x22x20xi8>, memref<3x3x20xi8>) outs(%out : memref<1x5x20x20xi32>)
  return
}

// -----

// Stride 2 and dilation 2 read input columns 2 * ow + 2 * kw; without a
// fill the sums start from the output, and the epilogue stays apart (it
// fuses only over zero-filled sums of their own).

// CHECK-LABEL: func.func @strided_without_fill
// CHECK-SAME: (%[[X:.*]]: memref<1x9x9x16xi8>, %[[OUT:.*]]: memref<1x3x3x16xi8>)
// CHECK: %[[ACC:.*]] = memref.alloc() : memref<1x3x3x16xi32>
// CHECK: vector.load %[[ACC]][%c0, %{{.*}}, %c0, %c0] : memref<1x3x3x16xi32>, vector<16xi32>
// CHECK: vector.load %[[X]][%c0, %{{.*}}, %c4, %c0] : memref<1x9x9x16xi8>, vector<16xi8>
// CHECK: vector.store %{{.*}}, %[[ACC]]{{.*}} : memref<1x3x3x16xi32>, vector<16xi32>
// CHECK: linalg.generic
memref.global "private" constant @w2 : memref<3x3x16xi8> = dense<-2>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @strided_without_fill(%x: memref<1x9x9x16xi8>, %out: memref<1x3x3x16xi8>) {
  %two = arith.constant 2 : i32
  %w = memref.get_global @w2 : memref<3x3x16xi8>
  %sums = memref.get_global @start : memref<1x3x3x16xi32>
  %acc = memref.alloc() : memref<1x3x3x16xi32>
  memref.copy %sums, %acc : memref<1x3x3x16xi32> to memref<1x3x3x16xi32>
  linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x9x9x16xi8>, memref<3x3x16xi8>) outs(%acc : memref<1x3x3x16xi32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x3x3x16xi32>) outs(%out : memref<1x3x3x16xi8>) {
  ^bb0(%s: i32, %unused: i8):
    %h = arith.shrsi %s, %two : i32
    %t = arith.trunci %h : i32 to i8
    linalg.yield %t : i8
  }
  return
}
memref.global "private" constant @start : memref<1x3x3x16xi32> = dense<5>
