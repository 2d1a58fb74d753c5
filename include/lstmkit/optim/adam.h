#pragma once
// Adam (Kingma & Ba), at step t (1-based):
//   d = g + λ·w                  (weight decay λ: coupled L2, it enters the moments; not AdamW)
//   m = β1·m + (1-β1)·d
//   v = β2·v + (1-β2)·d²
//   Keras (epsilon_hat = true; keras/optimizer_v2/adam.py, "epsilon hat" of the paper's §2):
//     w = w - (lr·√(1-β2^t)/(1-β1^t))·m / (√v + ε)
//   PyTorch (epsilon_hat = false; torch/optim/adam.py, _single_tensor_adam):
//     w = w - (lr/(1-β1^t))·m / (√v/√(1-β2^t) + ε)
// The two differ only in where ε enters (Keras' is ε·√(1-β2^t) in PyTorch's terms), which matters in
// the first steps. Bias corrections are computed in double, as PyTorch does in Python.
#include "lstmkit/optim/optimizer.h"

namespace lstmkit::optim {

class Adam : public Optimizer {
 public:
  explicit Adam(const OptimizerConfig& config);

 protected:
  void update(std::span<float> values, std::span<const float> grads, double lr) override;
};

}  // namespace lstmkit::optim
