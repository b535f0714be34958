// RUN: qcc-translate --qcost-to-hlscpp %s | FileCheck %s --check-prefix=PARALLEL
// RUN: qcc-translate --qcost-to-hlscpp --hls-io=stream %s | FileCheck %s --check-prefix=STREAM

// Every output of this convolution reads only padding (stride 2, dilation 2,
// padding 1 at the top and left), so no layer reads the inputs. The arrays
// are still ports (marked used, no unused-parameter warning); the streams
// are drained, so that each call consumes one tensor from each.

// PARALLEL: void case7(const qcost_pot_4_m2_m2_code in0[8], const qcost_ufixed_15_5 in1[2], qcost_fixed_18_7 out0[4]) {
// PARALLEL: (void)in0;
// PARALLEL-NEXT: (void)in1;
// PARALLEL-NEXT: layer0_conv2d(out0);

// STREAM: static void drain_in0(hls::stream<qcost_pot_4_m2_m2_code> &in0) {
// STREAM-NEXT: QCC_LABEL(drain_in0_L) for (int k = 0; k < 8; ++k) {
// STREAM-NEXT: QCC_HLS(PIPELINE II=1)
// STREAM-NEXT: in0.read();
// STREAM: QCC_HLS(DATAFLOW)
// STREAM-NEXT: drain_in0(in0);
// STREAM-NEXT: drain_in1(in1);
// STREAM-NEXT: layer0_conv2d(out0);
func.func @case7(%a0: tensor<2x2x1x2x!qcost.pot<4, -2, -2>>, %a1: tensor<1x1x2x1x!qcost.ufixed<15, 5>>) -> tensor<2x2x1x1x!qcost.fixed<18, 7>> {
  %y = qcost.conv2d %a0, %a1 strides [2, 2] padding [1, 0, 1, 0] dilations [2, 2] : (tensor<2x2x1x2x!qcost.pot<4, -2, -2>>, tensor<1x1x2x1x!qcost.ufixed<15, 5>>) -> tensor<2x2x1x1x!qcost.fixed<18, 7>>
  return %y : tensor<2x2x1x1x!qcost.fixed<18, 7>>
}
