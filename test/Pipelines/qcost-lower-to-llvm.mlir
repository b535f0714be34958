// qcost-lower-to-llvm produces the LLVM dialect with the C interface and the
// packed entry point; the stock tools then compile it ahead of time.
// RUN: qcc-opt %s --qcost-lower-to-llvm | FileCheck %s
// RUN: qcc-opt %s --qcost-lower-to-llvm | mlir-translate --mlir-to-llvmir \
// RUN:   | clang -x ir -c -O2 -Wno-override-module - -o %t.o
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: llvm-nm --undefined-only %t.o | FileCheck %s --allow-empty --check-prefix=UNDEFINED

// The result became a trailing out-parameter (a memref descriptor): the
// function returns nothing.
// CHECK: llvm.func @conv_relu(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64
// CHECK-NOT: -> !llvm.struct
// CHECK: llvm.func @_mlir_ciface_conv_relu(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: llvm.func @qcc_packed_conv_relu(%[[ARGS:.*]]: !llvm.ptr)
// CHECK: llvm.getelementptr %[[ARGS]][0]
// CHECK: llvm.getelementptr %[[ARGS]][1]
// CHECK: llvm.call @_mlir_ciface_conv_relu

// SYMBOLS-DAG: T _mlir_ciface_conv_relu
// SYMBOLS-DAG: T conv_relu
// SYMBOLS-DAG: T qcc_packed_conv_relu
// A standalone object: no MLIR runtime library calls (memrefCopy, ...).
// UNDEFINED-NOT: memref
// UNDEFINED-NOT: mlir

func.func @conv_relu(%x: tensor<1x6x6x4x!qcost.ufixed<4, 0>>) -> tensor<1x6x6x8x!qcost.ufixed<4, 0>> {
  %w = qcost.constant dense<[[[[1, -2, 3, 0]]]]> : tensor<1x1x1x4xi8> -> tensor<1x1x1x4x!qcost.fixed<4, 0>>
  %c = qcost.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] groups 4 : (tensor<1x6x6x4x!qcost.ufixed<4, 0>>, tensor<1x1x1x4x!qcost.fixed<4, 0>>) -> tensor<1x8x8x4x!qcost.fixed<10, 0>>
  %p = qcost.max_pool2d %c kernel [3, 3] strides [1, 1] : (tensor<1x8x8x4x!qcost.fixed<10, 0>>) -> tensor<1x6x6x4x!qcost.fixed<10, 0>>
  %r = qcost.relu %p : (tensor<1x6x6x4x!qcost.fixed<10, 0>>) -> tensor<1x6x6x4x!qcost.ufixed<4, 0>>
  // concat writes into strided views of its result.
  %y = qcost.concat %r, %x axis 3 : (tensor<1x6x6x4x!qcost.ufixed<4, 0>>, tensor<1x6x6x4x!qcost.ufixed<4, 0>>) -> tensor<1x6x6x8x!qcost.ufixed<4, 0>>
  return %y : tensor<1x6x6x8x!qcost.ufixed<4, 0>>
}
