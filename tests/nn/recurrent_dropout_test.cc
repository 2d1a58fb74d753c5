// Inverted dropout between stacked layers: what the masks look like and when they apply. That the
// stack applies the reported masks correctly in forward and backward is checked against the reference
// in recurrent_reference_test.cc; this file checks the masks themselves (a wrong scale or a mask
// shared across time steps would be consistent there and still wrong).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/nn/recurrent.h"
#include "support/compare.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;

struct Stack {
  nn::Parameters params;
  nn::Recurrent rnn;
  Stack(CellKind cell, int I, int H, int L, float p) : rnn(params, "rnn", {cell, I, H, L, p}) {
    Rng init(7);
    rnn.initialize(nn::InitScheme::torch, init);
  }
};

std::vector<float> forward_training(Stack& s, int T, int N, const std::vector<float>& x, uint64_t seed) {
  std::vector<float> y(static_cast<size_t>(T) * N * s.rnn.config().hidden);
  Rng rng(seed);
  s.rnn.forward_training(T, N, x.data(), nullptr, y.data(), nullptr, rng);
  return y;
}

std::vector<float> forward_inference(Stack& s, int T, int N, const std::vector<float>& x) {
  std::vector<float> y(static_cast<size_t>(T) * N * s.rnn.config().hidden);
  s.rnn.forward_inference(T, N, x.data(), nullptr, y.data(), nullptr);
  return y;
}

class RecurrentDropout : public ::testing::TestWithParam<CellKind> {};

// Without dropout, training and inference compute the same function (oneDNN may pick different
// kernels for the two prop kinds, so equal to rounding rather than bit for bit).
TEST_P(RecurrentDropout, ZeroDropoutTrainingEqualsInference) {
  Stack s(GetParam(), 5, 6, 3, 0.0f);
  Rng rng(3);
  const auto x = random_floats(4 * 2 * 5, rng);
  const auto train = forward_training(s, 4, 2, x, 11);
  EXPECT_TRUE(all_close(train, forward_inference(s, 4, 2, x), {.rel = 1e-6, .abs = 1e-7}));
  EXPECT_TRUE(s.rnn.dropout_mask(0).empty());
}

// Inference never drops: a p = 0.5 stack infers exactly like the same weights with p = 0.
TEST_P(RecurrentDropout, InferenceIgnoresDropout) {
  Stack with(GetParam(), 5, 6, 3, 0.5f), without(GetParam(), 5, 6, 3, 0.0f);
  Rng rng(4);
  const auto x = random_floats(4 * 2 * 5, rng);
  EXPECT_TRUE(all_close(forward_inference(with, 4, 2, x), forward_inference(without, 4, 2, x),
                        {.rel = 0, .abs = 0}));
}

TEST_P(RecurrentDropout, MasksAreScaledBernoulliPerElement) {
  constexpr float p = 0.3f;
  constexpr int T = 20, N = 8, H = 32, L = 3;
  Stack s(GetParam(), 4, H, L, p);
  Rng rng(5);
  const auto x = random_floats(T * N * 4, rng);
  forward_training(s, T, N, x, 21);
  const float keep = 1.0f / (1.0f - p);
  const size_t count = static_cast<size_t>(T) * N * H;
  std::vector<std::vector<float>> masks;
  for (int k = 0; k + 1 < L; ++k) {
    const auto mask = s.rnn.dropout_mask(k);
    ASSERT_EQ(mask.size(), count) << "layer " << k;
    size_t zeros = 0;
    for (float m : mask) {
      ASSERT_TRUE(m == 0.0f || m == keep) << "mask value " << m << " is neither 0 nor 1/(1-p) = " << keep;
      zeros += m == 0.0f;
    }
    // Binomial(count, p): 5 standard deviations is about 0.032 here.
    const double sigma = std::sqrt(p * (1.0 - p) / static_cast<double>(count));
    EXPECT_NEAR(static_cast<double>(zeros) / static_cast<double>(count), p, 5 * sigma) << "layer " << k;
    masks.emplace_back(mask.begin(), mask.end());
  }
  EXPECT_TRUE(s.rnn.dropout_mask(L - 1).empty()) << "the top layer's output is not dropped";
  EXPECT_NE(masks[0], masks[1]) << "each layer draws its own mask";
  const size_t step = static_cast<size_t>(N) * H;
  EXPECT_NE(std::vector<float>(masks[0].begin(), masks[0].begin() + step),
            std::vector<float>(masks[0].begin() + step, masks[0].begin() + 2 * step))
      << "each time step draws its own mask";

  forward_training(s, T, N, x, 22);
  const auto again = s.rnn.dropout_mask(0);
  EXPECT_NE(std::vector<float>(again.begin(), again.end()), masks[0]) << "each call draws new masks";
}

TEST_P(RecurrentDropout, MasksComeFromTheGivenRng) {
  Stack a(GetParam(), 4, 6, 2, 0.4f), b(GetParam(), 4, 6, 2, 0.4f);
  Rng rng(6);
  const auto x = random_floats(5 * 3 * 4, rng);
  const auto ya = forward_training(a, 5, 3, x, 99);
  const auto yb = forward_training(b, 5, 3, x, 99);
  EXPECT_TRUE(all_close(ya, yb, {.rel = 0, .abs = 0})) << "same seed, same masks, same output";
  const auto mask = std::vector<float>(a.rnn.dropout_mask(0).begin(), a.rnn.dropout_mask(0).end());
  forward_training(b, 5, 3, x, 100);
  EXPECT_NE(std::vector<float>(b.rnn.dropout_mask(0).begin(), b.rnn.dropout_mask(0).end()), mask);
}

INSTANTIATE_TEST_SUITE_P(Cells, RecurrentDropout,
                         ::testing::Values(CellKind::lstm, CellKind::gru, CellKind::rnn),
                         [](const auto& info) { return nn::cell_name(info.param); });

}  // namespace
}  // namespace lstmkit::testing
