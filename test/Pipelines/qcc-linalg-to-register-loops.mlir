// RUN: qcc-opt %s --qcc-linalg-to-register-loops --split-input-file | FileCheck %s

// A reduction: parallel loops outside, the reduction loop carrying the sum
// in a register, one store per output element; the fill of the output is
// the sum's initial value and disappears.
// CHECK-LABEL: func.func @matvec
// CHECK-NOT: linalg.
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i12
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[SUM:.*]] = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (i12) {
// CHECK: %[[A:.*]] = memref.load %{{.*}}[%[[I]], %[[K]]] : memref<4x8xi12>
// CHECK: %[[NEXT:.*]] = arith.addi %[[ACC]], %[[A]] : i12
// CHECK: scf.yield %[[NEXT]] : i12
// CHECK: } {qcc.reduction}
// CHECK: memref.store %[[SUM]], %{{.*}}[%[[I]]] : memref<4xi12>
func.func @matvec(%a: memref<4x8xi12>, %out: memref<4xi12>) {
  %zero = arith.constant 0 : i12
  linalg.fill ins(%zero : i12) outs(%out : memref<4xi12>)
  linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>, affine_map<(i, k) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<4x8xi12>) outs(%out : memref<4xi12>) {
  ^bb0(%x: i12, %acc: i12):
    %s = arith.addi %acc, %x : i12
    linalg.yield %s : i12
  }
  return
}

// -----

// An elementwise consumer of a reduction's buffer runs in the reduction's
// loops on the finished sum; the buffer goes, and what lay between the two
// moves before the reduction.
// CHECK-LABEL: func.func @epilogue
// CHECK-NOT: memref.alloc() : memref<4xi12>
// CHECK: memref.store %{{.*}}, %[[SCALE:.*]][%{{.*}}] : memref<4xi8>
// CHECK: scf.for %[[I:.*]] =
// CHECK: %[[SUM:.*]] = scf.for
// CHECK: } {qcc.reduction}
// CHECK: %[[S:.*]] = memref.load %[[SCALE]][%[[I]]] : memref<4xi8>
// CHECK: %[[T:.*]] = arith.trunci %[[SUM]] : i12 to i8
// CHECK: %[[Y:.*]] = arith.muli %[[T]], %[[S]] : i8
// CHECK: memref.store %[[Y]], %{{.*}}[%[[I]]] : memref<4xi8>
// CHECK-NOT: linalg.
func.func @epilogue(%a: memref<4x8xi12>, %params: memref<4xi8>, %out: memref<4xi8>) {
  %zero = arith.constant 0 : i12
  %sums = memref.alloc() : memref<4xi12>
  linalg.fill ins(%zero : i12) outs(%sums : memref<4xi12>)
  linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>, affine_map<(i, k) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<4x8xi12>) outs(%sums : memref<4xi12>) {
  ^bb0(%x: i12, %acc: i12):
    %s = arith.addi %acc, %x : i12
    linalg.yield %s : i12
  }
  %scale = memref.alloc() : memref<4xi8>
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                  iterator_types = ["parallel"]}
      ins(%params : memref<4xi8>) outs(%scale : memref<4xi8>) {
  ^bb0(%p: i8, %o: i8):
    %d = arith.addi %p, %p : i8
    linalg.yield %d : i8
  }
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                  iterator_types = ["parallel"]}
      ins(%sums, %scale : memref<4xi12>, memref<4xi8>) outs(%out : memref<4xi8>) {
  ^bb0(%s: i12, %c: i8, %o: i8):
    %t = arith.trunci %s : i12 to i8
    %y = arith.muli %t, %c : i8
    linalg.yield %y : i8
  }
  return
}

// -----

// Named ops are generalized first; ops without reductions load, compute and
// store in every iteration.
// CHECK-LABEL: func.func @copy
// CHECK: scf.for %[[I:.*]] =
// CHECK: scf.for %[[J:.*]] =
// CHECK: %[[V:.*]] = memref.load %{{.*}}[%[[J]], %[[I]]] : memref<3x2xi4>
// CHECK: memref.store %[[V]], %{{.*}}[%[[I]], %[[J]]] : memref<2x3xi4>
func.func @copy(%a: memref<3x2xi4>, %out: memref<2x3xi4>) {
  linalg.transpose ins(%a : memref<3x2xi4>) outs(%out : memref<2x3xi4>) permutation = [1, 0]
  return
}
