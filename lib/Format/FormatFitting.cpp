//===- FormatFitting.cpp - choose a format for given values ---------------===//

#include "qcc/Format/FormatFitting.h"

#include "llvm/ADT/bit.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

using namespace qcc;

std::vector<double> qcc::roundTo(const NumberFormat &format,
                                 llvm::ArrayRef<double> values) {
  std::vector<double> rounded;
  rounded.reserve(values.size());
  for (double value : values)
    rounded.push_back(format.decodeToDouble(format.encode(value)));
  return rounded;
}

double qcc::meanSquaredError(llvm::ArrayRef<double> reference,
                             llvm::ArrayRef<double> quantized) {
  assert(reference.size() == quantized.size() && "size mismatch");
  if (reference.empty())
    return 0;
  double sum = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    double diff = quantized[i] - reference[i];
    sum += diff * diff;
  }
  return sum / reference.size();
}

double qcc::sqnrDecibels(llvm::ArrayRef<double> reference,
                         llvm::ArrayRef<double> quantized) {
  double signal = 0, noise = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    signal += reference[i] * reference[i];
    double diff = quantized[i] - reference[i];
    noise += diff * diff;
  }
  if (noise == 0)
    return std::numeric_limits<double>::infinity();
  return 10 * std::log10(signal / noise);
}

double qcc::maxRelativeError(llvm::ArrayRef<double> reference,
                             llvm::ArrayRef<double> quantized) {
  double worst = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    double diff = std::fabs(quantized[i] - reference[i]);
    if (reference[i] == 0) {
      if (diff != 0)
        return std::numeric_limits<double>::infinity();
      continue;
    }
    worst = std::max(worst, diff / std::fabs(reference[i]));
  }
  return worst;
}

double qcc::maxRangeRelativeError(llvm::ArrayRef<double> reference,
                                  llvm::ArrayRef<double> quantized) {
  double range = 0, worst = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    range = std::max(range, std::fabs(reference[i]));
    worst = std::max(worst, std::fabs(quantized[i] - reference[i]));
  }
  if (range == 0)
    return worst == 0 ? 0 : std::numeric_limits<double>::infinity();
  return worst / range;
}

/// The fraction bits a finite value needs to be an integer multiple of 2^-F.
static int fractionBitsNeeded(double value) {
  if (value == 0)
    return std::numeric_limits<int>::min();
  int exponent;
  double mantissa = std::frexp(std::fabs(value), &exponent);
  auto significand = static_cast<uint64_t>(std::ldexp(mantissa, 53));
  int trailing = llvm::countr_zero(significand);
  return 53 - exponent - trailing;
}

static constexpr int kMinFrac = -128, kMaxFrac = 128;

/// Whether fixed<width, frac> holds [lowest, largest].
static bool holdsRange(double lowest, double largest, unsigned width,
                       bool isSigned, int frac) {
  // Codes span [minCode, maxCode].
  long double maxCode =
      isSigned ? std::ldexp(1.0L, width - 1) - 1 : std::ldexp(1.0L, width) - 1;
  long double minCode = isSigned ? -std::ldexp(1.0L, width - 1) : 0;
  return largest <= std::ldexp(maxCode, -frac) &&
         lowest >= std::ldexp(minCode, -frac);
}

int qcc::largestHoldingFraction(double lowest, double largest, unsigned width,
                                bool isSigned) {
  int frac = kMaxFrac;
  while (frac > kMinFrac && !holdsRange(lowest, largest, width, isSigned, frac))
    --frac;
  return frac;
}

NumberFormat qcc::fitFixed(llvm::ArrayRef<double> values, unsigned width,
                           bool allowUnsigned, bool allowSaturation) {
  double largest = 0, lowest = 0;
  for (double value : values) {
    largest = std::max(largest, value);
    lowest = std::min(lowest, value);
  }
  bool isSigned = !(allowUnsigned && lowest >= 0);
  if (largest == 0 && lowest == 0)
    return NumberFormat::fixed(width, 0, isSigned);
  auto holds = [&](int frac) {
    return holdsRange(lowest, largest, width, isSigned, frac);
  };
  int fitting = largestHoldingFraction(lowest, largest, width, isSigned);

  int needed = kMinFrac;
  for (double value : values)
    needed = std::max(needed, fractionBitsNeeded(value));
  if (needed <= fitting && holds(fitting))
    return NumberFormat::fixed(width, std::max(needed, std::min(0, fitting)),
                               isSigned);

  NumberFormat best = NumberFormat::fixed(width, fitting, isSigned);
  if (allowSaturation && fitting < kMaxFrac) {
    NumberFormat finer = NumberFormat::fixed(width, fitting + 1, isSigned);
    if (meanSquaredError(values, roundTo(finer, values)) <
        meanSquaredError(values, roundTo(best, values)))
      best = finer;
  }
  return best;
}

NumberFormat qcc::fitPowerOfTwo(llvm::ArrayRef<double> values, unsigned width,
                                bool isSigned) {
  constexpr int kExpLimit = 1000;
  unsigned fieldBits = isSigned ? width - 1 : width;
  assert(fieldBits >= 1 && fieldBits <= 15 && "power-of-two width");
  int levels = (1 << fieldBits) - 1;
  double largest = 0;
  for (double value : values)
    largest = std::max(largest, std::fabs(value));
  auto window = [&](int maxExp) {
    maxExp = std::clamp(maxExp, -kExpLimit + levels - 1, kExpLimit);
    return NumberFormat::powerOfTwo(width, maxExp - (levels - 1), maxExp,
                                    /*hasZero=*/true, isSigned);
  };
  if (largest == 0)
    return window(0);
  int top = std::ilogb(largest);
  NumberFormat best = window(top);
  NumberFormat higher = window(top + 1);
  if (meanSquaredError(values, roundTo(higher, values)) <
      meanSquaredError(values, roundTo(best, values)))
    best = higher;
  return best;
}

int qcc::roundedLog2(double x) {
  double magnitude = std::fabs(x);
  int exponent = std::ilogb(magnitude);
  double mantissa = std::ldexp(magnitude, -exponent); // in [1, 2)
  // mantissa > sqrt(2) exactly when mantissa^2 - 2 > 0; the fused
  // multiply-add gets the sign right.
  return std::fma(mantissa, mantissa, -2.0) > 0 ? exponent + 1 : exponent;
}

double qcc::nearestPowerOfTwoInLogDomain(double x, int minExp, int maxExp) {
  if (x == 0)
    return x;
  int exponent = std::clamp(roundedLog2(x), minExp, maxExp);
  return std::copysign(std::ldexp(1.0, exponent), x);
}
