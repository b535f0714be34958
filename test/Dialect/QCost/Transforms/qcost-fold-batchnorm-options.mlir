// max-error lets lossy folding through: 4-bit weights [7, -3] * 0.3 =
// [2.1, -0.9] round to [2, -1], an error of 0.1 / 2.1 = 0.048 of the range.
// RUN: qcc-opt %s --qcost-fold-batchnorm="max-error=0.05" | FileCheck %s
// RUN: not qcc-opt %s --qcost-fold-batchnorm="max-error=-1" 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: option 'max-error' must be finite and non-negative, got -1
// CHECK-LABEL: func @lossy_fixed
// CHECK:       qcost.constant dense<{{\[\[}}2], [-1]]> : tensor<2x1xi8> -> tensor<2x1x!qcost.fixed<4, 0>>
// CHECK-NOT:   batch_norm
func.func @lossy_fixed(%x: tensor<1x2x!qcost.ufixed<4, 0>>) -> tensor<1x1xf32> {
  %w = qcost.constant dense<[[7], [-3]]> : tensor<2x1xi8> -> tensor<2x1x!qcost.fixed<4, 0>>
  %y = qcost.dense %x, %w : (tensor<1x2x!qcost.ufixed<4, 0>>, tensor<2x1x!qcost.fixed<4, 0>>) -> tensor<1x1x!qcost.fixed<10, 0>>
  %gamma = arith.constant dense<0.3> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %z = qcost.batch_norm %y, %gamma, %zero, %zero, %one epsilon 0.0 : (tensor<1x1x!qcost.fixed<10, 0>>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
  return %z : tensor<1x1xf32>
}
