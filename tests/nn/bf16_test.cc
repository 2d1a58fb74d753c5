// f32 ↔ bf16: round to nearest even, exact widening, specials kept.
#include "lstmkit/nn/bf16.h"

#include <bit>
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace lstmkit::nn {
namespace {

bf16_t one(float f) {
  bf16_t b = 0;
  to_bf16(&f, &b, 1);
  return b;
}

float bits(uint32_t u) { return std::bit_cast<float>(u); }

TEST(Bf16, RoundsToNearestEven) {
  // exact values
  EXPECT_EQ(one(1.0f), 0x3f80);
  EXPECT_EQ(one(-2.0f), 0xc000);
  EXPECT_EQ(one(0.0f), 0x0000);
  EXPECT_EQ(one(-0.0f), 0x8000);
  // below, at and above the half-way point
  EXPECT_EQ(one(bits(0x3f807fff)), 0x3f80);
  EXPECT_EQ(one(bits(0x3f808000)), 0x3f80) << "tie to even (down)";
  EXPECT_EQ(one(bits(0x3f818000)), 0x3f82) << "tie to even (up)";
  EXPECT_EQ(one(bits(0x3f808001)), 0x3f81);
  // a carry into the exponent, and the largest finite values rounding to infinity
  EXPECT_EQ(one(bits(0x3fffffff)), 0x4000);
  EXPECT_EQ(one(std::numeric_limits<float>::max()), 0x7f80);
}

TEST(Bf16, KeepsSpecials) {
  EXPECT_EQ(one(std::numeric_limits<float>::infinity()), 0x7f80);
  EXPECT_EQ(one(-std::numeric_limits<float>::infinity()), 0xff80);
  const bf16_t nan = one(bits(0x7f800001));  // a NaN whose payload is only in the dropped bits
  float back = 0;
  from_bf16(&nan, &back, 1);
  EXPECT_TRUE(std::isnan(back));
}

TEST(Bf16, WidensExactlyAndRoundTrips) {
  std::vector<bf16_t> all(1 << 16);
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = static_cast<bf16_t>(i);
  std::vector<float> wide(all.size());
  from_bf16(all.data(), wide.data(), all.size());
  std::vector<bf16_t> back(all.size());
  to_bf16(wide.data(), back.data(), wide.size());
  for (uint32_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(std::bit_cast<uint32_t>(wide[i]), i << 16);
    if (std::isnan(wide[i])) continue;  // NaNs come back quiet, payloads may change
    ASSERT_EQ(back[i], all[i]) << i;
  }
}

}  // namespace
}  // namespace lstmkit::nn
