// REQUIRES: ptxas
// The native 8-bit path on tensor cores: a 256x512 by 512x256 matmul is
// one kernel of 2 x 2 blocks of 128x128 tiles whose 8 warps issue 4 x 4
// mma.sync m16n8k32 (wrapping s8 x s8 -> s32) per 32 depths, 32 per
// 64-deep tile, fed from shared memory by 32-bit loads; PTX that ptxas
// assembles for sm_80 and sm_90. With --gpu-tensor-cores=false the same
// matmul runs on the exact path, without tensor cores.
// RUN: qcc-translate --qcost-to-ptx %s -o %t.90.ptx
// RUN: FileCheck %s < %t.90.ptx
// RUN: FileCheck %s --check-prefix=MEMORY < %t.90.ptx
// RUN: %ptxas -arch=sm_90 %t.90.ptx -o %t.90.cubin
// RUN: qcc-translate --qcost-to-ptx --gpu-chip=sm_80 %s -o %t.80.ptx
// RUN: FileCheck %s < %t.80.ptx
// RUN: %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin
// RUN: qcc-translate --qcost-to-ptx --gpu-tensor-cores=false %s | FileCheck %s --check-prefix=EXACT
// The separable block's pointwise convolution (56 x 56 rows, 128 columns,
// 64 deep) also runs on tensor cores; its depthwise one does not.
// RUN: qcc-translate --qcost-to-ptx %qcc_src_root/examples/pikelpn_separable_block.mlir | FileCheck %s --check-prefix=BLOCK

// CHECK: .entry gemm_mma0(
// CHECK: .shared .align {{[0-9]+}} .b8 {{.*}}[10240]
// CHECK-COUNT-32: mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32
// CHECK-NOT: mma.sync
// CHECK-NOT: .entry

// A in 16-byte vectors, B (K x N) in 16-byte vectors stored byte by byte
// (transposed), fragments as 32-bit shared loads, barriers around staging.
// MEMORY-DAG: bar.sync 0;
// MEMORY-DAG: ld.global.v4.b32
// MEMORY-DAG: st.shared.v4.b32
// MEMORY-DAG: st.shared.b8
// MEMORY-DAG: ld.shared.b32
// MEMORY-DAG: st.global.b32

// EXACT-NOT: mma.sync
// EXACT: .entry gemm_k0(
// EXACT-NOT: mma.sync

// BLOCK: .entry separable_block_mma0(
// BLOCK-COUNT-32: mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32
// BLOCK-NOT: mma.sync
func.func @gemm(%a: tensor<256x512x!qcost.fixed<8, 0>>, %b: tensor<512x256x!qcost.fixed<8, 0>>) -> tensor<256x256x!qcost.fixed<25, 0>> {
  %c = qcost.matmul %a, %b : (tensor<256x512x!qcost.fixed<8, 0>>, tensor<512x256x!qcost.fixed<8, 0>>) -> tensor<256x256x!qcost.fixed<25, 0>>
  return %c : tensor<256x256x!qcost.fixed<25, 0>>
}
