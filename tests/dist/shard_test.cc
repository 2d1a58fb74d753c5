#include "lstmkit/dist/shard.h"

#include <gtest/gtest.h>

namespace lstmkit::dist {
namespace {

TEST(Shard, OneRankTakesEverything) {
  const Range r = Shard{}.of(7);
  EXPECT_EQ(r.begin, 0u);
  EXPECT_EQ(r.end, 7u);
}

TEST(Shard, RanksTakeContiguousRunsThatCoverTheBatchOnce) {
  for (size_t n = 0; n < 12; ++n)
    for (int ranks = 1; ranks <= 5; ++ranks) {
      size_t next = 0, largest = 0, smallest = n;
      for (int rank = 0; rank < ranks; ++rank) {
        const Range r = Shard{rank, ranks}.of(n);
        EXPECT_EQ(r.begin, next) << n << " items, rank " << rank << " of " << ranks;
        next = r.end;
        largest = std::max(largest, r.size());
        smallest = std::min(smallest, r.size());
      }
      EXPECT_EQ(next, n);
      EXPECT_LE(largest - smallest, 1u) << n << " items over " << ranks << " ranks";
    }
}

TEST(Shard, TheFirstRanksTakeTheRemainder) {
  EXPECT_EQ(Shard({0, 2}).of(5).size(), 3u);
  EXPECT_EQ(Shard({1, 2}).of(5).size(), 2u);
  EXPECT_EQ(Shard({2, 3}).of(1).size(), 0u);
}

}  // namespace
}  // namespace lstmkit::dist
