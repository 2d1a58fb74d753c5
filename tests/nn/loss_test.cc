// Softmax cross-entropy and mean squared error: hand-computed values, the ignore index, extreme logits,
// gradients against a double-precision closed form and against finite differences.
#include "lstmkit/nn/loss.h"

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/rng.h"
#include "support/compare.h"
#include "support/finite_differences.h"

namespace lstmkit::nn {
namespace {

using testing::all_close;
using testing::all_finite;
using testing::random_floats;
using testing::Tolerance;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(SoftmaxCrossEntropy, HandComputedRow) {
  // loss = log(e^1 + e^2 + e^3) − 3 = 0.40760596444;
  // softmax = [e^1, e^2, e^3] / Σ = [0.0900305732, 0.2447284711, 0.6652409558];
  // gradient = softmax − onehot(2)
  const std::vector<float> logits{1, 2, 3};
  const std::vector<int32_t> targets{2};
  std::vector<float> d(3, kNaN);
  const CrossEntropy ce = softmax_cross_entropy(1, 3, logits.data(), targets.data(), d.data());
  EXPECT_NEAR(ce.loss, 0.40760596444, 1e-7);
  EXPECT_EQ(ce.count, 1);
  EXPECT_TRUE(all_close(d, std::vector<double>{0.0900305732, 0.2447284711, 0.6652409558 - 1.0},
                        {.rel = 1e-6, .abs = 1e-7}));
}

TEST(SoftmaxCrossEntropy, MeanOverRowsScalesTheGradient) {
  // Row 2: logits [0, 0, 0], target 0 → log 3 = 1.0986122887; mean = (0.4076059644 + 1.0986122887) / 2.
  const std::vector<float> logits{1, 2, 3, 0, 0, 0};
  const std::vector<int32_t> targets{2, 0};
  std::vector<float> d(6, kNaN);
  const CrossEntropy ce = softmax_cross_entropy(2, 3, logits.data(), targets.data(), d.data());
  EXPECT_NEAR(ce.loss, 0.7531091266, 1e-7);
  EXPECT_EQ(ce.count, 2);
  const double third = 1.0 / 3.0;
  EXPECT_TRUE(all_close(d,
                        std::vector<double>{0.0900305732 / 2, 0.2447284711 / 2, (0.6652409558 - 1) / 2,
                                            (third - 1) / 2, third / 2, third / 2},
                        {.rel = 1e-6, .abs = 1e-7}));
}

TEST(SoftmaxCrossEntropy, IgnoredRowsCountNothing) {
  // The middle row's target is the pad id 0: same loss and gradients as the two other rows alone.
  const std::vector<float> logits{1, 2, 3, 9, -4, 7, 0, 0, 0};
  const std::vector<int32_t> targets{2, 0, 1};
  std::vector<float> d(9, kNaN);
  const CrossEntropy ce = softmax_cross_entropy(3, 3, logits.data(), targets.data(), d.data(), 0);
  EXPECT_EQ(ce.count, 2);
  EXPECT_NEAR(ce.loss, (0.40760596444 + std::log(3.0)) / 2, 1e-7);
  EXPECT_TRUE(all_close(std::span(d).subspan(3, 3), std::vector<float>{0, 0, 0}, {.rel = 0, .abs = 0}));
  EXPECT_NEAR(d[7], (1.0 / 3.0 - 1.0) / 2, 1e-7);
}

TEST(SoftmaxCrossEntropy, AllRowsIgnoredGiveZero) {
  const std::vector<float> logits{1, 2, 3, 4};
  const std::vector<int32_t> targets{-1, -1};
  std::vector<float> d(4, kNaN);
  const CrossEntropy ce = softmax_cross_entropy(2, 2, logits.data(), targets.data(), d.data());
  EXPECT_EQ(ce.count, 0);
  EXPECT_EQ(ce.loss, 0.0);
  EXPECT_TRUE(all_close(d, std::vector<float>(4, 0.0f), {.rel = 0, .abs = 0}));
}

TEST(SoftmaxCrossEntropy, ExtremeLogitsStayFinite) {
  // One row per target of logits [1e4, −1e4, 0]: −log softmax is 0, 2e4 and 1e4
  // (e^−1e4 underflows to 0).
  const std::vector<float> logits{1e4f, -1e4f, 0, 1e4f, -1e4f, 0, 1e4f, -1e4f, 0};
  std::vector<float> d(9);
  const std::vector<int32_t> each{0, 1, 2};
  const std::vector<double> expected{0, 2e4, 1e4};
  for (int r = 0; r < 3; ++r) {
    const CrossEntropy ce = softmax_cross_entropy(1, 3, &logits[3 * r], &each[r], &d[3 * r]);
    EXPECT_NEAR(ce.loss, expected[r], 1e-9) << "target " << r;
  }
  EXPECT_TRUE(all_finite(d));
  EXPECT_TRUE(all_close(d, std::vector<float>{0, 0, 0, 1, -1, 0, 1, 0, -1}, {.rel = 0, .abs = 1e-30}));
  const CrossEntropy all = softmax_cross_entropy(3, 3, logits.data(), each.data(), nullptr);
  EXPECT_NEAR(all.loss, 1e4, 1e-9);
}

TEST(SoftmaxCrossEntropy, RejectsTargetsOutsideTheVocabulary) {
  const std::vector<float> logits{1, 2, 3};
  for (int32_t bad : {3, -2}) {
    const std::vector<int32_t> targets{bad};
    EXPECT_THROW(softmax_cross_entropy(1, 3, logits.data(), targets.data(), nullptr), Error) << bad;
  }
}

// Random logits [R, V] with one ignored row: gradient vs the closed form in double, and vs central
// differences of the loss itself (float logits: eps = 1e-2, error ≈ eps²·|f'''| + 1e-7/eps).
TEST(SoftmaxCrossEntropy, GradientMatchesClosedFormAndFiniteDifferences) {
  const int R = 5, V = 7;
  Rng rng(21);
  auto logits = random_floats(R * V, rng, -3.0f, 3.0f);
  const std::vector<int32_t> targets{3, 0, 6, 0, 1};  // pad id 0 ignored: rows 1 and 3
  std::vector<float> d(R * V);
  const CrossEntropy ce = softmax_cross_entropy(R, V, logits.data(), targets.data(), d.data(), 0);
  ASSERT_EQ(ce.count, 3);

  std::vector<double> closed(R * V, 0.0);
  double loss = 0.0;
  for (int r = 0; r < R; ++r) {
    if (targets[r] == 0) continue;
    double sum = 0.0;
    for (int v = 0; v < V; ++v) sum += std::exp(static_cast<double>(logits[r * V + v]));
    loss += std::log(sum) - logits[r * V + targets[r]];
    for (int v = 0; v < V; ++v)
      closed[r * V + v] = (std::exp(static_cast<double>(logits[r * V + v])) / sum - (v == targets[r])) / 3.0;
  }
  EXPECT_NEAR(ce.loss, loss / 3.0, 1e-6);
  EXPECT_TRUE(all_close(d, closed, {.rel = 1e-5, .abs = 1e-7}));

  const std::vector<double> numeric = testing::numeric_gradient(
      logits, 1e-2f, [&] { return softmax_cross_entropy(R, V, logits.data(), targets.data(), nullptr, 0).loss; });
  EXPECT_TRUE(all_close(d, numeric, {.rel = 1e-3, .abs = 5e-5}));
}

// --- label smoothing -------------------------------------------------------------------------------------
TEST(LabelSmoothing, HandComputedRow) {
  // logits [1, 2, 3], target 2, ε = 0.3 (V = 3): q = [0.1, 0.1, 0.8];
  // loss = lse − 0.7·3 − 0.1·(1 + 2 + 3) = 3.40760596444 − 2.1 − 0.6 = 0.70760596444
  const std::vector<float> logits{1, 2, 3};
  const std::vector<int32_t> targets{2};
  std::vector<float> d(3, kNaN);
  const CrossEntropy ce = softmax_cross_entropy(1, 3, logits.data(), targets.data(), d.data(), -1, 0.3f);
  EXPECT_NEAR(ce.loss, 0.70760596444, 1e-6);
  EXPECT_TRUE(all_close(d, std::vector<double>{0.0900305732 - 0.1, 0.2447284711 - 0.1, 0.6652409558 - 0.8},
                        {.rel = 1e-6, .abs = 1e-7}));
}

TEST(LabelSmoothing, ZeroIsPlainCrossEntropyBitForBit) {
  const int R = 4, V = 9;
  Rng rng(5);
  const auto logits = random_floats(R * V, rng, -4.0f, 4.0f);
  const std::vector<int32_t> targets{2, 0, 8, 5};
  std::vector<float> plain(R * V), smoothed(R * V);
  const CrossEntropy a = softmax_cross_entropy(R, V, logits.data(), targets.data(), plain.data(), 0);
  const CrossEntropy b = softmax_cross_entropy(R, V, logits.data(), targets.data(), smoothed.data(), 0, 0.0f);
  EXPECT_EQ(a.loss, b.loss);
  EXPECT_EQ(plain, smoothed);
}

TEST(LabelSmoothing, RejectsEpsilonOutsideZeroToOne) {
  const std::vector<float> logits{1, 2};
  const std::vector<int32_t> targets{1};
  for (const float eps : {-0.1f, 1.0f, kNaN})
    EXPECT_THROW(softmax_cross_entropy(1, 2, logits.data(), targets.data(), nullptr, -1, eps), Error) << eps;
}

// Random logits with ignored rows, ε = 0.1: loss and gradient against a naive double-precision reference
// that builds q and sums −q·log_softmax (PyTorch's definition, mean over the rows not ignored), and the
// gradient against central differences of the loss.
TEST(LabelSmoothing, MatchesNaiveReferenceAndFiniteDifferences) {
  const int R = 6, V = 5;
  const float eps = 0.1f;
  Rng rng(34);
  auto logits = random_floats(R * V, rng, -3.0f, 3.0f);
  const std::vector<int32_t> targets{4, 0, 1, 3, 0, 2};  // rows 1 and 4 are <pad>
  std::vector<float> d(R * V);
  const CrossEntropy ce = softmax_cross_entropy(R, V, logits.data(), targets.data(), d.data(), 0, eps);
  ASSERT_EQ(ce.count, 4);

  std::vector<double> closed(R * V, 0.0);
  double loss = 0.0;
  for (int r = 0; r < R; ++r) {
    if (targets[r] == 0) continue;
    double sum = 0.0;
    for (int v = 0; v < V; ++v) sum += std::exp(static_cast<double>(logits[r * V + v]));
    for (int v = 0; v < V; ++v) {
      const double q = (v == targets[r] ? 1.0 - eps : 0.0) + static_cast<double>(eps) / V;
      const double p = std::exp(static_cast<double>(logits[r * V + v])) / sum;
      loss -= q * std::log(p);
      closed[r * V + v] = (p - q) / 4.0;
    }
  }
  EXPECT_NEAR(ce.loss, loss / 4.0, 1e-6);
  EXPECT_TRUE(all_close(d, closed, {.rel = 1e-5, .abs = 1e-7}));

  const std::vector<double> numeric = testing::numeric_gradient(
      logits, 1e-2f, [&] { return softmax_cross_entropy(R, V, logits.data(), targets.data(), nullptr, 0, eps).loss; });
  EXPECT_TRUE(all_close(d, numeric, {.rel = 1e-3, .abs = 5e-5}));
}

TEST(MeanSquaredError, HandComputed) {
  // diffs [1, 0, −2, 0]: mean of squares 5/4; gradient 2·diff/4.
  const std::vector<float> y{1, 2, 3, 4}, t{0, 2, 5, 4};
  std::vector<float> dy(4, kNaN);
  EXPECT_DOUBLE_EQ(mean_squared_error(2, 2, y.data(), t.data(), dy.data()), 1.25);
  EXPECT_TRUE(all_close(dy, std::vector<float>{0.5f, 0.0f, -1.0f, 0.0f}, {.rel = 0, .abs = 0}));
  EXPECT_DOUBLE_EQ(mean_squared_error(0, 2, y.data(), t.data(), nullptr), 0.0);
}

TEST(MeanSquaredError, GradientMatchesFiniteDifferences) {
  const int rows = 6, O = 3;
  Rng rng(22);
  auto y = random_floats(rows * O, rng);
  const auto t = random_floats(rows * O, rng);
  std::vector<float> dy(rows * O);
  mean_squared_error(rows, O, y.data(), t.data(), dy.data());
  // Quadratic: central differences are exact but for rounding.
  const std::vector<double> numeric =
      testing::numeric_gradient(y, 1e-2f, [&] { return mean_squared_error(rows, O, y.data(), t.data(), nullptr); });
  EXPECT_TRUE(all_close(dy, numeric, {.rel = 1e-4, .abs = 1e-6}));
}

TEST(Softmax, RowsSumToOneAndLogSoftmaxAgrees) {
  const int R = 4, V = 9;
  Rng rng(23);
  auto x = random_floats(R * V, rng, -5.0f, 5.0f);
  std::vector<float> p(R * V), logp(R * V);
  softmax(R, V, x.data(), p.data());
  log_softmax(R, V, x.data(), logp.data());
  for (int r = 0; r < R; ++r) {
    double sum = 0.0;
    for (int v = 0; v < V; ++v) sum += p[r * V + v];
    EXPECT_NEAR(sum, 1.0, 1e-6) << "row " << r;
  }
  std::vector<double> log_of_p(p.begin(), p.end());
  for (auto& v : log_of_p) v = std::log(v);
  EXPECT_TRUE(all_close(logp, log_of_p, {.rel = 1e-5, .abs = 1e-6}));

  std::vector<float> in_place = x;  // out may equal in
  softmax(R, V, in_place.data(), in_place.data());
  EXPECT_TRUE(all_close(in_place, p, {.rel = 0, .abs = 0}));
}

TEST(Softmax, ExtremeLogitsStayFinite) {
  const std::vector<float> x{1e4f, -1e4f, 0.0f};
  std::vector<float> p(3), logp(3);
  softmax(1, 3, x.data(), p.data());
  log_softmax(1, 3, x.data(), logp.data());
  EXPECT_TRUE(all_close(p, std::vector<float>{1, 0, 0}, {.rel = 0, .abs = 0}));
  EXPECT_TRUE(all_close(logp, std::vector<float>{0, -2e4f, -1e4f}, {.rel = 0, .abs = 0}));
}

}  // namespace
}  // namespace lstmkit::nn
