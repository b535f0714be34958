// RUN: qcc-opt %s --convert-qcost-codec-to-arith --canonicalize --split-input-file | FileCheck %s

// Nearest even and toward zero: +1 (code 1) exactly for values >= 0.
// CHECK-LABEL: func.func @sign
// CHECK-SAME: (%[[X:.*]]: i16) -> i8
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i16
// CHECK: %[[NONNEG:.*]] = arith.cmpi sge, %[[X]], %[[ZERO]] : i16
// CHECK: %[[CODE:.*]] = arith.extui %[[NONNEG]] : i1 to i8
// CHECK: return %[[CODE]] : i8
func.func @sign(%x: i16) -> i8 {
  %c = qcost.encode %x lsb -3 as !qcost.binary : (i16) -> i8
  return %c : i8
}

// -----

// Stochastic: (x + 1) / 2 rounded stochastically into ufixed<1, 0>. With
// x = n * 2^-3 that is (n + 8) * 2^-4: floor and remainder at 2^-4, the
// draw against the remainder, the sum clamped to [0, 1].
// CHECK-LABEL: func.func @stochastic
// CHECK-SAME: (%[[X:.*]]: i16, %[[I:.*]]: i64) -> i8
// CHECK-DAG: %[[EIGHT:.*]] = arith.constant 8 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[N:.*]] = arith.extsi %[[X]] : i16 to i32
// CHECK: %[[HALF:.*]] = arith.addi %[[N]], %[[EIGHT]] : i32
// CHECK: %[[FLOOR:.*]] = arith.shrsi %[[HALF]], %{{.*}} : i32
// CHECK: %[[REM:.*]] = arith.andi %[[HALF]], %{{.*}} : i32
// CHECK: %[[REM64:.*]] = arith.extui %[[REM]] : i32 to i64
// CHECK-NEXT: %[[R49:.*]] = arith.shli %[[REM64]], %{{.*}} : i64
// CHECK-NEXT: %[[UP:.*]] = arith.cmpi ult, %{{.*}}, %[[R49]] : i64
// CHECK: %[[Q:.*]] = arith.addi %[[FLOOR]], %{{.*}} : i32
// CHECK: %[[CLAMPED:.*]] = arith.minsi %{{.*}}, %[[ONE]] : i32
// CHECK: arith.trunci %[[CLAMPED]] : i32 to i1
func.func @stochastic(%x: i16, %i: i64) -> i8 {
  %c = qcost.encode %x lsb -3 as !qcost.binary rounding stochastic seed 1 index %i : (i16, i64) -> i8
  return %c : i8
}

// -----

// Decoding: +-1 at the requested LSB.
// CHECK-LABEL: func.func @decode
// CHECK-SAME: (%[[C:.*]]: i8) -> i16
// CHECK-DAG: %[[MINUS:.*]] = arith.constant -4 : i16
// CHECK-DAG: %[[PLUS:.*]] = arith.constant 4 : i16
// CHECK: %[[BIT:.*]] = arith.trunci %[[C]] : i8 to i1
// CHECK: %[[N:.*]] = arith.select %[[BIT]], %[[PLUS]], %[[MINUS]] : i16
// CHECK: return %[[N]] : i16
func.func @decode(%c: i8) -> i16 {
  %n = qcost.decode %c as !qcost.binary lsb -2 : i8 -> i16
  return %n : i16
}
