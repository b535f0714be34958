//===- FormatFitting.h - choose a format for given values -------*- C++ -*-===//
//
// The rewrites that re-encode constants (QuantNorm, double quantization,
// power-of-two weights) all ask the same questions: which W-bit format of a
// family represents these values best, and how much error does encoding them
// introduce. The answers live here, on plain values, so that they are unit
// tested without MLIR and shared by every pass.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_FORMAT_FORMATFITTING_H
#define QCC_FORMAT_FORMATFITTING_H

#include "qcc/Format/NumberFormat.h"

#include "llvm/ADT/ArrayRef.h"

#include <vector>

namespace qcc {

/// The exact values of `values` after encoding each into `format` with
/// nearest-even rounding and saturation (what every rewrite uses for
/// re-encoded constants).
std::vector<double> roundTo(const NumberFormat &format,
                            llvm::ArrayRef<double> values);

/// Mean of (quantized - reference)^2.
double meanSquaredError(llvm::ArrayRef<double> reference,
                        llvm::ArrayRef<double> quantized);

/// Signal-to-quantization-noise ratio in dB: 10 log10(sum r^2 / sum (q-r)^2);
/// +infinity when the quantization is exact.
double sqnrDecibels(llvm::ArrayRef<double> reference,
                    llvm::ArrayRef<double> quantized);

/// The largest |q - r| / |r| over the elements; an element with r = 0 counts
/// 0 when q = 0 and +infinity otherwise.
double maxRelativeError(llvm::ArrayRef<double> reference,
                        llvm::ArrayRef<double> quantized);

/// The largest |q - r| over the elements, divided by the largest |r| (0 for
/// an all-zero reference): an error relative to the tensor's range, which
/// stays meaningful for elements near zero.
double maxRangeRelativeError(llvm::ArrayRef<double> reference,
                             llvm::ArrayRef<double> quantized);

/// The largest fraction-bit count F in [-128, 128] at which a `width`-bit
/// fixed-point format holds every value of [lowest, largest] (lowest <= 0 <=
/// largest), or -128 when none does.
int largestHoldingFraction(double lowest, double largest, unsigned width,
                           bool isSigned);

/// The `width`-bit fixed-point format for `values` (finite), signed unless
/// `allowUnsigned` and no value is negative. The fraction bits F are:
/// - the fewest that represent every value exactly, if such an F also holds
///   the largest magnitude (never below 0 unless the range needs it);
/// - otherwise the F whose nearest-even encoding has the smaller squared
///   error among the largest F that holds every value and the next one
///   (which saturates the largest values), unless `allowSaturation` is
///   false: then the largest F that holds every value, so that no value moves
///   by more than half a step (what scales need: each one matters).
NumberFormat fitFixed(llvm::ArrayRef<double> values, unsigned width,
                      bool allowUnsigned = false, bool allowSaturation = true);

/// The `width`-bit power-of-two format with zero for `values` (finite),
/// signed when `isSigned`: all 2^k - 1 non-zero levels (k exponent-field
/// bits) are used, and the window's top exponent is floor(log2(max|v|)) or
/// one above, whichever gives the smaller squared error with nearest-even
/// (linear-domain) rounding, which minimises the squared error of weights.
NumberFormat fitPowerOfTwo(llvm::ArrayRef<double> values, unsigned width,
                           bool isSigned = true);

/// The power of two nearest to |x| in the log domain, 2^round(log2|x|), with
/// x's sign, the exponent clamped to [minExp, maxExp]; 0 stays 0. The rule for
/// scales: it minimises the worst ratio between the scale and its
/// replacement (at most sqrt(2) before clamping).
double nearestPowerOfTwoInLogDomain(double x, int minExp, int maxExp);

/// round(log2|x|) for finite non-zero x, with ties (never reached by a
/// double) going up.
int roundedLog2(double x);

} // namespace qcc

#endif // QCC_FORMAT_FORMATFITTING_H
