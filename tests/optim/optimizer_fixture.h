#pragma once
// Shared by the optimizer tests: one small parameter set, one gradient sequence and the loop that feeds
// it, so that each optimizer's test holds only its update rule written out in double.
#include <gtest/gtest.h>

#include <vector>

#include "lstmkit/nn/parameters.h"
#include "lstmkit/optim/optimizer.h"

namespace lstmkit::optim {

// Gradient of flat element i at step s (1-based): changes sign and size from step to step; element 6
// is always zero (its weight must not move, and RMSprop's 0 / (√0 + ε) must stay 0).
inline float grad_at(int s, size_t i) {
  if (i == 6) return 0.0f;
  return (0.3f - 0.1f * static_cast<float>(i)) * (s % 2 ? 1.0f : -0.5f) + 0.02f * static_cast<float>(s);
}

// rnn.weight_ih_l0 [2, 3] and head.bias [2]: 8 floats, named as a model's so that the optimizer state
// names read as in a checkpoint.
inline nn::Parameters tiny_params() {
  nn::Parameters p;
  p.add("rnn.weight_ih_l0", {2, 3});
  p.add("head.bias", {2});
  for (size_t i = 0; i < p.size(); ++i) p.values()[i] = 0.5f - 0.15f * static_cast<float>(i);
  return p;
}

// Steps first..last (1-based) of `opt` at learning rate lr, each with grad_at's gradients.
inline void run_steps(Optimizer& opt, nn::Parameters& p, int first, int last, double lr) {
  for (int s = first; s <= last; ++s) {
    for (size_t i = 0; i < p.size(); ++i) p.grads()[i] = grad_at(s, i);
    opt.step(p, lr);
  }
}

// An optimizer's update rule written out in double, element by element: the weights after steps
// 1..steps of grad_at from `initial`.
using Reference = std::vector<double> (*)(const OptimizerConfig& c, const nn::Parameters& initial, int steps,
                                          double lr);

// Three steps of a fresh Opt(c) from tiny_params() must land within 2e-6 of `reference`; without weight
// decay the zero-gradient element 6 must not move at all.
template <class Opt>
void expect_matches_reference(Reference reference, const OptimizerConfig& c, double lr) {
  nn::Parameters p = tiny_params();
  const std::vector<double> expected = reference(c, p, 3, lr);
  Opt opt(c);
  run_steps(opt, p, 1, 3, lr);
  for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p.values()[i], expected[i], 2e-6) << "element " << i;
  if (c.weight_decay == 0.0) {
    EXPECT_EQ(p.values()[6], tiny_params().values()[6]) << "a zero gradient must not move its weight";
  }
}

}  // namespace lstmkit::optim
