// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// batch_norm computes in its parameter type, step by step as the IEEE
// operations of f32 round them. The scale gamma / sqrt(variance + eps) is
// computed once per channel, in its own generic; the activation generic
// rounds x into f32, subtracts, multiplies, adds and encodes the result.
// CHECK-DAG: #[[PARAM:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x3xi16>, %[[G:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[SCALE:.*]] = linalg.generic {indexing_maps = [#[[PARAM]], #[[PARAM]], #[[PARAM]]], iterator_types = ["parallel"]} ins(%[[G]], %[[V]] : tensor<3xf32>, tensor<3xf32>)
// CHECK: ^bb0(%[[GE:.*]]: f32, %[[VE:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK: %[[VEPS:.*]] = arith.addf %[[VE]], %[[EPS]] : f32
// CHECK: %[[R:.*]] = math.sqrt %[[VEPS]] : f32
// CHECK: %[[S:.*]] = arith.divf %[[GE]], %[[R]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: linalg.generic {indexing_maps = [#[[ALL]], #[[CHANNEL]], #[[CHANNEL]], #[[CHANNEL]], #[[ALL]]], {{.*}}} ins(%[[X]], %[[M]], %[[B]], %[[SCALE]] :
// CHECK: ^bb0(%[[XE:.*]]: i16, %[[ME:.*]]: f32, %[[BE:.*]]: f32, %[[SE:.*]]: f32, %{{.*}}: i8):
// CHECK: %[[XD:.*]] = qcost.decode %[[XE]] as !qcost.fixed<12, 4> : i16 -> f64
// CHECK: %[[XP:.*]] = qcost.encode %[[XD]] as f32 overflow wrap : (f64) -> f32
// CHECK: %[[D:.*]] = arith.subf %[[XP]], %[[ME]] : f32
// CHECK: %[[T:.*]] = arith.mulf %[[D]], %[[SE]] : f32
// CHECK: %[[Y:.*]] = arith.addf %[[T]], %[[BE]] : f32
// CHECK: %[[CODE:.*]] = qcost.encode %[[Y]] as !qcost.ufixed<4, 0> rounding toward_zero : (f32) -> i8
// CHECK: linalg.yield %[[CODE]] : i8
func.func @batch_norm(%x: tensor<1x2x2x3x!qcost.fixed<12, 4>>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x2x2x3x!qcost.ufixed<4, 0>> {
  %y = qcost.batch_norm %x, %g, %b, %m, %v epsilon 1.0e-5 rounding toward_zero : (tensor<1x2x2x3x!qcost.fixed<12, 4>>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x2x3x!qcost.ufixed<4, 0>>
  return %y : tensor<1x2x2x3x!qcost.ufixed<4, 0>>
}

// -----

// An f32 input needs no rounding into P; a result of type P is the encode
// of y itself (saturating infinities by default).
// CHECK-LABEL: func.func @in_p
// CHECK: ^bb0(%[[XE:.*]]: f32, %[[ME:.*]]: f32, %[[BE:.*]]: f32, %[[SE:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[XE]], %[[ME]] : f32
// CHECK: %[[Y:.*]] = arith.addf %{{.*}}, %[[BE]] : f32
// CHECK: qcost.encode %[[Y]] as f32 : (f32) -> f32
func.func @in_p(%x: tensor<1x2x2x3xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x2x2x3xf32> {
  %y = qcost.batch_norm %x, %g, %b, %m, %v epsilon 1.0e-5 : (tensor<1x2x2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}
