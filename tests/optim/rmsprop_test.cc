#include "lstmkit/optim/rmsprop.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "lstmkit/nn/parameters.h"

namespace lstmkit::optim {
namespace {

// Gradient of flat element i at step s (1-based): changes sign and size from step to step; element 6
// is always zero (0 / (0 + ε) must stay 0).
float grad_at(int s, size_t i) {
  if (i == 6) return 0.0f;
  return (0.3f - 0.1f * static_cast<float>(i)) * (s % 2 ? 1.0f : -0.5f) + 0.02f * static_cast<float>(s);
}

// w [2, 3] and b [2]: 8 floats.
nn::Parameters tiny_params() {
  nn::Parameters p;
  p.add("w", {2, 3});
  p.add("b", {2});
  for (size_t i = 0; i < p.size(); ++i) p.values()[i] = 0.5f - 0.15f * static_cast<float>(i);
  return p;
}

// RMSprop written out in double: v = ρv + (1-ρ)d², then w -= lr·d/(√v + ε) or, with momentum,
// buf = μ·buf + d/(√v + ε), w -= lr·buf.
std::vector<double> reference(const OptimizerConfig& c, const nn::Parameters& initial, int steps, double lr) {
  std::vector<double> w(initial.values().begin(), initial.values().end());
  std::vector<double> v(w.size(), 0.0), buf(w.size(), 0.0);
  for (int s = 1; s <= steps; ++s) {
    for (size_t i = 0; i < w.size(); ++i) {
      const double d = grad_at(s, i) + c.weight_decay * w[i];
      v[i] = c.rho * v[i] + (1 - c.rho) * d * d;
      const double scaled = d / (std::sqrt(v[i]) + c.epsilon);
      if (c.momentum > 0) {
        buf[i] = c.momentum * buf[i] + scaled;
        w[i] -= lr * buf[i];
      } else {
        w[i] -= lr * scaled;
      }
    }
  }
  return w;
}

void expect_matches_reference(const OptimizerConfig& c, double lr) {
  nn::Parameters p = tiny_params();
  const std::vector<double> expected = reference(c, p, 3, lr);
  RmsProp opt(c);
  for (int s = 1; s <= 3; ++s) {
    for (size_t i = 0; i < p.size(); ++i) p.grads()[i] = grad_at(s, i);
    opt.step(p, lr);
  }
  for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p.values()[i], expected[i], 2e-6) << "element " << i;
  if (c.weight_decay == 0.0) {
    EXPECT_EQ(p.values()[6], tiny_params().values()[6]) << "a zero gradient must not move its weight";
  }
}

TEST(RmsProp, KerasDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::rmsprop, Defaults::keras);
  expect_matches_reference(c, c.lr);
}

TEST(RmsProp, TorchDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::rmsprop, Defaults::torch);
  expect_matches_reference(c, c.lr);
}

TEST(RmsProp, EpsilonIsAddedOutsideTheRoot) {
  // Large enough that √v + ε and √(v + ε) differ far beyond the tolerance.
  OptimizerConfig c = default_config(OptimizerKind::rmsprop);
  c.epsilon = 0.1;
  expect_matches_reference(c, 0.01);
}

TEST(RmsProp, MomentumFollowsPyTorch) {
  OptimizerConfig c = default_config(OptimizerKind::rmsprop, Defaults::torch);
  c.momentum = 0.9;
  expect_matches_reference(c, 0.01);
}

TEST(RmsProp, WeightDecayAddsL2ToTheGradient) {
  OptimizerConfig c = default_config(OptimizerKind::rmsprop);
  c.weight_decay = 0.1;
  expect_matches_reference(c, 0.01);
}

}  // namespace
}  // namespace lstmkit::optim
