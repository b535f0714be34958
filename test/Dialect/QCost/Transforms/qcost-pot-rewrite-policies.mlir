// RUN: qcc-opt %s --qcost-pot-rewrite="policy=by-distribution explain=true" -split-input-file -verify-diagnostics | FileCheck %s
// RUN: qcc-opt %s --qcost-pot-rewrite="policy=by-distribution metric=sqnr" -split-input-file 2>/dev/null | FileCheck %s
// RUN: qcc-opt %s --qcost-pot-rewrite="policy=by-kind linear-bits=8" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=KIND8

// by-distribution quantizes each layer's weights both ways. Weights peaked
// near zero with one outlier (the distribution of PikeLPN's pointwise
// weights) suit PoT; weights spread evenly suit linear steps, whatever the
// layer kind. Both candidates have 4 bits here; SQNR ranks them as MSE does.
// CHECK-LABEL: func @distributions
// CHECK:       qcost.constant dense<{{.*}}> : tensor<8x1xi8> -> tensor<8x1x!qcost.pot<4, -7, -1>>
// With linear-bits=0 the linear layers keep their f32 weights.
// CHECK-COUNT-2: arith.constant dense<{{.*}}> : tensor<8x1xf32>
// The depthwise-free by-kind policy makes both dense layers PoT.
// KIND8-LABEL: func @distributions
// KIND8-COUNT-2: tensor<8x1x!qcost.pot<4,
func.func @distributions(%x: tensor<1x8xf32>) -> (tensor<1x1xf32>, tensor<1x1xf32>, tensor<1x1xf32>) {
  %peaked = arith.constant dense<[[0.01], [-0.02], [0.04], [-0.5], [0.005], [0.08], [-0.01], [0.03]]> : tensor<8x1xf32>
  // expected-remark @+1 {{dense layer: PoT-4 pot<4, -7, -1> mse 5.262450149e-05, linear-4 fixed<4, 4> mse 0.0002921874887 -> PoT}}
  %a = qcost.dense %x, %peaked : (tensor<1x8xf32>, tensor<8x1xf32>) -> tensor<1x1xf32>
  %even = arith.constant dense<[[0.1], [-0.3], [0.5], [-0.7], [0.2], [0.6], [-0.4], [0.0]]> : tensor<8x1xf32>
  // expected-remark @+1 {{-> linear}}
  %b = qcost.dense %x, %even : (tensor<1x8xf32>, tensor<8x1xf32>) -> tensor<1x1xf32>
  %exact = arith.constant dense<[[0.125], [-0.25], [0.5], [-0.75], [0.25], [0.625], [-0.375], [0.0]]> : tensor<8x1xf32>
  // expected-remark @+1 {{linear-4 fixed<4, 3> mse 0 -> linear}}
  %c = qcost.dense %x, %exact : (tensor<1x8xf32>, tensor<8x1xf32>) -> tensor<1x1xf32>
  return %a, %b, %c : tensor<1x1xf32>, tensor<1x1xf32>, tensor<1x1xf32>
}

// -----

// linear-bits re-encodes the linear layers: 4-bit integer depthwise weights
// are exact in fixed<8, 0>; the accumulator widens to hold 9 products of
// ufixed<4, 0> and fixed<8, 0> (16 bits).
// KIND8-LABEL: func @depthwise
// KIND8:       qcost.constant dense<{{.*}}> : tensor<3x3x1x2xi8> -> tensor<3x3x1x2x!qcost.fixed<8, 0>>
// KIND8:       -> tensor<1x4x4x2x!qcost.fixed<16, 0>>
func.func @depthwise(%x: tensor<1x4x4x2x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x2xf32> {
  %w = qcost.constant dense<3> : tensor<3x3x1x2xi8> -> tensor<3x3x1x2x!qcost.fixed<4, 0>>
  // expected-remark @+1 {{depthwise layer: PoT-4}}
  %y = qcost.conv2d %x, %w padding [1, 1, 1, 1] groups 2 : (tensor<1x4x4x2x!qcost.ufixed<4, 0>>, tensor<3x3x1x2x!qcost.fixed<4, 0>>) -> tensor<1x4x4x2x!qcost.fixed<12, 0>>
  %s = arith.constant dense<0.5> : tensor<f32>
  %r = qcost.rescale %y, %s : (tensor<1x4x4x2x!qcost.fixed<12, 0>>, tensor<f32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}
