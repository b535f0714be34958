// RUN: qcc-opt %s --split-input-file --qcc-fold-value-ranges --canonicalize | FileCheck %s

// An integer converted to float is never NaN: the codec's NaN guard goes.

// CHECK-LABEL: func.func @integer_is_not_nan
// CHECK-SAME: (%[[I:.*]]: i32)
// CHECK-NEXT: %[[F:.*]] = arith.sitofp %[[I]] : i32 to f32
// CHECK-NEXT: return %[[F]]
func.func @integer_is_not_nan(%i: i32) -> f32 {
  %qnan = arith.constant 0x7FC00000 : f32
  %f = arith.sitofp %i : i32 to f32
  %nan = arith.cmpf uno, %f, %f : f32
  %g = arith.select %nan, %qnan, %f : f32
  return %g : f32
}

// -----

// Nothing is known of an argument.

// CHECK-LABEL: func.func @argument_is_unknown
// CHECK: arith.cmpf uno
func.func @argument_is_unknown(%x: f32) -> i1 {
  %nan = arith.cmpf uno, %x, %x : f32
  return %nan : i1
}

// -----

// 2^31 * 1e38 overflows f32 to infinity, and inf - inf is NaN: the guard
// stays.

// CHECK-LABEL: func.func @overflow_can_make_nan
// CHECK: arith.cmpf uno
func.func @overflow_can_make_nan(%i: i32) -> i1 {
  %big = arith.constant 1.0e38 : f32
  %f = arith.sitofp %i : i32 to f32
  %p = arith.mulf %f, %big : f32
  %d = arith.subf %p, %p : f32
  %nan = arith.cmpf uno, %d, %d : f32
  return %nan : i1
}

// -----

// In f16 an i32 can round to infinity (above 65520), but never to NaN.

// CHECK-LABEL: func.func @f16_can_overflow
// CHECK-DAG: %[[FALSE:.*]] = arith.constant false
// CHECK-NOT: cmpf uno
// CHECK: %[[INF:.*]] = arith.cmpf oeq
// CHECK: return %[[FALSE]], %[[INF]]
func.func @f16_can_overflow(%i: i32) -> (i1, i1) {
  %inf = arith.constant 0x7C00 : f16
  %f = arith.sitofp %i : i32 to f16
  %nan = arith.cmpf uno, %f, %f : f16
  %a = math.absf %f : f16
  %isinf = arith.cmpf oeq, %a, %inf : f16
  return %nan, %isinf : i1, i1
}

// -----

// A clip of a widened float against bounds exact in f32 is taken in f32,
// and the round trip through f64 goes.

// CHECK-LABEL: func.func @clip_in_the_narrow_type
// CHECK-SAME: (%[[X:.*]]: f32)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: %[[LOW:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK: %[[HIGH:.*]] = arith.minimumf %[[LOW]], %[[SIX]] : f32
// CHECK: return %[[HIGH]]
func.func @clip_in_the_narrow_type(%x: f32) -> f32 {
  %zero = arith.constant 0.0 : f64
  %six = arith.constant 6.0 : f64
  %w = arith.extf %x : f32 to f64
  %l = arith.maximumf %w, %zero : f64
  %h = arith.minimumf %l, %six : f64
  %n = arith.truncf %h : f64 to f32
  return %n : f32
}

// -----

// 0.1 is not exact in f32: the maximum stays in f64.

// CHECK-LABEL: func.func @inexact_bound_stays_wide
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f64
func.func @inexact_bound_stays_wide(%x: f32) -> f64 {
  %b = arith.constant 0.1 : f64
  %w = arith.extf %x : f32 to f64
  %l = arith.maximumf %w, %b : f64
  return %l : f64
}

// -----

// A requantization: a 21-bit accumulator, per-channel scales from a
// constant, a clip to [0, 6], times 42.5 is at most 255 exactly, so the
// saturation at 256 and every NaN and infinity guard is decided; the
// rounding to 255 stays (6 * 42.5 = 255 is reached).

// CHECK-LABEL: func.func @requantize
// CHECK: linalg.generic
// CHECK-NOT: arith.cmpf uno
// CHECK-NOT: arith.cmpf oge
// CHECK-NOT: arith.select
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: math.roundeven
// CHECK: arith.fptoui
#id = affine_map<(d0, d1) -> (d0, d1)>
#channel = affine_map<(d0, d1) -> (d1)>
func.func @requantize(%acc: tensor<4x4xi32>) -> tensor<4x4xi8> {
  %scales = arith.constant dense<[0.5, 0.25, 1.5, 3.0]> : tensor<4xf32>
  %qnan = arith.constant 0x7FC00000 : f32
  %inf = arith.constant 0x7F800000 : f32
  %max = arith.constant 3.40282347E+38 : f32
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %k = arith.constant 42.5 : f64
  %top = arith.constant 256.0 : f64
  %c255 = arith.constant 255 : i64
  %init = tensor.empty() : tensor<4x4xi8>
  %r = linalg.generic {indexing_maps = [#id, #channel, #id],
                       iterator_types = ["parallel", "parallel"]}
      ins(%acc, %scales : tensor<4x4xi32>, tensor<4xf32>) outs(%init : tensor<4x4xi8>) {
  ^bb0(%a: i32, %s: f32, %out: i8):
    %t = arith.trunci %a : i32 to i21
    %e = arith.extsi %t : i21 to i32
    %f = arith.sitofp %e : i32 to f32
    %y = arith.mulf %f, %s : f32
    %ay = math.absf %y : f32
    %isinf = arith.cmpf oeq, %ay, %inf : f32
    %sat = math.copysign %max, %y : f32
    %y1 = arith.select %isinf, %sat, %y : f32
    %nan = arith.cmpf uno, %y1, %y1 : f32
    %y2 = arith.select %nan, %qnan, %y1 : f32
    %lo = arith.maximumf %y2, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    %w = arith.extf %hi : f32 to f64
    %p = arith.mulf %w, %k : f64
    %q = math.roundeven %p : f64
    %over = arith.cmpf oge, %q, %top : f64
    %i = arith.fptoui %q : f64 to i64
    %c = arith.select %over, %c255, %i : i64
    %b = arith.trunci %c : i64 to i8
    linalg.yield %b : i8
  } -> tensor<4x4xi8>
  return %r : tensor<4x4xi8>
}

// -----

// Per-channel scales computed by another generic from constants (gamma /
// sqrt(variance + eps)) keep their range: the product stays finite.

// CHECK-LABEL: func.func @scales_from_a_generic
// CHECK: linalg.generic
// CHECK: math.sqrt
// CHECK: linalg.generic
// CHECK-NOT: arith.cmpf
// CHECK: linalg.yield
#v = affine_map<(d0) -> (d0)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#channel = affine_map<(d0, d1) -> (d1)>
func.func @scales_from_a_generic(%acc: tensor<4x4xi32>) -> tensor<4x4xi1> {
  %gamma = arith.constant dense<[1.0, -2.0, 0.5, 3.0]> : tensor<4xf32>
  %var = arith.constant dense<[0.0, 4.0, 1.0, 9.0]> : tensor<4xf32>
  %eps = arith.constant 1.0e-5 : f32
  %inf = arith.constant 0x7F800000 : f32
  %e0 = tensor.empty() : tensor<4xf32>
  %scale = linalg.generic {indexing_maps = [#v, #v, #v], iterator_types = ["parallel"]}
      ins(%gamma, %var : tensor<4xf32>, tensor<4xf32>) outs(%e0 : tensor<4xf32>) {
  ^bb0(%g: f32, %x: f32, %out: f32):
    %s = arith.addf %x, %eps : f32
    %r = math.sqrt %s : f32
    %d = arith.divf %g, %r : f32
    linalg.yield %d : f32
  } -> tensor<4xf32>
  %e1 = tensor.empty() : tensor<4x4xi1>
  %r = linalg.generic {indexing_maps = [#id, #channel, #id],
                       iterator_types = ["parallel", "parallel"]}
      ins(%acc, %scale : tensor<4x4xi32>, tensor<4xf32>) outs(%e1 : tensor<4x4xi1>) {
  ^bb0(%a: i32, %s: f32, %out: i1):
    %f = arith.sitofp %a : i32 to f32
    %y = arith.mulf %f, %s : f32
    %ay = math.absf %y : f32
    %isinf = arith.cmpf oeq, %ay, %inf : f32
    linalg.yield %isinf : i1
  } -> tensor<4x4xi1>
  return %r : tensor<4x4xi1>
}

// -----

// Signed zeros: max(x, 0) for x in [0, 255] is not x (max(-0, +0) is +0;
// uitofp gives +0, but the ranges do not say so); max(x, -1) is.

// CHECK-LABEL: func.func @signed_zeros
// CHECK-SAME: (%[[B:.*]]: i8)
// CHECK: %[[F:.*]] = arith.uitofp %[[B]]
// CHECK: %[[M:.*]] = arith.maximumf %[[F]], %{{.*}} : f32
// CHECK: return %[[M]], %[[F]]
func.func @signed_zeros(%b: i8) -> (f32, f32) {
  %zero = arith.constant 0.0 : f32
  %minus = arith.constant -1.0 : f32
  %f = arith.uitofp %b : i8 to f32
  %m = arith.maximumf %f, %zero : f32
  %n = arith.maximumf %f, %minus : f32
  return %m, %n : f32, f32
}

// -----

// Integers: a zero-extended byte is below 256 and at least 0.

// CHECK-LABEL: func.func @integers
// CHECK-DAG: %[[TRUE:.*]] = arith.constant true
// CHECK-DAG: %[[FALSE:.*]] = arith.constant false
// CHECK: %[[LT:.*]] = arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: return %[[TRUE]], %[[FALSE]], %[[LT]]
func.func @integers(%b: i8) -> (i1, i1, i1) {
  %c256 = arith.constant 256 : i32
  %c0 = arith.constant 0 : i32
  %c100 = arith.constant 100 : i32
  %x = arith.extui %b : i8 to i32
  %u = arith.cmpi ult, %x, %c256 : i32
  %n = arith.cmpi slt, %x, %c0 : i32
  %s = arith.cmpi slt, %x, %c100 : i32
  return %u, %n, %s : i1, i1, i1
}

// -----

// Decisions in a chain: the outer maximum returns the inner one, which
// returns %f; the comparison reads the outer one.

// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[B:.*]]: i8)
// CHECK: %[[F:.*]] = arith.uitofp %[[B]]
// CHECK-NOT: arith.maximumf
// CHECK-NOT: arith.cmpf
// CHECK: return %[[F]], %true
func.func @chain(%b: i8) -> (f32, i1) {
  %m2 = arith.constant -2.0 : f32
  %m1 = arith.constant -1.0 : f32
  %f = arith.uitofp %b : i8 to f32
  %x = arith.maximumf %f, %m2 : f32
  %y = arith.maximumf %x, %m1 : f32
  %c = arith.cmpf oge, %y, %m1 : f32
  return %y, %c : f32, i1
}

// -----

// Regressions (a review's counterexamples): each comparison must stay.
// i1 is {0, -1} to the signed predicates, sitofp and index_cast; f128 and
// f8E4M3FN are not modelled (f128 constants round in double, f8E4M3FN
// overflows to NaN); truncf with another rounding mode; i128 constants;
// a producer that writes only some elements of its result.

// What remains is what canonicalization alone leaves (max(x, true) is x:
// true is -1, the smallest i1; sitofp's comparison becomes x < false).
// CHECK-LABEL: func.func @i1_signed
// CHECK-SAME: (%[[X:.*]]: i1)
// CHECK: %[[C:.*]] = arith.cmpi sle, %[[X]], %true : i1
// CHECK: %[[N:.*]] = arith.cmpi slt, %{{.*}}, %c0 : index
// CHECK: %[[F:.*]] = arith.cmpi slt, %[[X]], %false : i1
// CHECK: return %[[C]], %[[X]], %[[N]], %[[F]]
func.func @i1_signed(%x: i1) -> (i1, i1, i1, i1) {
  %t = arith.constant true
  %c = arith.cmpi sle, %x, %t : i1
  %m = arith.maxsi %x, %t : i1
  %i = arith.index_cast %x : i1 to index
  %z = arith.constant 0 : index
  %n = arith.cmpi slt, %i, %z : index
  %f = arith.sitofp %x : i1 to f32
  %zf = arith.constant 0.0 : f32
  %fc = arith.cmpf olt, %f, %zf : f32
  return %c, %m, %n, %fc : i1, i1, i1, i1
}

// The f128 and f8E4M3FN comparisons are folded right by upstream's own
// folders (1 + 2^-112 > 1, 448 + 448 is NaN); the upward truncf stays.
// CHECK-LABEL: func.func @unmodelled_floats
// CHECK: %[[G:.*]] = arith.cmpf ogt
// CHECK: return %true, %true, %[[G]]
func.func @unmodelled_floats() -> (i1, i1, i1) {
  %a = arith.constant 0x3FFF0000000000000000000000000001 : f128
  %b = arith.constant 1.0 : f128
  %c = arith.cmpf ogt, %a, %b : f128
  %e = arith.constant 448.0 : f8E4M3FN
  %s = arith.addf %e, %e : f8E4M3FN
  %u = arith.cmpf uno, %s, %s : f8E4M3FN
  %x = arith.constant 1.0000000001 : f64
  %t = arith.truncf %x upward : f64 to f32
  %one = arith.constant 1.0 : f32
  %g = arith.cmpf ogt, %t, %one : f32
  return %c, %u, %g : i1, i1, i1
}

// CHECK-LABEL: func.func @wide_and_partial
// CHECK: linalg.generic
// CHECK: arith.cmpi slt
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: arith.cmpf oeq
#v1 = affine_map<(d0) -> (d0)>
#row0 = affine_map<(d0) -> (0, d0)>
#all = affine_map<(d0, d1) -> (d0, d1)>
func.func @wide_and_partial(%t: tensor<4xf32>, %init: tensor<2x4xf32>) -> (tensor<4xi1>, tensor<2x4xi1>) {
  %big = arith.constant dense<18446744073709551617> : tensor<4xi128>
  %two = arith.constant dense<2> : tensor<4xi128>
  %e0 = tensor.empty() : tensor<4xi1>
  %w = linalg.generic {indexing_maps = [#v1, #v1, #v1], iterator_types = ["parallel"]}
      ins(%big, %two : tensor<4xi128>, tensor<4xi128>) outs(%e0 : tensor<4xi1>) {
  ^bb0(%a: i128, %b: i128, %o: i1):
    %c = arith.cmpi slt, %a, %b : i128
    linalg.yield %c : i1
  } -> tensor<4xi1>
  %one = arith.constant 1.0 : f32
  %r = linalg.generic {indexing_maps = [#v1, #row0], iterator_types = ["parallel"]}
      ins(%t : tensor<4xf32>) outs(%init : tensor<2x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %one : f32
  } -> tensor<2x4xf32>
  %e = tensor.empty() : tensor<2x4xi1>
  %s = linalg.generic {indexing_maps = [#all, #all], iterator_types = ["parallel", "parallel"]}
      ins(%r : tensor<2x4xf32>) outs(%e : tensor<2x4xi1>) {
  ^bb0(%a: f32, %o: i1):
    %x = arith.cmpf oeq, %a, %one : f32
    linalg.yield %x : i1
  } -> tensor<2x4xi1>
  return %w, %s : tensor<4xi1>, tensor<2x4xi1>
}

// -----

// A scalar input of a generic is its own element (no crash): 2 < x < 3 is
// not decided, 2.0 > 1.0 is.

// CHECK-LABEL: func.func @scalar_input
// CHECK: arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK-NOT: arith.cmpf
#v2 = affine_map<(d0) -> (d0)>
#sc = affine_map<(d0) -> ()>
func.func @scalar_input(%t: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>) {
  %c = arith.constant 2.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<4xi1>
  %r:2 = linalg.generic {indexing_maps = [#v2, #sc, #v2, #v2], iterator_types = ["parallel"]}
      ins(%t, %c : tensor<4xf32>, f32) outs(%e, %e : tensor<4xi1>, tensor<4xi1>) {
  ^bb0(%a: f32, %b: f32, %o: i1, %p: i1):
    %x = arith.cmpf ogt, %a, %b : f32
    %y = arith.cmpf ogt, %b, %one : f32
    linalg.yield %x, %y : i1, i1
  } -> (tensor<4xi1>, tensor<4xi1>)
  return %r#0, %r#1 : tensor<4xi1>, tensor<4xi1>
}
