#pragma once
// A mini-batch laid out time-major, as oneDNN's RNN primitives take it (`tnc`), and the helpers that
// decide which examples (windows or sequences, named by index) go into which batch.
#include <cstddef>
#include <span>
#include <vector>

#include "lstmkit/rng.h"

namespace lstmkit::data {

struct RegressionBatch {
  size_t steps = 0;               // T
  size_t batch = 0;               // N
  size_t features = 0;            // F
  size_t outputs = 0;             // O
  bool per_step_targets = false;  // n-to-n (a target per step) rather than n-to-1
  std::vector<float> inputs;      // [T, N, F]
  std::vector<float> targets;     // [N, O], or [T, N, O] when per_step_targets

  float input(size_t t, size_t n, size_t f) const { return inputs[(t * batch + n) * features + f]; }
  // t is ignored for n-to-1 batches.
  float target(size_t t, size_t n, size_t o) const {
    return per_step_targets ? targets[(t * batch + n) * outputs + o] : targets[n * outputs + o];
  }
};

// Fisher-Yates shuffle driven by `rng`, so a seed (or a resumed Rng state) reproduces the epoch order.
void shuffle_ids(std::vector<size_t>& ids, Rng& rng);

// Consecutive groups of at most `batch` ids; the last group holds the remainder. Throws
// lstmkit::UsageError("`batch`") when batch is 0.
std::vector<std::vector<size_t>> batch_groups(std::span<const size_t> ids, size_t batch);

}  // namespace lstmkit::data
