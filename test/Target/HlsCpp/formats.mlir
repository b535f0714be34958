// RUN: qcc-translate --qcost-to-hlscpp --split-input-file %s | FileCheck %s

// Power-of-two weights: no multiplier, the activation shifted by the code's
// level, negated by its sign bit, zero for the zero code; the weights stay
// 4-bit codes in the ROM.

// CHECK-LABEL: the function @pot_weights
// CHECK: typedef ap_int<4> i4_t;
// CHECK: static const ap_int<4> [[W:rom_[a-z0-9_]+]][6] = {
// CHECK: ap_int<4> [[CODE:v[0-9]+]] = [[W]][
// CHECK: ap_int<4> [[BITS:v[0-9]+]] = ap_int<4>([[CODE]] & ap_int<4>(7LL));
// CHECK: ap_int<4> [[FIELD:v[0-9]+]] = (ap_uint<4>([[BITS]]) < ap_uint<4>(ap_int<4>(7LL)) ? [[BITS]] : ap_int<4>(7LL));
// CHECK: bool [[ZERO:v[0-9]+]] = ([[FIELD]] == ap_int<4>(0LL));
// CHECK: ap_int<4> {{v[0-9]+}} = ap_int<4>(ap_uint<4>([[CODE]]) >> (ap_int<4>(3LL)).to_uint());
// CHECK: ap_int<{{[0-9]+}}> [[SHIFTED:v[0-9]+]] = ap_int<{{[0-9]+}}>({{v[0-9]+}} << ({{v[0-9]+}}).to_uint());
// CHECK: ? ap_int<{{[0-9]+}}>(0LL) :
// CHECK-NOT: *
// CHECK: ---- the top function ----
func.func @pot_weights(%x: tensor<1x2xi4>) -> tensor<1x3x!qcost.fixed<16, 6>> {
  %w = qcost.constant dense<[[1, 9, 7], [0, 15, 3]]> : tensor<2x3xi8> -> tensor<2x3x!qcost.pot<4, -6, 0>>
  %y = qcost.matmul %x, %w : (tensor<1x2xi4>, tensor<2x3x!qcost.pot<4, -6, 0>>) -> tensor<1x3x!qcost.fixed<16, 6>>
  return %y : tensor<1x3x!qcost.fixed<16, 6>>
}

// -----

// Binary by binary: XNOR of the two bits, the equal bits counted in the
// accumulator's width, the sum 2 * count - N after the reduction (in the
// same loops).
// CHECK-LABEL: the function @xnor_popcount
// CHECK: typedef ap_uint<1> qcost_binary_code; // codes of !qcost.binary
// CHECK: bool [[A:v[0-9]+]] = ap_int<1>(in0[
// CHECK: bool [[B:v[0-9]+]] = ap_int<1>(in1[
// CHECK: bool [[EQ:v[0-9]+]] = ([[A]] == [[B]]);
// CHECK: ap_int<8> [[ONE:v[0-9]+]] = ap_int<8>(([[EQ]] ? 1 : 0));
// CHECK: ap_int<8> {{v[0-9]+}} = ap_int<8>({{acc[0-9]+}} + [[ONE]]);
// CHECK: ap_int<8>({{(v|acc)[0-9]+}} << (ap_int<8>(1LL)).to_uint());
// CHECK: ap_int<8>({{v[0-9]+}} - ap_int<8>(64LL));
func.func @xnor_popcount(%x: tensor<1x64x!qcost.binary>, %w: tensor<64x2x!qcost.binary>) -> tensor<1x2x!qcost.fixed<8, 0>> {
  %y = qcost.matmul %x, %w : (tensor<1x64x!qcost.binary>, tensor<64x2x!qcost.binary>) -> tensor<1x2x!qcost.fixed<8, 0>>
  return %y : tensor<1x2x!qcost.fixed<8, 0>>
}

// -----

// Minifloats round through a helper that is the codec's own expansion (the
// one the CPU runs), printed as ap_int arithmetic; the interface carries
// their codes as ap_uint.
// CHECK-LABEL: the function @to_e4m3
// CHECK: typedef ap_uint<8> f8E4M3FN_code; // codes of f8E4M3FN
// CHECK: static ap_int<8> qcc_encode_f8E4M3FN_nearest_even_saturate_from_f64(double a0) {
// CHECK-NEXT: QCC_HLS(INLINE)
// CHECK: return
// CHECK: qcc_encode_f8E4M3FN_nearest_even_saturate_from_f64(
func.func @to_e4m3(%x: tensor<4xf32>) -> tensor<4xf8E4M3FN> {
  %y = qcost.relu %x : (tensor<4xf32>) -> tensor<4xf8E4M3FN>
  return %y : tensor<4xf8E4M3FN>
}

// -----

// Stochastic rounding draws the same SplitMix64 bits as every backend: the
// helper multiplies and xor-shifts 64-bit integers.
// CHECK-LABEL: the function @stochastic
// CHECK: static ap_int<4> qcc_encode_qcost_fixed_4_2_stochastic_saturate_from_
// CHECK-DAG: ap_int<64>(-7046029254386353131LL)
// CHECK-DAG: ap_int<64>(-4658895280553007687LL)
// CHECK-DAG: ap_int<64>(-7723592293110705685LL)
func.func @stochastic(%x: tensor<4x!qcost.fixed<8, 4>>) -> tensor<4x!qcost.fixed<4, 2>> {
  %y = qcost.relu %x rounding stochastic seed 7 : (tensor<4x!qcost.fixed<8, 4>>) -> tensor<4x!qcost.fixed<4, 2>>
  return %y : tensor<4x!qcost.fixed<4, 2>>
}
