#pragma once
// RMSprop, un-centred:
//   d = g + λ·w                                  (weight decay λ, when set)
//   v = ρ·v + (1-ρ)·d²
//   without momentum: w = w - lr·d / (√v + ε)    (Keras 2.x optimizer_v2/rmsprop.py and PyTorch alike)
//   with momentum μ:  buf = μ·buf + d / (√v + ε); w = w - lr·buf   (PyTorch's torch.optim.RMSprop;
//                     Keras' momentum path uses lr inside the buffer and ε inside the root instead)
// Keras' defaults (ρ 0.9, ε 1e-7, lr 1e-3) and PyTorch's (α 0.99, ε 1e-8, lr 1e-2) are presets in
// config.h.
#include "lstmkit/optim/optimizer.h"

namespace lstmkit::optim {

class RmsProp : public Optimizer {
 public:
  explicit RmsProp(const OptimizerConfig& config);

 protected:
  void update(std::span<float> values, std::span<const float> grads, double lr) override;
};

}  // namespace lstmkit::optim
