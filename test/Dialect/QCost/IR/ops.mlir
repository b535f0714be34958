// RUN: qcc-opt %s | FileCheck %s
// Print -> parse -> print is stable:
// RUN: qcc-opt %s | qcc-opt | FileCheck %s
// The generic form round-trips too:
// RUN: qcc-opt %s --mlir-print-op-generic | qcc-opt | FileCheck %s

// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<2x2x!qcost.fixed<4, 2>>, tensor<2x!qcost.pot<4, -6, 0>>, tensor<4x!qcost.binary>, tensor<3x!qcost.float<5, 2>>, tensor<8x!qcost.ufixed<4, 0>>) {
  // CHECK: qcost.constant dense<{{\[}}[1, -2], [3, 7]]> : tensor<2x2xi4> -> tensor<2x2x!qcost.fixed<4, 2>>
  %0 = qcost.constant dense<[[1, -2], [3, 7]]> : tensor<2x2xi4> -> tensor<2x2x!qcost.fixed<4, 2>>
  // CHECK: qcost.constant dense<[2.500000e-01, -5.000000e-01]> : tensor<2xf32> -> tensor<2x!qcost.pot<4, -6, 0>>
  %1 = qcost.constant dense<[0.25, -0.5]> : tensor<2xf32> -> tensor<2x!qcost.pot<4, -6, 0>>
  // CHECK: qcost.constant dense<[false, true, true, false]> : tensor<4xi1> -> tensor<4x!qcost.binary>
  %2 = qcost.constant dense<[false, true, true, false]> : tensor<4xi1> -> tensor<4x!qcost.binary>
  // CHECK: qcost.constant dense<[6.10351563E-5, 5.734400e+04, 1.500000e+00]> : tensor<3xf32> -> tensor<3x!qcost.float<5, 2>>
  %3 = qcost.constant dense<[6.103515625e-05, 57344.0, 1.5]> : tensor<3xf32> -> tensor<3x!qcost.float<5, 2>>
  // CHECK: qcost.constant dense_resource<codes> : tensor<8xi8> -> tensor<8x!qcost.ufixed<4, 0>>
  %4 = qcost.constant dense_resource<codes> : tensor<8xi8> -> tensor<8x!qcost.ufixed<4, 0>>
  return %0, %1, %2, %3, %4 : tensor<2x2x!qcost.fixed<4, 2>>, tensor<2x!qcost.pot<4, -6, 0>>, tensor<4x!qcost.binary>, tensor<3x!qcost.float<5, 2>>, tensor<8x!qcost.ufixed<4, 0>>
}

// Every format type, including the parameters that are printed only when
// they differ from their defaults.
// CHECK-LABEL: func.func @types
// CHECK-SAME: !qcost.fixed<8, 4>
// CHECK-SAME: !qcost.fixed<4, 6>
// CHECK-SAME: !qcost.fixed<8, -2>
// CHECK-SAME: !qcost.ufixed<1, 0>
// CHECK-SAME: !qcost.fixed<64, 0>
// CHECK-SAME: !qcost.pot<4, -6, 0>
// CHECK-SAME: !qcost.pot<4, -7, 0, nozero>
// CHECK-SAME: !qcost.pot<3, -3, 0, unsigned>
// CHECK-SAME: !qcost.pot<2, 0, 1, nozero, unsigned>
// CHECK-SAME: !qcost.float<5, 2>
// CHECK-SAME: !qcost.float<4, 3, specials = nan_only>
// CHECK-SAME: !qcost.float<5, 2, subnormals = as_normal, specials = inf_only>
// CHECK-SAME: !qcost.float<5, 2, subnormals = flush, specials = inf_only>
// CHECK-SAME: !qcost.float<5, 2, subnormals = no_output>
// CHECK-SAME: !qcost.float<4, 3, bias = 8, specials = finite>
// CHECK-SAME: !qcost.float<8, 23>
// CHECK-SAME: !qcost.binary
func.func @types(%a: tensor<!qcost.fixed<8, 4>>, %b: tensor<!qcost.fixed<4, 6>>,
                 %c: tensor<!qcost.fixed<8, -2>>, %d: tensor<!qcost.ufixed<1, 0>>,
                 %e: tensor<!qcost.fixed<64, 0>>, %f: tensor<!qcost.pot<4, -6, 0>>,
                 %g: tensor<!qcost.pot<4, -7, 0, nozero>>,
                 %h: tensor<!qcost.pot<3, -3, 0, unsigned>>,
                 %i: tensor<!qcost.pot<2, 0, 1, unsigned, nozero>>,
                 %j: tensor<!qcost.float<5, 2>>,
                 %k: tensor<!qcost.float<4, 3, specials = nan_only>>,
                 %l: tensor<!qcost.float<5, 2, cfg = 5>>,
                 %m: tensor<!qcost.float<5, 2, cfg = 6>>,
                 %n: tensor<!qcost.float<5, 2, cfg = 2>>,
                 %o: tensor<!qcost.float<4, 3, bias = 8, specials = finite>>,
                 %p: tensor<!qcost.float<8, 23, bias = 127>>,
                 %q: tensor<!qcost.binary>) {
  return
}

// CHECK-LABEL: func.func @contractions
func.func @contractions(%x: tensor<1x8x8x16x!qcost.ufixed<4, 0>>,
                        %dw: tensor<3x3x1x16x!qcost.fixed<4, 0>>,
                        %pw: tensor<1x1x16x32x!qcost.pot<4, -6, 0>>,
                        %bias: tensor<32x!qcost.fixed<20, 6>>,
                        %a: tensor<2x4x64x!qcost.fixed<8, 0>>,
                        %b: tensor<2x64x16x!qcost.binary>,
                        %fx: tensor<1x64x!qcost.float<5, 2, cfg = 5>>,
                        %fw: tensor<64x10x!qcost.float<5, 2, cfg = 5>>) {
  // CHECK: qcost.conv2d %{{.*}}, %{{.*}} strides [2, 2] padding [1, 1, 1, 1] groups 16 : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<3x3x1x16x!qcost.fixed<4, 0>>) -> tensor<1x4x4x16x!qcost.fixed<16, 0>>
  %0 = qcost.conv2d %x, %dw strides [2, 2] padding [1, 1, 1, 1] groups 16 : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<3x3x1x16x!qcost.fixed<4, 0>>) -> tensor<1x4x4x16x!qcost.fixed<16, 0>>
  // CHECK: qcost.conv2d %{{.*}}, %{{.*}} bias(%{{.*}}) : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<1x1x16x32x!qcost.pot<4, -6, 0>>, tensor<32x!qcost.fixed<20, 6>>) -> tensor<1x8x8x32x!qcost.fixed<20, 6>>
  %1 = qcost.conv2d %x, %pw bias(%bias) : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<1x1x16x32x!qcost.pot<4, -6, 0>>, tensor<32x!qcost.fixed<20, 6>>) -> tensor<1x8x8x32x!qcost.fixed<20, 6>>
  // CHECK: qcost.conv2d %{{.*}}, %{{.*}} dilations [2, 2] groups 16 : {{.*}} -> tensor<1x4x4x16x!qcost.fixed<12, 0>>
  %2 = qcost.conv2d %x, %dw dilations [2, 2] groups 16 : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<3x3x1x16x!qcost.fixed<4, 0>>) -> tensor<1x4x4x16x!qcost.fixed<12, 0>>
  // CHECK: qcost.matmul %{{.*}}, %{{.*}} : (tensor<2x4x64x!qcost.fixed<8, 0>>, tensor<2x64x16x!qcost.binary>) -> tensor<2x4x16x!qcost.fixed<16, 0>>
  %3 = qcost.matmul %a, %b : (tensor<2x4x64x!qcost.fixed<8, 0>>, tensor<2x64x16x!qcost.binary>) -> tensor<2x4x16x!qcost.fixed<16, 0>>
  // A CFG-5 E5M2 multiply accumulated in Q8.13 (REFERENCE.md section 8).
  // CHECK: qcost.dense %{{.*}}, %{{.*}} : (tensor<1x64x!qcost.float<5, 2, subnormals = as_normal, specials = inf_only>>, tensor<64x10x!qcost.float<5, 2, subnormals = as_normal, specials = inf_only>>) -> tensor<1x10x!qcost.fixed<21, 13>>
  %4 = qcost.dense %fx, %fw : (tensor<1x64x!qcost.float<5, 2, cfg = 5>>, tensor<64x10x!qcost.float<5, 2, cfg = 5>>) -> tensor<1x10x!qcost.fixed<21, 13>>
  // CHECK: qcost.dense {{.*}} -> tensor<1x10x!qcost.float<7, 5>>
  %5 = qcost.dense %fx, %fw : (tensor<1x64x!qcost.float<5, 2, cfg = 5>>, tensor<64x10x!qcost.float<5, 2, cfg = 5>>) -> tensor<1x10x!qcost.float<7, 5>>
  return
}

// CHECK-LABEL: func.func @quantization
func.func @quantization(%x: tensor<1x8x8x16xf32>, %s: tensor<16xf32>,
                        %acc: tensor<1x8x8x16x!qcost.fixed<16, 0>>,
                        %pot: tensor<16x!qcost.pot<6, -24, 6>>,
                        %fix: tensor<!qcost.fixed<16, 15>>,
                        %sub: tensor<2x16xf16>) {
  // CHECK: qcost.quantize %{{.*}} scale(%{{.*}}) rounding stochastic seed 7 : (tensor<1x8x8x16xf32>, tensor<16xf32>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  %0 = qcost.quantize %x scale(%s) rounding stochastic seed 7 : (tensor<1x8x8x16xf32>, tensor<16xf32>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  // Default modes are not printed.
  // CHECK: qcost.quantize %{{.*}} : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16x!qcost.fixed<8, 4>>
  %1 = qcost.quantize %x rounding nearest_even overflow saturate : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16x!qcost.fixed<8, 4>>
  // CHECK: qcost.quantize %{{.*}} rounding toward_zero overflow wrap : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xi8>
  %2 = qcost.quantize %x rounding toward_zero overflow wrap : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xi8>
  // CHECK: qcost.dequantize %{{.*}} scale(%{{.*}}) : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %3 = qcost.dequantize %0 scale(%s) : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  // CHECK: qcost.dequantize %{{.*}} : (tensor<1x8x8x16x!qcost.fixed<8, 4>>) -> tensor<1x8x8x16xbf16>
  %4 = qcost.dequantize %1 : (tensor<1x8x8x16x!qcost.fixed<8, 4>>) -> tensor<1x8x8x16xbf16>
  // Scales: float per channel, PoT per channel, fixed per tensor, and
  // sub-channel blocks (2 groups of 4 columns of 8).
  // CHECK: qcost.rescale %{{.*}}, %{{.*}} : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<16xf32>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  %5 = qcost.rescale %acc, %s : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<16xf32>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  // CHECK: qcost.rescale %{{.*}}, %{{.*}} overflow wrap : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<16x!qcost.pot<6, -24, 6>>) -> tensor<1x8x8x16x!qcost.fixed<4, 0>>
  %6 = qcost.rescale %acc, %pot overflow wrap : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<16x!qcost.pot<6, -24, 6>>) -> tensor<1x8x8x16x!qcost.fixed<4, 0>>
  // CHECK: qcost.rescale %{{.*}}, %{{.*}} rounding toward_zero : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<!qcost.fixed<16, 15>>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  %7 = qcost.rescale %acc, %fix rounding toward_zero : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<!qcost.fixed<16, 15>>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  // CHECK: qcost.rescale %{{.*}}, %{{.*}} : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<2x16xf16>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  %8 = qcost.rescale %acc, %sub : (tensor<1x8x8x16x!qcost.fixed<16, 0>>, tensor<2x16xf16>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  return
}

// CHECK-LABEL: func.func @normalization
func.func @normalization(%acc: tensor<1x4x4x8x!qcost.fixed<16, 0>>,
                         %g: tensor<8xf32>, %b: tensor<8xf32>,
                         %m: tensor<8xf32>, %v: tensor<8xf32>,
                         %s: tensor<8x!qcost.fixed<8, 6>>,
                         %c: tensor<8x!qcost.fixed<16, 6>>) {
  // CHECK: qcost.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon 1.000000e-03 : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %0 = qcost.batch_norm %acc, %g, %b, %m, %v epsilon 1.0e-3 : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  // The default epsilon (1e-5) is not printed.
  // CHECK: qcost.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} rounding toward_zero : {{.*}} -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  %1 = qcost.batch_norm %acc, %g, %b, %m, %v rounding toward_zero : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  // CHECK: qcost.quant_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8x!qcost.fixed<8, 6>>, tensor<8x!qcost.fixed<16, 6>>) -> tensor<1x4x4x8x!qcost.fixed<16, 4>>
  %2 = qcost.quant_norm %acc, %s, %c : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8x!qcost.fixed<8, 6>>, tensor<8x!qcost.fixed<16, 6>>) -> tensor<1x4x4x8x!qcost.fixed<16, 4>>
  return
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<1x4x4x8x!qcost.fixed<8, 4>>,
                       %b: tensor<1x4x4x8x!qcost.fixed<8, 4>>,
                       %k: tensor<8xi8>, %alpha: tensor<8x!qcost.fixed<8, 7>>,
                       %p: tensor<!qcost.fixed<8, 4>>,
                       %b1: tensor<1x1x1x8x!qcost.fixed<8, 4>>) {
  // CHECK: qcost.add %{{.*}}, %{{.*}} : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<1x4x4x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.fixed<9, 4>>
  %0 = qcost.add %a, %b : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<1x4x4x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.fixed<9, 4>>
  // CHECK: qcost.mul %{{.*}}, %{{.*}} rounding stochastic seed 3 overflow wrap : {{.*}} -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  %1 = qcost.mul %a, %b rounding stochastic seed 3 overflow wrap : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<1x4x4x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  // CHECK: qcost.mul %{{.*}}, %{{.*}} : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<1x1x1x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.fixed<16, 8>>
  %bc = qcost.mul %a, %b1 : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<1x1x1x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.fixed<16, 8>>
  // CHECK: qcost.shift %{{.*}}, %{{.*}} rounding toward_zero : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<8xi8>) -> tensor<1x4x4x8x!qcost.fixed<8, 0>>
  %2 = qcost.shift %a, %k rounding toward_zero : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<8xi8>) -> tensor<1x4x4x8x!qcost.fixed<8, 0>>
  // CHECK: qcost.relu %{{.*}} : (tensor<1x4x4x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.ufixed<4, 2>>
  %3 = qcost.relu %a : (tensor<1x4x4x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.ufixed<4, 2>>
  // CHECK: qcost.prelu %{{.*}}, %{{.*}} : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<8x!qcost.fixed<8, 7>>) -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  %4 = qcost.prelu %a, %alpha : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<8x!qcost.fixed<8, 7>>) -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  // CHECK: qcost.dprelu %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<!qcost.fixed<8, 4>>, tensor<!qcost.fixed<8, 4>>, tensor<8x!qcost.fixed<8, 7>>, tensor<8x!qcost.fixed<8, 7>>) -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  %5 = qcost.dprelu %a, %p, %p, %alpha, %alpha : (tensor<1x4x4x8x!qcost.fixed<8, 4>>, tensor<!qcost.fixed<8, 4>>, tensor<!qcost.fixed<8, 4>>, tensor<8x!qcost.fixed<8, 7>>, tensor<8x!qcost.fixed<8, 7>>) -> tensor<1x4x4x8x!qcost.fixed<8, 4>>
  // CHECK: qcost.clip %{{.*}} min 0.000000e+00 max 6.000000e+00 : (tensor<1x4x4x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.ufixed<4, 1>>
  %6 = qcost.clip %a min 0.0 max 6.0 : (tensor<1x4x4x8x!qcost.fixed<8, 4>>) -> tensor<1x4x4x8x!qcost.ufixed<4, 1>>
  return
}

// CHECK-LABEL: func.func @pooling_and_data_movement
func.func @pooling_and_data_movement(%x: tensor<1x8x8x16x!qcost.ufixed<4, 0>>,
                                     %y: tensor<1x8x8x8x!qcost.ufixed<4, 0>>) {
  // CHECK: qcost.max_pool2d %{{.*}} kernel [2, 2] : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x16x!qcost.ufixed<4, 0>>
  %0 = qcost.max_pool2d %x kernel [2, 2] : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x16x!qcost.ufixed<4, 0>>
  // CHECK: qcost.max_pool2d %{{.*}} kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  %1 = qcost.max_pool2d %x kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x8x8x16x!qcost.ufixed<4, 0>>
  // CHECK: qcost.avg_pool2d %{{.*}} kernel [2, 2] strides [2, 2] rounding toward_zero : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x16x!qcost.ufixed<8, 4>>
  %2 = qcost.avg_pool2d %x kernel [2, 2] strides [2, 2] rounding toward_zero : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x16x!qcost.ufixed<8, 4>>
  // CHECK: qcost.global_avg_pool %{{.*}} : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x1x1x16x!qcost.ufixed<8, 4>>
  %3 = qcost.global_avg_pool %x : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x1x1x16x!qcost.ufixed<8, 4>>
  // CHECK: qcost.concat %{{.*}}, %{{.*}} axis 3 : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<1x8x8x8x!qcost.ufixed<4, 0>>) -> tensor<1x8x8x24x!qcost.ufixed<4, 0>>
  %4 = qcost.concat %x, %y axis 3 : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<1x8x8x8x!qcost.ufixed<4, 0>>) -> tensor<1x8x8x24x!qcost.ufixed<4, 0>>
  // CHECK: qcost.reshape %{{.*}} : (tensor<1x1x1x16x!qcost.ufixed<8, 4>>) -> tensor<1x16x!qcost.ufixed<8, 4>>
  %5 = qcost.reshape %3 : (tensor<1x1x1x16x!qcost.ufixed<8, 4>>) -> tensor<1x16x!qcost.ufixed<8, 4>>
  // CHECK: qcost.reduce_sum %{{.*}} dims [1, 2] rounding toward_zero : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x16x!qcost.ufixed<10, 0>>
  %6 = qcost.reduce_sum %x dims [1, 2] rounding toward_zero : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>) -> tensor<1x16x!qcost.ufixed<10, 0>>
  return
}

{-#
  dialect_resources: {
    builtin: {
      codes: "0x010000000001020304050F0E"
    }
  }
#-}
