// RUN: qcc-opt %s --qcc-hls-outline-codec | FileCheck %s

// Fixed-point encodes of integers and integer decodes stay (the emitter
// casts them natively); a minifloat encode becomes a call to one private
// helper per distinct op, expanded by the codec.
// CHECK-LABEL: func.func @mixed
// CHECK: qcost.decode %{{.*}} as !qcost.fixed<8, 4> : i8 -> i16
// CHECK: qcost.encode %{{.*}} lsb -4 as !qcost.fixed<6, 2> : (i16) -> i6
// CHECK: %[[A:.*]] = call @qcc_encode_f8E4M3FN_nearest_even_saturate_from_f64(%{{.*}}) : (f64) -> i8
// CHECK: %[[B:.*]] = call @qcc_encode_f8E4M3FN_nearest_even_saturate_from_f64(%{{.*}}) : (f64) -> i8
// CHECK: func.func private @qcc_encode_f8E4M3FN_nearest_even_saturate_from_f64(%{{.*}}: f64) -> i8
// CHECK-NOT: qcost.encode
// CHECK: return
// CHECK-NOT: func.func private
func.func @mixed(%c: i8, %x: f64, %y: f64) -> (i6, i8, i8) {
  %n = qcost.decode %c as !qcost.fixed<8, 4> : i8 -> i16
  %r = qcost.encode %n lsb -4 as !qcost.fixed<6, 2> : (i16) -> i6
  %a = qcost.encode %x as f8E4M3FN : (f64) -> i8
  %b = qcost.encode %y as f8E4M3FN : (f64) -> i8
  return %r, %a, %b : i6, i8, i8
}
