#include "lstmkit/optim/rmsprop.h"

#include <cmath>

namespace lstmkit::optim {
namespace {

std::vector<std::string> rmsprop_slots(const OptimizerConfig& config) {
  if (config.momentum > 0.0) return {"v", "momentum"};
  return {"v"};
}

}  // namespace

RmsProp::RmsProp(const OptimizerConfig& config) : Optimizer(config, rmsprop_slots(config)) {}

void RmsProp::update(std::span<float> values, std::span<const float> grads, double lr) {
  const size_t n = values.size();
  float* __restrict w = values.data();
  const float* __restrict g = grads.data();
  float* __restrict v = slot(0).data();  // [P] mean square
  const float neg_lr = static_cast<float>(-lr);
  const float wd = static_cast<float>(config().weight_decay);
  const float rho = static_cast<float>(config().rho);
  const float one_minus_rho = static_cast<float>(1.0 - config().rho);
  const float eps = static_cast<float>(config().epsilon);

  if (config().momentum <= 0.0) {
    for (size_t i = 0; i < n; ++i) {
      const float d = g[i] + wd * w[i];
      v[i] = rho * v[i] + one_minus_rho * (d * d);
      w[i] += neg_lr * (d / (std::sqrt(v[i]) + eps));
    }
    return;
  }
  float* __restrict buf = slot(1).data();  // [P]
  const float mu = static_cast<float>(config().momentum);
  for (size_t i = 0; i < n; ++i) {
    const float d = g[i] + wd * w[i];
    v[i] = rho * v[i] + one_minus_rho * (d * d);
    buf[i] = mu * buf[i] + d / (std::sqrt(v[i]) + eps);
    w[i] += neg_lr * buf[i];
  }
}

}  // namespace lstmkit::optim
