// REQUIRES: ap_types
// The emitted C++ compiles without warnings under g++ -Wall -Wextra (the
// ap_types headers as system headers), in both interfaces and strategies,
// and its C-simulation gives the reference's codes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: qcc-translate --qcost-to-hlscpp --hls-testbench %s -o %t/parallel.cpp
// RUN: g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -isystem %ap_types %t/parallel.cpp
// RUN: qcc-translate --qcost-to-hlscpp --hls-testbench --hls-io=stream --hls-strategy=resource --hls-reuse-factor=3 %s -o %t/stream.cpp
// RUN: g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -isystem %ap_types %t/stream.cpp
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.arange(-60, 68, 2, dtype=np.int8).reshape(1, 4, 4, 4))"
// RUN: qcc-run %s --input=%t/x.npy -o %t/ref.npy | FileCheck %s
// RUN: qcc-run %s --input=%t/x.npy -o %t/csim.npy --mode=hls-csim --emit-hls=%t/kept.cpp | FileCheck %s
// RUN: qcc-run %s --input=%t/x.npy -o %t/csim-stream.npy --mode=hls-csim --hls-io=stream | FileCheck %s
// RUN: %python -c "import numpy as np; r = np.load('%t/ref.npy'); print('identical' if all(np.array_equal(r, np.load(f)) for f in ['%t/csim.npy', '%t/csim-stream.npy']) else 'DIFFERENT')" | FileCheck %s --check-prefix=SAME
// RUN: FileCheck %s --check-prefix=KEPT < %t/kept.cpp
// RUN: not qcc-run %s --input=%t/x.npy --mode=hls-csim --hls-io=axi 2>&1 | FileCheck %s --check-prefix=BADIO
// RUN: not qcc-run %s --input=%t/x.npy --emit-hls=%t/no.cpp 2>&1 | FileCheck %s --check-prefix=NEEDSMODE

// CHECK: result #0: tensor<1x2x2x4x!qcost.ufixed<6, 2>>, 16 elements
// SAME: identical
// KEPT: int main(int argc, char **argv) {
// BADIO: error: --hls-io=axi is not parallel or stream
// NEEDSMODE: error: --emit-hls needs --mode=hls-csim

// A padded 3x3 convolution with power-of-two weights and a bias, a ReLU
// that requantizes, and a 2x2 max pool.
func.func @block(%x: tensor<1x4x4x4x!qcost.fixed<8, 3>>) -> tensor<1x2x2x4x!qcost.ufixed<6, 2>> {
  %w = qcost.constant dense<3> : tensor<3x3x4x4xi8> -> tensor<3x3x4x4x!qcost.pot<4, -6, 0>>
  %b = qcost.constant dense<[5, -7, 9, 0]> : tensor<4xi32> -> tensor<4x!qcost.fixed<20, 9>>
  %c = qcost.conv2d %x, %w bias(%b) padding [1, 1, 1, 1] : (tensor<1x4x4x4x!qcost.fixed<8, 3>>, tensor<3x3x4x4x!qcost.pot<4, -6, 0>>, tensor<4x!qcost.fixed<20, 9>>) -> tensor<1x4x4x4x!qcost.fixed<20, 9>>
  %r = qcost.relu %c : (tensor<1x4x4x4x!qcost.fixed<20, 9>>) -> tensor<1x4x4x4x!qcost.ufixed<6, 2>>
  %p = qcost.max_pool2d %r kernel [2, 2] strides [2, 2] : (tensor<1x4x4x4x!qcost.ufixed<6, 2>>) -> tensor<1x2x2x4x!qcost.ufixed<6, 2>>
  return %p : tensor<1x2x2x4x!qcost.ufixed<6, 2>>
}
