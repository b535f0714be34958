// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// Data movement copies codes: tensor ops on the storage integers.
// CHECK-LABEL: func.func @concat
// CHECK: tensor.concat dim(1) %{{.*}}, %{{.*}} : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x4xi8>
func.func @concat(%a: tensor<2x3x!qcost.pot<4, -3, 2>>, %b: tensor<2x1x!qcost.pot<4, -3, 2>>) -> tensor<2x4x!qcost.pot<4, -3, 2>> {
  %y = qcost.concat %a, %b axis 1 : (tensor<2x3x!qcost.pot<4, -3, 2>>, tensor<2x1x!qcost.pot<4, -3, 2>>) -> tensor<2x4x!qcost.pot<4, -3, 2>>
  return %y : tensor<2x4x!qcost.pot<4, -3, 2>>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK: arith.constant dense<[1, -2, 3, -4]> : tensor<4xi8>
// CHECK: tensor.reshape %{{.*}}(%{{.*}}) : (tensor<4xi8>, tensor<2xi64>) -> tensor<2x2xi8>
func.func @reshape_constant() -> tensor<2x2x!qcost.fixed<4, 0>> {
  %c = qcost.constant dense<[1, -2, 3, -4]> : tensor<4xi8> -> tensor<4x!qcost.fixed<4, 0>>
  %y = qcost.reshape %c : (tensor<4x!qcost.fixed<4, 0>>) -> tensor<2x2x!qcost.fixed<4, 0>>
  return %y : tensor<2x2x!qcost.fixed<4, 0>>
}
