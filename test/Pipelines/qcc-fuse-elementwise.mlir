// RUN: qcc-opt %s --qcc-fuse-elementwise --split-input-file | FileCheck %s

// An elementwise producer read element by element by an elementwise
// consumer is fused into it.
// CHECK-LABEL: func.func @chain
// CHECK: linalg.generic
// CHECK: arith.addi
// CHECK: arith.muli
// CHECK-NOT: linalg.generic
#id = affine_map<(d0) -> (d0)>
func.func @chain(%x: tensor<8xi32>) -> tensor<8xi32> {
  %e = tensor.empty() : tensor<8xi32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<8xi32>) outs(%e : tensor<8xi32>) {
  ^bb0(%in: i32, %out: i32):
    %r = arith.addi %in, %in : i32
    linalg.yield %r : i32
  } -> tensor<8xi32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<8xi32>) outs(%e : tensor<8xi32>) {
  ^bb0(%in: i32, %out: i32):
    %r = arith.muli %in, %in : i32
    linalg.yield %r : i32
  } -> tensor<8xi32>
  return %b : tensor<8xi32>
}

// -----

// A producer feeding a reduction stays apart: fused, it would be recomputed
// for every output element of the reduction.
// CHECK-LABEL: func.func @before_reduction
// CHECK: %[[DECODED:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK: arith.extsi
// CHECK: linalg.matmul ins(%[[DECODED]], %{{.*}} : tensor<4x8xi32>, tensor<8x4xi32>)
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @before_reduction(%x: tensor<4x8xi8>, %w: tensor<8x4xi32>, %acc: tensor<4x4xi32>) -> tensor<4x4xi32> {
  %e = tensor.empty() : tensor<4x8xi32>
  %d = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xi8>) outs(%e : tensor<4x8xi32>) {
  ^bb0(%in: i8, %out: i32):
    %r = arith.extsi %in : i8 to i32
    linalg.yield %r : i32
  } -> tensor<4x8xi32>
  %m = linalg.matmul ins(%d, %w : tensor<4x8xi32>, tensor<8x4xi32>) outs(%acc : tensor<4x4xi32>) -> tensor<4x4xi32>
  return %m : tensor<4x4xi32>
}

// -----

// A per-channel producer read through a broadcast stays apart: fused, it
// would be recomputed for every element.
// CHECK-LABEL: func.func @broadcast
// CHECK: %[[SCALE:.*]] = linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK: math.sqrt
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[SCALE]] : tensor<4x8xf32>, tensor<8xf32>)
#row = affine_map<(d0) -> (d0)>
#channel = affine_map<(d0, d1) -> (d1)>
#all = affine_map<(d0, d1) -> (d0, d1)>
func.func @broadcast(%x: tensor<4x8xf32>, %v: tensor<8xf32>) -> tensor<4x8xf32> {
  %e1 = tensor.empty() : tensor<8xf32>
  %s = linalg.generic {indexing_maps = [#row, #row], iterator_types = ["parallel"]} ins(%v : tensor<8xf32>) outs(%e1 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.sqrt %in : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  %e2 = tensor.empty() : tensor<4x8xf32>
  %y = linalg.generic {indexing_maps = [#all, #channel, #all], iterator_types = ["parallel", "parallel"]} ins(%x, %s : tensor<4x8xf32>, tensor<8xf32>) outs(%e2 : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}
