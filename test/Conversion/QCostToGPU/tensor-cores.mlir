// RUN: qcc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qcc-gpu-tensor-cores))" | FileCheck %s

// A 200x96 by 96x48 i8 matmul with its fill and epilogue: one launch of
// ceil(200 / 128) x ceil(48 / 64) = 2 x 1 blocks of 8 warps (128x64 tiles,
// 4 x 2 warps of 32x32), both operands staged in shared memory (rows of
// 64 + 16 bytes), A along its contiguous depth in 16-byte vectors, B (K x N,
// N contiguous) along its rows and transposed byte by byte; per k-step of
// 32, 2 x 4 mma.sync per warp with wrapping s8 sums. The sums go through
// the epilogue (trunci/extsi) into the result; the i32 buffer goes.

// CHECK-LABEL: func.func @matmul
// CHECK-NOT: memref.alloc
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[C256:.*]] = arith.constant 256 : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %[[BY:.*]], %{{.*}}) in (%{{.*}} = %[[C2]], %{{.*}} = %[[C1]], %{{.*}} = %{{.*}}) threads(%[[T:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C256]], {{.*}}) module(@qcc_kernels) function(@matmul_mma0)
// CHECK-SAME: workgroup(%[[SA:.*]] : memref<128x80xi8, #gpu.address_space<workgroup>>, %[[SB:.*]] : memref<64x80xi8, #gpu.address_space<workgroup>>, %[[SUMS:.*]] : memref<128x40xi32, #gpu.address_space<workgroup>>)
// The first k-tile is loaded before the loop, each next one before the
// current one's multiplies (A: 2 vectors per thread, B: 1), and stored
// into shared memory at the top of the next iteration.
// CHECK: vector.load %arg0[{{.*}}] {alignment = 16 : i64} : memref<200x96xi8>, vector<16xi8>
// CHECK: vector.load %arg1[{{.*}}] {alignment = 16 : i64} : memref<96x48xi8>, vector<16xi8>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, vector<16xi8>, vector<16xi8>, vector<16xi8>) {
// CHECK: gpu.barrier
// CHECK: vector.store {{.*}}, %[[SA]][{{.*}}] {alignment = 16 : i64}
// CHECK: vector.store {{.*}}, %[[SA]][{{.*}}] {alignment = 16 : i64}
// CHECK-COUNT-16: memref.store {{.*}}, %[[SB]]
// CHECK: gpu.barrier
// CHECK: vector.load %arg0[{{.*}}] {alignment = 16 : i64} : memref<200x96xi8>, vector<16xi8>
// CHECK: vector.load %[[SA]][{{.*}}] {alignment = 4 : i64} : memref<128x80xi8, #gpu.address_space<workgroup>>, vector<4xi8>
// CHECK: vector.bitcast {{.*}} : vector<4xi8> to vector<1xi32>
// CHECK-COUNT-8: nvvm.mma.sync {{.*}} {intOverflowBehavior = #nvvm.mma_int_overflow<wrapped>, layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<s8>, multiplicandBPtxType = #nvvm.mma_type<s8>, shape = #nvvm.shape<m = 16, n = 8, k = 32>}
// CHECK-COUNT-8: nvvm.mma.sync
// CHECK: scf.yield
// Per row of fragments (2 per warp), the warp's sums go through its shared
// memory (16 rows of 32 + 8 words; which registers, a case per row) and its
// lanes run the epilogue along the columns: the epilogue's code once.
// CHECK: scf.for %{{.*}} = %{{.*}} to %c2
// CHECK: gpu.barrier
// CHECK: scf.index_switch
// CHECK: case 0 {
// CHECK-COUNT-16: memref.store {{.*}}, %[[SUMS]]
// CHECK: case 1 {
// CHECK-COUNT-16: memref.store {{.*}}, %[[SUMS]]
// CHECK: gpu.barrier
// CHECK: scf.for %{{.*}} = %{{.*}} to %c16
// CHECK: arith.cmpi ult, {{.*}}, %c200
// CHECK: scf.if
// CHECK: memref.load %[[SUMS]]
// CHECK: arith.trunci {{.*}} : i32 to i20
// CHECK: memref.store {{.*}}, %arg2[{{.*}}] : memref<200x48xi32>
// CHECK-NOT: arith.trunci
// CHECK: gpu.terminator
// CHECK-NOT: linalg.
// CHECK: return
func.func @matmul(%a: memref<200x96xi8>, %b: memref<96x48xi8>, %out: memref<200x48xi32>) {
  %zero = arith.constant 0 : i32
  %sums = memref.alloc() : memref<200x48xi32>
  linalg.fill ins(%zero : i32) outs(%sums : memref<200x48xi32>)
  linalg.matmul ins(%a, %b : memref<200x96xi8>, memref<96x48xi8>) outs(%sums : memref<200x48xi32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%sums : memref<200x48xi32>) outs(%out : memref<200x48xi32>) {
  ^bb0(%in: i32, %o: i32):
    %t = arith.trunci %in : i32 to i20
    %e = arith.extsi %t : i20 to i32
    linalg.yield %e : i32
  }
  memref.dealloc %sums : memref<200x48xi32>
  return
}

// -----

// A 3x3 convolution (NHWC input, FHWC filter from a global, 24 channels) is
// an implicit GEMM: rows (n, oh, ow) = 2 x 8 x 8 = 128, columns f = 16 (one
// 128x32 tile, 4 warps), depth (kh, kw, c) = 216, both operands read in
// 8-byte vectors along c (24 is a multiple of 8, not 16) through their
// indexing maps; the filter global is read inside the launch. The bias
// epilogue is fused; a 4-bit-wide fill of 5 is added to every sum.

// CHECK-LABEL: func.func @conv
// CHECK: %[[FIVE:.*]] = arith.constant 5 : i32
// CHECK: gpu.launch {{.*}} function(@conv_mma0) workgroup(%{{.*}} : memref<128x80xi8, #gpu.address_space<workgroup>>, %{{.*}} : memref<32x80xi8, #gpu.address_space<workgroup>>, %{{.*}} : memref<64x40xi32, #gpu.address_space<workgroup>>)
// CHECK: %[[W:.*]] = memref.get_global @filter : memref<16x3x3x24xi8>
// CHECK: affine.delinearize_index %{{.*}} into (2, 8, 8)
// CHECK: affine.delinearize_index %{{.*}} into (3, 3, 24)
// CHECK: vector.load %arg0[{{.*}}] {alignment = 8 : i64} : memref<2x10x10x24xi8>, vector<8xi8>
// CHECK: vector.load %[[W]][{{.*}}] {alignment = 8 : i64} : memref<16x3x3x24xi8>, vector<8xi8>
// CHECK: nvvm.mma.sync
// CHECK: arith.addi %{{.*}}, %[[FIVE]] : i32
// CHECK: memref.load %arg1
// CHECK: memref.store {{.*}}, %arg2
memref.global "private" constant @filter : memref<16x3x3x24xi8> = dense<3>
func.func @conv(%x: memref<2x10x10x24xi8>, %bias: memref<16xi32>, %out: memref<2x8x8x16xi32>) {
  %five = arith.constant 5 : i32
  %w = memref.get_global @filter : memref<16x3x3x24xi8>
  %sums = memref.alloc() : memref<2x8x8x16xi32>
  linalg.fill ins(%five : i32) outs(%sums : memref<2x8x8x16xi32>)
  linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<2x10x10x24xi8>, memref<16x3x3x24xi8>) outs(%sums : memref<2x8x8x16xi32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%sums, %bias : memref<2x8x8x16xi32>, memref<16xi32>) outs(%out : memref<2x8x8x16xi32>) {
  ^bb0(%s: i32, %b: i32, %o: i32):
    %r = arith.addi %s, %b : i32
    linalg.yield %r : i32
  }
  memref.dealloc %sums : memref<2x8x8x16xi32>
  return
}

// -----

// Odd channel counts load byte by byte; unsigned operands (extui, here
// from the matmul's cast_unsigned) are u8 multiplicands; without a fill the sums start from the output's
// contents (and an epilogue would not be fused).

// CHECK-LABEL: func.func @unsigned_odd
// CHECK: gpu.launch
// CHECK: vector.load %arg0[{{.*}}] {alignment = 1 : i64} : memref<64x17xi8>, vector<1xi8>
// CHECK: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<u8>, multiplicandBPtxType = #nvvm.mma_type<u8>
// CHECK: %[[OLD:.*]] = memref.load %arg2[{{.*}}] : memref<64x8xi32>
// CHECK: arith.addi %{{.*}}, %[[OLD]] : i32
func.func @unsigned_odd(%a: memref<64x17xi8>, %b: memref<17x8xi8>, %out: memref<64x8xi32>) {
  linalg.matmul {cast = #linalg.type_fn<cast_unsigned>} ins(%a, %b : memref<64x17xi8>, memref<17x8xi8>) outs(%out : memref<64x8xi32>)
  return
}

// -----

// What stays on the exact path: a depthwise convolution (its channel is a
// batch dimension of both operands), 16-bit operands, fewer than 32 rows,
// a float contraction.

// CHECK-LABEL: func.func @exact
// CHECK-NOT: gpu.launch
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: linalg.matmul {{.*}} memref<64x32xi16>
// CHECK: linalg.matmul {{.*}} memref<16x32xi8>
// CHECK: linalg.matmul {{.*}} memref<64x32xf32>
func.func @exact(%x: memref<1x10x10x32xi8>, %dw: memref<3x3x32xi8>, %dout: memref<1x8x8x32xi32>,
                 %a16: memref<64x32xi16>, %b16: memref<32x32xi16>, %o16: memref<64x32xi32>,
                 %a8: memref<16x32xi8>, %b8: memref<32x32xi8>, %o8: memref<16x32xi32>,
                 %af: memref<64x32xf32>, %bf: memref<32x32xf32>, %of: memref<64x32xf32>) {
  linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %dw : memref<1x10x10x32xi8>, memref<3x3x32xi8>) outs(%dout : memref<1x8x8x32xi32>)
  linalg.matmul ins(%a16, %b16 : memref<64x32xi16>, memref<32x32xi16>) outs(%o16 : memref<64x32xi32>)
  linalg.matmul ins(%a8, %b8 : memref<16x32xi8>, memref<32x32xi8>) outs(%o8 : memref<16x32xi32>)
  linalg.matmul ins(%af, %bf : memref<64x32xf32>, memref<32x32xf32>) outs(%of : memref<64x32xf32>)
  return
}
