#include "lstmkit/optim/sgd.h"

#include <gtest/gtest.h>

#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/nn/parameters.h"
#include "optim/optimizer_fixture.h"

namespace lstmkit::optim {
namespace {

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

TEST(Sgd, PlainStepWithKerasDefaults) {
  const OptimizerConfig c = default_config(OptimizerKind::sgd);
  expect_matches_reference<Sgd>(reference, c, c.lr);
}

TEST(Sgd, MomentumWithDampeningStartsFromTheFirstGradient) {
  OptimizerConfig c = default_config(OptimizerKind::sgd);
  c.momentum = 0.9;
  c.dampening = 0.5;
  expect_matches_reference<Sgd>(reference, c, 0.1);
}

TEST(Sgd, NesterovStepsAlongGradientPlusMomentumBuffer) {
  OptimizerConfig c = default_config(OptimizerKind::sgd);
  c.momentum = 0.9;
  c.nesterov = true;
  expect_matches_reference<Sgd>(reference, c, 0.1);
}

TEST(Sgd, WeightDecayAddsL2ToTheGradient) {
  OptimizerConfig c = default_config(OptimizerKind::sgd);
  c.weight_decay = 0.1;
  expect_matches_reference<Sgd>(reference, c, 0.1);
  c.momentum = 0.9;
  expect_matches_reference<Sgd>(reference, c, 0.1);
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
  run_steps(opt, p, 1, 1, 0.1);
  p.add("extra", {4});
  EXPECT_THROW(opt.step(p, 0.1), Error);
}

}  // namespace
}  // namespace lstmkit::optim
