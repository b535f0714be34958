// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// Every elementwise op is one linalg.generic: its operands decoded by
// qcost.decode, the exact result computed, rounded once by qcost.encode.
// A float constant scale becomes an integer code at compile time (0.75 is
// 3 at 2^-2), so the exact product is an integer at 2^-4.
// CHECK-LABEL: func.func @rescale
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi8>) -> tensor<2x3xi8>
// CHECK: %[[S:.*]] = arith.constant dense<3> : tensor<i8>
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[S]] : tensor<2x3xi8>, tensor<i8>)
// CHECK: ^bb0(%[[XE:.*]]: i8, %[[SE:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[XN:.*]] = qcost.decode %[[XE]] as !qcost.fixed<8, 2> : i8 -> i16
// CHECK: %[[SN:.*]] = qcost.decode %[[SE]] as !qcost.fixed<3, 0> : i8 -> i16
// CHECK: %[[P:.*]] = arith.muli %[[XN]], %[[SN]] : i16
// CHECK: %[[C:.*]] = qcost.encode %[[P]] lsb -4 as !qcost.fixed<4, 1> : (i16) -> i8
// CHECK: linalg.yield %[[C]] : i8
func.func @rescale(%x: tensor<2x3x!qcost.fixed<8, 2>>) -> tensor<2x3x!qcost.fixed<4, 1>> {
  %s = arith.constant dense<0.75> : tensor<f32>
  %z = qcost.rescale %x, %s : (tensor<2x3x!qcost.fixed<8, 2>>, tensor<f32>) -> tensor<2x3x!qcost.fixed<4, 1>>
  return %z : tensor<2x3x!qcost.fixed<4, 1>>
}

// -----

// Terms meet at the lower LSB; the modes travel to the encode.
// CHECK-LABEL: func.func @add_wrap
// CHECK: %[[A:.*]] = qcost.decode %{{.*}} as !qcost.fixed<8, 2> : i8 -> i16
// CHECK: %[[B:.*]] = qcost.decode %{{.*}} as !qcost.ufixed<3, 0> : i8 -> i16
// CHECK: %[[TWO:.*]] = arith.constant 2 : i16
// CHECK: %[[BS:.*]] = arith.shli %[[B]], %[[TWO]] : i16
// CHECK: %[[SUM:.*]] = arith.addi %[[A]], %[[BS]] : i16
// CHECK: qcost.encode %[[SUM]] lsb -2 as !qcost.ufixed<5, 1> rounding toward_zero overflow wrap : (i16) -> i8
func.func @add_wrap(%a: tensor<4x!qcost.fixed<8, 2>>, %b: tensor<4x!qcost.ufixed<3, 0>>) -> tensor<4x!qcost.ufixed<5, 1>> {
  %y = qcost.add %a, %b rounding toward_zero overflow wrap : (tensor<4x!qcost.fixed<8, 2>>, tensor<4x!qcost.ufixed<3, 0>>) -> tensor<4x!qcost.ufixed<5, 1>>
  return %y : tensor<4x!qcost.ufixed<5, 1>>
}

// -----

// Per-channel parameters block-broadcast through the indexing maps;
// stochastic rounding draws with the element's row-major index.
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quant_norm
// CHECK: linalg.generic {indexing_maps = [#[[ALL]], #[[CHANNEL]], #[[CHANNEL]], #[[ALL]]]
// CHECK: %[[X:.*]] = qcost.decode %{{.*}} as !qcost.fixed<12, 0> : i16 -> i32
// CHECK: %[[S:.*]] = qcost.decode %{{.*}} as !qcost.fixed<5, 0> : i8 -> i32
// CHECK: %[[B:.*]] = qcost.decode %{{.*}} as !qcost.fixed<4, 0> : i8 -> i32
// CHECK: %[[XS:.*]] = arith.muli %[[X]], %[[S]] : i32
// CHECK: %[[BS:.*]] = arith.shli %[[B]], %{{.*}} : i32
// CHECK: %[[Y:.*]] = arith.addi %[[XS]], %[[BS]] : i32
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[COL:.*]] = linalg.index 1 : index
// CHECK: %[[INDEX:.*]] = arith.addi %{{.*}}, %{{.*}} : i64
// CHECK: qcost.encode %[[Y]] lsb -3 as !qcost.ufixed<4, 0> rounding stochastic seed 7 index %[[INDEX]] : (i32, i64) -> i8
func.func @quant_norm(%x: tensor<2x4x!qcost.fixed<12, 0>>) -> tensor<2x4x!qcost.ufixed<4, 0>> {
  %s = arith.constant dense<[0.5, 0.25, 0.125, 1.0]> : tensor<4xf32>
  %b = arith.constant dense<[1.0, -2.0, 0.5, 0.0]> : tensor<4xf32>
  %y = qcost.quant_norm %x, %s, %b rounding stochastic seed 7 : (tensor<2x4x!qcost.fixed<12, 0>>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x!qcost.ufixed<4, 0>>
  return %y : tensor<2x4x!qcost.ufixed<4, 0>>
}

// -----

// A minifloat operand, or a result that keeps the sign of zero, computes in
// f64, where the product is exact.
// CHECK-LABEL: func.func @minifloat_result
// CHECK: %[[X:.*]] = qcost.decode %{{.*}} as !qcost.fixed<8, 2> : i8 -> f64
// CHECK: %[[A:.*]] = qcost.decode %{{.*}} as f8E4M3FN : i8 -> f64
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[A]] : f64
// CHECK: qcost.encode %[[P]] as f8E5M2 rounding toward_zero : (f64) -> i8
func.func @minifloat_result(%x: tensor<4x!qcost.fixed<8, 2>>, %a: tensor<4xf8E4M3FN>) -> tensor<4xf8E5M2> {
  %y = qcost.mul %x, %a rounding toward_zero : (tensor<4x!qcost.fixed<8, 2>>, tensor<4xf8E4M3FN>) -> tensor<4xf8E5M2>
  return %y : tensor<4xf8E5M2>
}

// -----

// One IEEE type in and out, to nearest even: the IEEE addition rounds the
// exact sum once; the encode of its result applies the overflow mode.
// CHECK-LABEL: func.func @ieee_add
// CHECK: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK: %[[C:.*]] = qcost.encode %[[S]] as f32 : (f32) -> f32
// CHECK: linalg.yield %[[C]] : f32
func.func @ieee_add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %y = qcost.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Float clip bounds stay doubles; a power-of-two result.
// CHECK-LABEL: func.func @clip_float
// CHECK: %[[X:.*]] = qcost.decode %{{.*}} as f32 : f32 -> f64
// CHECK: %[[LO:.*]] = arith.constant -1.000000e-09 : f64
// CHECK: %[[A:.*]] = arith.maximumf %[[X]], %[[LO]] : f64
// CHECK: %[[HI:.*]] = arith.constant 2.500000e+00 : f64
// CHECK: %[[B:.*]] = arith.minimumf %[[A]], %[[HI]] : f64
// CHECK: qcost.encode %[[B]] as !qcost.pot<4, -3, 2> : (f64) -> i8
func.func @clip_float(%x: tensor<4xf32>) -> tensor<4x!qcost.pot<4, -3, 2>> {
  %y = qcost.clip %x min -1.0e-9 max 2.5 : (tensor<4xf32>) -> tensor<4x!qcost.pot<4, -3, 2>>
  return %y : tensor<4x!qcost.pot<4, -3, 2>>
}

// -----

// shift: where f64 holds x * 2^k exactly, the product with 2^k built from
// its exponent bits.
// CHECK-LABEL: func.func @shift
// CHECK: %[[K:.*]] = qcost.decode %{{.*}} as i4 : i8 -> i64
// CHECK: %[[BIAS:.*]] = arith.constant 1023 : i64
// CHECK: %[[E:.*]] = arith.addi %[[K]], %[[BIAS]] : i64
// CHECK: %[[BITS:.*]] = arith.shli %[[E]], %{{.*}} : i64
// CHECK: %[[POWER:.*]] = arith.bitcast %[[BITS]] : i64 to f64
// CHECK: %[[X:.*]] = qcost.decode %{{.*}} as !qcost.fixed<8, 2> : i8 -> f64
// CHECK: %[[Y:.*]] = arith.mulf %[[X]], %[[POWER]] : f64
// CHECK: qcost.encode %[[Y]] as !qcost.fixed<8, 0> : (f64) -> i8
func.func @shift(%x: tensor<6x!qcost.fixed<8, 2>>, %k: tensor<6xi4>) -> tensor<6x!qcost.fixed<8, 0>> {
  %y = qcost.shift %x, %k : (tensor<6x!qcost.fixed<8, 2>>, tensor<6xi4>) -> tensor<6x!qcost.fixed<8, 0>>
  return %y : tensor<6x!qcost.fixed<8, 0>>
}

// -----

// Otherwise n << (k - kmin), an integer at the static LSB lsb + kmin.
// CHECK-LABEL: func.func @shift_integer
// CHECK: %[[K:.*]] = qcost.decode %{{.*}} as i4 : i8 -> i64
// CHECK: %[[X:.*]] = qcost.decode %{{.*}} as !qcost.fixed<60, 0> : i64 -> i128
// CHECK: %[[KMIN:.*]] = arith.constant -8 : i64
// CHECK: %[[UP:.*]] = arith.subi %[[K]], %[[KMIN]] : i64
// CHECK: %[[UP128:.*]] = arith.extui %[[UP]] : i64 to i128
// CHECK: %[[SHIFTED:.*]] = arith.shli %[[X]], %[[UP128]] : i128
// CHECK: qcost.encode %[[SHIFTED]] lsb -8 as !qcost.fixed<8, 0> : (i128) -> i8
func.func @shift_integer(%x: tensor<6x!qcost.fixed<60, 0>>, %k: tensor<6xi4>) -> tensor<6x!qcost.fixed<8, 0>> {
  %y = qcost.shift %x, %k : (tensor<6x!qcost.fixed<60, 0>>, tensor<6xi4>) -> tensor<6x!qcost.fixed<8, 0>>
  return %y : tensor<6x!qcost.fixed<8, 0>>
}

// -----

// relu and prelu: a clamp at zero and a select on the sign.
// CHECK-LABEL: func.func @prelu
// CHECK: %[[X:.*]] = qcost.decode %{{.*}} as !qcost.fixed<6, 1> : i8 -> i16
// CHECK: %[[A:.*]] = qcost.decode %{{.*}} as !qcost.pot<4, -3, 0> : i8 -> i16
// CHECK: %[[POSITIVE:.*]] = arith.cmpi sge, %[[X]], %{{.*}} : i16
// CHECK: %[[AX:.*]] = arith.muli %[[A]], %[[X]] : i16
// CHECK: %[[Y:.*]] = arith.select %[[POSITIVE]], %{{.*}}, %[[AX]] : i16
// CHECK: qcost.encode %[[Y]] lsb -4 as !qcost.fixed<8, 2> : (i16) -> i8
func.func @prelu(%x: tensor<4x!qcost.fixed<6, 1>>, %a: tensor<4x!qcost.pot<4, -3, 0>>) -> tensor<4x!qcost.fixed<8, 2>> {
  %y = qcost.prelu %x, %a : (tensor<4x!qcost.fixed<6, 1>>, tensor<4x!qcost.pot<4, -3, 0>>) -> tensor<4x!qcost.fixed<8, 2>>
  return %y : tensor<4x!qcost.fixed<8, 2>>
}
