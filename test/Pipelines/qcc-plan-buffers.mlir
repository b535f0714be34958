// RUN: qcc-opt %s --split-input-file --allow-unregistered-dialect --qcc-plan-buffers | FileCheck %s

// Three buffers, allocated at the top and freed at the end (as the
// bufferization leaves them): %a (4 KiB) and %b (1 KiB) are used together,
// %c (2 KiB) only after %a's last use, so %c takes %a's slot. Each slot is a
// zero-initialized global; the allocations become views, the deallocs go.

// CHECK: memref.global "private" @__qcc_buffer_chain_0 : memref<4096xi8> = dense<0> {alignment = 64 : i64}
// CHECK: memref.global "private" @__qcc_buffer_chain_1 : memref<1024xi8> = dense<0> {alignment = 64 : i64}
// CHECK-NOT: memref.global
// CHECK-LABEL: func.func @chain
// CHECK-DAG: %[[S0:.*]] = memref.get_global @__qcc_buffer_chain_0 : memref<4096xi8>
// CHECK-DAG: %[[S1:.*]] = memref.get_global @__qcc_buffer_chain_1 : memref<1024xi8>
// CHECK: memref.view %[[S0]][%{{.*}}][] : memref<4096xi8> to memref<1024xf32>
// CHECK: memref.view %[[S1]][%{{.*}}][] : memref<1024xi8> to memref<1024xi8>
// CHECK: memref.view %[[S0]][%{{.*}}][] : memref<4096xi8> to memref<512xi32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
func.func @chain(%out: memref<512xi32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<1024xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<1024xi8>
  %c = memref.alloc() {alignment = 64 : i64} : memref<512xi32>
  "test.use"(%a, %b) : (memref<1024xf32>, memref<1024xi8>) -> ()
  "test.use"(%b, %c) : (memref<1024xi8>, memref<512xi32>) -> ()
  memref.copy %c, %out : memref<512xi32> to memref<512xi32>
  memref.dealloc %a : memref<1024xf32>
  memref.dealloc %b : memref<1024xi8>
  memref.dealloc %c : memref<512xi32>
  return
}

// -----

// A buffer is alive until the last use of its views: %b is first used
// after %a's last direct use but together with a subview of %a, so they
// take two slots.

// CHECK-LABEL: func.func @through_views
// CHECK-COUNT-2: memref.get_global
func.func @through_views() {
  %a = memref.alloc() : memref<64xi8>
  %b = memref.alloc() : memref<64xi8>
  %part = memref.subview %a[0] [32] [1] : memref<64xi8> to memref<32xi8, strided<[1]>>
  "test.use"(%a) : (memref<64xi8>) -> ()
  "test.use"(%part, %b) : (memref<32xi8, strided<[1]>>, memref<64xi8>) -> ()
  memref.dealloc %a : memref<64xi8>
  memref.dealloc %b : memref<64xi8>
  return
}

// -----

// Slot sizes in whole bytes per element (i4, i23 and i1 take 1, 4 and 1
// bytes). What stays: dynamic sizes, a non-identity layout.

// CHECK: memref.global "private" @__qcc_buffer_kinds_0 : memref<10xi8>
// CHECK: memref.global "private" @__qcc_buffer_kinds_1 : memref<40xi8>
// CHECK: memref.global "private" @__qcc_buffer_kinds_2 : memref<3xi8>
// CHECK-LABEL: func.func @kinds
// CHECK: memref.view {{.*}} to memref<10xi4>
// CHECK: memref.view {{.*}} to memref<10xi23>
// CHECK: memref.view {{.*}} to memref<3xi1>
// CHECK: memref.alloc(%{{.*}}) : memref<?xi8>
// CHECK: memref.alloc() : memref<4xi8, strided<[2]>>
func.func @kinds(%n: index) {
  %a = memref.alloc() : memref<10xi4>
  %b = memref.alloc() : memref<10xi23>
  %c = memref.alloc() : memref<3xi1>
  %d = memref.alloc(%n) : memref<?xi8>
  %e = memref.alloc() : memref<4xi8, strided<[2]>>
  "test.use"(%a, %b, %c, %d, %e) : (memref<10xi4>, memref<10xi23>, memref<3xi1>, memref<?xi8>, memref<4xi8, strided<[2]>>) -> ()
  return
}

// -----

// Functions without buffers get none.

// CHECK-NOT: __qcc_buffer
// CHECK-LABEL: func.func @none
func.func @none(%x: memref<4xi8>) {
  return
}
