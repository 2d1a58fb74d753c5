#include "lstmkit/dist/gradient_sync.h"

#include <gtest/gtest.h>

#include "dist/fake_ranks.h"

namespace lstmkit::dist {
namespace {

TEST(AverageGradients, OneRankLeavesEverythingAsItIs) {
  std::vector<float> g = {1, -2};
  const BatchTotals t = average_gradients(world(), g, 0.5, 3);
  EXPECT_EQ(g, (std::vector<float>{1, -2}));
  EXPECT_EQ(t.loss, 0.5);
  EXPECT_EQ(t.count, 3);
}

// Rank 0 took 3 units with mean loss 1.0 and gradient (of that mean) g0; rank 1 took 1 unit with loss
// 5.0 and gradient g1. The whole batch's mean is (3·1 + 1·5) / 4 = 2, its gradient (3·g0 + 1·g1) / 4 —
// not the mean of the ranks' means, 3.0 and (g0 + g1) / 2.
TEST(AverageGradients, WeighsEachRankByItsShareOfTheBatch) {
  ScriptedPeer comm(0);
  comm.peer = {{5.0 * 1, 1},          // rank 1's loss sum and count
               {0.25 * 8, 0.25 * -4}};  // rank 1's gradient (8, −4), weighted by its share 1/4
  std::vector<float> g = {4, 0};
  const BatchTotals t = average_gradients(comm, g, 1.0, 3);
  EXPECT_DOUBLE_EQ(t.loss, 2.0);
  EXPECT_EQ(t.count, 4);
  EXPECT_FLOAT_EQ(g[0], (3 * 4.0f + 8) / 4);
  EXPECT_FLOAT_EQ(g[1], (3 * 0.0f - 4) / 4);
}

TEST(AverageGradients, ARankWithoutExamplesContributesNothing) {
  ScriptedPeer comm(1);
  comm.peer = {{2.0 * 4, 4}, {1.0, 2.0}};
  std::vector<float> g = {0, 0};  // a short last batch left this rank nothing
  const BatchTotals t = average_gradients(comm, g, 0, 0);
  EXPECT_DOUBLE_EQ(t.loss, 2.0);
  EXPECT_EQ(t.count, 4);
  EXPECT_EQ(g, (std::vector<float>{1, 2}));
}

}  // namespace
}  // namespace lstmkit::dist
