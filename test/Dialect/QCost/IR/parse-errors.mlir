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
