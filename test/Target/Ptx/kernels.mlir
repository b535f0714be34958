// RUN: qcc-translate --qcost-to-ptx %s | FileCheck %s
// RUN: qcc-translate --qcost-to-ptx --gpu-chip=sm_80 %s | FileCheck %s --check-prefix=SM80
// RUN: qcc-translate --qcost-to-ptx %s | grep -c "^.visible .entry" | FileCheck %s --check-prefix=COUNT

// Two functions, one PTX module: the weights are device globals, one kernel
// per loop nest, and the float arithmetic is the IEEE one the semantics
// rounds with (sqrt.rn, div.rn, no fused multiply-add).

// CHECK: .target sm_90
// CHECK-DAG: .global .align 64 .b8 {{__constant_4x3xi8}}[12] = {1, 254, 3, 4, 5, 250, 7, 248, 9, 246, 11, 12};
// CHECK-DAG: .visible .entry dense_relu_k0(
// CHECK-DAG: .visible .entry norm_k0(
// CHECK-DAG: sqrt.rn.f32
// CHECK-DAG: div.rn.f32
// CHECK-NOT: sqrt.approx
// CHECK-NOT: fma.rn
// SM80: .target sm_80

// dense_relu: one kernel (the i32 sum from zero, then bias + ReLU +
// requantize on it); norm: gamma / sqrt(var + eps) per channel, then every
// element's normalization.
// COUNT: 3

func.func @dense_relu(%x: tensor<2x4x!qcost.fixed<8, 4>>) -> tensor<2x3x!qcost.ufixed<8, 4>> {
  %w = qcost.constant dense<[[1, -2, 3], [4, 5, -6], [7, -8, 9], [-10, 11, 12]]> : tensor<4x3xi8> -> tensor<4x3x!qcost.fixed<6, 2>>
  %b = qcost.constant dense<[1, 2, -3]> : tensor<3xi32> -> tensor<3x!qcost.fixed<20, 6>>
  %y = qcost.dense %x, %w bias(%b) : (tensor<2x4x!qcost.fixed<8, 4>>, tensor<4x3x!qcost.fixed<6, 2>>, tensor<3x!qcost.fixed<20, 6>>) -> tensor<2x3x!qcost.fixed<20, 6>>
  %r = qcost.relu %y : (tensor<2x3x!qcost.fixed<20, 6>>) -> tensor<2x3x!qcost.ufixed<8, 4>>
  return %r : tensor<2x3x!qcost.ufixed<8, 4>>
}

func.func @norm(%x: tensor<1x4x4x8x!qcost.fixed<12, 0>>) -> tensor<1x4x4x8xf32> {
  %g = arith.constant dense<[1.0, 0.5, 2.0, 1.5, 0.25, 1.0, 0.75, 1.25]> : tensor<8xf32>
  %b = arith.constant dense<0.125> : tensor<8xf32>
  %m = arith.constant dense<0.5> : tensor<8xf32>
  %v = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<8xf32>
  %y = qcost.batch_norm %x, %g, %b, %m, %v : (tensor<1x4x4x8x!qcost.fixed<12, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}
