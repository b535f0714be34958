// An FP8 block run by the reference evaluator and compiled for the CPU: the
// same codes, bit for bit, including NaN, infinities, -0, subnormals,
// saturation and stochastic rounding.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[0.3, -1.7, 2.5, 1e30], [float('nan'), -0.0, 600.0, -0.0009765625], [0.0068359375, -3.0e-3, 17.0, float('-inf')]], np.float32))"
// RUN: qcc-run %s --function=fp8_block --input=%t/x.npy -o %t/ref.npy | FileCheck %s
// RUN: qcc-run %s --function=fp8_block --input=%t/x.npy -o %t/cpu.npy --mode=compiled | FileCheck %s
// RUN: %python -c "import numpy as np; a, b = np.load('%t/ref.npy'), np.load('%t/cpu.npy'); print('identical' if a.dtype == b.dtype and np.array_equal(a.view(np.uint32), b.view(np.uint32)) else 'DIFFERENT')" | FileCheck %s --check-prefix=SAME
// RUN: qcc-run %s --function=codes --input=%t/x.npy -o %t/codes-ref.npy | FileCheck %s --check-prefix=CODES
// RUN: qcc-run %s --function=codes --input=%t/x.npy -o %t/codes-cpu.npy --mode=compiled | FileCheck %s --check-prefix=CODES
// RUN: %python -c "import numpy as np; a, b = np.load('%t/codes-ref.npy'), np.load('%t/codes-cpu.npy'); print('identical' if a.dtype == b.dtype and np.array_equal(a, b) else 'DIFFERENT')" | FileCheck %s --check-prefix=SAME

// x -> E4M3FN (saturating: 1e30 and 600 -> 448, NaN stays NaN), times a
// per-column E4M3 weight rounded into E5M2 without subnormal outputs, relu,
// then back to f32.
// CHECK: result #0: tensor<3x4xf32>, 12 elements, values: 0.15625 0 5 448 nan 0 896 0 ...
// SAME: identical
// Stochastic rounding into E4M3FN keeps the sign of values that round to 0.
// CODES: result #0: tensor<3x4xf8E4M3FN>, 12 elements, values: 0.3125 -1.625 2.5 448 nan -0 448 -0 ...

func.func @codes(%x: tensor<3x4xf32>) -> tensor<3x4xf8E4M3FN> {
  %q = qcost.quantize %x rounding stochastic seed 5 : (tensor<3x4xf32>) -> tensor<3x4xf8E4M3FN>
  return %q : tensor<3x4xf8E4M3FN>
}

func.func @fp8_block(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %q = qcost.quantize %x : (tensor<3x4xf32>) -> tensor<3x4xf8E4M3FN>
  %w = arith.constant dense<[0.5, 0.25, 2.0, 1.0]> : tensor<4xf8E4M3>
  %m = qcost.mul %q, %w : (tensor<3x4xf8E4M3FN>, tensor<4xf8E4M3>) -> tensor<3x4x!qcost.float<5, 2, subnormals = no_output>>
  %r = qcost.relu %m : (tensor<3x4x!qcost.float<5, 2, subnormals = no_output>>) -> tensor<3x4x!qcost.float<5, 2, subnormals = no_output>>
  %y = qcost.dequantize %r : (tensor<3x4x!qcost.float<5, 2, subnormals = no_output>>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}
