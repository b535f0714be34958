// RUN: qcc-opt %s --split-input-file --qcc-vnni-contractions="table-weights=0" --cse | FileCheck %s
// RUN: qcc-opt %s --split-input-file --qcc-vnni-contractions="table-weights=0 fuse-epilogues=0" --cse | FileCheck %s --check-prefix=APART

// A matmul whose zero-filled sums only a requantizing generic reads: the
// kernel runs where the generic ran (after the per-filter scales are
// computed), the generic's body runs on the accumulators (16 lanes: the
// sums, the per-filter scale, the scalar offset, the element-wise residual
// and a constant from above), and the bytes are stored; the i32 buffer,
// its fill and the generic go. The last block of 17 filters has one lane,
// stored as a scalar.

// The tile's sums wait in a scratch tile at the function's entry, and the
// epilogue runs in a loop over its rows, one copy of the body per block.
// CHECK-LABEL: func.func @requantize
// CHECK-SAME: (%[[A:.*]]: memref<5x8xi8>, %[[SCALE:.*]]: memref<17xf32>, %[[OFFSET:.*]]: memref<f32>, %[[RES:.*]]: memref<5x17xf32>, %[[OUT:.*]]: memref<5x17xi8>)
// CHECK: %[[SCRATCH:.*]] = memref.alloca() {alignment = 64 : i64} : memref<12x4x16xi32>
// CHECK-NOT: memref.alloc() {{.*}}xi32>
// CHECK-NOT: linalg.fill
// CHECK: %[[SCALES:.*]] = memref.alloc() : memref<17xf32>
// CHECK: linalg.generic {{.*}} outs(%[[SCALES]] : memref<17xf32>)
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-COUNT-10: vector.store %{{.*}}, %[[SCRATCH]]
// CHECK: %[[S:.*]] = vector.load %[[SCALES]][%{{.*}}] : memref<17xf32>, vector<16xf32>
// CHECK: %[[O:.*]] = memref.load %[[OFFSET]][] : memref<f32>
// CHECK: %[[OV:.*]] = vector.broadcast %[[O]] : f32 to vector<16xf32>
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c5 step %c1
// CHECK: vector.load %[[SCRATCH]][%[[ROW]], %c0, %c0] : memref<12x4x16xi32>, vector<16xi32>
// CHECK: %[[R:.*]] = vector.load %[[RES]][%{{.*}}, %{{.*}}] : memref<5x17xf32>, vector<16xf32>
// CHECK: %[[F:.*]] = arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: %[[M:.*]] = arith.mulf %[[F]], %[[S]] : vector<16xf32>
// CHECK: %[[P:.*]] = arith.addf %[[M]], %[[OV]] : vector<16xf32>
// CHECK: %[[Q:.*]] = arith.addf %[[P]], %[[R]] : vector<16xf32>
// CHECK: %[[HALF:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: %[[H:.*]] = arith.mulf %[[Q]], %[[HALF]] : vector<16xf32>
// CHECK: %[[I:.*]] = arith.fptosi %[[H]] : vector<16xf32> to vector<16xi8>
// CHECK: vector.store %[[I]], %[[OUT]][%{{.*}}, %{{.*}}] : memref<5x17xi8>, vector<16xi8>
// The one-lane block: a masked read of the per-filter scale, a scalar store.
// CHECK: vector.maskedload %[[SCALES]]
// CHECK: %[[LANE:.*]] = vector.extract %{{.*}}[0] : i8 from vector<16xi8>
// CHECK: memref.store %[[LANE]], %[[OUT]][%{{.*}}, %{{.*}}] : memref<5x17xi8>
// CHECK-NOT: linalg.generic
// CHECK: memref.dealloc %[[SCALES]]
// CHECK-NOT: memref.dealloc
// APART-LABEL: func.func @requantize
// APART: memref.alloc() : memref<5x17xi32>
// APART: vector.store %{{.*}} : memref<5x17xi32>, vector<16xi32>
// APART: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : memref<5x17xi32>, memref<17xf32>, memref<f32>, memref<5x17xf32>)
memref.global "private" constant @w : memref<8x17xi8> = dense<1>
#id = affine_map<(d0, d1) -> (d0, d1)>
#filter = affine_map<(d0, d1) -> (d1)>
#scalar = affine_map<(d0, d1) -> ()>
#v = affine_map<(d0) -> (d0)>
func.func @requantize(%a: memref<5x8xi8>, %scale: memref<17xf32>, %offset: memref<f32>,
                      %residual: memref<5x17xf32>, %out: memref<5x17xi8>) {
  %zero = arith.constant 0 : i32
  %half = arith.constant 0.5 : f32
  %w = memref.get_global @w : memref<8x17xi8>
  %sums = memref.alloc() : memref<5x17xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<5x17xi32>)
  linalg.matmul ins(%a, %w : memref<5x8xi8>, memref<8x17xi8>) outs(%sums : memref<5x17xi32>)
  %scales = memref.alloc() : memref<17xf32>
  linalg.generic {indexing_maps = [#v, #v], iterator_types = ["parallel"]}
      ins(%scale : memref<17xf32>) outs(%scales : memref<17xf32>) {
  ^bb0(%s: f32, %o: f32):
    %d = arith.addf %s, %s : f32
    linalg.yield %d : f32
  }
  linalg.generic {indexing_maps = [#id, #filter, #scalar, #id, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%sums, %scales, %offset, %residual : memref<5x17xi32>, memref<17xf32>, memref<f32>, memref<5x17xf32>)
      outs(%out : memref<5x17xi8>) {
  ^bb0(%acc: i32, %s: f32, %o: f32, %r: f32, %unused: i8):
    %f = arith.sitofp %acc : i32 to f32
    %m = arith.mulf %f, %s : f32
    %p = arith.addf %m, %o : f32
    %q = arith.addf %p, %r : f32
    %h = arith.mulf %q, %half : f32
    %i = arith.fptosi %h : f32 to i8
    linalg.yield %i : i8
  }
  memref.dealloc %scales : memref<17xf32>
  memref.dealloc %sums : memref<5x17xi32>
  return
}

// -----

// A 1x1 convolution collapses to a matmul: the epilogue's output and its
// element-wise inputs are collapsed the same way.

// CHECK-LABEL: func.func @pointwise
// CHECK-SAME: (%[[X:.*]]: memref<1x2x3x8xi8>, %[[OUT:.*]]: memref<1x2x3x16xi8>)
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %[[OUT]] {{\[}}[0, 1, 2], [3]] : memref<1x2x3x16xi8> into memref<6x16xi8>
// CHECK: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// CHECK: vector.store %{{.*}}, %[[FLAT]][%{{.*}}, %{{.*}}] : memref<6x16xi8>, vector<16xi8>
// CHECK-NOT: linalg.generic
memref.global "private" constant @w1 : memref<16x1x1x8xi8> = dense<2>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @pointwise(%x: memref<1x2x3x8xi8>, %out: memref<1x2x3x16xi8>) {
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w1 : memref<16x1x1x8xi8>
  %sums = memref.alloc() : memref<1x2x3x16xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<1x2x3x16xi32>)
  linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : memref<1x2x3x8xi8>, memref<16x1x1x8xi8>) outs(%sums : memref<1x2x3x16xi32>)
  linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%sums : memref<1x2x3x16xi32>) outs(%out : memref<1x2x3x16xi8>) {
  ^bb0(%acc: i32, %unused: i8):
    %t = arith.trunci %acc : i32 to i8
    linalg.yield %t : i8
  }
  memref.dealloc %sums : memref<1x2x3x16xi32>
  return
}

// -----

// Left apart: an integer division (the lanes past the filters would divide
// too), a second reader of the sums, and a write between the contraction
// and its epilogue into a buffer that existed before (it could be the
// contraction's input).

// CHECK-LABEL: func.func @division
// CHECK: vector.store %{{.*}} : memref<5x20xi32>, vector<16xi32>
// CHECK: linalg.generic
// CHECK: arith.divsi
// CHECK-LABEL: func.func @two_readers
// CHECK: vector.store %{{.*}} : memref<5x20xi32>, vector<16xi32>
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-LABEL: func.func @write_between
// CHECK: vector.store %{{.*}} : memref<5x20xi32>, vector<16xi32>
// CHECK: linalg.fill
// CHECK: linalg.generic
memref.global "private" constant @w2 : memref<6x20xi8> = dense<1>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @division(%a: memref<5x6xi8>, %d: i32, %out: memref<5x20xi32>) {
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w2 : memref<6x20xi8>
  %sums = memref.alloc() : memref<5x20xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<5x20xi32>)
  linalg.matmul ins(%a, %w : memref<5x6xi8>, memref<6x20xi8>) outs(%sums : memref<5x20xi32>)
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%sums : memref<5x20xi32>) outs(%out : memref<5x20xi32>) {
  ^bb0(%acc: i32, %unused: i32):
    %q = arith.divsi %acc, %d : i32
    linalg.yield %q : i32
  }
  return
}
func.func @two_readers(%a: memref<5x6xi8>, %out: memref<5x20xi32>, %out2: memref<5x20xi32>) {
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w2 : memref<6x20xi8>
  %sums = memref.alloc() : memref<5x20xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<5x20xi32>)
  linalg.matmul ins(%a, %w : memref<5x6xi8>, memref<6x20xi8>) outs(%sums : memref<5x20xi32>)
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%sums : memref<5x20xi32>) outs(%out : memref<5x20xi32>) {
  ^bb0(%acc: i32, %unused: i32):
    linalg.yield %acc : i32
  }
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%sums : memref<5x20xi32>) outs(%out2 : memref<5x20xi32>) {
  ^bb0(%acc: i32, %unused: i32):
    linalg.yield %acc : i32
  }
  return
}
func.func @write_between(%a: memref<5x6xi8>, %out: memref<5x20xi32>) {
  %zero = arith.constant 0 : i32
  %seven = arith.constant 7 : i8
  %w = memref.get_global @w2 : memref<6x20xi8>
  %sums = memref.alloc() : memref<5x20xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<5x20xi32>)
  linalg.matmul ins(%a, %w : memref<5x6xi8>, memref<6x20xi8>) outs(%sums : memref<5x20xi32>)
  linalg.fill ins(%seven : i8) outs(%a : memref<5x6xi8>)
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%sums : memref<5x20xi32>) outs(%out : memref<5x20xi32>) {
  ^bb0(%acc: i32, %unused: i32):
    linalg.yield %acc : i32
  }
  return
}

// -----

// Left apart too (a review's counterexamples): an epilogue writing the
// contraction's input (later filter blocks read it again), and an i1
// result (vectors of i1 are stored bit-packed, memrefs of i1 not).

// CHECK-LABEL: func.func @writes_the_input
// CHECK: vector.store %{{.*}} : memref<1x80xi32>, vector<16xi32>
// CHECK: linalg.generic
// CHECK-LABEL: func.func @bits
// CHECK: vector.store %{{.*}} : memref<2x16xi32>, vector<16xi32>
// CHECK: linalg.generic
memref.global "private" constant @w80 : memref<80x80xi8> = dense<1>
memref.global "private" constant @w16 : memref<4x16xi8> = dense<1>
#i2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @writes_the_input(%a: memref<1x80xi8>) {
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w80 : memref<80x80xi8>
  %sums = memref.alloc() : memref<1x80xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<1x80xi32>)
  linalg.matmul ins(%a, %w : memref<1x80xi8>, memref<80x80xi8>) outs(%sums : memref<1x80xi32>)
  linalg.generic {indexing_maps = [#i2, #i2], iterator_types = ["parallel", "parallel"]}
      ins(%sums : memref<1x80xi32>) outs(%a : memref<1x80xi8>) {
  ^bb0(%acc: i32, %unused: i8):
    %t = arith.trunci %acc : i32 to i8
    linalg.yield %t : i8
  }
  return
}
func.func @bits(%a: memref<2x4xi8>, %out: memref<2x16xi1>) {
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w16 : memref<4x16xi8>
  %sums = memref.alloc() : memref<2x16xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<2x16xi32>)
  linalg.matmul ins(%a, %w : memref<2x4xi8>, memref<4x16xi8>) outs(%sums : memref<2x16xi32>)
  linalg.generic {indexing_maps = [#i2, #i2], iterator_types = ["parallel", "parallel"]}
      ins(%sums : memref<2x16xi32>) outs(%out : memref<2x16xi1>) {
  ^bb0(%acc: i32, %unused: i1):
    %p = arith.cmpi sgt, %acc, %zero : i32
    linalg.yield %p : i1
  }
  return
}
