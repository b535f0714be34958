// RUN: qcc-translate --qcost-to-hlscpp --split-input-file --hls-testbench %s | FileCheck %s
// RUN: not qcc-translate --qcost-to-hlscpp --hls-top=main %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=MAIN
// RUN: not qcc-translate --qcost-to-hlscpp --hls-top=int %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=KEYWORD
// RUN: not qcc-translate --qcost-to-hlscpp --hls-top=2fast %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=IDENT
// RUN: not qcc-translate --qcost-to-hlscpp --hls-top=qcc_top %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=RESERVED
// RUN: not qcc-translate --qcost-to-hlscpp --hls-top=layer0_dense_relu %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=LAYER

// The top function is named after the qcost function unless that name is
// taken: importers name their function @main, which is the testbench's.

// MAIN: error: --hls-top='main' cannot name the top function: the C-simulation testbench is main()
// KEYWORD: error: --hls-top='int' cannot name the top function: it is a C++ keyword
// IDENT: error: --hls-top='2fast' cannot name the top function: it is not a C++ identifier
// RESERVED: error: --hls-top='qcc_top' cannot name the top function: names starting with qcc_, QCC_, qcost_, ap_ or hls_ belong to
// LAYER: error: --hls-top='layer0_dense_relu' cannot name the top function: a layer, ROM or codec helper of the design has that name

// CHECK-LABEL: the function @main,
// CHECK: void main_top(const float in0[4], float out0[4]) {
// CHECK: int main(int argc, char **argv) {
// CHECK: main_top(in0, out0);
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = qcost.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// CHECK-LABEL: the function @float,
// CHECK: void float_top(
func.func @float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = qcost.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A function named like its own first layer.
// CHECK-LABEL: the function @layer0_relu,
// CHECK: static void layer0_relu(
// CHECK: void layer0_relu_top(
func.func @layer0_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = qcost.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
