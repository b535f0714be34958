// RUN: qcc-opt %s -split-input-file -qcost-annotate-cost -verify-diagnostics | FileCheck %s

// REFERENCE.md section 1, Table 1: all 24 cells, one op per cell on one
// element. Shifts use amounts of N bits, which shift by up to 2^(N-1)
// positions: i6 amounts shift an INT32 by up to 32 positions.
// The four "-" cells are operations no barrel shifter or multiplier array
// performs, and qcc prices what the hardware does instead
// (docs/cost-model.md): an FP32/FP16 "shift" adds the amount to the exponent
// field (max(8, 6) = 8 and max(5, 5) = 5 bits); a binary multiply is an XNOR,
// 1 x 1 - 1 = 0 bit-adders by the integer formula; a binary shift moves one
// bit, 1 * log2(32) / 5 = 1.
// CHECK-LABEL: func.func @table1
func.func @table1(%f32: tensor<1xf32>, %f16: tensor<1xf16>,
                  %i32: tensor<1xi32>, %i16: tensor<1xi16>, %i8: tensor<1xi8>,
                  %i4: tensor<1xi4>, %i2: tensor<1xi2>, %b: tensor<1x!qcost.binary>,
                  %s6: tensor<1xi6>, %s5: tensor<1xi5>, %s4: tensor<1xi4>,
                  %s3: tensor<1xi3>, %s2: tensor<1xi2>) {
  // CHECK: qcost.mul {{.*}}total = 992
  %0 = qcost.mul %f32, %f32 : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
  // CHECK: qcost.add {{.*}}total = 192
  %1 = qcost.add %f32, %f32 : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
  // CHECK: qcost.mul {{.*}}total = 240
  %2 = qcost.mul %f16, %f16 : (tensor<1xf16>, tensor<1xf16>) -> tensor<1xf16>
  // CHECK: qcost.add {{.*}}total = 96
  %3 = qcost.add %f16, %f16 : (tensor<1xf16>, tensor<1xf16>) -> tensor<1xf16>
  // CHECK: qcost.mul {{.*}}total = 992
  %4 = qcost.mul %i32, %i32 : (tensor<1xi32>, tensor<1xi32>) -> tensor<1xi64>
  // CHECK: qcost.add {{.*}}total = 32
  %5 = qcost.add %i32, %i32 : (tensor<1xi32>, tensor<1xi32>) -> tensor<1xi33>
  // CHECK: qcost.shift {{.*}}total = 32
  %6 = qcost.shift %i32, %s6 : (tensor<1xi32>, tensor<1xi6>) -> tensor<1xi32>
  // CHECK: qcost.mul {{.*}}total = 240
  %7 = qcost.mul %i16, %i16 : (tensor<1xi16>, tensor<1xi16>) -> tensor<1xi32>
  // CHECK: qcost.add {{.*}}total = 16
  %8 = qcost.add %i16, %i16 : (tensor<1xi16>, tensor<1xi16>) -> tensor<1xi17>
  // CHECK: qcost.shift {{.*}}total = 12.8
  %9 = qcost.shift %i16, %s5 : (tensor<1xi16>, tensor<1xi5>) -> tensor<1xi16>
  // CHECK: qcost.mul {{.*}}total = 56
  %10 = qcost.mul %i8, %i8 : (tensor<1xi8>, tensor<1xi8>) -> tensor<1xi16>
  // CHECK: qcost.add {{.*}}total = 8
  %11 = qcost.add %i8, %i8 : (tensor<1xi8>, tensor<1xi8>) -> tensor<1xi9>
  // CHECK: qcost.shift {{.*}}total = 4.8
  %12 = qcost.shift %i8, %s4 : (tensor<1xi8>, tensor<1xi4>) -> tensor<1xi8>
  // CHECK: qcost.mul {{.*}}total = 12
  %13 = qcost.mul %i4, %i4 : (tensor<1xi4>, tensor<1xi4>) -> tensor<1xi8>
  // CHECK: qcost.add {{.*}}total = 4
  %14 = qcost.add %i4, %i4 : (tensor<1xi4>, tensor<1xi4>) -> tensor<1xi5>
  // CHECK: qcost.shift {{.*}}total = 1.6
  %15 = qcost.shift %i4, %s3 : (tensor<1xi4>, tensor<1xi3>) -> tensor<1xi4>
  // CHECK: qcost.mul {{.*}}total = 2
  %16 = qcost.mul %i2, %i2 : (tensor<1xi2>, tensor<1xi2>) -> tensor<1xi4>
  // CHECK: qcost.add {{.*}}total = 2
  %17 = qcost.add %i2, %i2 : (tensor<1xi2>, tensor<1xi2>) -> tensor<1xi3>
  // CHECK: qcost.shift {{.*}}total = 0.4
  %18 = qcost.shift %i2, %s2 : (tensor<1xi2>, tensor<1xi2>) -> tensor<1xi2>
  // CHECK: qcost.add {{.*}}total = 1
  %19 = qcost.add %b, %b : (tensor<1x!qcost.binary>, tensor<1x!qcost.binary>) -> tensor<1xi2>
  // CHECK: qcost.shift {{.*}}total = 8
  %20 = qcost.shift %f32, %s6 : (tensor<1xf32>, tensor<1xi6>) -> tensor<1xf32>
  // CHECK: qcost.shift {{.*}}total = 5
  %21 = qcost.shift %f16, %s5 : (tensor<1xf16>, tensor<1xi5>) -> tensor<1xf16>
  // CHECK: qcost.mul {{.*}}total = 0
  %22 = qcost.mul %b, %b : (tensor<1x!qcost.binary>, tensor<1x!qcost.binary>) -> tensor<1x!qcost.binary>
  // CHECK: qcost.shift {{.*}}total = 1
  %23 = qcost.shift %b, %s6 : (tensor<1x!qcost.binary>, tensor<1xi6>) -> tensor<1x!qcost.binary>
  return
}

// -----

// A linear i x j MAC costs (i*j - max) + max = i*j; a PoT-4 weight (3-bit
// exponent field) turns the multiply into a shift by up to 8 positions:
// 4 * 3 / 5 = 2.4, plus the 4-bit accumulate add; a binary weight leaves only
// the add. 2 x 2 outputs x 3 terms = 12 MACs each.
// CHECK-LABEL: func.func @macs
func.func @macs(%x: tensor<2x3x!qcost.ufixed<4, 0>>, %lin: tensor<3x2x!qcost.fixed<4, 0>>,
                %pot: tensor<3x2x!qcost.pot<4, -6, 0>>, %bin: tensor<3x2x!qcost.binary>) {
  // CHECK: qcost.dense {{.*}}mac = 192{{.*}}macs = 12
  %0 = qcost.dense %x, %lin : (tensor<2x3x!qcost.ufixed<4, 0>>, tensor<3x2x!qcost.fixed<4, 0>>) -> tensor<2x2x!qcost.fixed<10, 0>>
  // CHECK: qcost.dense {{.*}}mac = 76.8, macs = 12
  %1 = qcost.dense %x, %pot : (tensor<2x3x!qcost.ufixed<4, 0>>, tensor<3x2x!qcost.pot<4, -6, 0>>) -> tensor<2x2x!qcost.fixed<12, 6>>
  // CHECK: qcost.dense {{.*}}mac = 48{{.*}}macs = 12
  %2 = qcost.dense %x, %bin : (tensor<2x3x!qcost.ufixed<4, 0>>, tensor<3x2x!qcost.binary>) -> tensor<2x2x!qcost.fixed<8, 0>>
  return
}

// -----

// PReLU costs one multiply per element, DPReLU one multiply and one add, ReLU
// and clip nothing (REFERENCE.md section 1); all are activation (Act) cost.
// 8-bit x 8-bit: multiply 56, add 8; 16 elements.
// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<2x8x!qcost.fixed<8, 4>>, %a: tensor<8x!qcost.fixed<8, 7>>) {
  // CHECK: qcost.relu {{.*}}act = 0{{.*}}total = 0
  %0 = qcost.relu %x : (tensor<2x8x!qcost.fixed<8, 4>>) -> tensor<2x8x!qcost.fixed<8, 4>>
  // CHECK: qcost.clip {{.*}}total = 0
  %1 = qcost.clip %x min 0.0 max 6.0 : (tensor<2x8x!qcost.fixed<8, 4>>) -> tensor<2x8x!qcost.fixed<8, 4>>
  // CHECK: qcost.prelu {{.*}}act = 896{{.*}}total = 896
  %2 = qcost.prelu %x, %a : (tensor<2x8x!qcost.fixed<8, 4>>, tensor<8x!qcost.fixed<8, 7>>) -> tensor<2x8x!qcost.fixed<8, 4>>
  // CHECK: qcost.dprelu {{.*}}act = 1024{{.*}}total = 1024
  %3 = qcost.dprelu %x, %a, %a, %a, %a : (tensor<2x8x!qcost.fixed<8, 4>>, tensor<8x!qcost.fixed<8, 7>>, tensor<8x!qcost.fixed<8, 7>>, tensor<8x!qcost.fixed<8, 7>>, tensor<8x!qcost.fixed<8, 7>>) -> tensor<2x8x!qcost.fixed<8, 4>>
  return
}

// -----

// Per-layer and per-channel scaling cost the same: one multiply per output
// element (16-bit x f32 scale: a float multiply 16 x 32 - 32 = 480, 64
// elements). A PoT scale (6-bit field... 5 exponent bits) is a shift:
// 16 * 5 / 5 = 16 per element. Batch-norm: one FP32 multiply and add per
// element (992 + 192).
// CHECK-LABEL: func.func @scaling
func.func @scaling(%acc: tensor<1x4x4x4x!qcost.fixed<16, 0>>, %layer: tensor<f32>,
                   %channel: tensor<4xf32>, %pot: tensor<4x!qcost.pot<6, -24, 6>>,
                   %p: tensor<4xf32>) {
  // CHECK: qcost.rescale {{.*}}qp = 30720{{.*}}total = 30720
  %0 = qcost.rescale %acc, %layer : (tensor<1x4x4x4x!qcost.fixed<16, 0>>, tensor<f32>) -> tensor<1x4x4x4x!qcost.ufixed<4, 0>>
  // CHECK: qcost.rescale {{.*}}qp = 30720{{.*}}total = 30720
  %1 = qcost.rescale %acc, %channel : (tensor<1x4x4x4x!qcost.fixed<16, 0>>, tensor<4xf32>) -> tensor<1x4x4x4x!qcost.ufixed<4, 0>>
  // CHECK: qcost.rescale {{.*}}qp = 1024{{.*}}total = 1024
  %2 = qcost.rescale %acc, %pot : (tensor<1x4x4x4x!qcost.fixed<16, 0>>, tensor<4x!qcost.pot<6, -24, 6>>) -> tensor<1x4x4x4x!qcost.ufixed<4, 0>>
  // CHECK: qcost.batch_norm {{.*}}bn = 75776{{.*}}total = 75776
  %3 = qcost.batch_norm %acc, %p, %p, %p, %p : (tensor<1x4x4x4x!qcost.fixed<16, 0>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  // Quantizing a float by a PoT scale adds the scale's 5-bit exponent to the
  // 8-bit exponent field: an 8-bit integer add per element, not a shift.
  // CHECK: qcost.quantize {{.*}}qp = 512{{.*}}total = 512
  %4 = qcost.quantize %3 scale(%pot) : (tensor<1x4x4x4xf32>, tensor<4x!qcost.pot<6, -24, 6>>) -> tensor<1x4x4x4x!qcost.ufixed<4, 0>>
  return
}

// -----

// Sub-channel (group-wise) weight scales multiply the scaling count by the
// groups per channel: with 4 groups of 16 input channels the partial sums are
// a batched matmul, each of the 4 x 8 partial sums is scaled (16-bit x f32:
// 480), and the groups are summed (24 f32 adds of 192). Per-channel scaling of
// the same 64 x 8 layer scales only the 8 outputs.
// CHECK-LABEL: func.func @sub_channel
func.func @sub_channel(%x: tensor<1x64x!qcost.fixed<4, 0>>, %w: tensor<64x8x!qcost.fixed<4, 0>>,
                       %sc: tensor<8xf32>, %xg: tensor<4x1x16x!qcost.fixed<4, 0>>,
                       %wg: tensor<4x16x8x!qcost.fixed<4, 0>>, %sg: tensor<4x1x8xf32>) {
  // CHECK: qcost.dense {{.*}}mac = 8192
  %acc = qcost.dense %x, %w : (tensor<1x64x!qcost.fixed<4, 0>>, tensor<64x8x!qcost.fixed<4, 0>>) -> tensor<1x8x!qcost.fixed<16, 0>>
  // CHECK: qcost.rescale {{.*}}qp = 3840
  %y = qcost.rescale %acc, %sc : (tensor<1x8x!qcost.fixed<16, 0>>, tensor<8xf32>) -> tensor<1x8xf32>
  // CHECK: qcost.matmul {{.*}}mac = 8192
  %partial = qcost.matmul %xg, %wg : (tensor<4x1x16x!qcost.fixed<4, 0>>, tensor<4x16x8x!qcost.fixed<4, 0>>) -> tensor<4x1x8x!qcost.fixed<16, 0>>
  // CHECK: qcost.rescale {{.*}}qp = 15360
  %scaled = qcost.rescale %partial, %sg : (tensor<4x1x8x!qcost.fixed<16, 0>>, tensor<4x1x8xf32>) -> tensor<4x1x8xf32>
  // CHECK: qcost.reduce_sum {{.*}}other = 4608
  %z = qcost.reduce_sum %scaled dims [0] : (tensor<4x1x8xf32>) -> tensor<1x8xf32>
  return
}

// -----

// Ops of other dialects are reported, never silently counted as zero.
// CHECK: module attributes {qcost.cost_totals = {{.*}}total = 0
// CHECK-LABEL: func.func @unpriced
func.func @unpriced(%i: tensor<4xi32>) -> tensor<4xi32> {
  // expected-warning @+1 {{'arith.addi' has no cost description; it is not counted}}
  %0 = arith.addi %i, %i : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// The enumeration of the remaining op kinds (ACE_v2):
// - conv2d, 9216 4x4 MACs (16 each) + 128 bias adds of 16 bits;
// - matmul of E5M2 values into a float accumulator: float multiply 8x8 (56)
//   and float add 6*8 (48), 12 MACs;
// - quantize f32 * f32 scale (992), dequantize 4-bit * f32 (4*32-32 = 96),
//   128 elements each;
// - quant_norm: 16x8 multiply (112) + 16-bit add per element, as batch-norm;
// - max pooling compares (free), average pooling 3 adds of 4 bits + one 8x8
//   multiply per output, global pooling 15 adds + one multiply per channel;
// - concat and reshape: no arithmetic.
// CHECK-LABEL: func.func @kinds
func.func @kinds(%x: tensor<1x4x4x8x!qcost.ufixed<4, 0>>, %w: tensor<3x3x8x8x!qcost.fixed<4, 0>>,
                 %b: tensor<8x!qcost.fixed<16, 0>>, %f: tensor<1x4x4x8xf32>, %s: tensor<f32>,
                 %a: tensor<2x3x!qcost.float<5, 2, cfg = 5>>, %m: tensor<3x2x!qcost.float<5, 2, cfg = 5>>,
                 %qs: tensor<8x!qcost.fixed<8, 6>>, %qb: tensor<8x!qcost.fixed<16, 6>>) {
  // CHECK: qcost.conv2d {{.*}}mac = 149504, macs = 9216
  %0 = qcost.conv2d %x, %w bias(%b) padding [1, 1, 1, 1] : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>, tensor<3x3x8x8x!qcost.fixed<4, 0>>, tensor<8x!qcost.fixed<16, 0>>) -> tensor<1x4x4x8x!qcost.fixed<16, 0>>
  // CHECK: qcost.matmul {{.*}}mac = 1248, macs = 12
  %1 = qcost.matmul %a, %m : (tensor<2x3x!qcost.float<5, 2, cfg = 5>>, tensor<3x2x!qcost.float<5, 2, cfg = 5>>) -> tensor<2x2x!qcost.float<6, 5>>
  // CHECK: qcost.quantize {{.*}}qp = 126976
  %2 = qcost.quantize %f scale(%s) : (tensor<1x4x4x8xf32>, tensor<f32>) -> tensor<1x4x4x8x!qcost.ufixed<4, 0>>
  // CHECK: qcost.dequantize {{.*}}qp = 12288
  %3 = qcost.dequantize %x scale(%s) : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>, tensor<f32>) -> tensor<1x4x4x8xf32>
  // CHECK: qcost.quant_norm {{.*}}bn = 16384
  %4 = qcost.quant_norm %0, %qs, %qb : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8x!qcost.fixed<8, 6>>, tensor<8x!qcost.fixed<16, 6>>) -> tensor<1x4x4x8x!qcost.fixed<16, 4>>
  // CHECK: qcost.max_pool2d {{.*}}total = 0
  %5 = qcost.max_pool2d %x kernel [2, 2] : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>) -> tensor<1x2x2x8x!qcost.ufixed<4, 0>>
  // CHECK: qcost.avg_pool2d {{.*}}other = 2176
  %6 = qcost.avg_pool2d %x kernel [2, 2] : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>) -> tensor<1x2x2x8x!qcost.ufixed<8, 4>>
  // CHECK: qcost.global_avg_pool {{.*}}other = 928
  %7 = qcost.global_avg_pool %x : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>) -> tensor<1x1x1x8x!qcost.ufixed<8, 4>>
  // CHECK: qcost.concat {{.*}}total = 0
  %8 = qcost.concat %x, %x axis 3 : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>, tensor<1x4x4x8x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x16x!qcost.ufixed<4, 0>>
  // CHECK: qcost.reshape {{.*}}total = 0
  %9 = qcost.reshape %x : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>) -> tensor<16x8x!qcost.ufixed<4, 0>>
  return
}
