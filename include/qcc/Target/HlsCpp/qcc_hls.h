//===- qcc_hls.h - support code of qcc's HLS C++ ----------------*- C++ -*-===//
//
// What code emitted by `qcc-translate --qcost-to-hlscpp` needs besides the
// ap_types headers: conversions between integers and the exact fixed-point
// values the ap_fixed casts round, bit casts between floats and codes, the
// IEEE operations C++ spells differently (maximum/minimum with NaN and signed
// zeros, round-half-even), a leading-zero count, and exact float-to-integer
// conversions. Everything is synthesizable C++ (static bounds, no
// allocation, no recursion, no STL containers); the emitter copies this file
// into every generated source, so the output is one self-contained file.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_HLS_H
#define QCC_HLS_H

#include <ap_fixed.h>
#include <ap_int.h>

#include <cmath>
#include <cstdint>
#include <cstring>

// Vitis HLS reads the pragmas and loop labels; g++ (C-simulation) sees
// neither, so the code compiles without unknown-pragma or unused-label
// warnings. QCC_HLS(PIPELINE II=1) is #pragma HLS PIPELINE II=1.
#ifdef __SYNTHESIS__
#define QCC_HLS_STRING(text) #text
#define QCC_HLS(directive) _Pragma(QCC_HLS_STRING(HLS directive))
#define QCC_LABEL(name) name:
#else
#define QCC_HLS(directive)
#define QCC_LABEL(name)
#endif

#ifdef __SYNTHESIS__
#include <hls_half.h>
typedef half qcc_half;
#else
typedef _Float16 qcc_half;
#endif

/// The exact value n * 2^(I - N) of an N-bit integer as an ap_fixed<N, I>,
/// the source of the rounding casts: To(qcc_fixed_bits<N, I>(n)) rounds it
/// with To's quantization and overflow modes.
template <int N, int I>
inline ap_fixed<N, I> qcc_fixed_bits(ap_int<N> n) {
  ap_fixed<N, I> v;
  v.range(N - 1, 0) = n.range(N - 1, 0);
  return v;
}

/// The code of a fixed-point value (its bits), sign- or zero-extended to M
/// bits as the storage layout wants.
template <int M, int W, int I, ap_q_mode Q, ap_o_mode O, int S>
inline ap_int<M> qcc_code_of(const ap_fixed<W, I, Q, O, S> &x) {
  return ap_int<M>(ap_int<W>(x.range(W - 1, 0)));
}
template <int M, int W, int I, ap_q_mode Q, ap_o_mode O, int S>
inline ap_int<M> qcc_code_of(const ap_ufixed<W, I, Q, O, S> &x) {
  return ap_int<M>(ap_uint<W>(x.range(W - 1, 0)));
}

/// Bit casts between IEEE floats and their codes.
inline double qcc_f64_from_bits(ap_int<64> bits) {
  uint64_t raw = bits.to_uint64();
  double value;
  std::memcpy(&value, &raw, sizeof value);
  return value;
}
inline ap_int<64> qcc_bits_of_f64(double value) {
  uint64_t raw;
  std::memcpy(&raw, &value, sizeof raw);
  return ap_int<64>(raw);
}
inline float qcc_f32_from_bits(ap_int<32> bits) {
  uint32_t raw = bits.to_uint();
  float value;
  std::memcpy(&value, &raw, sizeof value);
  return value;
}
inline ap_int<32> qcc_bits_of_f32(float value) {
  uint32_t raw;
  std::memcpy(&raw, &value, sizeof raw);
  return ap_int<32>(raw);
}
inline qcc_half qcc_f16_from_bits(ap_int<16> bits) {
  uint16_t raw = bits.to_uint();
  qcc_half value;
  std::memcpy(&value, &raw, sizeof value);
  return value;
}
inline ap_int<16> qcc_bits_of_f16(qcc_half value) {
  uint16_t raw;
  std::memcpy(&raw, &value, sizeof raw);
  return ap_int<16>(raw);
}

/// IEEE 754-2019 maximum and minimum: NaN wins, +0 > -0.
template <typename T> inline T qcc_maximum(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}
template <typename T> inline T qcc_minimum(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

/// Round half to even (the default rounding mode of nearbyint).
template <typename T> inline T qcc_roundeven(T x) { return std::nearbyint(x); }

/// The number of leading zero bits (N for zero).
template <int N> inline ap_int<N> qcc_ctlz(ap_int<N> x) {
  int count = 0;
  for (int i = N - 1; i >= 0; --i) {
    if (x[i])
      break;
    ++count;
  }
  return ap_int<N>(count);
}

/// The integer part of an exact double, as an N-bit integer (truncation
/// toward zero; the value is in range where the codec calls it).
template <int N> inline ap_int<N> qcc_fptosi(double x) {
  bool negative = x < 0;
  double magnitude = negative ? -x : x;
  ap_uint<N> result = 0;
  if (magnitude >= 1) {
    int exponent;
    double fraction = std::frexp(magnitude, &exponent); // in [0.5, 1)
    uint64_t significand = uint64_t(std::ldexp(fraction, 53));
    int shift = exponent - 53;
    result = ap_uint<N>(significand);
    if (shift >= 0)
      result = result << shift;
    else
      result = result >> -shift;
  }
  return negative ? ap_int<N>(-ap_int<N>(result)) : ap_int<N>(result);
}
template <int N> inline ap_int<N> qcc_fptoui(double x) {
  return qcc_fptosi<N + 1>(x);
}

/// An N-bit integer as a double (exact below 2^53, rounded to nearest even
/// above: the IEEE conversion).
template <int N> inline double qcc_sitofp(ap_int<N> x) {
  if (N <= 64)
    return double(x.to_int64());
  bool negative = x < 0;
  ap_uint<N> magnitude = negative ? ap_uint<N>(-x) : ap_uint<N>(x);
  double value = 0;
  for (int i = N - 1; i >= 0; --i)
    value = value * 2 + (magnitude[i] ? 1 : 0);
  return negative ? -value : value;
}
template <int N> inline double qcc_uitofp(ap_int<N> x) {
  return qcc_sitofp<N + 1>(ap_int<N + 1>(ap_uint<N>(x)));
}

#endif // QCC_HLS_H
