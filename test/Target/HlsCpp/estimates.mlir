// RUN: qcc-translate --qcost-to-hlscpp --split-input-file %s | FileCheck %s
// RUN: qcc-translate --qcost-to-hlscpp --split-input-file --hls-reuse-factor=2 %s | FileCheck %s --check-prefix=SHARED

// The estimate of a MAC unit whose weight is one constant (latency strategy,
// reuse factor 1, every weight read by its own unrolled copy): synthesis
// folds the constant, so a fixed-point weight costs (CSD digits - 1) adders
// of wa + wb bits and zero weights cost nothing, a power-of-two weight is
// wiring. Shared units (reuse factor 2) are general multipliers again.

// Weights 0, 1, 3, 7, -5, 11, 2, -8: CSD digits 0, 1, 2, 2, 2, 3, 1, 1, so
// 5 adders over 8 weights of 6 + 8 = 14 bits (8.75 LUTs a unit), and the
// 16-bit accumulator adder for the 7 nonzero weights (14 LUTs). The function
// is pipelined whole: 16 units, each weight in two (one per row of x).
// CHECK-LABEL: the function @constant_fixed_weights,
// CHECK: //   layer0_dense: 16 MACs, 16 units x (22.75 LUTs, 0 DSPs)
// CHECK: // total: 364 LUTs and 0 DSPs
// SHARED-LABEL: the function @constant_fixed_weights,
// SHARED: //   layer0_dense: 16 MACs, 8 units x (64 LUTs, 0 DSPs)
func.func @constant_fixed_weights(%x: tensor<2x4x!qcost.fixed<8, 0>>) -> tensor<2x2x!qcost.fixed<16, 0>> {
  %w = qcost.constant dense<[[0, 1], [3, 7], [-5, 11], [2, -8]]> : tensor<4x2xi8> -> tensor<4x2x!qcost.fixed<6, 0>>
  %y = qcost.dense %x, %w : (tensor<2x4x!qcost.fixed<8, 0>>, tensor<4x2x!qcost.fixed<6, 0>>) -> tensor<2x2x!qcost.fixed<16, 0>>
  return %y : tensor<2x2x!qcost.fixed<16, 0>>
}

// -----

// Power-of-two weights: a shift and a sign are wiring; the 19-bit adder
// remains.
// CHECK-LABEL: the function @constant_pot_weights,
// CHECK: //   layer0_dense: 16 MACs, 16 units x (19 LUTs, 0 DSPs)
// SHARED-LABEL: the function @constant_pot_weights,
// SHARED: //   layer0_dense: 16 MACs, 8 units x ({{[0-9]+}} LUTs, 0 DSPs)
// SHARED-NOT: 19 LUTs, 0 DSPs
func.func @constant_pot_weights(%x: tensor<2x4x!qcost.fixed<8, 0>>) -> tensor<2x2x!qcost.fixed<19, 3>> {
  %w = qcost.constant dense<[[0.5, -0.25], [1.0, 0.125], [-1.0, 0.5], [0.25, -0.125]]> : tensor<4x2xf32> -> tensor<4x2x!qcost.pot<4, -3, 0>>
  %y = qcost.dense %x, %w : (tensor<2x4x!qcost.fixed<8, 0>>, tensor<4x2x!qcost.pot<4, -3, 0>>) -> tensor<2x2x!qcost.fixed<19, 3>>
  return %y : tensor<2x2x!qcost.fixed<19, 3>>
}
