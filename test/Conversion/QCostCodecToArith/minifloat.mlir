// RUN: qcc-opt %s --convert-qcost-codec-to-arith --canonicalize --split-input-file | FileCheck %s

// A minifloat code decodes from its fields: significand times 2^exponent
// (built as f64 bits), then infinities, NaN and the sign.
// CHECK-LABEL: func.func @decode
// CHECK-SAME: (%[[C:.*]]: i8) -> f64
// CHECK: %[[BITS:.*]] = arith.extui %[[C]] : i8 to i64
// CHECK: %[[MANTISSA:.*]] = arith.andi %[[BITS]], %{{.*}} : i64
// CHECK: %[[FIELD:.*]] = arith.andi %{{.*}}, %{{.*}} : i64
// CHECK: %[[POWER:.*]] = arith.bitcast %{{.*}} : i64 to f64
// CHECK: %[[SIGNIFICAND:.*]] = arith.sitofp %{{.*}} : i64 to f64
// CHECK: %[[VALUE:.*]] = arith.mulf %[[SIGNIFICAND]], %[[POWER]] : f64
// CHECK: math.copysign %{{.*}}, %{{.*}} : f64
func.func @decode(%c: i8) -> f64 {
  %x = qcost.decode %c as f8E4M3FN : i8 -> f64
  return %x : f64
}

// -----

// Encoding rounds on the grid of codes: the value as an i128 significand
// and a run-time exponent, its binade from ctlz, the lower code and the
// fraction of the step (62 bits and a sticky bit). E4M3FN has no infinity:
// its largest finite code is 126 and its NaN 127.
// CHECK-LABEL: func.func @encode
// CHECK-DAG: %[[MAX_CODE:.*]] = arith.constant 126 : i64
// CHECK-DAG: %[[NAN:.*]] = arith.constant 127 : i64
// CHECK-DAG: %[[SIGN_BIT:.*]] = arith.constant 128 : i64
// CHECK: %[[WIDE:.*]] = arith.bitcast %{{.*}} : f64 to i64
// CHECK: math.ctlz %{{.*}} : i128
// CHECK: %[[SIGN:.*]] = arith.select %{{.*}}, %[[SIGN_BIT]], %{{.*}} : i64
// CHECK: arith.select %{{.*}}, %[[NAN]], %{{.*}} : i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @encode(%x: f64) -> i8 {
  %c = qcost.encode %x as f8E4M3FN rounding toward_zero overflow wrap : (f64) -> i8
  return %c : i8
}

// -----

// Integer values enter the grid the same way (a sum of 2^9 bits keeps its
// top 126 bits and a sticky bit), a quotient after one i128 division.
// CHECK-LABEL: func.func @average
// CHECK: math.ctlz %{{.*}} : i512
// CHECK: arith.trunci %{{.*}} : i512 to i128
// CHECK: arith.divui %{{.*}}, %{{.*}} : i128
// CHECK: arith.remui %{{.*}}, %{{.*}} : i128
func.func @average(%sum: i512, %count: i8) -> i8 {
  %c = qcost.encode %sum lsb -149 divisor %count as !qcost.float<5, 2, subnormals = flush> : (i512, i8) -> i8
  return %c : i8
}
