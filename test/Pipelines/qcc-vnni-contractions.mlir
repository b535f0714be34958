// RUN: qcc-opt %s --split-input-file --qcc-vnni-contractions="table-weights=0" --cse | FileCheck %s
// RUN: qcc-opt %s --split-input-file --qcc-vnni-contractions="rows=2 column-vectors=1 table-weights=0" --cse | FileCheck %s --check-prefix=SMALL
// RUN: qcc-opt %s --split-input-file --qcc-vnni-contractions --cse | FileCheck %s --check-prefix=TABLE
// RUN: not qcc-opt %s --split-input-file --qcc-vnni-contractions="column-vectors=5" 2>&1 | FileCheck %s --check-prefix=OPTION

// A matmul with 6 reduction terms (a full group of 4 and a partial one) and
// 20 filters (a full block of 16 and a block of 4): the weights packed
// [group][block][16 x 4], the correction -128 * column sums, one register
// tile of 5 rows by 2 vectors, the second masked to 4 lanes.

// CHECK-DAG: memref.global "private" constant @__qcc_vnni_weights : memref<2x2x64xi8> = dense<{{.*}}> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__qcc_vnni_correction : memref<32xi32> = dense<[-768, -768, -768, {{.*}}, 0, 0, 0, 0]> {alignment = 64 : i64}
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: memref<5x6xi8>, %[[C:.*]]: memref<5x20xi32>)
// CHECK-DAG: %[[W:.*]] = memref.get_global @__qcc_vnni_weights : memref<2x2x64xi8>
// CHECK-DAG: %[[FIX:.*]] = memref.get_global @__qcc_vnni_correction : memref<32xi32>
// CHECK: vector.load %[[C]][%{{.*}}, %{{.*}}] : memref<5x20xi32>, vector<16xi32>
// CHECK: vector.maskedload %[[C]][%{{.*}}, %{{.*}}], %{{.*}}, %{{.*}} : memref<5x20xi32>, vector<16xi1>, vector<16xi32> into vector<16xi32>
// CHECK: vector.load %[[W]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<2x2x64xi8>, vector<64xi8>
// CHECK: %[[WORD:.*]] = vector.load %[[A]][%{{.*}}, %{{.*}}] : memref<5x6xi8>, vector<4xi8>
// CHECK: %[[BITS:.*]] = vector.bitcast %[[WORD]] : vector<4xi8> to vector<1xi32>
// CHECK: %[[SCALAR:.*]] = vector.extract %[[BITS]][0] : i32 from vector<1xi32>
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[SCALAR]] : i32 to vector<16xi32>
// CHECK: %[[FLIPPED:.*]] = arith.xori %[[SPLAT]], %{{.*}} : vector<16xi32>
// CHECK: %[[UNSIGNED:.*]] = vector.bitcast %[[FLIPPED]] : vector<16xi32> to vector<64xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %[[UNSIGNED]], %{{.*}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// The last group reads 2 channels, the rest padded.
// CHECK: vector.transfer_read %[[A]][%{{.*}}, %{{.*}}], %{{.*}} : memref<5x6xi8>, vector<4xi8>
// CHECK: vector.store %{{.*}}, %[[C]][%{{.*}}, %{{.*}}] : memref<5x20xi32>, vector<16xi32>
// CHECK: vector.maskedstore %[[C]][%{{.*}}, %{{.*}}], %{{.*}}, %{{.*}} : memref<5x20xi32>, vector<16xi1>, vector<16xi32>
// CHECK-NOT: linalg.matmul
// With 1 vector per tile: a loop over the 1 full filter block, tiles of 2
// rows (2 of them) and a last one of 1 row; the block of 4 filters after it.
// SMALL-LABEL: func.func @matmul
// SMALL: scf.for %{{.*}} = %c0 to %c4 step %c2
// SMALL: vector.store
// SMALL: vector.store
// SMALL: vector.store
// SMALL-NOT: vector.maskedstore
// SMALL: scf.for %{{.*}} = %c0 to %c4 step %c2
// SMALL-COUNT-2: vector.maskedstore
// SMALL-NOT: scf.for
// SMALL: vector.maskedstore
// SMALL-NOT: vector.maskedstore
// OPTION: error: qcc-vnni-contractions: column-vectors must be 1 to 4
memref.global "private" constant @w : memref<6x20xi8> = dense<1>
func.func @matmul(%a: memref<5x6xi8>, %c: memref<5x20xi32>) {
  %w = memref.get_global @w : memref<6x20xi8>
  linalg.matmul ins(%a, %w : memref<5x6xi8>, memref<6x20xi8>) outs(%c : memref<5x20xi32>)
  return
}

// -----

// A 3x3 convolution, stride 2: loops over images and output rows, the
// reduction over kernel rows and groups of 4 bytes in registers. The input
// is read as [n][h][w * c]: a kernel row of a pixel is one run of 3 x 4
// bytes (3 groups), from (ow * 2) * 4 in input row oh * 2 + kh.

// CHECK-LABEL: func.func @conv
// CHECK: %[[ROWS:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] : memref<2x7x7x4xi8> into memref<2x7x28xi8>
// CHECK: memref.get_global @__qcc_vnni_weights : memref<9x1x64xi8>
// CHECK: scf.for %[[N:.*]] = %c0 to %c2 step %c1
// CHECK: scf.for %[[OH:.*]] = %c0 to %c3 step %c1
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK: %[[ROW2:.*]] = arith.muli %[[OH]], %c2
// CHECK: %[[ROW:.*]] = arith.addi %[[ROW2]], %[[KH]]
// CHECK: scf.for %[[G:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK: %[[AT:.*]] = arith.muli %[[G]], %c4
// CHECK: vector.load %[[ROWS]][%[[N]], %[[ROW]], %[[AT]]] : memref<2x7x28xi8>, vector<4xi8>
// CHECK: %[[AT1:.*]] = arith.addi %[[AT]], %c8
// CHECK: vector.load %[[ROWS]][%[[N]], %[[ROW]], %[[AT1]]] : memref<2x7x28xi8>, vector<4xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: linalg.conv_2d_nhwc_fhwc
memref.global "private" constant @f : memref<16x3x3x4xi8> = dense<-3>
func.func @conv(%x: memref<2x7x7x4xi8>, %y: memref<2x3x3x16xi32>) {
  %f = memref.get_global @f : memref<16x3x3x4xi8>
  linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %f : memref<2x7x7x4xi8>, memref<16x3x3x4xi8>) outs(%y : memref<2x3x3x16xi32>)
  return
}

// -----

// A 1x1 convolution of stride 1 is a matmul of its 2 x 4 x 4 pixels.

// CHECK-LABEL: func.func @pointwise
// CHECK-DAG: memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : memref<2x4x4x8xi8> into memref<32x8xi8>
// CHECK-DAG: memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : memref<2x4x4x16xi32> into memref<32x16xi32>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
memref.global "private" constant @p : memref<16x1x1x8xi8> = dense<5>
func.func @pointwise(%x: memref<2x4x4x8xi8>, %y: memref<2x4x4x16xi32>) {
  %p = memref.get_global @p : memref<16x1x1x8xi8>
  linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %p : memref<2x4x4x8xi8>, memref<16x1x1x8xi8>) outs(%y : memref<2x4x4x16xi32>)
  return
}

// -----

// After a fill of zeros (as the lowering leaves it) the accumulators start
// from the correction: the output is not read, the fill goes. A fill of
// another value stays and is read.

// CHECK-LABEL: func.func @filled
// CHECK-SAME: (%[[A:.*]]: memref<8x8xi8>, %[[C:.*]]: memref<8x16xi32>, %[[D:.*]]: memref<8x16xi32>)
// CHECK-NOT: linalg.fill
// CHECK-NOT: vector.load %[[C]]
// CHECK: vector.store %{{.*}}, %[[C]]
// CHECK: linalg.fill ins(%{{.*}} : i32) outs(%[[D]] : memref<8x16xi32>)
// CHECK: vector.load %[[D]]
memref.global "private" constant @wf : memref<8x16xi8> = dense<2>
func.func @filled(%a: memref<8x8xi8>, %c: memref<8x16xi32>, %d: memref<8x16xi32>) {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %w = memref.get_global @wf : memref<8x16xi8>
  linalg.fill ins(%zero : i32) outs(%c : memref<8x16xi32>)
  linalg.matmul ins(%a, %w : memref<8x8xi8>, memref<8x16xi8>) outs(%c : memref<8x16xi32>)
  linalg.fill ins(%one : i32) outs(%d : memref<8x16xi32>)
  linalg.matmul ins(%a, %w : memref<8x8xi8>, memref<8x16xi8>) outs(%d : memref<8x16xi32>)
  return
}

// -----

// Weights of at most 16 values (here -8..7, 4-bit linear; the table in the
// order the packed weights meet them) are 4-bit indices into a table, two
// per byte: one vector per pair of channel groups (16 channels: 4 groups, 2
// pairs), the low halves looked up with vpshufb for the first group, the
// high halves for the second. With more than 16 values (@wide) the weights
// stay bytes. Without table-weights, bytes.

// TABLE-LABEL: func.func @four_bit
// TABLE: %[[TABLE:.*]] = arith.constant dense<[0, -8, 7, -7, 6, -6, 5, -5, 4, -4, 3, -3, 2, -2, 1, -1, 0, -8, {{.*}}]> : vector<64xi8>
// TABLE: %[[W:.*]] = memref.get_global @__qcc_vnni_weights{{.*}} : memref<2x1x64xi8>
// TABLE: scf.for %[[PAIR:.*]] = %c0 to %c2 step %c1 iter_args(
// TABLE: %[[NIBBLES:.*]] = vector.load %[[W]][%[[PAIR]], %{{.*}}, %{{.*}}] : memref<2x1x64xi8>, vector<64xi8>
// TABLE: %[[LOW:.*]] = arith.andi %[[NIBBLES]], %{{.*}} : vector<64xi8>
// TABLE: %[[FIRST:.*]] = llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"(%[[TABLE]], %[[LOW]]) : (vector<64xi8>, vector<64xi8>) -> vector<64xi8>
// TABLE: %[[HIGH:.*]] = arith.shrui %[[NIBBLES]], %{{.*}} : vector<64xi8>
// TABLE: %[[SECOND:.*]] = llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"(%[[TABLE]], %[[HIGH]])
// TABLE: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %{{.*}}, %[[FIRST]])
// TABLE: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %{{.*}}, %[[SECOND]])
// TABLE-LABEL: func.func @wide
// TABLE: memref<1x1x64xi8>
// TABLE-NOT: pshuf
// CHECK-LABEL: func.func @four_bit
// CHECK-NOT: pshuf
memref.global "private" constant @w4 : memref<16x16xi8> = dense<[[-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8]]>
func.func @four_bit(%a: memref<8x16xi8>, %c: memref<8x16xi32>) {
  %w = memref.get_global @w4 : memref<16x16xi8>
  linalg.matmul ins(%a, %w : memref<8x16xi8>, memref<16x16xi8>) outs(%c : memref<8x16xi32>)
  return
}
memref.global "private" constant @w17 : memref<4x16xi8> = dense<[[-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7], [8, 6, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]>
func.func @wide(%a: memref<8x4xi8>, %c: memref<8x16xi32>) {
  %w = memref.get_global @w17 : memref<4x16xi8>
  linalg.matmul ins(%a, %w : memref<8x4xi8>, memref<4x16xi8>) outs(%c : memref<8x16xi32>)
  return
}

// -----

// Left alone: weights that are not a constant, i16 operands, a dynamic
// shape.

// CHECK-LABEL: func.func @untouched
// CHECK-COUNT-3: linalg.matmul
// CHECK-NOT: vpdpbusd
memref.global "private" constant @w16 : memref<8x16xi16> = dense<1>
func.func @untouched(%a: memref<4x8xi8>, %b: memref<8x16xi8>, %a16: memref<4x8xi16>, %d: memref<?x8xi8>, %c: memref<4x16xi32>, %e: memref<?x16xi32>) {
  linalg.matmul ins(%a, %b : memref<4x8xi8>, memref<8x16xi8>) outs(%c : memref<4x16xi32>)
  %w = memref.get_global @w16 : memref<8x16xi16>
  linalg.matmul ins(%a16, %w : memref<4x8xi16>, memref<8x16xi16>) outs(%c : memref<4x16xi32>)
  %w8 = memref.get_global @w8 : memref<8x16xi8>
  linalg.matmul ins(%d, %w8 : memref<?x8xi8>, memref<8x16xi8>) outs(%e : memref<?x16xi32>)
  return
}
memref.global "private" constant @w8 : memref<8x16xi8> = dense<1>
