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

// -----

// With bit-moves-into-reductions (the HLS lowering), a producer that only
// moves bits (here the decode of 4-bit codes) is fused into the reduction
// that reads it; one that computes (a float multiply) is not.
// RUN: qcc-opt %s --qcc-fuse-elementwise="bit-moves-into-reductions=true" --split-input-file | FileCheck %s --check-prefix=BITS
// BITS-LABEL: func.func @decode_into_reduction
// BITS: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// BITS: qcost.decode %{{.*}} as !qcost.ufixed<4, 0> : i4 -> i5
// BITS: arith.muli
// BITS-LABEL: func.func @multiply_stays
// BITS: linalg.generic {{.*}} iterator_types = ["parallel"]
// BITS: arith.mulf
// BITS: linalg.generic {{.*}} iterator_types = ["reduction"]
#x2 = affine_map<(i, j, k) -> (i, k)>
#w2 = affine_map<(i, j, k) -> (k, j)>
#o2 = affine_map<(i, j, k) -> (i, j)>
#id2b = affine_map<(d0, d1) -> (d0, d1)>
func.func @decode_into_reduction(%x: tensor<2x8xi4>, %w: tensor<8x3xi5>, %acc: tensor<2x3xi12>) -> tensor<2x3xi12> {
  %e = tensor.empty() : tensor<2x8xi5>
  %d = linalg.generic {indexing_maps = [#id2b, #id2b], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<2x8xi4>) outs(%e : tensor<2x8xi5>) {
  ^bb0(%in: i4, %out: i5):
    %v = qcost.decode %in as !qcost.ufixed<4, 0> : i4 -> i5
    linalg.yield %v : i5
  } -> tensor<2x8xi5>
  %m = linalg.generic {indexing_maps = [#x2, #w2, #o2], iterator_types = ["parallel", "parallel", "reduction"]} ins(%d, %w : tensor<2x8xi5>, tensor<8x3xi5>) outs(%acc : tensor<2x3xi12>) {
  ^bb0(%a: i5, %b: i5, %s: i12):
    %ae = arith.extsi %a : i5 to i12
    %be = arith.extsi %b : i5 to i12
    %p = arith.muli %ae, %be : i12
    %n = arith.addi %s, %p : i12
    linalg.yield %n : i12
  } -> tensor<2x3xi12>
  return %m : tensor<2x3xi12>
}

#id1 = affine_map<(d0) -> (d0)>
#red = affine_map<(d0) -> ()>
func.func @multiply_stays(%x: tensor<8xf32>, %acc: tensor<f32>) -> tensor<f32> {
  %e = tensor.empty() : tensor<8xf32>
  %d = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.mulf %in, %in : f32
    linalg.yield %v : f32
  } -> tensor<8xf32>
  %s = linalg.generic {indexing_maps = [#id1, #red], iterator_types = ["reduction"]} ins(%d : tensor<8xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%a: f32, %t: f32):
    %n = arith.addf %t, %a : f32
    linalg.yield %n : f32
  } -> tensor<f32>
  return %s : tensor<f32>
}
