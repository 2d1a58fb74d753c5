#include "lstmkit/optim/rmsprop.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "lstmkit/nn/parameters.h"
#include "optim/optimizer_fixture.h"

namespace lstmkit::optim {
namespace {

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

TEST(RmsProp, KerasDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::rmsprop, Defaults::keras);
  expect_matches_reference<RmsProp>(reference, c, c.lr);
}

TEST(RmsProp, TorchDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::rmsprop, Defaults::torch);
  expect_matches_reference<RmsProp>(reference, c, c.lr);
}

TEST(RmsProp, EpsilonIsAddedOutsideTheRoot) {
  // Large enough that √v + ε and √(v + ε) differ far beyond the tolerance.
  OptimizerConfig c = default_config(OptimizerKind::rmsprop);
  c.epsilon = 0.1;
  expect_matches_reference<RmsProp>(reference, c, 0.01);
}

TEST(RmsProp, MomentumFollowsPyTorch) {
  OptimizerConfig c = default_config(OptimizerKind::rmsprop, Defaults::torch);
  c.momentum = 0.9;
  expect_matches_reference<RmsProp>(reference, c, 0.01);
}

TEST(RmsProp, WeightDecayAddsL2ToTheGradient) {
  OptimizerConfig c = default_config(OptimizerKind::rmsprop);
  c.weight_decay = 0.1;
  expect_matches_reference<RmsProp>(reference, c, 0.01);
}

}  // namespace
}  // namespace lstmkit::optim
