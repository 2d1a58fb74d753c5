#include "lstmkit/optim/clip.h"

#include <cmath>
#include <span>

#include "lstmkit/error.h"

namespace lstmkit::optim {
namespace {

// Σ x² in double over eight interleaved partial sums: each lane adds in a fixed order, so the result
// does not depend on the compiler's vectorisation and the lanes map onto vector registers.
double sum_of_squares(std::span<const float> x) {
  constexpr size_t kLanes = 8;
  double lane[kLanes] = {};
  const size_t n = x.size();
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (size_t k = 0; k < kLanes; ++k) lane[k] += static_cast<double>(x[i + k]) * static_cast<double>(x[i + k]);
  double total = 0.0;
  for (; i < n; ++i) total += static_cast<double>(x[i]) * static_cast<double>(x[i]);
  for (double s : lane) total += s;
  return total;
}

}  // namespace

double grad_norm(const nn::Parameters& params) { return std::sqrt(sum_of_squares(params.grads())); }

double clip_grad_norm(nn::Parameters& params, double max_norm) {
  if (!(std::isfinite(max_norm) && max_norm > 0.0))
    throw UsageError("`clip`", "the gradient norm limit must be a positive number", "try 5, or leave clipping off");
  const double norm = grad_norm(params);
  if (!std::isfinite(norm)) return norm;
  // PyTorch: coef = max_norm / (norm + 1e-6), applied only when it shrinks the gradients.
  const double coef = max_norm / (norm + 1e-6);
  if (coef < 1.0) {
    const float c = static_cast<float>(coef);
    for (float& g : params.grads()) g *= c;
  }
  return norm;
}

}  // namespace lstmkit::optim
