// RUN: qcc-opt %s --split-input-file --qcc-coarsen-parallel-loops | FileCheck %s
// RUN: qcc-opt %s --split-input-file --qcc-coarsen-parallel-loops="min-chunks=1000" | FileCheck %s --check-prefix=CHUNKS

// An NHWC nest: the batch (1) and the rows (56) stay parallel, 56 >= 16
// chunks; the columns and channels become sequential loops inside. With
// min-chunks=1000 the columns stay parallel too (1 x 56 x 56).

// CHECK-LABEL: func.func @nhwc
// CHECK: scf.parallel (%[[N:.*]], %[[H:.*]]) = (%c0, %c0) to (%c1, %c56) step (%c1, %c1)
// CHECK: scf.for %[[W:.*]] = %c0 to %c56 step %c1
// CHECK: scf.for %[[C:.*]] = %c0 to %c24 step %c1
// CHECK: memref.load %{{.*}}[%[[N]], %[[H]], %[[W]], %[[C]]]
// CHECK-NOT: scf.parallel
// CHUNKS-LABEL: func.func @nhwc
// CHUNKS: scf.parallel (%{{.*}}, %{{.*}}, %{{.*}}) = (%c0, %c0, %c0) to (%c1, %c56, %c56)
// CHUNKS: scf.for %{{.*}} = %c0 to %c24 step %c1
func.func @nhwc(%x: memref<1x56x56x24xi8>, %y: memref<1x56x56x24xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c24 = arith.constant 24 : index
  %c56 = arith.constant 56 : index
  scf.parallel (%n, %h, %w, %c) = (%c0, %c0, %c0, %c0) to (%c1, %c56, %c56, %c24) step (%c1, %c1, %c1, %c1) {
    %v = memref.load %x[%n, %h, %w, %c] : memref<1x56x56x24xi8>
    memref.store %v, %y[%n, %h, %w, %c] : memref<1x56x56x24xi8>
  }
  return
}

// -----

// 64 iterations of one load and store: too little work for a fork and a
// join, sequential.

// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.parallel
// CHECK: scf.for %{{.*}} = %c0 to %c64 step %c1
func.func @small(%x: memref<64xf32>, %y: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = memref.load %x[%i] : memref<64xf32>
    memref.store %v, %y[%i] : memref<64xf32>
  }
  return
}

// -----

// Few iterations with a heavy body (a reduction of 4096 terms each) stay
// parallel; the parallel loop nested inside becomes sequential.

// CHECK-LABEL: func.func @heavy
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%c32) step (%c1)
// CHECK: scf.for %{{.*}} = %c0 to %c4096 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK-NOT: scf.parallel
func.func @heavy(%x: memref<32x4096xf32>, %y: memref<32x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %c4096 = arith.constant 4096 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c32) step (%c1) {
    %s = scf.for %k = %c0 to %c4096 step %c1 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %x[%i, %k] : memref<32x4096xf32>
      %a = arith.addf %acc, %v : f32
      scf.yield %a : f32
    }
    scf.parallel (%j) = (%c0) to (%c4) step (%c1) {
      memref.store %s, %y[%i, %j] : memref<32x4xf32>
    }
  }
  return
}
