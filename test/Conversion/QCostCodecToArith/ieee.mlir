// RUN: qcc-opt %s --convert-qcost-codec-to-arith --canonicalize --split-input-file | FileCheck %s

// f32, f16 and bf16 codes are the floats themselves.

// The cheap case: an exact float into f16 to nearest even is the IEEE
// conversion; wrap keeps infinities, NaN becomes the canonical one.
// CHECK-LABEL: func.func @nearest
// CHECK-SAME: (%[[X:.*]]: f64) -> f16
// CHECK: %[[CANONICAL:.*]] = arith.constant 0x7E00 : f16
// CHECK: %[[Y:.*]] = arith.truncf %[[X]] : f64 to f16
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[Y]], %[[Y]] : f16
// CHECK: %[[CODE:.*]] = arith.select %[[NAN]], %[[CANONICAL]], %[[Y]] : f16
// CHECK: return %[[CODE]] : f16
func.func @nearest(%x: f64) -> f16 {
  %c = qcost.encode %x as f16 overflow wrap : (f64) -> f16
  return %c : f16
}

// -----

// Saturation clamps infinities to the largest finite value.
// CHECK-LABEL: func.func @saturate
// CHECK-DAG: %[[LARGEST:.*]] = arith.constant 3.40282347E+38 : f32
// CHECK-DAG: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: %[[ABS:.*]] = math.absf %{{.*}} : f32
// CHECK: %[[IS_INF:.*]] = arith.cmpf oeq, %[[ABS]], %[[INF]] : f32
// CHECK: %[[CLAMP:.*]] = math.copysign %[[LARGEST]], %{{.*}} : f32
// CHECK: arith.select %[[IS_INF]], %[[CLAMP]], %{{.*}} : f32
func.func @saturate(%x: f32) -> f32 {
  %c = qcost.encode %x as f32 : (f32) -> f32
  return %c : f32
}

// -----

// Other modes, bf16 and integer values take the grid, whose code becomes
// the float by a bitcast; 2139095039 is the largest finite f32 code.
// CHECK-LABEL: func.func @toward_zero
// CHECK: %[[LARGEST:.*]] = arith.constant 2139095039 : i64
// CHECK: math.ctlz %{{.*}} : i128
// CHECK: %[[CODE:.*]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: arith.bitcast %[[CODE]] : i32 to f32
func.func @toward_zero(%x: f64) -> f32 {
  %c = qcost.encode %x as f32 rounding toward_zero : (f64) -> f32
  return %c : f32
}

// -----

// Decoding an IEEE code extends it.
// CHECK-LABEL: func.func @decode
// CHECK-SAME: (%[[C:.*]]: bf16) -> f64
// CHECK: %[[X:.*]] = arith.extf %[[C]] : bf16 to f64
// CHECK: return %[[X]] : f64
func.func @decode(%c: bf16) -> f64 {
  %x = qcost.decode %c as bf16 : bf16 -> f64
  return %x : f64
}
