// RUN: qcc-opt %s --qcc-results-in-place --split-input-file | FileCheck %s

// A result computed into a buffer of the function's own and copied into the
// out-parameter at the end is computed in the out-parameter.
// CHECK-LABEL: func.func @copied
// CHECK-SAME: (%[[IN:.*]]: memref<4xi8>, %[[OUT:.*]]: memref<4xi8>)
// CHECK-NOT: memref.alloc
// CHECK: linalg.copy ins(%[[IN]] : memref<4xi8>) outs(%[[OUT]] : memref<4xi8>)
// CHECK-NOT: memref.copy
// CHECK: return
func.func @copied(%in: memref<4xi8>, %out: memref<4xi8>) {
  %buf = memref.alloc() : memref<4xi8>
  linalg.copy ins(%in : memref<4xi8>) outs(%buf : memref<4xi8>)
  memref.copy %buf, %out : memref<4xi8> to memref<4xi8>
  return
}

// -----

// The out-parameter is used elsewhere: the copy stays.
// CHECK-LABEL: func.func @out_read
// CHECK: memref.alloc
// CHECK: memref.copy
func.func @out_read(%in: memref<4xi8>, %out: memref<4xi8>) {
  %buf = memref.alloc() : memref<4xi8>
  linalg.copy ins(%out : memref<4xi8>) outs(%buf : memref<4xi8>)
  memref.copy %buf, %out : memref<4xi8> to memref<4xi8>
  return
}
