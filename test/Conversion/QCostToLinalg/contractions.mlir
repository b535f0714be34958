// RUN: qcc-opt %s --convert-qcost-to-linalg --split-input-file | FileCheck %s

// The exact path: what the native path does not take (float operands,
// float accumulators, integers wider than 16 bits).

// FP8 operands into a fixed-point accumulator: the operands decoded once to
// exact f64 values, each exact product rounded into the accumulator by the
// codec (nearest even, wrapping), summed in wrapping i64.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @fp8_into_fixed
// CHECK: %[[A:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3xf64>)
// CHECK: qcost.decode %{{.*}} as f8E5M2 : i8 -> f64
// CHECK: %[[B:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x2xf64>)
// CHECK: qcost.decode %{{.*}} as f8E4M3FN : i8 -> f64
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[A]], %[[B]] : tensor<2x3xf64>, tensor<3x2xf64>) outs(%{{.*}} : tensor<2x2xi64>)
// CHECK: ^bb0(%[[X:.*]]: f64, %[[W:.*]]: f64, %[[ACC:.*]]: i64):
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[W]] : f64
// CHECK: %[[PC:.*]] = qcost.encode %[[P]] as !qcost.fixed<24, 12> overflow wrap : (f64) -> i64
// CHECK: %[[NEXT:.*]] = arith.addi %[[ACC]], %[[PC]] : i64
// CHECK: linalg.yield %[[NEXT]] : i64
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x2xi64>)
// CHECK: arith.trunci %{{.*}} : i64 to i24
func.func @fp8_into_fixed(%x: tensor<2x3xf8E5M2>, %w: tensor<3x2xf8E4M3FN>) -> tensor<2x2x!qcost.fixed<24, 12>> {
  %y = qcost.matmul %x, %w : (tensor<2x3xf8E5M2>, tensor<3x2xf8E4M3FN>) -> tensor<2x2x!qcost.fixed<24, 12>>
  return %y : tensor<2x2x!qcost.fixed<24, 12>>
}

// -----

// An f32 accumulator starts from the bias and adds each product rounded
// into f32 with the IEEE addition; at convolution padding the sum stays.
// CHECK-LABEL: func.func @f32_accumulator
// CHECK: ^bb0(%[[X:.*]]: f64, %[[W:.*]]: f64, %[[ACC:.*]]: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[W]] : f64
// CHECK-NEXT: %[[PF:.*]] = qcost.encode %[[P]] as f32 overflow wrap : (f64) -> f32
// CHECK-NEXT: %[[NEXT:.*]] = arith.addf %[[ACC]], %[[PF]] : f32
// CHECK-NEXT: %[[SUM:.*]] = arith.select %{{.*}}, %[[NEXT]], %[[ACC]] : f32
// CHECK-NEXT: linalg.yield %[[SUM]] : f32
func.func @f32_accumulator(%x: tensor<1x4x4x2xf16>, %w: tensor<3x3x2x2xf8E4M3FN>, %b: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %y = qcost.conv2d %x, %w bias(%b) strides [2, 2] padding [0, 1, 0, 1] : (tensor<1x4x4x2xf16>, tensor<3x3x2x2xf8E4M3FN>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A bf16 accumulator: each product and each sum rounded into bf16 by the
// codec and read back as its exact f64 value.
// CHECK-LABEL: func.func @bf16_accumulator
// CHECK: ^bb0(%[[X:.*]]: f64, %[[W:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[W]] : f64
// CHECK: %[[PC:.*]] = qcost.encode %[[P]] as bf16 overflow wrap : (f64) -> bf16
// CHECK: %[[PV:.*]] = qcost.decode %[[PC]] as bf16 : bf16 -> f64
// CHECK: %[[S:.*]] = arith.addf %[[ACC]], %[[PV]] : f64
// CHECK: %[[SC:.*]] = qcost.encode %[[S]] as bf16 overflow wrap : (f64) -> bf16
// CHECK: %[[SV:.*]] = qcost.decode %[[SC]] as bf16 : bf16 -> f64
// CHECK: linalg.yield %[[SV]] : f64
func.func @bf16_accumulator(%x: tensor<2x3xf8E4M3FN>, %w: tensor<3x2xf8E4M3FN>) -> tensor<2x2xbf16> {
  %y = qcost.matmul %x, %w : (tensor<2x3xf8E4M3FN>, tensor<3x2xf8E4M3FN>) -> tensor<2x2xbf16>
  return %y : tensor<2x2xbf16>
}

// -----

// Operands wider than 16 bits: decoded once to i64, wrapping i64 sums.
// CHECK-LABEL: func.func @wide
// CHECK: qcost.decode %{{.*}} as !qcost.fixed<20, 4> : i32 -> i64
// CHECK: qcost.decode %{{.*}} as !qcost.fixed<24, 2> : i32 -> i64
// CHECK: ^bb0(%[[X:.*]]: i64, %[[W:.*]]: i64, %[[ACC:.*]]: i64):
// CHECK: %[[P:.*]] = arith.muli %[[X]], %[[W]] : i64
// CHECK: arith.addi %[[ACC]], %[[P]] : i64
// CHECK: arith.trunci %{{.*}} : i64 to i48
func.func @wide(%x: tensor<2x3x!qcost.fixed<20, 4>>, %w: tensor<3x2x!qcost.fixed<24, 2>>) -> tensor<2x2x!qcost.fixed<48, 6>> {
  %y = qcost.matmul %x, %w : (tensor<2x3x!qcost.fixed<20, 4>>, tensor<3x2x!qcost.fixed<24, 2>>) -> tensor<2x2x!qcost.fixed<48, 6>>
  return %y : tensor<2x2x!qcost.fixed<48, 6>>
}
