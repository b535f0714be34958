//===- FormatSpecTest.cpp - the format rules of docs/semantics.md ---------===//
//
// Checks qcc::NumberFormat against the tables of REFERENCE.md section 8 and
// against independent reference implementations (brute force over all codes,
// long double arithmetic) on random inputs with fixed seeds.
//
//===----------------------------------------------------------------------===//

#include "qcc/Format/ExactReal.h"
#include "qcc/Format/NumberFormat.h"

#include "gtest/gtest.h"

#include <array>
#include <cmath>
#include <limits>
#include <random>

using namespace qcc;

namespace qcc {
/// Readable values in gtest failure messages.
void PrintTo(const ExactValue &value, std::ostream *os) { *os << value.str(); }
} // namespace qcc

namespace {

const Rounding nearest{RoundingMode::NearestEven, 0};
const Rounding towardZero{RoundingMode::TowardZero, 0};

double decoded(const NumberFormat &f, uint64_t code) {
  return f.decodeToDouble(code);
}

//===----------------------------------------------------------------------===//
// Fixed point at every width
//===----------------------------------------------------------------------===//

/// Independent reference: round in long double, clamp or wrap with integers.
int64_t referenceFixed(double x, unsigned width, int frac, bool isSigned,
                       RoundingMode mode, OverflowMode overflow) {
  long double scaled = std::ldexp((long double)x, frac);
  long double rounded = mode == RoundingMode::NearestEven
                            ? std::nearbyint(scaled) // FE_TONEAREST: ties even
                            : std::trunc(scaled);
  long double lo = isSigned ? -std::ldexp(1.0L, width - 1) : 0;
  long double hi =
      isSigned ? std::ldexp(1.0L, width - 1) - 1 : std::ldexp(1.0L, width) - 1;
  if (rounded >= lo && rounded <= hi)
    return (int64_t)rounded;
  if (overflow == OverflowMode::Saturate)
    return rounded < lo ? (int64_t)lo : (int64_t)hi;
  long double modulus = std::ldexp(1.0L, width);
  long double wrapped = std::fmod(rounded, modulus);
  if (wrapped < 0)
    wrapped += modulus;
  if (isSigned && wrapped > hi)
    wrapped -= modulus;
  return (int64_t)wrapped;
}

TEST(FixedPoint, EveryWidthRoundTripsAndMatchesReference) {
  std::mt19937_64 rng(42);
  for (unsigned width = 1; width <= 32; ++width) {
    for (bool isSigned : {true, false}) {
      for (int frac : {0, 3, -2, int(width) + 2}) {
        NumberFormat f = NumberFormat::fixed(width, frac, isSigned);
        SCOPED_TRACE(f.str());
        uint64_t mask = (uint64_t(1) << width) - 1;
        // Every code (or a random sample of them) decodes and re-encodes.
        for (int i = 0; i < 512; ++i) {
          uint64_t code = width <= 9 ? uint64_t(i) & mask : rng() & mask;
          EXPECT_EQ(f.encode(decoded(f, code)), code);
        }
        // Largest and lowest are the extreme codes.
        double largest = f.getLargest().toDouble();
        double lowest = f.getLowest().toDouble();
        EXPECT_EQ(largest, std::ldexp(isSigned ? std::ldexp(1.0, width - 1) - 1
                                               : std::ldexp(1.0, width) - 1,
                                      -frac));
        EXPECT_EQ(lowest,
                  isSigned ? -std::ldexp(1.0, int(width) - 1 - frac) : 0.0);
        // Random reals against the reference, both modes, both overflows.
        std::uniform_real_distribution<double> dist(3 * lowest - 1,
                                                    3 * largest + 1);
        for (int i = 0; i < 400; ++i) {
          double x = dist(rng);
          for (RoundingMode mode :
               {RoundingMode::NearestEven, RoundingMode::TowardZero}) {
            for (OverflowMode overflow :
                 {OverflowMode::Saturate, OverflowMode::Wrap}) {
              int64_t expected =
                  referenceFixed(x, width, frac, isSigned, mode, overflow);
              uint64_t code = f.encode(x, {mode, 0}, overflow);
              EXPECT_EQ(decoded(f, code), std::ldexp((double)expected, -frac))
                  << "x = " << x;
            }
          }
        }
      }
    }
  }
}

TEST(FixedPoint, SaturationBoundaries) {
  NumberFormat q44 = NumberFormat::fixed(8, 4); // -8 .. 7.9375
  EXPECT_EQ(decoded(q44, q44.encode(7.9375)), 7.9375);
  EXPECT_EQ(decoded(q44, q44.encode(7.96875)), 7.9375); // tie beyond max
  EXPECT_EQ(decoded(q44, q44.encode(100.0)), 7.9375);
  EXPECT_EQ(decoded(q44, q44.encode(-8.0)), -8.0);
  EXPECT_EQ(decoded(q44, q44.encode(-8.03125)), -8.0); // tie at -8 - lsb/2
  EXPECT_EQ(decoded(q44, q44.encode(-1e30)), -8.0);
  // Wrap: 8.0 is code 128 = -8.0; 8.0625 wraps to -7.9375.
  EXPECT_EQ(decoded(q44, q44.encode(8.0, nearest, OverflowMode::Wrap)), -8.0);
  EXPECT_EQ(decoded(q44, q44.encode(8.0625, nearest, OverflowMode::Wrap)),
            -7.9375);
  // Unsigned: negatives saturate to zero or wrap modulo 2^W.
  NumberFormat u4 = NumberFormat::fixed(4, 0, /*isSigned=*/false);
  EXPECT_EQ(decoded(u4, u4.encode(-3.0)), 0.0);
  EXPECT_EQ(decoded(u4, u4.encode(-3.0, nearest, OverflowMode::Wrap)), 13.0);
  EXPECT_EQ(decoded(u4, u4.encode(16.0, nearest, OverflowMode::Wrap)), 0.0);
  // Infinities clamp whatever the overflow mode; NaN is code 0.
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(decoded(q44, q44.encode(inf, nearest, OverflowMode::Wrap)), 7.9375);
  EXPECT_EQ(decoded(q44, q44.encode(-inf, nearest, OverflowMode::Wrap)), -8.0);
  EXPECT_EQ(q44.encode(std::nan("")), 0u);
}

TEST(FixedPoint, RoundingModes) {
  NumberFormat i8 = NumberFormat::fixed(8, 0);
  // Ties to even.
  EXPECT_EQ(decoded(i8, i8.encode(2.5)), 2.0);
  EXPECT_EQ(decoded(i8, i8.encode(3.5)), 4.0);
  EXPECT_EQ(decoded(i8, i8.encode(-2.5)), -2.0);
  EXPECT_EQ(decoded(i8, i8.encode(-3.5)), -4.0);
  EXPECT_EQ(decoded(i8, i8.encode(2.5000001)), 3.0);
  // Toward zero.
  EXPECT_EQ(decoded(i8, i8.encode(2.9, towardZero)), 2.0);
  EXPECT_EQ(decoded(i8, i8.encode(-2.9, towardZero)), -2.0);
}

TEST(FixedPoint, Width64) {
  NumberFormat i64 = NumberFormat::fixed(64, 0);
  EXPECT_EQ(i64.encode(-0x1p63), uint64_t(1) << 63);
  EXPECT_EQ(i64.encode(0x1p63), ~uint64_t(0) >> 1); // saturates
  EXPECT_EQ(i64.encode(0x1p63, nearest, OverflowMode::Wrap), uint64_t(1) << 63);
  EXPECT_EQ(i64.encode(-1.0), ~uint64_t(0));
  ExactValue lowest = i64.decode(uint64_t(1) << 63);
  EXPECT_TRUE(lowest.negative);
  EXPECT_EQ(lowest.significand, uint64_t(1) << 63);
  NumberFormat u64 = NumberFormat::fixed(64, 0, false);
  EXPECT_EQ(u64.encode(0x1p64), ~uint64_t(0));
  EXPECT_EQ(u64.encode(0x1p64 + 0x1p12, nearest, OverflowMode::Wrap),
            uint64_t(1) << 12);
}

//===----------------------------------------------------------------------===//
// Stochastic rounding
//===----------------------------------------------------------------------===//

TEST(Stochastic, FrequencyMatchesFractionAndIsDeterministic) {
  NumberFormat i8 = NumberFormat::fixed(8, 0);
  Rounding stochastic{RoundingMode::Stochastic, 1234};
  for (double fraction : {0.1, 0.25, 0.5, 0.9}) {
    int ups = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i)
      ups += decoded(i8, i8.encode(3 + fraction, stochastic,
                                   OverflowMode::Saturate, i)) == 4.0;
    EXPECT_NEAR(double(ups) / n, fraction, 0.015);
  }
  // Exact values never move; the same (seed, index) gives the same bits.
  EXPECT_EQ(decoded(i8, i8.encode(3.0, stochastic, OverflowMode::Saturate, 7)),
            3.0);
  for (uint64_t i = 0; i < 100; ++i)
    EXPECT_EQ(i8.encode(3.3, stochastic, OverflowMode::Saturate, i),
              i8.encode(3.3, stochastic, OverflowMode::Saturate, i));
  EXPECT_NE(stochasticUniform(1, 0), stochasticUniform(2, 0));
  for (uint64_t i = 0; i < 1000; ++i) {
    double u = stochasticUniform(99, i);
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
}

TEST(Stochastic, MinifloatAndPowerOfTwoFollowTheGap) {
  // Between 2^0 and 2^1 a PoT value 1.25 rounds up with probability 0.25.
  NumberFormat pot = NumberFormat::powerOfTwo(4, -6, 0);
  Rounding stochastic{RoundingMode::Stochastic, 5};
  int ups = 0;
  for (int i = 0; i < 20000; ++i)
    ups += decoded(pot, pot.encode(0.625, stochastic, OverflowMode::Saturate,
                                   i)) == 1.0;
  EXPECT_NEAR(ups / 20000.0, 0.25, 0.015);
  NumberFormat e5m2 = NumberFormat::minifloat(5, 2);
  ups = 0;
  for (int i = 0; i < 20000; ++i) // Between 1.0 and 1.25 at 1.1.
    ups += decoded(e5m2, e5m2.encode(1.1, stochastic, OverflowMode::Saturate,
                                     i)) == 1.25;
  EXPECT_NEAR(ups / 20000.0, 0.4, 0.015);
}

//===----------------------------------------------------------------------===//
// Minifloats: REFERENCE.md section 8
//===----------------------------------------------------------------------===//

uint64_t e5m2Code(unsigned exponent, unsigned mantissa, bool negative = false) {
  return (uint64_t(negative) << 7) | (exponent << 2) | mantissa;
}

TEST(Minifloat, E5M2TopExponentConventionalAndCustom) {
  NumberFormat conventional = NumberFormat::minifloat(5, 2);
  EXPECT_TRUE(conventional.decode(e5m2Code(31, 0)).isInfinity());
  EXPECT_TRUE(conventional.decode(e5m2Code(31, 1)).isNaN());
  EXPECT_TRUE(conventional.decode(e5m2Code(31, 2)).isNaN());
  EXPECT_TRUE(conventional.decode(e5m2Code(31, 3)).isNaN());
  EXPECT_EQ(conventional.getLargest().toDouble(), 57344.0);
  // CFG-4..6: NaN codes are normal values, inf is the all-ones mantissa.
  for (Subnormals sub :
       {Subnormals::NoOutput, Subnormals::AsNormal, Subnormals::Flush}) {
    NumberFormat custom = NumberFormat::minifloat(5, 2, sub, Specials::InfOnly);
    EXPECT_EQ(decoded(custom, e5m2Code(31, 0)), 65536.0);
    EXPECT_EQ(decoded(custom, e5m2Code(31, 1)), 81920.0);
    EXPECT_EQ(decoded(custom, e5m2Code(31, 2)), 98304.0);
    EXPECT_TRUE(custom.decode(e5m2Code(31, 3)).isInfinity());
    EXPECT_FALSE(custom.hasNaN());
    EXPECT_EQ(custom.getLargest().toDouble(), 98304.0);
  }
}

TEST(Minifloat, E5M2SubnormalCodesPerConfiguration) {
  NumberFormat ieee = NumberFormat::minifloat(5, 2); // CFG-1..4 read these
  NumberFormat cfg5 =
      NumberFormat::minifloat(5, 2, Subnormals::AsNormal, Specials::InfOnly);
  NumberFormat cfg6 =
      NumberFormat::minifloat(5, 2, Subnormals::Flush, Specials::InfOnly);
  for (unsigned m = 0; m < 4; ++m) {
    EXPECT_EQ(decoded(ieee, e5m2Code(0, m)), m * 0x1p-16); // 0, 1.53e-5, ...
    EXPECT_EQ(decoded(cfg5, e5m2Code(0, m)), m == 0 ? 0.0 : (4 + m) * 0x1p-17);
    EXPECT_EQ(decoded(cfg6, e5m2Code(0, m)), 0.0);
  }
  EXPECT_NEAR(decoded(ieee, e5m2Code(0, 1)), 1.53e-5, 0.01e-5);
  EXPECT_NEAR(decoded(ieee, e5m2Code(0, 3)), 4.58e-5, 0.01e-5);
  EXPECT_NEAR(decoded(cfg5, e5m2Code(0, 1)), 3.81e-5, 0.01e-5);
  EXPECT_NEAR(decoded(cfg5, e5m2Code(0, 2)), 4.58e-5, 0.01e-5);
  EXPECT_NEAR(decoded(cfg5, e5m2Code(0, 3)), 5.34e-5, 0.01e-5);
}

TEST(Minifloat, SubnormalOutputs) {
  double tiny = 1.6e-5; // Nearest E5M2 subnormal is 1 * 2^-16.
  NumberFormat ieee = NumberFormat::minifloat(5, 2);
  EXPECT_EQ(decoded(ieee, ieee.encode(tiny)), 0x1p-16);
  // no_output and flush never produce subnormal codes: 0 or 2^-14.
  for (Subnormals sub : {Subnormals::NoOutput, Subnormals::Flush}) {
    NumberFormat f = NumberFormat::minifloat(5, 2, sub, Specials::InfOnly);
    EXPECT_EQ(decoded(f, f.encode(tiny)), 0.0);
    EXPECT_EQ(decoded(f, f.encode(0x1p-15 * 1.01)), 0x1p-14);
    EXPECT_EQ(f.getSmallestPositive().toDouble(),
              sub == Subnormals::Flush ? 0x1p-14 : 0x1p-16);
  }
  // as_normal produces its exponent-0 codes: 1.25 * 2^-15.
  NumberFormat cfg5 =
      NumberFormat::minifloat(5, 2, Subnormals::AsNormal, Specials::InfOnly);
  EXPECT_EQ(cfg5.encode(1.25 * 0x1p-15), e5m2Code(0, 1));
  EXPECT_EQ(decoded(cfg5, cfg5.encode(0x1p-15)), 1.25 * 0x1p-15);
}

TEST(Minifloat, E4M3Variants) {
  NumberFormat ieee = NumberFormat::minifloat(4, 3);
  NumberFormat fn =
      NumberFormat::minifloat(4, 3, Subnormals::Ieee, Specials::NanOnly);
  EXPECT_EQ(ieee.getLargest().toDouble(), 240.0);
  EXPECT_EQ(fn.getLargest().toDouble(), 448.0);
  EXPECT_TRUE(fn.decode(0x7F).isNaN());
  EXPECT_FALSE(fn.hasInfinity());
  EXPECT_EQ(fn.getSmallestPositive().toDouble(), 0x1p-9);
  // No infinity: overflow saturates even when wrapping is asked for, unless
  // the format has a NaN to overflow into.
  EXPECT_TRUE(fn.decode(fn.encode(1e6, nearest, OverflowMode::Wrap)).isNaN());
  EXPECT_EQ(decoded(fn, fn.encode(1e6)), 448.0);
  NumberFormat finite =
      NumberFormat::minifloat(4, 3, Subnormals::Ieee, Specials::Finite);
  EXPECT_EQ(decoded(finite, finite.encode(1e6, nearest, OverflowMode::Wrap)),
            480.0);
}

TEST(Minifloat, OverflowAndSpecials) {
  NumberFormat e5m2 = NumberFormat::minifloat(5, 2);
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(decoded(e5m2, e5m2.encode(60000.0)), 57344.0);
  EXPECT_TRUE(e5m2.decode(e5m2.encode(70000.0, nearest, OverflowMode::Wrap))
                  .isInfinity());
  // Non-saturating: values below max + half a top ulp still round to max.
  EXPECT_EQ(decoded(e5m2, e5m2.encode(61000.0, nearest, OverflowMode::Wrap)),
            57344.0);
  EXPECT_TRUE(
      e5m2.decode(e5m2.encode(inf, nearest, OverflowMode::Wrap)).isInfinity());
  EXPECT_EQ(decoded(e5m2, e5m2.encode(-inf)), -57344.0);
  EXPECT_TRUE(e5m2.decode(e5m2.encode(std::nan(""))).isNaN());
  // Negative zero keeps its sign.
  uint64_t negativeZero = e5m2.encode(-0.0);
  EXPECT_EQ(negativeZero, 0x80u);
  EXPECT_TRUE(e5m2.decode(negativeZero).isZero());
  EXPECT_TRUE(std::signbit(decoded(e5m2, negativeZero)));
  EXPECT_EQ(e5m2.decode(0x80), e5m2.decode(0x00));
  // Underflow to zero keeps the sign too.
  EXPECT_EQ(e5m2.encode(-1e-30), 0x80u);
}

/// Every code of every small minifloat variant that the encoder may produce
/// decodes and re-encodes to itself (NaNs to the canonical NaN), and
/// nearest-even encoding agrees with a brute force search over all codes on
/// random inputs.
TEST(Minifloat, ExhaustiveSmallFormatsAgainstBruteForce) {
  std::mt19937_64 rng(7);
  for (unsigned e = 2; e <= 5; ++e) {
    for (unsigned m = 0; m + e <= 7; ++m) {
      for (Subnormals sub : {Subnormals::Ieee, Subnormals::NoOutput,
                             Subnormals::AsNormal, Subnormals::Flush}) {
        for (Specials spec : {Specials::Ieee, Specials::InfOnly,
                              Specials::NanOnly, Specials::Finite}) {
          NumberFormat f = NumberFormat::minifloat(e, m, sub, spec);
          SCOPED_TRACE(f.str());
          unsigned codes = 1u << f.getBitWidth();
          for (uint64_t code = 0; code < codes; ++code) {
            ExactValue value = f.decode(code);
            uint64_t again =
                f.encode(value.toDouble(), nearest, OverflowMode::Wrap);
            if (value.isNaN()) {
              EXPECT_TRUE(f.decode(again).isNaN());
              continue;
            }
            bool subnormalCode = ((code >> m) & ((1u << e) - 1)) == 0 &&
                                 (code & ((1u << m) - 1)) != 0;
            if (subnormalCode && sub == Subnormals::NoOutput)
              continue; // Read, never produced.
            EXPECT_EQ(f.decode(again), value) << "code " << code;
            if (value.isFinite() && !value.isZero())
              EXPECT_TRUE(f.isRepresentable(value.toDouble()));
          }
          // Brute-force nearest: among producible finite codes, the closest;
          // ties to the even code.
          double largest = f.getLargest().toDouble();
          std::uniform_real_distribution<double> dist(-largest, largest);
          for (int i = 0; i < 300; ++i) {
            double x = dist(rng);
            double best = 0, bestDistance = INFINITY;
            uint64_t bestCode = 0;
            for (uint64_t code = 0; code < codes; ++code) {
              ExactValue value = f.decode(code);
              if (!value.isFinite())
                continue;
              bool subnormalCode = ((code >> m) & ((1u << e) - 1)) == 0 &&
                                   (code & ((1u << m) - 1)) != 0;
              if (subnormalCode &&
                  (sub == Subnormals::NoOutput || sub == Subnormals::Flush))
                continue;
              double d = std::fabs(value.toDouble() - x);
              if (d < bestDistance ||
                  (d == bestDistance && (code & 1) == 0 && (bestCode & 1))) {
                best = value.toDouble();
                bestDistance = d;
                bestCode = code;
              }
            }
            EXPECT_EQ(decoded(f, f.encode(x)), best) << "x = " << x;
          }
        }
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Power of two and binary
//===----------------------------------------------------------------------===//

TEST(PowerOfTwo, LevelsCodesAndRounding) {
  NumberFormat pot = NumberFormat::powerOfTwo(4, -6, 0); // 0, +-2^-6..2^0
  EXPECT_EQ(decoded(pot, 0b0000), 0.0);
  EXPECT_EQ(decoded(pot, 0b0001), 0x1p-6);
  EXPECT_EQ(decoded(pot, 0b0111), 1.0);
  EXPECT_EQ(decoded(pot, 0b1111), -1.0);
  EXPECT_EQ(decoded(pot, pot.encode(0.3)), 0.25);
  EXPECT_EQ(decoded(pot, pot.encode(0.4)), 0.5);
  EXPECT_EQ(decoded(pot, pot.encode(-0.4)), -0.5);
  EXPECT_EQ(decoded(pot, pot.encode(0.4, towardZero)), 0.25);
  EXPECT_EQ(decoded(pot, pot.encode(5.0)), 1.0);    // saturates
  EXPECT_EQ(decoded(pot, pot.encode(0x1p-8)), 0.0); // below half the step
  EXPECT_EQ(decoded(pot, pot.encode(0x1p-7)), 0.0); // tie: even code 0
  EXPECT_EQ(decoded(pot, pot.encode(0.375)), 0.5);  // tie 0.25|0.5: even
  EXPECT_EQ(pot.getSmallestPositive().toDouble(), 0x1p-6);
  NumberFormat noZero = NumberFormat::powerOfTwo(4, -7, 0, /*hasZero=*/false);
  EXPECT_EQ(decoded(noZero, 0), 0x1p-7);
  EXPECT_EQ(decoded(noZero, noZero.encode(0.0)), 0x1p-7);
  NumberFormat unsignedPot = NumberFormat::powerOfTwo(3, -3, 0, true, false);
  EXPECT_EQ(decoded(unsignedPot, unsignedPot.encode(-2.0)), 0.0);
  EXPECT_EQ(unsignedPot.getLargest().toDouble(), 1.0);
  for (uint64_t code = 0; code < 16; ++code)
    if (code != 0b1000) // negative zero re-encodes as +0
      EXPECT_EQ(pot.encode(decoded(pot, code)), code);
}

TEST(Binary, SignAndStochastic) {
  NumberFormat b = NumberFormat::binary();
  EXPECT_EQ(decoded(b, 1), 1.0);
  EXPECT_EQ(decoded(b, 0), -1.0);
  EXPECT_EQ(b.encode(0.3), 1u);
  EXPECT_EQ(b.encode(-0.3), 0u);
  EXPECT_EQ(b.encode(0.0), 1u);
  EXPECT_EQ(b.encode(-0.0), 1u);
  int ups = 0;
  for (int i = 0; i < 20000; ++i)
    ups +=
        b.encode(0.5, {RoundingMode::Stochastic, 3}, OverflowMode::Saturate, i);
  EXPECT_NEAR(ups / 20000.0, 0.75, 0.015);
}

//===----------------------------------------------------------------------===//
// Parameter checks and spelling
//===----------------------------------------------------------------------===//

TEST(Checks, MessagesNameTheParameter) {
  EXPECT_EQ(*NumberFormat::checkFixed(0, 0, true),
            "fixed-point width W must be in [1, 64], got 0");
  EXPECT_EQ(*NumberFormat::checkFixed(8, 200, false),
            "fixed-point fraction bits F must be in [-128, 128], got 200");
  EXPECT_FALSE(NumberFormat::checkFixed(64, -128, true));
  EXPECT_EQ(*NumberFormat::checkPowerOfTwo(4, -7, 0, true, true),
            "power-of-two needs 9 levels (8 exponents and zero) but a 3-bit "
            "exponent field holds 8");
  EXPECT_FALSE(NumberFormat::checkPowerOfTwo(4, -7, 0, false, true));
  EXPECT_EQ(
      *NumberFormat::checkFloat(9, 2, 0, Subnormals::Ieee, Specials::Ieee),
      "minifloat exponent bits E must be in [1, 8], got 9");
  EXPECT_TRUE(
      NumberFormat::checkFloat(1, 2, 0, Subnormals::Ieee, Specials::Ieee));
  EXPECT_FALSE(
      NumberFormat::checkFloat(1, 2, 0, Subnormals::Ieee, Specials::Finite));
}

TEST(Spelling, MatchesTheMlirSyntax) {
  EXPECT_EQ(NumberFormat::fixed(8, 4).str(), "fixed<8, 4>");
  EXPECT_EQ(NumberFormat::fixed(4, 0, false).str(), "ufixed<4, 0>");
  EXPECT_EQ(NumberFormat::powerOfTwo(3, -7, 0, false, false).str(),
            "pot<3, -7, 0, nozero, unsigned>");
  EXPECT_EQ(
      NumberFormat::minifloat(5, 2, Subnormals::AsNormal, Specials::InfOnly)
          .str(),
      "float<5, 2, subnormals = as_normal, specials = inf_only>");
  EXPECT_EQ(
      NumberFormat::minifloat(4, 3, 8, Subnormals::Ieee, Specials::Ieee).str(),
      "float<4, 3, bias = 8>");
  EXPECT_EQ(NumberFormat::binary().str(), "binary");
}

} // namespace

// encode(double) takes a double fast path for fixed point (nearest-even and
// toward-zero rounding, exact scaling); it gives the exact encoder's codes
// on every format, rounding, overflow mode and kind of value: ties, values
// past the range, tiny and huge magnitudes, negative values of unsigned
// formats, infinities and NaN.
TEST(FormatSpec, FixedDoubleFastPathMatchesTheExactEncoder) {
  std::mt19937_64 rng(20261202);
  std::uniform_int_distribution<int> widths(1, 64), fracs(-20, 40);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> exponents(-80, 80), kinds(0, 5);
  int checked = 0;
  for (int f = 0; f < 300; ++f) {
    bool isSigned = rng() % 4 != 0;
    unsigned width = widths(rng);
    if (isSigned && width < 2)
      width = 2;
    int frac = fracs(rng);
    NumberFormat format = NumberFormat::fixed(width, frac, isSigned);
    for (int i = 0; i < 400; ++i) {
      double x;
      switch (kinds(rng)) {
      case 0: // a tie or an exact level near the range
        x = std::ldexp(std::floor(unit(rng) * std::ldexp(1.0, width + 1)) +
                           0.5 * (rng() % 2),
                       -frac);
        break;
      case 1: // anywhere
        x = std::ldexp(unit(rng), exponents(rng));
        break;
      case 2: // around the range's end
        x = std::ldexp(unit(rng) * 2.5, int(width) - frac);
        break;
      case 3: // specials and zeros
        x = std::array<double, 6>{
            0.0,
            -0.0,
            std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity(),
            std::nan(""),
            std::numeric_limits<double>::denorm_min()}[rng() % 6];
        break;
      default: // the LSB's neighbourhood
        x = std::ldexp(unit(rng) * 3, -frac);
        break;
      }
      for (RoundingMode mode :
           {RoundingMode::NearestEven, RoundingMode::TowardZero})
        for (OverflowMode overflow :
             {OverflowMode::Saturate, OverflowMode::Wrap}) {
          Rounding rounding{mode, 0};
          EXPECT_EQ(format.encode(x, rounding, overflow),
                    format.encode(ExactReal::fromDouble(x), rounding, overflow))
              << format.str() << " x=" << x;
          ++checked;
        }
    }
  }
  EXPECT_EQ(checked, 300 * 400 * 4);
}

// encode(double) rounds power-of-two and minifloat values in doubles where
// that is exact (nearest-even and toward-zero); it gives the exact encoder's
// codes on random formats of both kinds, every level, every midpoint between
// neighbours (the ties), the doubles next to both, values past the range,
// tiny and huge magnitudes, negative values of unsigned formats and the
// specials.
TEST(FormatSpec, MonotoneDoubleFastPathMatchesTheExactEncoder) {
  std::mt19937_64 rng(20261203);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> exponents(-60, 60), extremes(-1100, 1100);
  std::array<Subnormals, 4> subnormals = {
      Subnormals::Ieee, Subnormals::NoOutput, Subnormals::AsNormal,
      Subnormals::Flush};
  std::array<Specials, 4> specials = {Specials::Ieee, Specials::InfOnly,
                                      Specials::NanOnly, Specials::Finite};
  int checked = 0;
  for (int f = 0; f < 200; ++f) {
    NumberFormat format = NumberFormat::binary();
    if (f % 2 == 0) {
      bool isSigned = rng() % 4 != 0, hasZero = rng() % 3 != 0;
      unsigned width = 2 + rng() % 7;
      int fieldBits = isSigned ? width - 1 : width;
      int levels = (1 << fieldBits) - (hasZero ? 1 : 0) - int(rng() % 2);
      int minExp = -1000 + int(rng() % (2001 - levels));
      if (rng() % 2) // mostly the exponents networks use
        minExp = -int(rng() % 40);
      if (NumberFormat::checkPowerOfTwo(width, minExp, minExp + levels - 1,
                                        hasZero, isSigned))
        continue;
      format = NumberFormat::powerOfTwo(width, minExp, minExp + levels - 1,
                                        hasZero, isSigned);
    } else {
      unsigned expBits = 1 + rng() % 8, mantBits = rng() % 24;
      int bias = NumberFormat::defaultBias(expBits) + int(rng() % 5) - 2;
      Subnormals sub = subnormals[rng() % 4];
      Specials spec = specials[rng() % 4];
      if (NumberFormat::checkFloat(expBits, mantBits, bias, sub, spec))
        continue;
      format = NumberFormat::minifloat(expBits, mantBits, bias, sub, spec);
    }
    // Every level and its midpoint with the next: ties and near-ties.
    std::vector<double> values;
    uint64_t codes = uint64_t(1) << format.getBitWidth();
    for (uint64_t code = 0; code < std::min<uint64_t>(codes, 512); ++code) {
      double level = decoded(format, code);
      double next = decoded(format, code + 1);
      values.push_back(level);
      if (std::isfinite(level) && std::isfinite(next)) {
        double middle = level / 2 + next / 2;
        values.insert(values.end(),
                      {middle, std::nextafter(middle, -INFINITY),
                       std::nextafter(middle, INFINITY), -middle});
      }
    }
    for (int i = 0; i < 100; ++i)
      values.push_back(std::ldexp(unit(rng), exponents(rng)));
    for (int i = 0; i < 4; ++i)
      values.push_back(std::ldexp(unit(rng), extremes(rng)));
    values.insert(values.end(), {0.0, -0.0, INFINITY, -INFINITY, std::nan(""),
                                 std::numeric_limits<double>::denorm_min(),
                                 std::numeric_limits<double>::max()});
    for (double x : values)
      for (const Rounding &rounding : {nearest, towardZero})
        for (OverflowMode overflow :
             {OverflowMode::Saturate, OverflowMode::Wrap}) {
          EXPECT_EQ(format.encode(x, rounding, overflow),
                    format.encode(ExactReal::fromDouble(x), rounding, overflow))
              << format.str() << " x=" << x;
          ++checked;
        }
  }
  EXPECT_GT(checked, 100000);
}
