// RUN: qcc-opt %s --convert-qcost-to-linalg="exact-widths=true" --split-input-file | FileCheck %s

// At exact widths (the HLS lowering) codes are stored at their formats'
// widths and contractions compute at the widths their values need: no
// native i8/i32 path, operands decoded to the narrowest integers holding
// them, products at the sum of their widths, sums wrapping in the
// accumulator's width.

// CHECK-LABEL: func.func @fixed_by_fixed
// CHECK-SAME: (%{{.*}}: tensor<2x8xi4>, %{{.*}}: tensor<8x3xi6>) -> tensor<2x3xi20>
// CHECK: qcost.decode %{{.*}} as !qcost.ufixed<4, 0> : i4 -> i5
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]{{.*}} outs(%{{.*}} : tensor<2x3xi20>)
// CHECK: ^bb0(%[[X:.*]]: i5, %[[W:.*]]: i6, %[[ACC:.*]]: i20):
// CHECK: %[[XE:.*]] = arith.extsi %[[X]] : i5 to i11
// CHECK: %[[WE:.*]] = arith.extsi %[[W]] : i6 to i11
// CHECK: %[[P:.*]] = arith.muli %[[XE]], %[[WE]] : i11
// CHECK: %[[PE:.*]] = arith.extsi %[[P]] : i11 to i20
// CHECK: arith.addi %[[ACC]], %[[PE]] : i20
// CHECK-NOT: i32
// CHECK-NOT: i64
func.func @fixed_by_fixed(%x: tensor<2x8x!qcost.ufixed<4, 0>>, %w: tensor<8x3x!qcost.fixed<6, 2>>) -> tensor<2x3x!qcost.fixed<20, 2>> {
  %y = qcost.matmul %x, %w : (tensor<2x8x!qcost.ufixed<4, 0>>, tensor<8x3x!qcost.fixed<6, 2>>) -> tensor<2x3x!qcost.fixed<20, 2>>
  return %y : tensor<2x3x!qcost.fixed<20, 2>>
}

// -----

// A power-of-two operand enters as its code: the other operand is shifted
// by its level.
// CHECK-LABEL: func.func @shift_by_pot
// CHECK: ^bb0(%[[X:.*]]: i5, %[[C:.*]]: i4, %[[ACC:.*]]: i16):
// CHECK: arith.andi %{{.*}}, %{{.*}} : i4
// CHECK: arith.shli %{{.*}}, %{{.*}} : i13
// CHECK-NOT: arith.muli
// CHECK: arith.addi %[[ACC]], %{{.*}} : i16
func.func @shift_by_pot(%x: tensor<2x8x!qcost.fixed<5, 0>>, %w: tensor<8x3x!qcost.pot<4, -6, 0>>) -> tensor<2x3x!qcost.fixed<16, 6>> {
  %y = qcost.matmul %x, %w : (tensor<2x8x!qcost.fixed<5, 0>>, tensor<8x3x!qcost.pot<4, -6, 0>>) -> tensor<2x3x!qcost.fixed<16, 6>>
  return %y : tensor<2x3x!qcost.fixed<16, 6>>
}

// -----

// Binary by binary: equal bits counted; 2 * count - N after the reduction.
// CHECK-LABEL: func.func @xnor
// CHECK: ^bb0(%[[A:.*]]: i1, %[[B:.*]]: i1, %[[ACC:.*]]: i8):
// CHECK: %[[EQ:.*]] = arith.cmpi eq, %[[A]], %[[B]] : i1
// CHECK: %[[ONE:.*]] = arith.extui %[[EQ]] : i1 to i8
// CHECK: arith.addi %[[ACC]], %[[ONE]] : i8
// CHECK-DAG: %[[N:.*]] = arith.constant 16 : i8
// CHECK-DAG: %[[TWICE:.*]] = arith.shli %{{.*}}, %{{.*}} : i8
// CHECK: arith.subi %[[TWICE]], %[[N]] : i8
func.func @xnor(%x: tensor<1x16x!qcost.binary>, %w: tensor<16x4x!qcost.binary>) -> tensor<1x4x!qcost.fixed<8, 0>> {
  %y = qcost.matmul %x, %w : (tensor<1x16x!qcost.binary>, tensor<16x4x!qcost.binary>) -> tensor<1x4x!qcost.fixed<8, 0>>
  return %y : tensor<1x4x!qcost.fixed<8, 0>>
}

// -----

// bf16 activations are i16 codes (C++ has no common bf16 type).
// CHECK-LABEL: func.func @bf16_codes
// CHECK-SAME: (%{{.*}}: tensor<4xi16>) -> tensor<4xi16>
func.func @bf16_codes(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %y = qcost.relu %x : (tensor<4xbf16>) -> tensor<4xbf16>
  return %y : tensor<4xbf16>
}
