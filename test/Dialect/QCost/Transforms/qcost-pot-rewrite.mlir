// RUN: qcc-opt %s --qcost-pot-rewrite -split-input-file -verify-diagnostics | FileCheck %s

// by-kind: the pointwise conv gets PoT-4 weights, the depthwise conv keeps
// its linear ones. Weights [1, -5, 7, 0]: pot<4, -3, 3> (top level 8) has a
// squared error of 2, pot<4, -4, 2> (top level 4) of 10; codes are
// [2^0, -2^2, 2^3, 0] = [4, 8 + 6, 7, 0]. The 1/8 LSB of the new weights needs
// 3 fraction bits in the accumulator: fixed<10, 0> widens to fixed<13, 3>.
// CHECK-LABEL: func @by_kind
// CHECK:       %[[DW:.*]] = qcost.constant dense<{{.*}}> : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!qcost.fixed<4, 0>>
// CHECK:       qcost.conv2d %{{.*}}, %[[DW]] groups 1 : {{.*}} -> tensor<1x3x3x1x!qcost.fixed<10, 0>>
// CHECK:       %[[PW:.*]] = qcost.constant dense<{{\[\[\[\[}}4, 14], [7, 0]]]]> : tensor<1x1x2x2xi8> -> tensor<1x1x2x2x!qcost.pot<4, -3, 3>>
// CHECK:       %[[Y:.*]] = qcost.conv2d %{{.*}}, %[[PW]] : (tensor<1x4x4x2x!qcost.ufixed<4, 0>>, tensor<1x1x2x2x!qcost.pot<4, -3, 3>>) -> tensor<1x4x4x2x!qcost.fixed<13, 3>>
// CHECK:       qcost.rescale %[[Y]], %{{.*}} : (tensor<1x4x4x2x!qcost.fixed<13, 3>>
func.func @by_kind(%x: tensor<1x4x4x1x!qcost.ufixed<4, 0>>, %p: tensor<1x4x4x2x!qcost.ufixed<4, 0>>) -> (tensor<1x3x3x1x!qcost.fixed<10, 0>>, tensor<1x4x4x2xf32>) {
  %dw_w = qcost.constant dense<[[[[1]], [[2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8> -> tensor<2x2x1x1x!qcost.fixed<4, 0>>
  %dw = qcost.conv2d %x, %dw_w groups 1 : (tensor<1x4x4x1x!qcost.ufixed<4, 0>>, tensor<2x2x1x1x!qcost.fixed<4, 0>>) -> tensor<1x3x3x1x!qcost.fixed<10, 0>>
  %pw_w = qcost.constant dense<[[[[1, -5], [7, 0]]]]> : tensor<1x1x2x2xi8> -> tensor<1x1x2x2x!qcost.fixed<4, 0>>
  %pw = qcost.conv2d %p, %pw_w : (tensor<1x4x4x2x!qcost.ufixed<4, 0>>, tensor<1x1x2x2x!qcost.fixed<4, 0>>) -> tensor<1x4x4x2x!qcost.fixed<10, 0>>
  %s = arith.constant dense<0.5> : tensor<f32>
  %y = qcost.rescale %pw, %s : (tensor<1x4x4x2x!qcost.fixed<10, 0>>, tensor<f32>) -> tensor<1x4x4x2xf32>
  return %dw, %y : tensor<1x3x3x1x!qcost.fixed<10, 0>>, tensor<1x4x4x2xf32>
}

// -----

// A dense layer is PoT by kind; its constant bias is re-encoded into the
// widened accumulator, keeping its values (2 and -3 become codes 16, -24
// with 3 fraction bits).
// CHECK-LABEL: func @dense_bias
// CHECK-DAG:   %[[W:.*]] = qcost.constant dense<{{.*}}> : tensor<2x2xi8> -> tensor<2x2x!qcost.pot<4, -3, 3>>
// CHECK-DAG:   %[[B:.*]] = qcost.constant dense<[16, -24]> : tensor<2xi16> -> tensor<2x!qcost.fixed<14, 3>>
// CHECK:       qcost.dense %{{.*}}, %[[W]] bias(%[[B]]) : {{.*}} -> tensor<1x2x!qcost.fixed<14, 3>>
func.func @dense_bias(%x: tensor<1x2x!qcost.ufixed<4, 0>>) -> tensor<1x2x!qcost.ufixed<4, 0>> {
  %w = qcost.constant dense<[[1, -5], [7, 0]]> : tensor<2x2xi8> -> tensor<2x2x!qcost.fixed<4, 0>>
  %b = qcost.constant dense<[2, -3]> : tensor<2xi16> -> tensor<2x!qcost.fixed<11, 0>>
  %y = qcost.dense %x, %w bias(%b) : (tensor<1x2x!qcost.ufixed<4, 0>>, tensor<2x2x!qcost.fixed<4, 0>>, tensor<2x!qcost.fixed<11, 0>>) -> tensor<1x2x!qcost.fixed<11, 0>>
  %r = qcost.relu %y : (tensor<1x2x!qcost.fixed<11, 0>>) -> tensor<1x2x!qcost.ufixed<4, 0>>
  return %r : tensor<1x2x!qcost.ufixed<4, 0>>
}

// -----

// Weights that are not constants are left alone.
// CHECK-LABEL: func @runtime_weights
// CHECK:       qcost.conv2d %{{.*}}, %{{.*}} : (tensor<1x4x4x2x!qcost.ufixed<4, 0>>, tensor<1x1x2x2x!qcost.fixed<4, 0>>)
func.func @runtime_weights(%x: tensor<1x4x4x2x!qcost.ufixed<4, 0>>, %w: tensor<1x1x2x2x!qcost.fixed<4, 0>>) -> tensor<1x4x4x2xf32> {
  // expected-remark @+1 {{weights left alone: they are not a constant with readable finite values}}
  %y = qcost.conv2d %x, %w : (tensor<1x4x4x2x!qcost.ufixed<4, 0>>, tensor<1x1x2x2x!qcost.fixed<4, 0>>) -> tensor<1x4x4x2x!qcost.fixed<10, 0>>
  %s = arith.constant dense<0.5> : tensor<f32>
  %r = qcost.rescale %y, %s : (tensor<1x4x4x2x!qcost.fixed<10, 0>>, tensor<f32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}

// -----

// The accumulator would have to widen, but the result is returned (and
// concatenated): the layers are left alone.
// CHECK-LABEL: func @fixed_result_type
// CHECK-COUNT-2: qcost.dense {{.*}}!qcost.fixed<4, 0>>) -> tensor<1x2x!qcost.fixed<10, 0>>
func.func @fixed_result_type(%x: tensor<1x2x!qcost.ufixed<4, 0>>) -> (tensor<1x2x!qcost.fixed<10, 0>>, tensor<2x2x!qcost.fixed<10, 0>>) {
  %w = qcost.constant dense<[[1, -5], [7, 0]]> : tensor<2x2xi8> -> tensor<2x2x!qcost.fixed<4, 0>>
  // expected-remark @+1 {{weights left alone: the accumulator must widen to '!qcost.fixed<13, 3>' but 'func.return' needs the result type unchanged}}
  %y = qcost.dense %x, %w : (tensor<1x2x!qcost.ufixed<4, 0>>, tensor<2x2x!qcost.fixed<4, 0>>) -> tensor<1x2x!qcost.fixed<10, 0>>
  // expected-remark @+1 {{but 'qcost.concat' needs the result type unchanged}}
  %z = qcost.dense %x, %w : (tensor<1x2x!qcost.ufixed<4, 0>>, tensor<2x2x!qcost.fixed<4, 0>>) -> tensor<1x2x!qcost.fixed<10, 0>>
  %c = qcost.concat %z, %z axis 0 : (tensor<1x2x!qcost.fixed<10, 0>>, tensor<1x2x!qcost.fixed<10, 0>>) -> tensor<2x2x!qcost.fixed<10, 0>>
  return %y, %c : tensor<1x2x!qcost.fixed<10, 0>>, tensor<2x2x!qcost.fixed<10, 0>>
}

// -----

// Float weights and accumulators: nothing to widen.
// CHECK-LABEL: func @float_layer
// CHECK:       qcost.constant dense<{{.*}}> : tensor<1x1x2x2xi8> -> tensor<1x1x2x2x!qcost.pot<4, -7, -1>>
// CHECK:       -> tensor<1x4x4x2xf32>
func.func @float_layer(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[0.3, -0.02], [0.011, 0.5]]]]> : tensor<1x1x2x2xf32>
  %y = qcost.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}
