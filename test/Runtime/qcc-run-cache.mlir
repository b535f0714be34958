// The library cache: a second compile of the same module takes the library
// from $QCC_CACHE_DIR (neither the lowering nor clang runs) and computes the
// same results. Each build stores two entries, by the module and by the
// bitcode: with --emit-llvm the lowering runs (the LLVM IR is asked for) and
// the bitcode's entry is the hit. A different function is a different pair;
// QCC_CACHE_DIR=none turns the cache off.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.arange(-8, 8, dtype=np.int8).reshape(4, 4))"
// RUN: env QCC_CACHE_DIR=%t/cache qcc-run %s --function=twice --input=%t/x.npy --mode=compiled --verbose -o %t/first.npy 2>&1 | FileCheck %s --check-prefix=BUILT
// RUN: env QCC_CACHE_DIR=%t/cache qcc-run %s --function=twice --input=%t/x.npy --mode=compiled --verbose -o %t/second.npy 2>&1 | FileCheck %s --check-prefix=CACHED
// RUN: cmp %t/first.npy %t/second.npy
// RUN: ls %t/cache | FileCheck %s --check-prefix=TWO
// RUN: env QCC_CACHE_DIR=%t/cache qcc-run %s --function=twice --input=%t/x.npy --mode=compiled --emit-llvm=%t/twice.ll --verbose 2>&1 | FileCheck %s --check-prefix=CACHED
// RUN: ls %t/cache | FileCheck %s --check-prefix=TWO
// RUN: env QCC_CACHE_DIR=%t/cache qcc-run %s --function=thrice --input=%t/x.npy --mode=compiled --verbose 2>&1 | FileCheck %s --check-prefix=BUILT
// RUN: ls %t/cache | FileCheck %s --check-prefix=FOUR
// RUN: env QCC_CACHE_DIR=none qcc-run %s --function=twice --input=%t/x.npy --mode=compiled --verbose 2>&1 | FileCheck %s --check-prefix=BUILT
// RUN: ls %t/cache | FileCheck %s --check-prefix=FOUR

// BUILT: qcc-run: the library was built with clang
// CACHED: qcc-run: the library was taken from the cache
// CACHED: values: -16 -14 -12
// TWO-COUNT-2: {{^[0-9a-f]{64}\.so$}}
// TWO-NOT: .so
// FOUR-COUNT-4: {{^[0-9a-f]{64}\.so$}}
// FOUR-NOT: {{.}}

func.func @twice(%x: tensor<4x4x!qcost.fixed<8, 0>>) -> tensor<4x4x!qcost.fixed<9, 0>> {
  %y = qcost.add %x, %x : (tensor<4x4x!qcost.fixed<8, 0>>, tensor<4x4x!qcost.fixed<8, 0>>) -> tensor<4x4x!qcost.fixed<9, 0>>
  return %y : tensor<4x4x!qcost.fixed<9, 0>>
}

func.func @thrice(%x: tensor<4x4x!qcost.fixed<8, 0>>) -> tensor<4x4x!qcost.fixed<10, 0>> {
  %y = qcost.add %x, %x : (tensor<4x4x!qcost.fixed<8, 0>>, tensor<4x4x!qcost.fixed<8, 0>>) -> tensor<4x4x!qcost.fixed<9, 0>>
  %z = qcost.add %y, %x : (tensor<4x4x!qcost.fixed<9, 0>>, tensor<4x4x!qcost.fixed<8, 0>>) -> tensor<4x4x!qcost.fixed<10, 0>>
  return %z : tensor<4x4x!qcost.fixed<10, 0>>
}
