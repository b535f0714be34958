// RUN: qcc-opt %s -qcost-annotate-cost=model=ace | FileCheck %s --check-prefix=ACE
// RUN: qcc-opt %s -qcost-annotate-cost=model=bops | FileCheck %s --check-prefix=BOPS
// RUN: qcc-opt %s -qcost-annotate-cost=model=energy-45nm | FileCheck %s --check-prefix=ENERGY
// RUN: qcc-opt %s -qcost-annotate-cost=model=fpga-luts | FileCheck %s --check-prefix=LUTS
// The #qcost.cost attributes (unknown included) parse back to the same IR:
// RUN: qcc-opt %s -qcost-annotate-cost=model=fpga-luts | qcc-opt | FileCheck %s --check-prefix=LUTS
// RUN: qcc-opt %s -qcost-annotate-cost=model=energy-45nm | qcc-opt | FileCheck %s --check-prefix=ENERGY
// RUN: not qcc-opt %s -qcost-annotate-cost=model=flops 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not qcc-opt %s -qcost-annotate-cost=report=pdf 2>&1 | FileCheck %s --check-prefix=BADREPORT
// RUN: not qcc-opt %s -qcost-annotate-cost="report=text report-file=/nonexistent/dir/r.txt" 2>&1 | FileCheck %s --check-prefix=BADFILE

// UNKNOWN: error: unknown cost model 'flops'; available: ace-v2, ace, energy-45nm, bops, fpga-luts
// BADREPORT: error: unknown report kind 'pdf'; expected none, text or json
// BADFILE: error: cannot write the cost report: {{.*}}/nonexistent/dir/r.txt

func.func @models(%x: tensor<1x4x4x8x!qcost.ufixed<4, 0>>, %w: tensor<3x3x8x8x!qcost.fixed<4, 0>>,
                  %b: tensor<8x!qcost.fixed<16, 0>>, %p: tensor<8xf32>,
                  %e: tensor<2x3xf8E4M3>, %f: tensor<3x2xf8E4M3>,
                  %q: tensor<2x3x!qcost.fixed<16, 8>>, %r: tensor<3x2x!qcost.fixed<16, 8>>) {
  // ACE and BOPs: b_w * b_a = 16 per MAC, 9216 MACs; nothing for the bias.
  // ACE: qcost.conv2d {{.*}}total = 147456
  // BOPS: qcost.conv2d {{.*}}total = 147456
  // Energy: 9216 x (4x4 multiply 0.2*16/64 + 4-bit add 0.03*4/8) + 128 x
  // 16-bit add 0.03*16/8 = 460.8 + 138.24 + 7.68 pJ.
  // ENERGY: qcost.conv2d {{.*}}total = 606.7{{[0-9]+}}
  // LUTs: no measured unit for ufixed<4, 0> x fixed<4, 0>.
  // LUTS: qcost.conv2d {{.*}}total = 0, unknown>
  %0 = qcost.conv2d %x, %w bias(%b) padding [1, 1, 1, 1] : (tensor<1x4x4x8x!qcost.ufixed<4, 0>>, tensor<3x3x8x8x!qcost.fixed<4, 0>>, tensor<8x!qcost.fixed<16, 0>>) -> tensor<1x4x4x8x!qcost.fixed<16, 0>>
  // Batch-norm is free for ACE and BOPs; FP32 multiply 3.7 + add 0.9 pJ per
  // element (128 elements).
  // ACE: qcost.batch_norm {{.*}}total = 0
  // BOPS: qcost.batch_norm {{.*}}total = 0
  // ENERGY: qcost.batch_norm {{.*}}total = 588.{{[0-9]+}}
  // LUTS: qcost.batch_norm {{.*}}unknown
  %1 = qcost.batch_norm %0, %p, %p, %p, %p : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  // One E4M3 MAC unit with an E6M5 accumulator: 78 + 187 LUTs; a Q8.8
  // multiplier with a Q16.16 accumulator (exact products): 106 + 89 LUTs.
  // LUTS: qcost.matmul {{.*}}total = 265
  %2 = qcost.matmul %e, %f : (tensor<2x3xf8E4M3>, tensor<3x2xf8E4M3>) -> tensor<2x2x!qcost.float<6, 5>>
  // LUTS: qcost.matmul {{.*}}total = 195
  %3 = qcost.matmul %q, %r : (tensor<2x3x!qcost.fixed<16, 8>>, tensor<3x2x!qcost.fixed<16, 8>>) -> tensor<2x2x!qcost.fixed<32, 16>>
  return
}
