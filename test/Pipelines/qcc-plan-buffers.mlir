// RUN: qcc-opt %s --split-input-file --allow-unregistered-dialect --qcc-plan-buffers | FileCheck %s

// Three buffers: %a (4 KiB) and %b (1 KiB) are alive together, %c (2 KiB)
// only after %a is freed, so %c reuses %a's bytes; the arena is 5 KiB, the
// allocations become views at planned offsets and the deallocs go.

// CHECK: memref.global "private" @__qcc_arena_chain : memref<5120xi8> = dense<0> {alignment = 64 : i64}
// CHECK-LABEL: func.func @chain
// CHECK: %[[ARENA:.*]] = memref.get_global @__qcc_arena_chain : memref<5120xi8>
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<5120xi8> to memref<1024xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c4096{{.*}}][] : memref<5120xi8> to memref<1024xi8>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<5120xi8> to memref<512xi32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
func.func @chain(%out: memref<512xi32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<1024xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<1024xi8>
  "test.use"(%a, %b) : (memref<1024xf32>, memref<1024xi8>) -> ()
  memref.dealloc %a : memref<1024xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<512xi32>
  "test.use"(%b, %c) : (memref<1024xi8>, memref<512xi32>) -> ()
  memref.dealloc %b : memref<1024xi8>
  memref.copy %c, %out : memref<512xi32> to memref<512xi32>
  memref.dealloc %c : memref<512xi32>
  return
}

// -----

// Sizes round to whole bytes per element (i4, i23 and i1 take 1, 4 and 1
// bytes), offsets to 64 bytes, the largest placed first; buffers never
// freed live to the end. What stays: dynamic sizes, a non-identity layout.

// CHECK: memref.global "private" @__qcc_arena_kinds : memref<131xi8>
// CHECK-LABEL: func.func @kinds
// CHECK: memref.view {{.*}}[%c64{{.*}}][] {{.*}} to memref<10xi4>
// CHECK: memref.view {{.*}}[%c0{{.*}}][] {{.*}} to memref<10xi23>
// CHECK: memref.view {{.*}}[%c128{{.*}}][] {{.*}} to memref<3xi1>
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

// Functions without buffers get no arena.

// CHECK-NOT: __qcc_arena
// CHECK-LABEL: func.func @none
func.func @none(%x: memref<4xi8>) {
  return
}
