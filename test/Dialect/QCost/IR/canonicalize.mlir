// RUN: qcc-opt %s --canonicalize --cse | FileCheck %s

// Equal constants are uniqued and hoisted by the folder; unused ones vanish.
// CHECK-LABEL: func.func @constants
// CHECK-NEXT: %[[W:.+]] = qcost.constant dense<3> : tensor<4xi8> -> tensor<4x!qcost.fixed<4, 0>>
// CHECK-NEXT: %[[S:.+]] = qcost.add %[[W]], %[[W]]
// CHECK-NEXT: return %[[S]]
func.func @constants() -> tensor<4x!qcost.fixed<5, 0>> {
  %a = qcost.constant dense<3> : tensor<4xi8> -> tensor<4x!qcost.fixed<4, 0>>
  %b = qcost.constant dense<3> : tensor<4xi8> -> tensor<4x!qcost.fixed<4, 0>>
  %unused = qcost.constant dense<1> : tensor<4xi8> -> tensor<4x!qcost.fixed<4, 0>>
  %s = qcost.add %a, %b : (tensor<4x!qcost.fixed<4, 0>>, tensor<4x!qcost.fixed<4, 0>>) -> tensor<4x!qcost.fixed<5, 0>>
  return %s : tensor<4x!qcost.fixed<5, 0>>
}
