#pragma once
// The one step that makes data-parallel training equal to training on the whole batch in one process.
// Each rank's gradient is that of its mean loss over its `count` units, so the global batch's gradient is
// Σ_r (count_r / Σ count) · grad_r: the mean over the global batch, not the mean of the ranks' means,
// which differ when shards are unequal. One in-place allreduce over the flat gradient buffer sums the
// weighted gradients; a two-number allreduce before it gives the weights and the global loss.
#include <cstdint>
#include <span>

#include "lstmkit/dist/communicator.h"

namespace lstmkit::dist {

struct BatchTotals {
  double loss = 0;    // mean over the global batch
  int64_t count = 0;  // units of the global batch
};

// Replaces `grads` (this rank's gradient of its mean loss `loss` over `count` units) by the global
// batch's on every rank, and returns the global loss and count. One rank: returns its own, grads as is.
BatchTotals average_gradients(Communicator& comm, std::span<float> grads, double loss, int64_t count);

}  // namespace lstmkit::dist
