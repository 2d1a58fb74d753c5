#include "lstmkit/optim/adam.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "lstmkit/nn/parameters.h"
#include "optim/optimizer_fixture.h"

namespace lstmkit::optim {
namespace {

// Adam written out in double with the bias-corrected moments m̂ = m/(1-β1^t), v̂ = v/(1-β2^t):
// PyTorch w -= lr·m̂/(√v̂ + ε); Keras w -= lr·m̂/(√v̂ + ε/√(1-β2^t)), i.e. ε added before correction.
std::vector<double> reference(const OptimizerConfig& c, const nn::Parameters& initial, int steps, double lr) {
  std::vector<double> w(initial.values().begin(), initial.values().end());
  std::vector<double> m(w.size(), 0.0), v(w.size(), 0.0);
  for (int t = 1; t <= steps; ++t) {
    const double bc1 = 1 - std::pow(c.beta1, t), bc2 = 1 - std::pow(c.beta2, t);
    const double eps = c.epsilon_hat ? c.epsilon / std::sqrt(bc2) : c.epsilon;
    for (size_t i = 0; i < w.size(); ++i) {
      const double d = grad_at(t, i) + c.weight_decay * w[i];
      m[i] = c.beta1 * m[i] + (1 - c.beta1) * d;
      v[i] = c.beta2 * v[i] + (1 - c.beta2) * d * d;
      w[i] -= lr * (m[i] / bc1) / (std::sqrt(v[i] / bc2) + eps);
    }
  }
  return w;
}

TEST(Adam, KerasDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::adam, Defaults::keras);
  expect_matches_reference<Adam>(reference, c, c.lr);
}

TEST(Adam, TorchDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::adam, Defaults::torch);
  expect_matches_reference<Adam>(reference, c, c.lr);
}

TEST(Adam, EpsilonPlacementFollowsEachLibrary) {
  // ε this large separates the two placements by far more than the tolerance, at lr 0.1.
  for (const Defaults d : {Defaults::keras, Defaults::torch}) {
    SCOPED_TRACE(std::string(to_string(d)));
    OptimizerConfig c = default_config(OptimizerKind::adam, d);
    c.epsilon = 0.5;
    expect_matches_reference<Adam>(reference, c, 0.1);
  }
}

TEST(Adam, FirstStepMovesEveryWeightByAboutLr) {
  // At t = 1, m̂ = g and √v̂ = |g|: each weight with a gradient moves by lr·g/(|g| + ε) ≈ ±lr.
  nn::Parameters p = tiny_params();
  const nn::Parameters before = tiny_params();
  Adam opt(default_config(OptimizerKind::adam, Defaults::torch));
  run_steps(opt, p, 1, 1, 1e-3);
  for (size_t i = 0; i < p.size(); ++i) {
    const double moved = static_cast<double>(before.values()[i]) - p.values()[i];
    if (i == 6) {
      EXPECT_EQ(moved, 0.0);
    } else {
      EXPECT_NEAR(moved, std::copysign(1e-3, grad_at(1, i)), 1e-7) << "element " << i;
    }
  }
}

TEST(Adam, CoupledWeightDecayEntersTheMoments) {
  for (const Defaults d : {Defaults::keras, Defaults::torch}) {
    SCOPED_TRACE(std::string(to_string(d)));
    OptimizerConfig c = default_config(OptimizerKind::adam, d);
    c.weight_decay = 0.5;
    expect_matches_reference<Adam>(reference, c, 0.01);
  }
}

}  // namespace
}  // namespace lstmkit::optim
