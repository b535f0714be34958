// The runner in reference mode: codes in, codes out, and --values.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, -2, 3], [4, 5, -128]], np.int8)); np.save('%t/w.npy', np.array([[1, 2], [3, -8], [7, 0]], np.int8)); np.save('%t/xf.npy', np.zeros((2, 3), np.float32)); np.save('%t/x3.npy', np.zeros((3, 3), np.int8)); np.save('%t/big.npy', np.array([[1, 2, 3], [4, 5, 300]], np.int16))"
// RUN: qcc-run %s --input=%t/x.npy --input=%t/w.npy -o %t/y.npy -o %t/z.npy | FileCheck %s
// RUN: %python -c "import numpy as np; print(np.load('%t/y.npy').tolist(), np.load('%t/y.npy').dtype, np.load('%t/z.npy').tolist())" | FileCheck %s --check-prefix=NPY
// RUN: qcc-run %s --input=%t/x.npy --input=%t/w.npy --values | FileCheck %s --check-prefix=VALUES
// RUN: not qcc-run %s --input=%t/xf.npy --input=%t/w.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not qcc-run %s --input=%t/x3.npy --input=%t/w.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not qcc-run %s --input=%t/big.npy --input=%t/w.npy 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not qcc-run %s --input=%t/x.npy 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not qcc-run %s --function=g --input=%t/x.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not qcc-run %s --input=%t/nope.npy --input=%t/w.npy 2>&1 | FileCheck %s --check-prefix=FILE
// RUN: not qcc-run %s --input=%s --input=%t/w.npy 2>&1 | FileCheck %s --check-prefix=NOTNPY

// x has codes [[1, -2, 3], [4, 5, -128]] at F = 2: [[0.25, -0.5, 0.75], [1, 1.25, -32]].
// y = x * w exactly; z = round(x * 0.75) into fixed<4, 1> (ties to even, saturating).
// CHECK: result #0: tensor<2x2x!qcost.fixed<16, 2>>, 4 elements, values: 4 4.5 -219.25 -8
// CHECK: result #1: tensor<2x3x!qcost.fixed<4, 1>>, 6 elements, values: 0 -0.5 0.5 1 1 -4
// NPY: {{\[\[}}16, 18], [-877, -32]] int16 {{\[\[}}0, -1, 1], [2, 2, -8]]
// VALUES: values: 16 18 -205 -32
// VALUES: values: 1 -1.5 2 3 3.5 -4
// DTYPE: error: input #0 ({{.*}}xf.npy): dtype float32 cannot hold codes of !qcost.fixed<8, 2>; expected int8
// SHAPE: error: input #0 ({{.*}}x3.npy): shape (3, 3) does not match tensor<2x3x!qcost.fixed<8, 2>>, which needs (2, 3)
// RANGE: error: input #0 ({{.*}}big.npy): element 5 is not a code of !qcost.fixed<8, 2> (8-bit two's complement value expected)
// COUNT: error: function 'f' takes 2 arguments, got 1 --input files
// MISSING: error: no function 'g' in the module (it has: f)
// FILE: error: {{.*}}nope.npy: cannot read: No such file or directory
// NOTNPY: error: {{.*}}qcc-run.mlir: not a .npy file

func.func @f(%x: tensor<2x3x!qcost.fixed<8, 2>>, %w: tensor<3x2x!qcost.fixed<4, 0>>)
    -> (tensor<2x2x!qcost.fixed<16, 2>>, tensor<2x3x!qcost.fixed<4, 1>>) {
  %y = qcost.matmul %x, %w : (tensor<2x3x!qcost.fixed<8, 2>>, tensor<3x2x!qcost.fixed<4, 0>>) -> tensor<2x2x!qcost.fixed<16, 2>>
  %s = arith.constant dense<0.75> : tensor<f32>
  %z = qcost.rescale %x, %s : (tensor<2x3x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<2x3x!qcost.fixed<4, 1>>
  return %y, %z : tensor<2x2x!qcost.fixed<16, 2>>, tensor<2x3x!qcost.fixed<4, 1>>
}
