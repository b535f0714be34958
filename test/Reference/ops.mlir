// The reference evaluator on hand-computed cases, one per op family
// (docs/semantics.md section 4). Inputs are real values (--values).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.array([-1.5, -0.25, 0.0, 0.375, 2.5, 7.0]))"
// RUN: qcc-run %s --function=elementwise --input=%t/a.npy --values | FileCheck %s --check-prefix=ELEM
// RUN: qcc-run %s --function=formats --input=%t/a.npy --values | FileCheck %s --check-prefix=FMT
// RUN: %python -c "import numpy as np; np.save('%t/img.npy', np.arange(18, dtype=np.float64).reshape(1, 3, 3, 2) - 8)"
// RUN: qcc-run %s --function=spatial --input=%t/img.npy --values | FileCheck %s --check-prefix=SPATIAL
// RUN: not qcc-run %s --function=unsupported --input=%t/a.npy --values 2>&1 | FileCheck %s --check-prefix=UNKNOWN-OP

// a = [-1.5, -0.25, 0, 0.375, 2.5, 7] as fixed<8, 3>.
// relu; quant_norm a*0.5+0.25 into fixed<8, 2> (exact 0.4375 -> 0.5 ties even:
// 1.75 -> 1.75, 0.125 -> 0 (tie to even), 0.25, 0.4375 -> 0.5, 1.5, 3.75);
// clip to [-1, 2]; shift by -2 into fixed<8, 4> toward zero.
// ELEM: result #0: {{.*}} values: 0 0 0 0.375 2.5 7
// ELEM: result #1: {{.*}} values: -0.5 0 0.25 0.5 1.5 3.75
// ELEM: result #2: {{.*}} values: -1 -0.25 0 0.375 2 2
// ELEM: result #3: {{.*}} values: -0.375 -0.0625 0 0.0625 0.625 1.75
func.func @elementwise(%a: tensor<6x!qcost.fixed<8, 3>>)
    -> (tensor<6x!qcost.fixed<8, 3>>, tensor<6x!qcost.fixed<8, 2>>, tensor<6x!qcost.fixed<8, 3>>, tensor<6x!qcost.fixed<8, 4>>) {
  %r = qcost.relu %a : (tensor<6x!qcost.fixed<8, 3>>) -> tensor<6x!qcost.fixed<8, 3>>
  %s = arith.constant dense<0.5> : tensor<f32>
  %b = arith.constant dense<0.25> : tensor<f32>
  %q = qcost.quant_norm %a, %s, %b : (tensor<6x!qcost.fixed<8, 3>>, tensor<f32>, tensor<f32>) -> tensor<6x!qcost.fixed<8, 2>>
  %c = qcost.clip %a min -1.0 max 2.0 : (tensor<6x!qcost.fixed<8, 3>>) -> tensor<6x!qcost.fixed<8, 3>>
  %k = arith.constant dense<-2> : tensor<i8>
  %t = qcost.shift %a, %k rounding toward_zero : (tensor<6x!qcost.fixed<8, 3>>, tensor<i8>) -> tensor<6x!qcost.fixed<8, 4>>
  return %r, %q, %c, %t : tensor<6x!qcost.fixed<8, 3>>, tensor<6x!qcost.fixed<8, 2>>, tensor<6x!qcost.fixed<8, 3>>, tensor<6x!qcost.fixed<8, 4>>
}

// Power of two pot<4, -2, 1>: levels 0, 0.25, 0.5, 1, 2 in fields 0..4
// (nearest in value, ties to the even field, saturating): -1.5 lies halfway
// between 1 (field 3) and 2 (field 4) and goes to -2; 0.375 to 0.5 (field 2).
// E5M2 (2 mantissa bits) holds every input exactly. Binary: x >= 0 is +1.
// FMT: result #0: {{.*}} values: -2 -0.25 0 0.5 2 2
// FMT: result #1: {{.*}} values: -1.5 -0.25 0 0.375 2.5 7
// FMT: result #2: {{.*}} values: -1 -1 1 1 1 1
func.func @formats(%a: tensor<6x!qcost.fixed<8, 3>>)
    -> (tensor<6x!qcost.pot<4, -2, 1>>, tensor<6xf8E5M2>, tensor<6x!qcost.binary>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %p = qcost.rescale %a, %one : (tensor<6x!qcost.fixed<8, 3>>, tensor<f32>) -> tensor<6x!qcost.pot<4, -2, 1>>
  %f = qcost.rescale %a, %one : (tensor<6x!qcost.fixed<8, 3>>, tensor<f32>) -> tensor<6xf8E5M2>
  %b = qcost.rescale %a, %one : (tensor<6x!qcost.fixed<8, 3>>, tensor<f32>) -> tensor<6x!qcost.binary>
  return %p, %f, %b : tensor<6x!qcost.pot<4, -2, 1>>, tensor<6xf8E5M2>, tensor<6x!qcost.binary>
}

// img[0, h, w, c] = 2 * (3h + w) + c - 8 over a 3x3x2 image.
// Depthwise 2x2 all-ones conv (valid): channel 0 windows sum
//   (-8 -6 -2 0) = -16, (-6 -4 0 2) = -8, (-2 0 4 6) = 8, (0 2 6 8) = 16; channel 1 adds 4.
// Global average: channel 0 mean 0, channel 1 mean 1.
// Max pool 2x2 stride 1: the bottom-right element of each window.
// Average pool 2x2 stride 2 with padding 1 at the bottom/right: windows of
// 4, 2, 2 and 1 real inputs (padding is not counted): (-8-6-2+0)/4 = -4,
// (-4+2)/2 = -1, (4+6)/2 = 5, 8 for channel 0.
// SPATIAL: result #0: {{.*}} values: -16 -12 -8 -4 8 12 16 20
// SPATIAL: result #1: {{.*}} values: 0 1
// SPATIAL: result #2: {{.*}} values: 0 1 2 3 6 7 8 9
// SPATIAL: result #3: {{.*}} values: -4 -3 -1 0 5 6 8 9
func.func @spatial(%x: tensor<1x3x3x2x!qcost.fixed<8, 0>>)
    -> (tensor<1x2x2x2x!qcost.fixed<16, 0>>, tensor<1x1x1x2x!qcost.fixed<8, 0>>, tensor<1x2x2x2x!qcost.fixed<8, 0>>, tensor<1x2x2x2x!qcost.fixed<8, 0>>) {
  %w = qcost.constant dense<1> : tensor<2x2x1x2xi8> -> tensor<2x2x1x2x!qcost.fixed<2, 0>>
  %c = qcost.conv2d %x, %w groups 2 : (tensor<1x3x3x2x!qcost.fixed<8, 0>>, tensor<2x2x1x2x!qcost.fixed<2, 0>>) -> tensor<1x2x2x2x!qcost.fixed<16, 0>>
  %g = qcost.global_avg_pool %x : (tensor<1x3x3x2x!qcost.fixed<8, 0>>) -> tensor<1x1x1x2x!qcost.fixed<8, 0>>
  %m = qcost.max_pool2d %x kernel [2, 2] strides [1, 1] : (tensor<1x3x3x2x!qcost.fixed<8, 0>>) -> tensor<1x2x2x2x!qcost.fixed<8, 0>>
  %v = qcost.avg_pool2d %x kernel [2, 2] strides [2, 2] padding [0, 1, 0, 1] : (tensor<1x3x3x2x!qcost.fixed<8, 0>>) -> tensor<1x2x2x2x!qcost.fixed<8, 0>>
  return %c, %g, %m, %v : tensor<1x2x2x2x!qcost.fixed<16, 0>>, tensor<1x1x1x2x!qcost.fixed<8, 0>>, tensor<1x2x2x2x!qcost.fixed<8, 0>>, tensor<1x2x2x2x!qcost.fixed<8, 0>>
}

// UNKNOWN-OP: error: the reference evaluator does not support 'tensor.empty'
func.func @unsupported(%a: tensor<6x!qcost.fixed<8, 3>>) -> tensor<6xi8> {
  %e = tensor.empty() : tensor<6xi8>
  return %e : tensor<6xi8>
}
