#include "lstmkit/optim/clip.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/rng.h"

namespace lstmkit::optim {
namespace {

// One tensor [n] whose gradients are `grads`.
nn::Parameters with_grads(const std::vector<float>& grads) {
  nn::Parameters p;
  p.add("g", {static_cast<int64_t>(grads.size())});
  std::copy(grads.begin(), grads.end(), p.grads().begin());
  return p;
}

std::vector<float> grads_of(const nn::Parameters& p) { return {p.grads().begin(), p.grads().end()}; }

TEST(ClipGradNorm, BelowTheLimitReturnsTheNormAndLeavesGradients) {
  nn::Parameters p = with_grads({3.0f, 4.0f});
  EXPECT_DOUBLE_EQ(clip_grad_norm(p, 10.0), 5.0);
  EXPECT_EQ(grads_of(p), (std::vector<float>{3.0f, 4.0f}));
}

TEST(ClipGradNorm, AboveTheLimitScalesToTheLimitAndReturnsThePreClipNorm) {
  nn::Parameters p = with_grads({3.0f, 4.0f, 0.0f});
  EXPECT_DOUBLE_EQ(clip_grad_norm(p, 1.0), 5.0);
  const float coef = static_cast<float>(1.0 / (5.0 + 1e-6));
  EXPECT_EQ(grads_of(p), (std::vector<float>{3.0f * coef, 4.0f * coef, 0.0f}));
  EXPECT_NEAR(grad_norm(p), 1.0, 1e-6);
}

TEST(ClipGradNorm, AtTheLimitPyTorchsEpsilonStillScalesSlightly) {
  // coef = 5 / (5 + 1e-6) < 1, as in torch.nn.utils.clip_grad_norm_.
  nn::Parameters p = with_grads({3.0f, 4.0f});
  EXPECT_DOUBLE_EQ(clip_grad_norm(p, 5.0), 5.0);
  EXPECT_LT(p.grads()[1], 4.0f);
  EXPECT_NEAR(p.grads()[1], 4.0f, 1e-5f);
}

TEST(ClipGradNorm, NormMatchesANaiveDoubleSumForEveryLength) {
  // Lengths around the 8-lane blocking, including the empty model.
  Rng rng(11);
  for (size_t n = 0; n <= 20; ++n) {
    std::vector<float> g(n);
    double naive = 0.0;
    for (float& x : g) {
      x = rng.uniform(-2.0f, 2.0f);
      naive += static_cast<double>(x) * x;
    }
    EXPECT_NEAR(grad_norm(with_grads(g)), std::sqrt(naive), 1e-12) << "n = " << n;
  }
}

TEST(ClipGradNorm, AccumulatesInDouble) {
  // Squares of 1e20 overflow float; a million squares of 1e-3 lose digits in a float sum.
  EXPECT_NEAR(grad_norm(with_grads({1e20f, 1e20f, 1e20f, 1e20f})), 2.0 * static_cast<double>(1e20f), 1e8);
  const std::vector<float> small(1000000, 1e-3f);
  EXPECT_NEAR(grad_norm(with_grads(small)), 1000.0 * static_cast<double>(1e-3f), 1e-12);
}

TEST(ClipGradNorm, NonFiniteGradientsAreReportedAndLeftAlone) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  nn::Parameters with_nan = with_grads({100.0f, nan, 1.0f});
  EXPECT_TRUE(std::isnan(clip_grad_norm(with_nan, 1.0)));
  EXPECT_EQ(with_nan.grads()[0], 100.0f);
  EXPECT_EQ(with_nan.grads()[2], 1.0f);

  nn::Parameters with_inf = with_grads({100.0f, -inf, 1.0f});
  EXPECT_EQ(clip_grad_norm(with_inf, 1.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(with_inf.grads()[0], 100.0f);
}

TEST(ClipGradNorm, LimitMustBePositive) {
  nn::Parameters p = with_grads({1.0f});
  for (double bad : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    try {
      clip_grad_norm(p, bad);
      ADD_FAILURE() << "accepted max_norm " << bad;
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`clip`");
    }
  }
}

}  // namespace
}  // namespace lstmkit::optim
