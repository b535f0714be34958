// RUN: qcc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(qcc-gpu-map-loops{block-size=128}))" -verify-diagnostics | FileCheck %s

// A nest with two parallel loops (6 x 5 = 30 elements) and a reduction: one
// launch of ceil(30 / 128) = 1 block of 128 threads, named after the
// function, each thread computing one element with the sum in a register.
// The buffer the function allocates is device memory; the weight global is
// read inside the kernel.

// CHECK-LABEL: func.func @nest
// CHECK: %[[BUF:.*]] = gpu.alloc () : memref<6x5xi32>
// CHECK: gpu.launch blocks(%[[B:.*]], %{{.*}}, %{{.*}}) in ({{.*}}) threads(%[[T:.*]], %{{.*}}, %{{.*}}) in ({{.*}}) module(@qcc_kernels) function(@nest_k0)
// CHECK: %[[W:.*]] = memref.get_global @w : memref<4x5xi8>
// CHECK: %[[ID:.*]] = arith.addi %{{.*}}, %[[T]] : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[ID]], %{{.*}} : index
// CHECK: scf.if %[[IN]] {
// CHECK: arith.remui %[[ID]]
// CHECK: arith.divui %[[ID]]
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (i32) {
// CHECK: memref.load %[[W]]
// CHECK: } {qcc.reduction}
// CHECK: memref.store {{.*}}, %[[BUF]]
// CHECK: gpu.terminator
// Other ops that touch memory (here a copy) run in a kernel of one thread.
// CHECK: gpu.launch {{.*}} function(@nest_k1)
// CHECK: memref.copy %[[BUF]], %{{.*}}
// CHECK: gpu.dealloc %[[BUF]] : memref<6x5xi32>
memref.global "private" constant @w : memref<4x5xi8> = dense<1>
func.func @nest(%x: memref<6x4xi8>, %out: memref<6x5xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %zero = arith.constant 0 : i32
  %w = memref.get_global @w : memref<4x5xi8>
  %buf = memref.alloc() : memref<6x5xi32>
  scf.for %i = %c0 to %c6 step %c1 {
    scf.for %j = %c0 to %c5 step %c1 {
      %s = scf.for %k = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> (i32) {
        %a = memref.load %x[%i, %k] : memref<6x4xi8>
        %b = memref.load %w[%k, %j] : memref<4x5xi8>
        %a32 = arith.extsi %a : i8 to i32
        %b32 = arith.extsi %b : i8 to i32
        %p = arith.muli %a32, %b32 : i32
        %n = arith.addi %acc, %p : i32
        scf.yield %n : i32
      } {qcc.reduction}
      memref.store %s, %buf[%i, %j] : memref<6x5xi32>
    }
  }
  memref.copy %buf, %out : memref<6x5xi32> to memref<6x5xi32>
  memref.dealloc %buf : memref<6x5xi32>
  return
}

// -----

// A whole-tensor sum: no parallel loop, so one thread runs the reduction
// and the store of its result.
// CHECK-LABEL: func.func @total
// CHECK: gpu.launch {{.*}} function(@total_k0)
// CHECK: scf.if
// CHECK: scf.for
// CHECK: memref.store
// CHECK: gpu.terminator
// CHECK-NOT: memref.store
// CHECK: return
func.func @total(%x: memref<8xi32>, %out: memref<i32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0 : i32
  %s = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (i32) {
    %a = memref.load %x[%k] : memref<8xi32>
    %n = arith.addi %acc, %a : i32
    scf.yield %n : i32
  } {qcc.reduction}
  memref.store %s, %out[] : memref<i32>
  return
}

// -----

// The host cannot read what a kernel computes.
func.func @host_reads(%x: memref<8xi32>) -> i32 {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{qcc-gpu-map-loops cannot run this op on the device: the host uses its results}}
  %a = memref.load %x[%c0] : memref<8xi32>
  return %a : i32
}
