// RUN: qcc-opt %s --convert-qcost-codec-to-arith --canonicalize --split-input-file | FileCheck %s

// An i32 sum at 2^-8 into Q3.4: split at the format's LSB in i32 (floor and
// remainder), nearest even on (remainder, floor parity), saturated.
// CHECK-LABEL: func.func @requantize
// CHECK-SAME: (%[[ACC:.*]]: i32) -> i8
// CHECK-DAG: %[[HI:.*]] = arith.constant 127 : i32
// CHECK-DAG: %[[LO:.*]] = arith.constant -128 : i32
// CHECK-DAG: %[[HALF:.*]] = arith.constant 8 : i32
// CHECK-DAG: %[[MASK:.*]] = arith.constant 15 : i32
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : i32
// CHECK: %[[FLOOR:.*]] = arith.shrsi %[[ACC]], %[[FOUR]] : i32
// CHECK: %[[REM:.*]] = arith.andi %[[ACC]], %[[MASK]] : i32
// CHECK: %[[ODD:.*]] = arith.trunci %[[FLOOR]] : i32 to i1
// CHECK: %[[ABOVE:.*]] = arith.cmpi ugt, %[[REM]], %[[HALF]] : i32
// CHECK: %[[TIE:.*]] = arith.cmpi eq, %[[REM]], %[[HALF]] : i32
// CHECK: %[[TIE_ODD:.*]] = arith.andi %[[TIE]], %[[ODD]] : i1
// CHECK: %[[UP:.*]] = arith.ori %[[ABOVE]], %[[TIE_ODD]] : i1
// CHECK: %[[UP32:.*]] = arith.extui %[[UP]] : i1 to i32
// CHECK: %[[Q:.*]] = arith.addi %[[FLOOR]], %[[UP32]] : i32
// CHECK: %[[A:.*]] = arith.maxsi %[[Q]], %[[LO]] : i32
// CHECK: %[[B:.*]] = arith.minsi %[[A]], %[[HI]] : i32
// CHECK: %[[CODE:.*]] = arith.trunci %[[B]] : i32 to i8
// CHECK: return %[[CODE]] : i8
func.func @requantize(%acc: i32) -> i8 {
  %c = qcost.encode %acc lsb -8 as !qcost.fixed<8, 4> : (i32) -> i8
  return %c : i8
}

// -----

// An unsigned code decoded at a lower LSB: extended and shifted.
// CHECK-LABEL: func.func @decode
// CHECK-SAME: (%[[C:.*]]: i8) -> i32
// CHECK: %[[TWO:.*]] = arith.constant 2 : i32
// CHECK: %[[N:.*]] = arith.extui %[[C]] : i8 to i32
// CHECK: %[[M:.*]] = arith.shli %[[N]], %[[TWO]] : i32
// CHECK: return %[[M]] : i32
func.func @decode(%c: i8) -> i32 {
  %n = qcost.decode %c as !qcost.ufixed<8, 4> lsb -6 : i8 -> i32
  return %n : i32
}

// -----

// A quotient: floor division, then the stochastic draw (SplitMix64 of the
// index) compared exactly with remainder / divisor: k * d < r * 2^53.
// CHECK-LABEL: func.func @stochastic_quotient
// CHECK-SAME: (%[[S:.*]]: i16, %[[D:.*]]: i8, %[[I:.*]]: i64) -> i8
// CHECK: %[[N:.*]] = arith.extsi %[[S]] : i16 to i32
// CHECK: %[[DEN:.*]] = arith.extui %[[D]] : i8 to i32
// CHECK: %[[QUOT:.*]] = arith.divsi %[[N]], %[[DEN]] : i32
// CHECK: %[[I1:.*]] = arith.addi %[[I]], %{{.*}} : i64
// CHECK: %[[Z:.*]] = arith.muli %[[I1]], %{{.*}} : i64
// CHECK: %[[K128:.*]] = arith.extui %{{.*}} : i64 to i128
// CHECK: %[[D128:.*]] = arith.extui %[[D]] : i8 to i128
// CHECK: %[[KD:.*]] = arith.muli %[[K128]], %[[D128]] : i128
// CHECK: %[[R53:.*]] = arith.shli %{{.*}}, %{{.*}} : i128
// CHECK: %[[UP:.*]] = arith.cmpi ult, %[[KD]], %[[R53]] : i128
// CHECK: arith.extui %[[UP]] : i1 to i32
func.func @stochastic_quotient(%s: i16, %d: i8, %i: i64) -> i8 {
  %c = qcost.encode %s divisor %d as !qcost.ufixed<4, 0> rounding stochastic seed 5 index %i : (i16, i8, i64) -> i8
  return %c : i8
}

// -----

// Exact left shifts that wrap keep the low W bits, sign-extended.
// CHECK-LABEL: func.func @left_shift_wrap
// CHECK-SAME: (%[[N:.*]]: i16) -> i8
// CHECK: %[[SHIFTED:.*]] = arith.shli %[[N]], %{{.*}} : i16
// CHECK: %[[LOW:.*]] = arith.trunci %[[SHIFTED]] : i16 to i6
// CHECK: %[[CODE:.*]] = arith.extsi %[[LOW]] : i6 to i8
// CHECK: return %[[CODE]] : i8
func.func @left_shift_wrap(%n: i16) -> i8 {
  %c = qcost.encode %n lsb 2 as !qcost.fixed<6, 0> overflow wrap : (i16) -> i8
  return %c : i8
}

// -----

// Saturating left shifts compare before shifting: 127 >> 2 and -128 >> 2.
// CHECK-LABEL: func.func @left_shift_saturate
// CHECK-DAG: %[[HI:.*]] = arith.constant 127 : i16
// CHECK-DAG: %[[LO:.*]] = arith.constant -128 : i16
// CHECK-DAG: %[[HIK:.*]] = arith.constant 31 : i16
// CHECK-DAG: %[[LOK:.*]] = arith.constant -32 : i16
// CHECK: %[[SHIFTED:.*]] = arith.shli %{{.*}}, %{{.*}} : i16
// CHECK: %[[ABOVE:.*]] = arith.cmpi sgt, %{{.*}}, %[[HIK]] : i16
// CHECK: %[[BELOW:.*]] = arith.cmpi slt, %{{.*}}, %[[LOK]] : i16
// CHECK: %[[LOW:.*]] = arith.select %[[BELOW]], %[[LO]], %[[SHIFTED]] : i16
// CHECK: arith.select %[[ABOVE]], %[[HI]], %[[LOW]] : i16
func.func @left_shift_saturate(%n: i8) -> i8 {
  %c = qcost.encode %n lsb 2 as !qcost.fixed<8, 0> : (i8) -> i8
  return %c : i8
}

// -----

// An exact f64 value: x * 2^F, the hardware's trunc (toward zero), the
// range checks, and the code (infinities clamp, NaN is 0).
// CHECK-LABEL: func.func @float_value
// CHECK-SAME: (%[[X:.*]]: f64) -> i8
// CHECK: %[[SCALED:.*]] = arith.mulf %[[X]], %{{.*}} : f64
// CHECK: %[[FINITE:.*]] = arith.cmpf olt, %{{.*}}, %{{.*}} : f64
// CHECK: %[[SAFE:.*]] = arith.select %[[FINITE]], %[[SCALED]], %{{.*}} : f64
// CHECK: %[[T:.*]] = math.trunc %[[SAFE]] : f64
// CHECK: %[[ROUNDED:.*]] = arith.select %[[FINITE]], %[[T]], %[[SCALED]] : f64
// CHECK: arith.fptosi %{{.*}} : f64 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @float_value(%x: f64) -> i8 {
  %c = qcost.encode %x as !qcost.fixed<8, 2> rounding toward_zero : (f64) -> i8
  return %c : i8
}

// -----

// Fixed-point codes as exact floats: one conversion and one exact scaling.
// CHECK-LABEL: func.func @to_double
// CHECK: %[[SCALE:.*]] = arith.constant 6.250000e-02 : f64
// CHECK: %[[F:.*]] = arith.sitofp %{{.*}} : i16 to f64
// CHECK: arith.mulf %[[F]], %[[SCALE]] : f64
func.func @to_double(%c: i16) -> f64 {
  %x = qcost.decode %c as !qcost.fixed<12, 4> : i16 -> f64
  return %x : f64
}
