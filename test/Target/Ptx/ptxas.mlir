// REQUIRES: ptxas
// The PTX of qcc's kernels assembles for sm_80 and sm_90: the examples'
// separable block (depthwise and pointwise convolutions, batch-norm, ReLU,
// requantization) and MobileNetV2's third stage.
// RUN: qcc-translate --qcost-to-ptx %qcc_src_root/examples/pikelpn_separable_block.mlir -o %t.block90.ptx
// RUN: %ptxas -arch=sm_90 %t.block90.ptx -o %t.block90.cubin
// RUN: qcc-translate --qcost-to-ptx --gpu-chip=sm_80 %qcc_src_root/examples/pikelpn_separable_block.mlir -o %t.block80.ptx
// RUN: %ptxas -arch=sm_80 %t.block80.ptx -o %t.block80.cubin
// RUN: qcc-translate --qcost-to-ptx %qcc_src_root/examples/mobilenetv2/mobilenetv2_stage3.mlir -o %t.stage.ptx
// RUN: %ptxas -arch=sm_90 %t.stage.ptx -o %t.stage.cubin
// RUN: qcc-translate --qcost-to-ptx %S/kernels.mlir -o %t.kernels.ptx
// RUN: %ptxas -arch=sm_90 %t.kernels.ptx -o %t.kernels.cubin
