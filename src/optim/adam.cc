#include "lstmkit/optim/adam.h"

#include <cmath>

namespace lstmkit::optim {

Adam::Adam(const OptimizerConfig& config) : Optimizer(config, {"m", "v"}) {}

void Adam::update(std::span<float> values, std::span<const float> grads, double lr) {
  const size_t n = values.size();
  float* __restrict w = values.data();
  const float* __restrict g = grads.data();
  float* __restrict m = slot(0).data();  // [P] first moment
  float* __restrict v = slot(1).data();  // [P] second moment
  const OptimizerConfig& c = config();
  const float wd = static_cast<float>(c.weight_decay);
  const float b1 = static_cast<float>(c.beta1);
  const float b2 = static_cast<float>(c.beta2);
  const float one_minus_b1 = static_cast<float>(1.0 - c.beta1);
  const float one_minus_b2 = static_cast<float>(1.0 - c.beta2);
  const float eps = static_cast<float>(c.epsilon);

  // Bias corrections in double, from the 1-based step count.
  const double t = static_cast<double>(steps());
  const double bc1 = 1.0 - std::pow(c.beta1, t);
  const double bc2_sqrt = std::sqrt(1.0 - std::pow(c.beta2, t));

  if (c.epsilon_hat) {
    // Keras: alpha = lr·√(1-β2^t)/(1-β1^t); w -= (m·alpha) / (√v + ε).
    const float alpha = static_cast<float>(lr * bc2_sqrt / bc1);
    for (size_t i = 0; i < n; ++i) {
      const float d = g[i] + wd * w[i];
      m[i] = b1 * m[i] + one_minus_b1 * d;
      v[i] = b2 * v[i] + one_minus_b2 * (d * d);
      w[i] -= (m[i] * alpha) / (std::sqrt(v[i]) + eps);
    }
    return;
  }
  // PyTorch: denom = √v / √(1-β2^t) + ε; w += -(lr/(1-β1^t)) · m / denom.
  const float neg_step = static_cast<float>(-lr / bc1);
  const float bc2_sqrt_f = static_cast<float>(bc2_sqrt);
  for (size_t i = 0; i < n; ++i) {
    const float d = g[i] + wd * w[i];
    m[i] = b1 * m[i] + one_minus_b1 * d;
    v[i] = b2 * v[i] + one_minus_b2 * (d * d);
    w[i] += neg_step * (m[i] / (std::sqrt(v[i]) / bc2_sqrt_f + eps));
  }
}

}  // namespace lstmkit::optim
