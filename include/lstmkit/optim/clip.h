#pragma once
// Global-norm gradient clipping, PyTorch's torch.nn.utils.clip_grad_norm_ (norm_type 2): the norm of
// all gradients as one vector; when it exceeds max_norm every gradient is scaled by
// coef = max_norm / (norm + 1e-6).
#include "lstmkit/nn/parameters.h"

namespace lstmkit::optim {

// √(Σ g²) over params.grads() [P], accumulated in double (squares of large float gradients cannot
// overflow). NaN when any gradient is NaN, +Inf when any is infinite.
double grad_norm(const nn::Parameters& params);

// Returns the norm before clipping and scales the gradients in place when coef < 1. A non-finite
// norm is returned as is (NaN or Inf) and the gradients are left untouched: the caller must not take
// the step (the trainer stops cleanly). Throws UsageError("`clip`", ...) unless max_norm is a
// positive finite number.
double clip_grad_norm(nn::Parameters& params, double max_norm);

}  // namespace lstmkit::optim
