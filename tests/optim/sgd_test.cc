#include "lstmkit/optim/sgd.h"

#include <gtest/gtest.h>

#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/nn/parameters.h"

namespace lstmkit::optim {
namespace {

// Gradient of flat element i at step s (1-based): changes sign and size from step to step; element 6
// is always zero.
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

void run_steps(Optimizer& opt, nn::Parameters& p, int steps, double lr) {
  for (int s = 1; s <= steps; ++s) {
    for (size_t i = 0; i < p.size(); ++i) p.grads()[i] = grad_at(s, i);
    opt.step(p, lr);
  }
}

// PyTorch's SGD written out in double, element by element.
std::vector<double> reference(const OptimizerConfig& c, const nn::Parameters& initial, int steps, double lr) {
  std::vector<double> w(initial.values().begin(), initial.values().end());
  std::vector<double> buf(w.size(), 0.0);
  for (int s = 1; s <= steps; ++s) {
    for (size_t i = 0; i < w.size(); ++i) {
      double d = grad_at(s, i) + c.weight_decay * w[i];
      if (c.momentum > 0) {
        buf[i] = s == 1 ? d : c.momentum * buf[i] + (1 - c.dampening) * d;
        d = c.nesterov ? d + c.momentum * buf[i] : buf[i];
      }
      w[i] -= lr * d;
    }
  }
  return w;
}

void expect_matches_reference(const OptimizerConfig& c, double lr) {
  nn::Parameters p = tiny_params();
  const std::vector<double> expected = reference(c, p, 3, lr);
  Sgd opt(c);
  run_steps(opt, p, 3, lr);
  for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p.values()[i], expected[i], 2e-6) << "element " << i;
}

TEST(Sgd, PlainStepWithKerasDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::sgd);
  expect_matches_reference(c, c.lr);
}

TEST(Sgd, MomentumWithDampeningStartsFromTheFirstGradient) {
  OptimizerConfig c = default_config(OptimizerKind::sgd);
  c.momentum = 0.9;
  c.dampening = 0.5;
  expect_matches_reference(c, 0.1);
}

TEST(Sgd, NesterovStepsAlongGradientPlusMomentumBuffer) {
  OptimizerConfig c = default_config(OptimizerKind::sgd);
  c.momentum = 0.9;
  c.nesterov = true;
  expect_matches_reference(c, 0.1);
}

TEST(Sgd, WeightDecayAddsL2ToTheGradient) {
  OptimizerConfig c = default_config(OptimizerKind::sgd);
  c.weight_decay = 0.1;
  expect_matches_reference(c, 0.1);
  c.momentum = 0.9;
  expect_matches_reference(c, 0.1);
}

TEST(Sgd, StepReadsGradientsAndBumpsTheVersion) {
  nn::Parameters p = tiny_params();
  for (size_t i = 0; i < p.size(); ++i) p.grads()[i] = grad_at(1, i);
  const std::vector<float> grads(p.grads().begin(), p.grads().end());
  const uint64_t version = p.version();
  Sgd opt(default_config(OptimizerKind::sgd));
  opt.step(p, 0.1);
  EXPECT_GT(p.version(), version);
  EXPECT_EQ(opt.steps(), 1);
  EXPECT_EQ(std::vector<float>(p.grads().begin(), p.grads().end()), grads);
}

TEST(Sgd, ModelThatGrewAfterTheFirstStepIsAnError) {
  OptimizerConfig c = default_config(OptimizerKind::sgd);
  c.momentum = 0.9;
  nn::Parameters p = tiny_params();
  Sgd opt(c);
  run_steps(opt, p, 1, 0.1);
  p.add("extra", {4});
  EXPECT_THROW(opt.step(p, 0.1), Error);
}

}  // namespace
}  // namespace lstmkit::optim
