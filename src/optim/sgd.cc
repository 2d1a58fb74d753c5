#include "lstmkit/optim/sgd.h"

namespace lstmkit::optim {
namespace {

std::vector<std::string> sgd_slots(const OptimizerConfig& config) {
  if (config.momentum > 0.0) return {"momentum"};
  return {};
}

}  // namespace

Sgd::Sgd(const OptimizerConfig& config) : Optimizer(config, sgd_slots(config)) {}

void Sgd::update(std::span<float> values, std::span<const float> grads, double lr) {
  // Scalars rounded to float once, as PyTorch's float kernels do with Python's double arguments.
  const size_t n = values.size();
  float* __restrict w = values.data();
  const float* __restrict g = grads.data();
  const float neg_lr = static_cast<float>(-lr);
  const float wd = static_cast<float>(config().weight_decay);

  if (config().momentum <= 0.0) {
    for (size_t i = 0; i < n; ++i) w[i] += neg_lr * (g[i] + wd * w[i]);
    return;
  }
  float* __restrict buf = slot(0).data();  // [P]
  const float mu = static_cast<float>(config().momentum);
  const float one_minus_tau = static_cast<float>(1.0 - config().dampening);
  // PyTorch starts the buffer as a copy of the first gradient, not μ·0 + (1-τ)·g.
  const bool first = steps() == 1;
  const bool nesterov = config().nesterov;
  // Loop-invariant branches: GCC unswitches them at -O3, leaving plain vector loops.
  for (size_t i = 0; i < n; ++i) {
    const float d = g[i] + wd * w[i];
    buf[i] = first ? d : mu * buf[i] + one_minus_tau * d;
    w[i] += neg_lr * (nesterov ? d + mu * buf[i] : buf[i]);
  }
}

}  // namespace lstmkit::optim
