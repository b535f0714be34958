// RUN: qcc-opt %s -split-input-file -verify-diagnostics
// A file cut short anywhere gives a located error and a non-zero exit:
// RUN: head -c 1000 %S/ops.mlir | not qcc-opt 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: head -c 3000 %S/ops.mlir | not qcc-opt 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: head -c 5000 %S/ops.mlir | not qcc-opt 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: head -c 9000 %S/ops.mlir | not qcc-opt 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: <stdin>:{{[0-9]+}}:{{[0-9]+}}: error:
// An empty input is an empty module, not an error:
// RUN: echo "" | qcc-opt | FileCheck %s --check-prefix=EMPTY
// EMPTY: module {
// A missing file is reported by name:
// RUN: not qcc-opt %S/does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: does-not-exist.mlir

func.func @unknown_op(%x: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'qcost.frobnicate' is unknown}}
  %0 = qcost.frobnicate %x : tensor<4xf32>
  return
}

// -----

// expected-error @+1 {{unknown  type `fixd` in dialect `qcost`}}
func.func @unknown_type(%x: tensor<4x!qcost.fixd<8, 0>>) {
  return
}

// -----

// expected-error @+1 {{expected 'nozero' or 'unsigned' (each at most once), got 'signed'}}
func.func @pot_keyword(%x: tensor<4x!qcost.pot<4, -6, 0, signed>>) {
  return
}

// -----

// expected-error @+1 {{expected 'nozero' or 'unsigned' (each at most once), got 'nozero'}}
func.func @pot_keyword_twice(%x: tensor<4x!qcost.pot<4, -6, 0, nozero, nozero>>) {
  return
}

// -----

// expected-error @+1 {{unexpected 'mantissa': expected bias, subnormals, specials or cfg (each once; cfg replaces subnormals and specials)}}
func.func @float_key(%x: tensor<4x!qcost.float<5, 2, mantissa = 3>>) {
  return
}

// -----

// expected-error @+1 {{unexpected 'subnormals': expected bias, subnormals, specials or cfg (each once; cfg replaces subnormals and specials)}}
func.func @float_cfg_and_keyword(%x: tensor<4x!qcost.float<5, 2, cfg = 5, subnormals = ieee>>) {
  return
}

// -----

// expected-error @+1 {{cfg must be in [1, 6], got 7}}
func.func @float_cfg_range(%x: tensor<4x!qcost.float<5, 2, cfg = 7>>) {
  return
}

// -----

// expected-error @+1 {{subnormals must be one of ieee, no_output, as_normal, flush; got 'denormal'}}
func.func @float_subnormals(%x: tensor<4x!qcost.float<5, 2, subnormals = denormal>>) {
  return
}

// -----

// expected-error @+1 {{specials must be one of ieee, inf_only, nan_only, finite; got 'none'}}
func.func @float_specials(%x: tensor<4x!qcost.float<5, 2, specials = none>>) {
  return
}

// -----

// expected-error @+1 {{minifloat exponent bits E must be in [1, 8], got 11}}
func.func @float_exponent_bits(%x: tensor<4x!qcost.float<11, 52>>) {
  return
}

// -----

// expected-error @+1 {{expected ','}}
func.func @fixed_missing_fraction(%x: tensor<4x!qcost.fixed<8>>) {
  return
}

// -----

// expected-error @+1 {{fixed-point width W must be in [1, 64], got -8}}
func.func @fixed_negative_width(%x: tensor<4x!qcost.fixed<-8, 0>>) {
  return
}

// -----

// #qcost.cost: total is derived and checked.
// expected-error @+1 {{total 5 is not the sum of the categories (3)}}
func.func @cost_total() attributes {qcost.cost = #qcost.cost<act = 1.0, bn = 0.0, mac = 2.0, macs = 4, model = "ace-v2", other = 0.0, qp = 0.0, total = 5.0>} {
  return
}

// -----

// expected-error @+1 {{expected 'bn'}}
func.func @cost_missing_key() attributes {qcost.cost = #qcost.cost<act = 1.0, mac = 2.0, macs = 4, model = "ace-v2", other = 0.0, qp = 0.0, total = 3.0>} {
  return
}

// -----

// expected-error @+1 {{macs must not be negative}}
func.func @cost_negative_macs() attributes {qcost.cost = #qcost.cost<act = 0.0, bn = 0.0, mac = 0.0, macs = -4, model = "ace-v2", other = 0.0, qp = 0.0, total = 0.0>} {
  return
}

// -----

// expected-error @+1 {{expected 'unknown'}}
func.func @cost_bad_flag() attributes {qcost.cost = #qcost.cost<act = 0.0, bn = 0.0, mac = 0.0, macs = 0, model = "ace-v2", other = 0.0, qp = 0.0, total = 0.0, known>} {
  return
}

// -----

// expected-error @+1 {{cost 'qp' must be finite and non-negative}}
func.func @cost_negative() attributes {qcost.cost = #qcost.cost<act = 0, bn = 0, mac = 0, macs = 0, model = "ace-v2", other = 0, qp = -1.5, total = -1.5>} {
  return
}
