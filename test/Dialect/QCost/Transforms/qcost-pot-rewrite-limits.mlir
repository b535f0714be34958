// RUN: qcc-opt %s --qcost-pot-rewrite="pot-bits=8" -verify-diagnostics | FileCheck %s

// PoT-8 spans 127 exponents: below the top level 2^15 the window reaches
// 2^-111, and 16-bit inputs times those levels need a fixed-point
// accumulator with 111 fraction bits, more than 64 bits: left alone.
// CHECK-LABEL: func @too_wide
// CHECK:       tensor<2x2x!qcost.fixed<16, 0>>
func.func @too_wide(%x: tensor<1x2x!qcost.fixed<16, 0>>) -> tensor<1x2xf32> {
  %w = qcost.constant dense<[[30000, -3], [7, 1]]> : tensor<2x2xi16> -> tensor<2x2x!qcost.fixed<16, 0>>
  // expected-remark @+1 {{weights left alone: no fixed-point accumulator up to 64 bits holds the products of '!qcost.fixed<16, 0>' and '!qcost.pot<8, -111, 15>'}}
  %y = qcost.dense %x, %w : (tensor<1x2x!qcost.fixed<16, 0>>, tensor<2x2x!qcost.fixed<16, 0>>) -> tensor<1x2x!qcost.fixed<40, 0>>
  %s = arith.constant dense<1.0> : tensor<f32>
  %r = qcost.rescale %y, %s : (tensor<1x2x!qcost.fixed<40, 0>>, tensor<f32>) -> tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}
