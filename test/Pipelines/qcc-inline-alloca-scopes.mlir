// RUN: qcc-opt %s --allow-unregistered-dialect --qcc-inline-alloca-scopes | FileCheck %s

// A scope that allocates nothing (here with an op that declares no memory
// effects) is inlined, its result replaced; one with an alloca stays.

// CHECK-LABEL: func.func @scopes
// CHECK-NOT: memref.alloca_scope {
// CHECK: %[[V:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: vector.store %[[V]]
// CHECK: memref.alloca_scope {
// CHECK: memref.alloca() : memref<4xf32>
func.func @scopes(%a: vector<16xi32>, %b: vector<64xi8>, %out: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %r = memref.alloca_scope -> (vector<16xi32>) {
    %v = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%a, %b, %b) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
    memref.alloca_scope.return %v : vector<16xi32>
  }
  vector.store %r, %out[%c0] : memref<16xi32>, vector<16xi32>
  memref.alloca_scope {
    %t = memref.alloca() : memref<4xf32>
    "test.use"(%t) : (memref<4xf32>) -> ()
  }
  return
}
