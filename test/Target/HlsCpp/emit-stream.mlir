// RUN: qcc-translate --qcost-to-hlscpp --hls-io=stream --hls-testbench %s | FileCheck %s

// Two convolutions of one input, added: the second convolution and the add
// share loops (the add is its epilogue), the first is a layer of its own.
// With io=stream the top function is a DATAFLOW region: the input port is
// forked into one FIFO per reader (as deep as the tensor, so that neither
// path can stall the fork while the other still waits), every layer copies
// the versions it reads from FIFOs into arrays of its own, and the last
// layer writes the output port's stream.

// CHECK: #include <hls_stream.h>
// CHECK: static void fork_in0(hls::stream<qcost_fixed_8_4> &in0, hls::stream<qcost_fixed_8_4> &[[TO_CONV:in0_to[0-9]+]], hls::stream<qcost_fixed_8_4> &[[TO_ADD:in0_to[0-9]+]]) {
// CHECK: qcost_fixed_8_4 v = in0.read();
// CHECK-NEXT: [[TO_CONV]].write(v);
// CHECK-NEXT: [[TO_ADD]].write(v);
// CHECK: static void [[CONV:layer0_conv2d]](hls::stream<qcost_fixed_8_4> &in0_in, hls::stream<ap_int<[[W:[0-9]+]]>> &[[BUF:buf[0-9]+]]_out0) {
// CHECK-NEXT: static qcost_fixed_8_4 in0[32];
// CHECK-NEXT: static ap_int<[[W]]> [[BUF]][32];
// CHECK: in0[k] = in0_in.read();
// CHECK: [[BUF]]_out0.write([[BUF]][k]);
// CHECK: static void [[ADD:layer1_conv2d_add]](hls::stream<qcost_fixed_8_4> &in0_in, hls::stream<ap_int<[[W]]>> &[[BUF]]_in, hls::stream<qcost_fixed_10_4> &out0_out0) {
// CHECK: void two_branches(hls::stream<qcost_fixed_8_4> &in0, hls::stream<qcost_fixed_10_4> &out0) {
// CHECK-NEXT: QCC_HLS(INTERFACE mode=axis port=in0)
// CHECK-NEXT: QCC_HLS(INTERFACE mode=axis port=out0)
// CHECK-NEXT: QCC_HLS(DATAFLOW)
// CHECK-DAG: QCC_HLS(STREAM variable=[[TO_CONV]] depth=32)
// CHECK-DAG: QCC_HLS(STREAM variable=[[TO_ADD]] depth=32)
// CHECK-DAG: QCC_HLS(STREAM variable=[[BUF]]_0to1 depth=2)
// CHECK: fork_in0(in0, [[TO_CONV]], [[TO_ADD]]);
// CHECK-NEXT: [[CONV]]([[TO_CONV]], [[BUF]]_0to1);
// CHECK-NEXT: [[ADD]]([[TO_ADD]], [[BUF]]_0to1, out0);
// The testbench fills the input stream and drains the output stream.
// CHECK: int main(int argc, char **argv) {
// CHECK: hls::stream<qcost_fixed_8_4> in0("in0");
// CHECK: in0.write(v);
// CHECK: two_branches(in0, out0);
// CHECK: qcost_fixed_10_4 v = out0.read();

func.func @two_branches(%x: tensor<1x4x4x2x!qcost.fixed<8, 4>>) -> tensor<1x4x4x2x!qcost.fixed<10, 4>> {
  %w1 = qcost.constant dense<[[[[1, -1], [2, 0]]]]> : tensor<1x1x2x2xi8> -> tensor<1x1x2x2x!qcost.fixed<4, 0>>
  %w2 = qcost.constant dense<[[[[0, 3], [-2, 1]]]]> : tensor<1x1x2x2xi8> -> tensor<1x1x2x2x!qcost.fixed<4, 0>>
  %a = qcost.conv2d %x, %w1 : (tensor<1x4x4x2x!qcost.fixed<8, 4>>, tensor<1x1x2x2x!qcost.fixed<4, 0>>) -> tensor<1x4x4x2x!qcost.fixed<13, 4>>
  %b = qcost.conv2d %x, %w2 : (tensor<1x4x4x2x!qcost.fixed<8, 4>>, tensor<1x1x2x2x!qcost.fixed<4, 0>>) -> tensor<1x4x4x2x!qcost.fixed<13, 4>>
  %y = qcost.add %a, %b : (tensor<1x4x4x2x!qcost.fixed<13, 4>>, tensor<1x4x4x2x!qcost.fixed<13, 4>>) -> tensor<1x4x4x2x!qcost.fixed<10, 4>>
  return %y : tensor<1x4x4x2x!qcost.fixed<10, 4>>
}
