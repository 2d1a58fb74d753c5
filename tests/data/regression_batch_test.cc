#include "lstmkit/data/regression_batch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

std::vector<size_t> iota(size_t n) {
  std::vector<size_t> v(n);
  std::iota(v.begin(), v.end(), size_t{0});
  return v;
}

TEST(RegressionBatch, ShuffleIsASeededPermutation) {
  std::vector<size_t> a = iota(100), b = iota(100), c = iota(100);
  Rng ra(9), rb(9), rc(10);
  shuffle_ids(a, ra);
  shuffle_ids(b, rb);
  shuffle_ids(c, rc);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, iota(100));
  std::sort(a.begin(), a.end());
  EXPECT_EQ(a, iota(100));
  // A resumed generator continues the same sequence of epoch orders.
  Rng first(4);
  std::vector<size_t> e1 = iota(20);
  shuffle_ids(e1, first);
  Rng resumed(0);
  resumed.set_state(first.state());
  std::vector<size_t> e2a = iota(20), e2b = iota(20);
  shuffle_ids(e2a, first);
  shuffle_ids(e2b, resumed);
  EXPECT_EQ(e2a, e2b);
}

TEST(RegressionBatch, GroupsKeepOrderAndTheRemainder) {
  const std::vector<size_t> ids = {5, 3, 8, 1, 9, 2, 7};
  const auto groups = batch_groups(ids, 3);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0], (std::vector<size_t>{5, 3, 8}));
  EXPECT_EQ(groups[2], (std::vector<size_t>{7}));
  EXPECT_TRUE(batch_groups(std::vector<size_t>{}, 4).empty());
  EXPECT_THROW(batch_groups(ids, 0), UsageError);
}

}  // namespace
}  // namespace lstmkit::data
