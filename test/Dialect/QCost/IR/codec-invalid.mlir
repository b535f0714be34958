// RUN: qcc-opt %s -split-input-file -verify-diagnostics

// One case per message of the codec ops' verifiers (the limits live in
// qcc/Dialect/QCost/IR/CodecLimits.h).

func.func @not_a_format(%c: i8) -> i32 {
  // expected-error @+1 {{'qcost.decode' op format 'index' is not a number format}}
  %n = qcost.decode %c as index : i8 -> i32
  return %n : i32
}

// -----

func.func @lsb_of_float(%c: i8) -> f64 {
  // expected-error @+1 {{'lsb' is only meaningful for integer results}}
  %x = qcost.decode %c as !qcost.fixed<8, 0> lsb -2 : i8 -> f64
  return %x : f64
}

// -----

func.func @narrow_code(%c: i8) -> i32 {
  // expected-error @+1 {{code type i8 cannot hold the 12-bit codes of fixed<12, 0>}}
  %n = qcost.decode %c as !qcost.fixed<12, 0> : i8 -> i32
  return %n : i32
}

// -----

func.func @float_code(%c: f16) -> f64 {
  // expected-error @+1 {{code type f16 is not a storage type of float<8, 23> (an integer of at least 32 bits, or the float type itself)}}
  %x = qcost.decode %c as f32 : f16 -> f64
  return %x : f64
}

// -----

func.func @inexact_float(%c: i64) -> f64 {
  // expected-error @+1 {{the values of fixed<60, 0> are not all exact in f64}}
  %x = qcost.decode %c as !qcost.fixed<60, 0> : i64 -> f64
  return %x : f64
}

// -----

func.func @minifloat_to_integer(%c: i8) -> i32 {
  // expected-error @+1 {{minifloat codes (float<5, 2>) decode to floats, not to integers}}
  %n = qcost.decode %c as f8E5M2 : i8 -> i32
  return %n : i32
}

// -----

func.func @wide_pot(%c: i16) -> i64 {
  // expected-error @+1 {{the values of pot<12, -1000, 1000> need more than 512 bits as integers}}
  %n = qcost.decode %c as !qcost.pot<12, -1000, 1000> : i16 -> i64
  return %n : i64
}

// -----

func.func @lsb_above(%c: i8) -> i32 {
  // expected-error @+1 {{lsb -2 is above the format's LSB -4}}
  %n = qcost.decode %c as !qcost.fixed<8, 4> lsb -2 : i8 -> i32
  return %n : i32
}

// -----

func.func @narrow_result(%c: i8) -> i8 {
  // expected-error @+1 {{the values of fixed<8, 0> at 2^-2 need 10 bits; i8 is too narrow}}
  %n = qcost.decode %c as !qcost.fixed<8, 0> lsb -2 : i8 -> i8
  return %n : i8
}

// -----

func.func @no_seed(%x: i32, %i: i64) -> i8 {
  // expected-error @+1 {{stochastic rounding needs a 'seed'}}
  %c = qcost.encode %x as !qcost.fixed<8, 0> rounding stochastic index %i : (i32, i64) -> i8
  return %c : i8
}

// -----

func.func @seed_without_stochastic(%x: i32) -> i8 {
  // expected-error @+1 {{'seed' is only meaningful with stochastic rounding}}
  %c = qcost.encode %x as !qcost.fixed<8, 0> seed 3 : (i32) -> i8
  return %c : i8
}

// -----

func.func @no_index(%x: i32) -> i8 {
  // expected-error @+1 {{stochastic rounding needs an 'index'}}
  %c = qcost.encode %x as !qcost.fixed<8, 0> rounding stochastic seed 3 : (i32) -> i8
  return %c : i8
}

// -----

func.func @index_without_stochastic(%x: i32, %i: i64) -> i8 {
  // expected-error @+1 {{'index' is only meaningful with stochastic rounding}}
  %c = qcost.encode %x as !qcost.fixed<8, 0> index %i : (i32, i64) -> i8
  return %c : i8
}

// -----

func.func @lsb_of_float_value(%x: f64) -> i8 {
  // expected-error @+1 {{'lsb' and 'divisor' need an integer value}}
  %c = qcost.encode %x lsb -2 as !qcost.fixed<8, 0> : (f64) -> i8
  return %c : i8
}

// -----

func.func @narrow_result_code(%x: i32) -> i8 {
  // expected-error @+1 {{result type i8 cannot hold the 12-bit codes of fixed<12, 0>}}
  %c = qcost.encode %x as !qcost.fixed<12, 0> : (i32) -> i8
  return %c : i8
}

// -----

func.func @wrap_pot(%x: i32) -> i8 {
  // expected-error @+1 {{overflow 'wrap' needs a fixed-point, integer or float format; pot<4, -6, 0> always saturates}}
  %c = qcost.encode %x as !qcost.pot<4, -6, 0> overflow wrap : (i32) -> i8
  return %c : i8
}

// -----

func.func @f8_value(%x: f8E5M2) -> i8 {
  // expected-error @+1 {{float values of type f8E5M2 are not encoded (f16, bf16, f32 and f64 are)}}
  %c = qcost.encode %x as !qcost.fixed<8, 0> : (f8E5M2) -> i8
  return %c : i8
}

// -----

func.func @huge_value(%x: i1024) -> i8 {
  // expected-error @+1 {{integer values wider than 512 bits are not encoded}}
  %c = qcost.encode %x as !qcost.fixed<8, 0> : (i1024) -> i8
  return %c : i8
}

// -----

func.func @huge_divisor(%x: i64, %d: i256) -> i8 {
  // expected-error @+1 {{divisors wider than 128 bits are not supported}}
  %c = qcost.encode %x divisor %d as !qcost.fixed<8, 0> : (i64, i256) -> i8
  return %c : i8
}

// -----

func.func @wide_quotient(%x: i128, %d: i64) -> i8 {
  // expected-error @+1 {{rounding into fixed<8, 0> needs a 256-bit quotient (at most 128)}}
  %c = qcost.encode %x lsb -100 divisor %d as !qcost.fixed<8, 0> : (i128, i64) -> i8
  return %c : i8
}

// -----

func.func @zero_only(%x: f64) -> i8 {
  // expected-error @+1 {{float<1, 0, specials = nan_only> has no nonzero finite value to round to}}
  %c = qcost.encode %x as !qcost.float<1, 0, specials = nan_only> : (f64) -> i8
  return %c : i8
}

// -----

func.func @grid_divisor(%x: i64, %d: i128) -> i8 {
  // expected-error @+1 {{a divisor of 128 bits does not round into float<4, 3> exactly (at most 68)}}
  %c = qcost.encode %x divisor %d as f8E4M3 : (i64, i128) -> i8
  return %c : i8
}
