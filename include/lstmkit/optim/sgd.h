#pragma once
// Stochastic gradient descent with optional momentum and Nesterov momentum, PyTorch's formulation
// (torch.optim.SGD, pytorch.org/docs/1.13/generated/torch.optim.SGD.html):
//   d = g + λ·w                                  (weight decay λ, when set)
//   buf = d at the first step, else μ·buf + (1-τ)·d
//   d = nesterov ? d + μ·buf : buf               (only with momentum μ > 0)
//   w = w - lr·d
// Keras' SGD keeps velocity = μ·velocity - lr·g instead; with a constant lr the two are the same
// trajectory (velocity = -lr·buf), they differ only when the rate changes mid-run.
#include "lstmkit/optim/optimizer.h"

namespace lstmkit::optim {

class Sgd : public Optimizer {
 public:
  explicit Sgd(const OptimizerConfig& config);

 protected:
  void update(std::span<float> values, std::span<const float> grads, double lr) override;
};

}  // namespace lstmkit::optim
