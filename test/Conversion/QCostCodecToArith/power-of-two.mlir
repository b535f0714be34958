// RUN: qcc-opt %s --convert-qcost-codec-to-arith --canonicalize --split-input-file | FileCheck %s

// Decoding: the field clamped to the last level, 1 << level at the LSB,
// zero and the sign by selects.
// CHECK-LABEL: func.func @decode
// CHECK-SAME: (%[[C:.*]]: i8) -> i16
// CHECK-DAG: %[[SEVEN:.*]] = arith.constant 7 : i64
// CHECK: %[[BITS:.*]] = arith.extui %[[C]] : i8 to i64
// CHECK: %[[FIELD:.*]] = arith.andi %[[BITS]], %[[SEVEN]] : i64
// CHECK: %[[CLAMPED:.*]] = arith.minui %[[FIELD]], %[[SEVEN]] : i64
// CHECK: %[[LEVEL:.*]] = arith.subi %[[CLAMPED]], %{{.*}} : i64
// CHECK: %[[ZERO_CODE:.*]] = arith.cmpi eq, %[[CLAMPED]], %{{.*}} : i64
// CHECK: %[[SIGN:.*]] = arith.shrui %[[BITS]], %{{.*}} : i64
// CHECK: %[[NEGATIVE:.*]] = arith.cmpi ne, %[[SIGN]], %{{.*}} : i64
// CHECK: %[[LEVEL16:.*]] = arith.trunci %[[LEVEL]] : i64 to i16
// CHECK: %[[POWER:.*]] = arith.shli %{{.*}}, %[[LEVEL16]] : i16
// CHECK: %[[MAGNITUDE:.*]] = arith.select %[[ZERO_CODE]], %{{.*}}, %{{.*}} : i16
// CHECK: %[[NEGATED:.*]] = arith.subi %{{.*}}, %[[MAGNITUDE]] : i16
// CHECK: %[[N:.*]] = arith.select %[[NEGATIVE]], %[[NEGATED]], %[[MAGNITUDE]] : i16
// CHECK: return %[[N]] : i16
func.func @decode(%c: i8) -> i16 {
  %n = qcost.decode %c as !qcost.pot<4, -6, 0> lsb -8 : i8 -> i16
  return %n : i16
}

// -----

// Encoding rounds onto the grid of levels: the binade from the leading bit
// (ctlz), at most code 7 (2^0), past it the virtual code 2^1 (an overflow
// that saturates), the sign bit 8 for nonzero negative values.
// CHECK-LABEL: func.func @encode
// CHECK-DAG: %[[SIGN_BIT:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[MAX_CODE:.*]] = arith.constant 7 : i64
// CHECK: math.ctlz %{{.*}} : i128
// CHECK: %[[LOWER:.*]] = arith.select %{{.*}}, %[[MAX_CODE]], %{{.*}} : i64
// CHECK: %[[SIGN:.*]] = arith.select %{{.*}}, %[[SIGN_BIT]], %{{.*}} : i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @encode(%x: i16) -> i8 {
  %c = qcost.encode %x lsb -8 as !qcost.pot<4, -6, 0> : (i16) -> i8
  return %c : i8
}

// -----

// Decoding to f64: 2^(minExp + level) assembled as f64 bits, -0 for the
// negative zero code.
// CHECK-LABEL: func.func @to_double
// CHECK: %[[EXPONENT:.*]] = arith.addi %{{.*}}, %{{.*}} : i64
// CHECK: %[[BITS:.*]] = arith.shli %[[EXPONENT]], %{{.*}} : i64
// CHECK: %[[POWER:.*]] = arith.bitcast %[[BITS]] : i64 to f64
// CHECK: %[[MAGNITUDE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[POWER]] : f64
// CHECK: math.copysign %[[MAGNITUDE]], %{{.*}} : f64
func.func @to_double(%c: i8) -> f64 {
  %x = qcost.decode %c as !qcost.pot<4, -6, 0> : i8 -> f64
  return %x : f64
}
