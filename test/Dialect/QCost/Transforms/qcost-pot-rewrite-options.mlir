// RUN: not qcc-opt %s --qcost-pot-rewrite="policy=random" 2>&1 | FileCheck %s --check-prefix=POLICY
// POLICY: option 'policy' must be 'by-kind' or 'by-distribution', got 'random'
// RUN: not qcc-opt %s --qcost-pot-rewrite="metric=mae" 2>&1 | FileCheck %s --check-prefix=METRIC
// METRIC: option 'metric' must be 'mse' or 'sqnr', got 'mae'
// RUN: not qcc-opt %s --qcost-pot-rewrite="pot-bits=1" 2>&1 | FileCheck %s --check-prefix=POTBITS
// POTBITS: option 'pot-bits' must be in [2, 16] (a sign bit and an exponent field), got 1
// RUN: not qcc-opt %s --qcost-pot-rewrite="linear-bits=65" 2>&1 | FileCheck %s --check-prefix=LINBITS
// LINBITS: option 'linear-bits' must be at most 64, got 65
func.func @f() {
  return
}
