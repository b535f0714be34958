// The PikeLPN pipeline on the separable block example: PoT-4 pointwise
// weights, linear-8 depthwise weights, QuantNorm instead of batch-norm, and
// every scale a power of two.
// RUN: qcc-opt %qcc_src_root/examples/pikelpn_separable_block.mlir --qcost-pikelpn 2>/dev/null | FileCheck %s
// The same through the textual pipeline, with options.
// RUN: qcc-opt %qcc_src_root/examples/pikelpn_separable_block.mlir --pass-pipeline="builtin.module(qcost-pikelpn{pot-bits=5 linear-bits=6})" 2>/dev/null | FileCheck %s --check-prefix=OPTS
// RUN: qcc-opt %qcc_src_root/examples/pikelpn_separable_block.mlir --qcost-pikelpn 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// CHECK:     qcost.conv2d %{{.*}}, %{{.*}} padding [1, 1, 1, 1] groups 64 : (tensor<1x56x56x64x!qcost.ufixed<4, 0>>, tensor<3x3x1x64x!qcost.fixed<8, 0>>) -> tensor<1x56x56x64x!qcost.fixed<16, 0>>
// CHECK:     qcost.quant_norm {{.*}} : (tensor<1x56x56x64x!qcost.fixed<16, 0>>, tensor<64x!qcost.pot<{{.*}}>>, tensor<64x!qcost.fixed<16, {{[0-9]+}}>>) -> tensor<1x56x56x64xf32>
// CHECK:     qcost.quantize {{.*}} : (tensor<1x56x56x64xf32>, tensor<!qcost.pot<{{.*}}>>)
// CHECK:     qcost.conv2d {{.*}} : (tensor<1x56x56x64x!qcost.ufixed<4, 0>>, tensor<1x1x64x128x!qcost.pot<4, -3, 3>>) -> tensor<1x56x56x128x!qcost.fixed<17, 3>>
// CHECK:     qcost.quant_norm {{.*}} : (tensor<1x56x56x128x!qcost.fixed<17, 3>>, tensor<128x!qcost.pot<{{.*}}>>,
// CHECK:     qcost.quantize {{.*}} : (tensor<1x56x56x128xf32>, tensor<!qcost.pot<{{.*}}>>)
// CHECK-NOT: batch_norm
// CHECK-NOT: arith.constant

// OPTS:      tensor<3x3x1x64x!qcost.fixed<6, 0>>
// OPTS:      tensor<1x1x64x128x!qcost.pot<5, -11, 3>>

// REMARK:    remark: double quantization: largest relative error
