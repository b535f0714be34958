// RUN: qcc-translate --qcost-to-hlscpp --split-input-file -verify-diagnostics %s
// RUN: not qcc-translate --qcost-to-hlscpp --hls-io=axi %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=IO
// RUN: not qcc-translate --qcost-to-hlscpp --hls-strategy=fast %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not qcc-translate --qcost-to-hlscpp --hls-reuse-factor=0 %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=REUSE
// RUN: not qcc-translate --qcost-to-hlscpp --hls-unroll-limit=0 %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=LIMIT
// RUN: not qcc-translate --qcost-to-hlscpp --hls-function=nope %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=NAMED
// RUN: not qcc-translate --qcost-to-hlscpp --hls-report=%t/missing/dir/r.json %S/emit-parallel.mlir 2>&1 | FileCheck %s --check-prefix=REPORT

// IO: error: --hls-io=axi is not parallel or stream
// STRATEGY: error: --hls-strategy=fast is not latency or resource
// REUSE: error: --hls-reuse-factor must be at least 1
// LIMIT: error: --hls-unroll-limit must be at least 1
// NAMED: error: no public function named 'nope'
// REPORT: emit-parallel.mlir:{{[0-9]+}}:1: error: cannot write '{{.*}}r.json':

// The top function's ports are static arrays of formats.

// expected-error @+1 {{HLS top functions take and return non-empty, statically shaped tensors of formats (not f64); got 'tensor<?x4x!qcost.fixed<8, 4>>'}}
func.func @dynamic(%x: tensor<?x4x!qcost.fixed<8, 4>>) -> tensor<?x4x!qcost.fixed<8, 4>> {
  return %x : tensor<?x4x!qcost.fixed<8, 4>>
}

// -----

// expected-error @+1 {{got 'tensor<0x4x!qcost.fixed<8, 4>>'}}
func.func @empty(%x: tensor<0x4x!qcost.fixed<8, 4>>) -> tensor<0x4x!qcost.fixed<8, 4>> {
  return %x : tensor<0x4x!qcost.fixed<8, 4>>
}

// -----

// expected-error @+1 {{got 'tensor<4xf64>'}}
func.func @doubles(%x: tensor<4xf64>) -> tensor<4xf32> {
  %y = qcost.relu %x : (tensor<4xf64>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// One public function per design, or --hls-function.
func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
// expected-error @+1 {{several public functions ('first', 'second', ...): choose one with --hls-function}}
func.func @second(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// An op that does not lower fails where it is, naming its formats and why
// (the same lowering as the CPU's).
func.func @shift_by_wide(%x: tensor<4x!qcost.fixed<8, 0>>, %s: tensor<4xi32>) -> tensor<4x!qcost.fixed<8, 0>> {
  // expected-error @+1 {{'qcost.shift' (!qcost.fixed<8, 0>, i32) -> !qcost.fixed<8, 0> does not lower: shift amounts wider than 16 bits are not supported}}
  %y = qcost.shift %x, %s : (tensor<4x!qcost.fixed<8, 0>>, tensor<4xi32>) -> tensor<4x!qcost.fixed<8, 0>>
  return %y : tensor<4x!qcost.fixed<8, 0>>
}

// -----

// expected-error @+1 {{no public function}}
module {
  func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}
