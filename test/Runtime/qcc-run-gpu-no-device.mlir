// REQUIRES: ptxas, no-gpu
// Without a GPU, --mode=gpu says so in one line, at the function, and exits
// non-zero.
// RUN: %python -c "import numpy as np; np.save('%t.npy', np.arange(32).reshape(4, 8).astype(np.int8))"
// RUN: not qcc-run %s --mode=gpu --input=%t.npy 2>&1 | FileCheck %s
// CHECK: error: no CUDA device to run 'scale' on

func.func @scale(%x: tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x8x!qcost.fixed<8, 0>> {
  %y = qcost.add %x, %x : (tensor<4x8x!qcost.fixed<8, 0>>, tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x8x!qcost.fixed<8, 0>>
  return %y : tensor<4x8x!qcost.fixed<8, 0>>
}
