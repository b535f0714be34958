//===- FormatFittingTest.cpp - format choice for given values -------------===//

#include "qcc/Format/FormatFitting.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace qcc;

TEST(FormatFitting, RoundedLog2SplitsAtSqrtTwo) {
  EXPECT_EQ(roundedLog2(1.0), 0);
  EXPECT_EQ(roundedLog2(1.4142135), 0);
  EXPECT_EQ(roundedLog2(1.4142136), 1);
  EXPECT_EQ(roundedLog2(-2.5), 1);
  EXPECT_EQ(roundedLog2(0.05), -4);
  // The double next to sqrt(2) on either side.
  double root = std::sqrt(2.0);
  EXPECT_EQ(roundedLog2(std::nextafter(root, 0.0)), 0);
  EXPECT_EQ(roundedLog2(std::nextafter(root, 2.0)), 1);
}

TEST(FormatFitting, LogDomainNearestClampsAndKeepsSign) {
  EXPECT_EQ(nearestPowerOfTwoInLogDomain(0.3, -10, 10), 0.25);
  EXPECT_EQ(nearestPowerOfTwoInLogDomain(-0.75, -10, 10), -1.0);
  EXPECT_EQ(nearestPowerOfTwoInLogDomain(0.001, -3, 0), 0.125);
  EXPECT_EQ(nearestPowerOfTwoInLogDomain(100.0, -3, 0), 1.0);
  EXPECT_EQ(nearestPowerOfTwoInLogDomain(0.0, -3, 0), 0.0);
}

TEST(FormatFitting, FixedPrefersFewestExactFractionBits) {
  EXPECT_EQ(fitFixed({1.5, -0.75}, 8), NumberFormat::fixed(8, 2));
  EXPECT_EQ(fitFixed({3, -7, 5}, 8), NumberFormat::fixed(8, 0));
  // Unsigned only when allowed and nothing is negative.
  EXPECT_EQ(fitFixed({2.5}, 6, true), NumberFormat::fixed(6, 1, false));
  EXPECT_EQ(fitFixed({-4}, 6, true), NumberFormat::fixed(6, 0));
}

TEST(FormatFitting, FixedSaturationOnlyWhenAllowed) {
  // 1.0 fits ufixed<6, 5>; ufixed<6, 6> saturates it to 63/64 but halves
  // the step for the small values, a smaller squared error.
  std::vector<double> scales = {0.3, 0.05, 1.0};
  EXPECT_EQ(fitFixed(scales, 6, true), NumberFormat::fixed(6, 6, false));
  EXPECT_EQ(fitFixed(scales, 6, true, false), NumberFormat::fixed(6, 5, false));
  EXPECT_EQ(largestHoldingFraction(0, 1.0, 6, false), 5);
  EXPECT_EQ(largestHoldingFraction(-1.0, 0.75, 16, true), 15);
}

TEST(FormatFitting, PowerOfTwoWindowMinimizesSquaredError) {
  // Top level 8 (error 2 in total) beats top level 4 (error 10).
  EXPECT_EQ(fitPowerOfTwo({1, -5, 7, 0}, 4),
            NumberFormat::powerOfTwo(4, -3, 3));
  EXPECT_EQ(fitPowerOfTwo({0.5, -0.02}, 4),
            NumberFormat::powerOfTwo(4, -7, -1));
  EXPECT_EQ(fitPowerOfTwo({0.0}, 3), NumberFormat::powerOfTwo(3, -2, 0));
}

TEST(FormatFitting, ErrorMetrics) {
  std::vector<double> ref = {1, -2, 0, 4}, q = {1, -1.5, 0, 4.5};
  EXPECT_DOUBLE_EQ(meanSquaredError(ref, q), 0.125);
  EXPECT_DOUBLE_EQ(maxRelativeError(ref, q), 0.25);
  EXPECT_DOUBLE_EQ(maxRangeRelativeError(ref, q), 0.125);
  EXPECT_TRUE(std::isinf(sqnrDecibels(ref, ref)));
  EXPECT_NEAR(sqnrDecibels(ref, q), 10 * std::log10(21 / 0.5), 1e-12);
  EXPECT_TRUE(std::isinf(maxRelativeError({0.0}, {1.0})));
}
