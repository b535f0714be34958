//===- NumberFormatTest.cpp - encode/decode of qcc number formats ---------===//

#include "qcc/Format/NumberFormat.h"

#include "gtest/gtest.h"

using namespace qcc;

TEST(NumberFormat, FixedRoundTrip) {
  for (unsigned w = 1; w <= 32; ++w) {
    NumberFormat f = NumberFormat::fixed(w, 2);
    for (uint64_t code = 0; code < (uint64_t(1) << std::min(w, 12u)); ++code)
      EXPECT_EQ(f.encode(f.decodeToDouble(code)), code);
  }
}
