// The pinball loss: hand values, its gradient against a naive double-precision reference and against
// finite differences, the quantile list checks.
#include "lstmkit/nn/quantile_loss.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "lstmkit/error.h"
#include "support/finite_differences.h"

namespace lstmkit::nn {
namespace {

// Σ over rows, quantiles and targets of ρ_τ(t − y), divided by rows·O, in double, written from the
// definition max(τu, (τ − 1)u).
double naive_loss(int rows, int Q, int O, const std::vector<double>& y, const std::vector<double>& t,
                  const std::vector<double>& taus) {
  double sum = 0;
  for (int r = 0; r < rows; ++r)
    for (int q = 0; q < Q; ++q)
      for (int o = 0; o < O; ++o) {
        const double u = t[r * O + o] - y[(r * Q + q) * O + o];
        sum += std::max(taus[q] * u, (taus[q] - 1) * u);
      }
  return sum / (rows * O);
}

TEST(QuantileLoss, HandComputed) {
  // One row, one target t = 1, quantiles 0.1 and 0.9: y = 0 is 1 below (costs τ·1), y = 3 is 2 above
  // (costs (1 − τ)·2).
  const double taus[] = {0.1, 0.9};
  const float y[] = {0.0f, 3.0f}, t[] = {1.0f};
  float dy[2];
  EXPECT_NEAR(quantile_loss(1, 2, 1, y, t, taus, dy), 0.1 * 1 + 0.1 * 2, 1e-12);
  EXPECT_FLOAT_EQ(dy[0], -0.1f);  // below the truth: raising y lowers the loss by τ
  EXPECT_FLOAT_EQ(dy[1], 0.1f);   // above it: raising y costs 1 − τ
}

TEST(QuantileLoss, TiesTakeTheMeanSlope) {
  const double taus[] = {0.25};
  const float y[] = {2.0f}, t[] = {2.0f};
  float dy[1];
  EXPECT_EQ(quantile_loss(1, 1, 1, y, t, taus, dy), 0.0);
  EXPECT_FLOAT_EQ(dy[0], 0.25f);  // 0.5 − τ
}

TEST(QuantileLoss, EmptyBatchAndBadShapes) {
  const double taus[] = {0.5};
  EXPECT_EQ(quantile_loss(0, 1, 1, nullptr, nullptr, taus, nullptr), 0.0);
  EXPECT_THROW(quantile_loss(1, 0, 1, nullptr, nullptr, taus, nullptr), Error);
  EXPECT_THROW(quantile_loss(-1, 1, 1, nullptr, nullptr, taus, nullptr), Error);
}

// rows 5, Q 3, O 2: loss against the naive reference, gradient against central differences of that
// reference (no prediction lies within the step of its truth, so the loss is linear around each).
TEST(QuantileLoss, MatchesNaiveReferenceAndFiniteDifferences) {
  const int rows = 5, Q = 3, O = 2;
  const std::vector<double> taus{0.1, 0.5, 0.95};
  std::mt19937 gen(11);
  std::uniform_real_distribution<float> u(-2, 2);
  std::vector<float> y(rows * Q * O), t(rows * O), dy(y.size());
  for (float& v : t) v = u(gen);
  for (size_t i = 0; i < y.size(); ++i) {
    do y[i] = u(gen);
    while (std::fabs(y[i] - t[(i / (Q * O)) * O + i % O]) < 0.01f);
  }
  const std::vector<double> yd(y.begin(), y.end()), td(t.begin(), t.end());
  const double loss = quantile_loss(rows, Q, O, y.data(), t.data(), taus.data(), dy.data());
  EXPECT_NEAR(loss, naive_loss(rows, Q, O, yd, td, taus), 1e-6);
  std::vector<double> at = yd;
  const std::vector<double> fd = testing::numeric_gradient(at, 1e-3, [&] { return naive_loss(rows, Q, O, at, td, taus); });
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(dy[i], fd[i], 1e-6) << "element " << i;
  // Without a gradient buffer the loss is the same.
  EXPECT_EQ(quantile_loss(rows, Q, O, y.data(), t.data(), taus.data(), nullptr), loss);
}

// Minimising the loss over a constant prediction lands on the τ-quantile of the targets.
TEST(QuantileLoss, MinimiserIsTheQuantile) {
  std::vector<float> t(100);
  for (int i = 0; i < 100; ++i) t[i] = static_cast<float>(i);
  const double taus[] = {0.9};
  double best_loss = 1e30;
  float best = 0;
  for (float c = 0; c < 100; c += 0.5f) {
    const std::vector<float> y(100, c);
    const double l = quantile_loss(100, 1, 1, y.data(), t.data(), taus, nullptr);
    if (l < best_loss) {
      best_loss = l;
      best = c;
    }
  }
  EXPECT_NEAR(best, 89.5f, 0.6f);
}

TEST(QuantileProblem, ChecksTheList) {
  EXPECT_FALSE(quantile_problem(std::vector<double>{0.1, 0.5, 0.9}));
  EXPECT_FALSE(quantile_problem(std::vector<double>{0.5}));
  EXPECT_TRUE(quantile_problem(std::vector<double>{}));
  EXPECT_NE(quantile_problem(std::vector<double>{0.0, 0.5})->find("between 0 and 1"), std::string::npos);
  EXPECT_NE(quantile_problem(std::vector<double>{0.5, 1.0})->find("between 0 and 1"), std::string::npos);
  EXPECT_NE(quantile_problem(std::vector<double>{0.5, 0.5})->find("twice"), std::string::npos);
  EXPECT_NE(quantile_problem(std::vector<double>{0.9, 0.1})->find("after a larger"), std::string::npos);
  EXPECT_TRUE(quantile_problem(std::vector<double>{std::nan("")}));
}

}  // namespace
}  // namespace lstmkit::nn
