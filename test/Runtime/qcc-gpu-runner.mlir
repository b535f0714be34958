// REQUIRES: ptxas
// --save-bundle writes what a machine without MLIR needs: the GPU library,
// qcc-gpu-runner, the inputs and the reference evaluator's results. Here,
// without a GPU, the runner is checked on the function's CPU library behind
// a host-memory stand-in of qcc's GPU runtime (Inputs/host-gpu-runtime.c).
// RUN: rm -rf %t.bundle
// RUN: %python -c "import numpy as np; np.save('%t.npy', np.arange(-16, 16).reshape(4, 8).astype(np.int8))"
// RUN: qcc-run %s --mode=gpu --input=%t.npy --save-bundle=%t.bundle | FileCheck %s --check-prefix=WROTE
// RUN: FileCheck %s --check-prefix=MANIFEST < %t.bundle/manifest.txt
// RUN: qcc-run %s --mode=compiled --compile-only --save-library=%t.bundle/cpu.so
// RUN: clang -shared -fPIC %S/Inputs/host-gpu-runtime.c %t.bundle/cpu.so -Wl,-rpath,%t.bundle -o %t.bundle/host.so
// RUN: sed -i 's/^library .*/library host.so/' %t.bundle/manifest.txt
// RUN: %t.bundle/qcc-gpu-runner %t.bundle --repeat=3 | FileCheck %s
// RUN: %python -c "d = bytearray(open('%t.bundle/call0_expected0.bin', 'rb').read()); d[5] ^= 1; open('%t.bundle/call0_expected0.bin', 'wb').write(d)"
// RUN: not %t.bundle/qcc-gpu-runner %t.bundle | FileCheck %s --check-prefix=DIFF
// RUN: not qcc-run %s --mode=gpu --compile-only --save-bundle=%t.other 2>&1 | FileCheck %s --check-prefix=NOINPUT

// WROTE: wrote the GPU bundle
// MANIFEST: library kernels.so
// MANIFEST-NEXT: function twice
// MANIFEST-NEXT: argument 1 2 4 8 call0_in0.bin
// MANIFEST-NEXT: result 1 2 4 8 call0_expected0.bin
// CHECK: twice: identical, median {{[0-9.]+}} ms
// CHECK: 1 functions, 1 identical, 0 different
// DIFF: twice: result #0 DIFFERENT in 1 of 32 elements
// NOINPUT: --save-bundle needs the inputs; drop --compile-only

func.func @twice(%x: tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x8x!qcost.fixed<8, 0>> {
  %y = qcost.add %x, %x : (tensor<4x8x!qcost.fixed<8, 0>>, tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x8x!qcost.fixed<8, 0>>
  return %y : tensor<4x8x!qcost.fixed<8, 0>>
}
