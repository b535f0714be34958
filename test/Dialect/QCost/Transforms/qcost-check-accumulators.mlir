// RUN: qcc-opt %s -split-input-file -qcost-check-accumulators -verify-diagnostics | FileCheck %s
// RUN: not qcc-opt %s -split-input-file -qcost-check-accumulators=as-error=true 2>&1 | FileCheck %s --check-prefix=ERROR

// 3x3x32 = 288 products of 4-bit x 4-bit values; each lies in [-56, 64]
// (-8 * 7 and -8 * -8), so the sum needs 16 bits.
// CHECK-LABEL: func.func @at_risk
func.func @at_risk(%x: tensor<1x8x8x32x!qcost.fixed<4, 0>>,
                   %w: tensor<3x3x32x16x!qcost.fixed<4, 0>>) -> tensor<1x6x6x16x!qcost.fixed<12, 0>> {
  // expected-warning @+1 {{accumulator '!qcost.fixed<12, 0>' may overflow: 288 products range over [-16128, 18432]; 16 bits are needed}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x32x!qcost.fixed<4, 0>>, tensor<3x3x32x16x!qcost.fixed<4, 0>>) -> tensor<1x6x6x16x!qcost.fixed<12, 0>>
  return %0 : tensor<1x6x6x16x!qcost.fixed<12, 0>>
}

// -----

// 16 bits hold the same sum: no diagnostic.
// CHECK-LABEL: func.func @safe
func.func @safe(%x: tensor<1x8x8x32x!qcost.fixed<4, 0>>,
                %w: tensor<3x3x32x16x!qcost.fixed<4, 0>>) -> tensor<1x6x6x16x!qcost.fixed<16, 0>> {
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x32x!qcost.fixed<4, 0>>, tensor<3x3x32x16x!qcost.fixed<4, 0>>) -> tensor<1x6x6x16x!qcost.fixed<16, 0>>
  return %0 : tensor<1x6x6x16x!qcost.fixed<16, 0>>
}

// -----

// Depthwise: only 3x3x1 = 9 products per output.
// CHECK-LABEL: func.func @depthwise_safe
func.func @depthwise_safe(%x: tensor<1x8x8x32x!qcost.ufixed<4, 0>>,
                          %w: tensor<3x3x1x32x!qcost.fixed<4, 0>>) -> tensor<1x8x8x32x!qcost.fixed<12, 0>> {
  %0 = qcost.conv2d %x, %w padding [1, 1, 1, 1] groups 32 : (tensor<1x8x8x32x!qcost.ufixed<4, 0>>, tensor<3x3x1x32x!qcost.fixed<4, 0>>) -> tensor<1x8x8x32x!qcost.fixed<12, 0>>
  return %0 : tensor<1x8x8x32x!qcost.fixed<12, 0>>
}

// -----

// A constant bias adds the range of its values (codes -16..16 in LSBs of
// 2^-6: [-0.25, 0.25]); a bias computed at run time is not counted.
// CHECK-LABEL: func.func @dense_bias
func.func @dense_bias(%x: tensor<1x64x!qcost.ufixed<4, 0>>, %w: tensor<64x10x!qcost.pot<4, -6, 0>>,
                      %arg: tensor<10x!qcost.fixed<16, 6>>) -> (tensor<1x10x!qcost.fixed<16, 6>>, tensor<1x10x!qcost.fixed<16, 6>>) {
  %b = qcost.constant dense<[-16, 16, 0, 0, 0, 0, 0, 0, 0, 1]> : tensor<10xi16> -> tensor<10x!qcost.fixed<16, 6>>
  // expected-warning @+1 {{accumulator '!qcost.fixed<16, 6>' may overflow: 64 products plus the bias range over [-960.25, 960.25]; 17 bits are needed}}
  %0 = qcost.dense %x, %w bias(%b) : (tensor<1x64x!qcost.ufixed<4, 0>>, tensor<64x10x!qcost.pot<4, -6, 0>>, tensor<10x!qcost.fixed<16, 6>>) -> tensor<1x10x!qcost.fixed<16, 6>>
  // expected-warning @+1 {{accumulator '!qcost.fixed<16, 6>' may overflow: 64 products range over [-960, 960]; 17 bits are needed}}
  %1 = qcost.dense %x, %w bias(%arg) : (tensor<1x64x!qcost.ufixed<4, 0>>, tensor<64x10x!qcost.pot<4, -6, 0>>, tensor<10x!qcost.fixed<16, 6>>) -> tensor<1x10x!qcost.fixed<16, 6>>
  return %0, %1 : tensor<1x10x!qcost.fixed<16, 6>>, tensor<1x10x!qcost.fixed<16, 6>>
}

// -----

// A bias in a resource blob is read too: i32 codes -8192 and 8192 push the
// 17-bit accumulator over the edge.
// CHECK-LABEL: func.func @resource_bias
func.func @resource_bias(%x: tensor<1x64x!qcost.ufixed<4, 0>>, %w: tensor<64x2x!qcost.pot<4, -6, 0>>) -> tensor<1x2x!qcost.fixed<17, 6>> {
  %b = qcost.constant dense_resource<bias> : tensor<2xi32> -> tensor<2x!qcost.fixed<17, 6>>
  // expected-warning @+1 {{accumulator '!qcost.fixed<17, 6>' may overflow: 64 products plus the bias range over [-1088, 1088]; 18 bits are needed}}
  %0 = qcost.dense %x, %w bias(%b) : (tensor<1x64x!qcost.ufixed<4, 0>>, tensor<64x2x!qcost.pot<4, -6, 0>>, tensor<2x!qcost.fixed<17, 6>>) -> tensor<1x2x!qcost.fixed<17, 6>>
  return %0 : tensor<1x2x!qcost.fixed<17, 6>>
}

{-#
  dialect_resources: {
    builtin: {
      bias: "0x0400000000E0FFFF00200000"
    }
  }
#-}

// -----

// Float accumulators round instead of wrapping: not checked.
// CHECK-LABEL: func.func @float_accumulator
func.func @float_accumulator(%a: tensor<4x4096x!qcost.fixed<8, 0>>, %b: tensor<4096x4x!qcost.fixed<8, 0>>) -> tensor<4x4xf32> {
  %0 = qcost.matmul %a, %b : (tensor<4x4096x!qcost.fixed<8, 0>>, tensor<4096x4x!qcost.fixed<8, 0>>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// With as-error every accumulator at risk is an error and qcc-opt fails.
// ERROR: error: accumulator '!qcost.fixed<12, 0>' may overflow
// ERROR: error: accumulator '!qcost.fixed<20, 0>' may overflow: 4096 products range over [-66584576, 67108864]; 28 bits are needed
func.func @matmul(%a: tensor<4x4096x!qcost.fixed<8, 0>>, %b: tensor<4096x4x!qcost.fixed<8, 0>>) -> tensor<4x4x!qcost.fixed<20, 0>> {
  // expected-warning @+1 {{accumulator '!qcost.fixed<20, 0>' may overflow: 4096 products range over [-66584576, 67108864]; 28 bits are needed}}
  %0 = qcost.matmul %a, %b : (tensor<4x4096x!qcost.fixed<8, 0>>, tensor<4096x4x!qcost.fixed<8, 0>>) -> tensor<4x4x!qcost.fixed<20, 0>>
  return %0 : tensor<4x4x!qcost.fixed<20, 0>>
}
