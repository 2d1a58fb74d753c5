#include "lstmkit/format.h"

#include <gtest/gtest.h>

namespace lstmkit {

TEST(WithCommas, GroupsThousands) {
  EXPECT_EQ(with_commas(0), "0");
  EXPECT_EQ(with_commas(999), "999");
  EXPECT_EQ(with_commas(1000), "1,000");
  EXPECT_EQ(with_commas(6720), "6,720");
  EXPECT_EQ(with_commas(1115394), "1,115,394");
  EXPECT_EQ(with_commas(100000000), "100,000,000");
}

}  // namespace lstmkit
