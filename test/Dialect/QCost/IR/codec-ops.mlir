// RUN: qcc-opt %s | qcc-opt | FileCheck %s

// The scalar codec ops round-trip with their formats, LSBs and modes.
// CHECK-LABEL: func.func @codec
// CHECK: qcost.decode %{{.*}} as !qcost.fixed<8, 4> : i8 -> i32
// CHECK: qcost.decode %{{.*}} as !qcost.pot<4, -6, 0> lsb -8 : i8 -> i16
// CHECK: qcost.decode %{{.*}} as f8E4M3FN : i8 -> f64
// CHECK: qcost.decode %{{.*}} as f32 : f32 -> f64
// CHECK: qcost.encode %{{.*}} lsb -8 as !qcost.fixed<8, 4> : (i32) -> i8
// CHECK: qcost.encode %{{.*}} divisor %{{.*}} as !qcost.ufixed<4, 0> rounding stochastic seed 7 index %{{.*}} : (i64, i64, i64) -> i8
// CHECK: qcost.encode %{{.*}} as f8E4M3FN overflow wrap : (f64) -> i8
// CHECK: qcost.encode %{{.*}} as bf16 rounding toward_zero : (f64) -> bf16
func.func @codec(%c: i8, %w: i8, %e: i8, %f: f32, %acc: i32, %s: i64, %n: i64, %i: i64, %x: f64) -> (i32, i16, f64, f64, i8, i8, i8, bf16) {
  %a = qcost.decode %c as !qcost.fixed<8, 4> : i8 -> i32
  %b = qcost.decode %w as !qcost.pot<4, -6, 0> lsb -8 : i8 -> i16
  %d = qcost.decode %e as f8E4M3FN : i8 -> f64
  %g = qcost.decode %f as f32 : f32 -> f64
  %r = qcost.encode %acc lsb -8 as !qcost.fixed<8, 4> : (i32) -> i8
  %q = qcost.encode %s divisor %n as !qcost.ufixed<4, 0> rounding stochastic seed 7 index %i : (i64, i64, i64) -> i8
  %m = qcost.encode %x as f8E4M3FN overflow wrap : (f64) -> i8
  %h = qcost.encode %x as bf16 rounding toward_zero : (f64) -> bf16
  return %a, %b, %d, %g, %r, %q, %m, %h : i32, i16, f64, f64, i8, i8, i8, bf16
}
