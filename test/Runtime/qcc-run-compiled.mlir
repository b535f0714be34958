// The runner in compiled mode: the same codes as the reference, a kept
// shared library with the packed entry point, and located errors.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[0.3, -1.7, 2.5, 1e30], [float('nan'), -0.0, 6.2, -2.25]], np.float32))"
// RUN: qcc-run %s --function=block --input=%t/x.npy -o %t/ref.npy | FileCheck %s
// RUN: qcc-run %s --function=block --input=%t/x.npy -o %t/cpu.npy --mode=compiled --save-library=%t/block.so | FileCheck %s
// RUN: %python -c "import numpy as np; a, b = np.load('%t/ref.npy'), np.load('%t/cpu.npy'); print('identical' if a.dtype == b.dtype and np.array_equal(a, b) else 'DIFFERENT')" | FileCheck %s --check-prefix=SAME
// RUN: llvm-nm -D %t/block.so | FileCheck %s --check-prefix=LIBRARY
// RUN: not qcc-run %s --function=shifted --input=%t/x.npy --mode=compiled 2>&1 | FileCheck %s --check-prefix=NOLOWER
// RUN: not qcc-run %s --function=block --input=%t/x.npy --save-library=%t/no.so 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not qcc-run %s --function=block --input=%t/x.npy --mode=jit 2>&1 | FileCheck %s --check-prefix=MODE

// quantize (x * 2 to fixed<6, 1>: NaN -> 0, 1e30 saturates), a per-channel
// rescale, relu, then dequantize to f32.
// CHECK: result #0: tensor<2x4xf32>, 8 elements, values: 0.25 -0.875 2.5 2 0 0 6.25 -0.5
// SAME: identical
// LIBRARY-DAG: T _mlir_ciface_block
// LIBRARY-DAG: T qcc_packed_block
// NOLOWER: qcc-run-compiled.mlir:{{[0-9]+}}:8: error: 'qcost.shift' (!qcost.fixed<8, 0>, i32) -> !qcost.fixed<8, 0> does not lower: shift amounts wider than 16 bits are not supported
// OPTION: error: --save-library and --emit-llvm need --mode=compiled
// MODE: error: unknown --mode 'jit' (expected: reference, compiled, gpu or hls-csim)

func.func @block(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %two = arith.constant dense<2.0> : tensor<f32>
  %q = qcost.quantize %x scale(%two) : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4x!qcost.fixed<6, 1>>
  %s = arith.constant dense<[1.0, 0.5, 1.0, 0.25]> : tensor<4xf32>
  %r = qcost.rescale %q, %s : (tensor<2x4x!qcost.fixed<6, 1>>, tensor<4xf32>) -> tensor<2x4x!qcost.fixed<8, 2>>
  %half = arith.constant dense<0.5> : tensor<f32>
  %y = qcost.dequantize %r scale(%half) : (tensor<2x4x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

func.func @shifted(%x: tensor<2x4xf32>) -> tensor<2x4x!qcost.fixed<8, 0>> {
  %q = qcost.quantize %x : (tensor<2x4xf32>) -> tensor<2x4x!qcost.fixed<8, 0>>
  %k = arith.constant dense<1> : tensor<4xi32>
  %y = qcost.shift %q, %k : (tensor<2x4x!qcost.fixed<8, 0>>, tensor<4xi32>) -> tensor<2x4x!qcost.fixed<8, 0>>
  return %y : tensor<2x4x!qcost.fixed<8, 0>>
}
