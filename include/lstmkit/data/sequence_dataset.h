#pragma once
// Many independent, equally long sequences (the adding problem, cumulative sums), as opposed to one long
// Series cut into windows. Sequences share nothing, so a split by sequence cannot leak.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/regression_batch.h"

namespace lstmkit::data {

struct SequenceDataset {
  size_t sequences = 0;                    // S
  size_t steps = 0;                        // T
  size_t features = 0;                     // F
  size_t outputs = 0;                      // O
  bool per_step_targets = false;           // n-to-n: a target for every step
  std::vector<float> inputs;               // [S, T, F]
  std::vector<float> targets;              // [S, O], or [S, T, O] when per_step_targets
  std::vector<std::string> feature_names;  // [F]
  std::vector<std::string> target_names;   // [O]

  float input(size_t s, size_t t, size_t f) const { return inputs[(s * steps + t) * features + f]; }
  // t is ignored unless per_step_targets.
  float target(size_t s, size_t t, size_t o) const {
    return per_step_targets ? targets[(s * steps + t) * outputs + o] : targets[s * outputs + o];
  }
};

struct SequenceSplit {
  std::vector<size_t> train;       // sequence ids [0, S − V)
  std::vector<size_t> validation;  // the last V = round(S · val_frac) sequence ids
};

// Throws lstmkit::UsageError("`val_frac`") unless 0 ≤ val_frac < 1 and both parts are non-empty
// (validation may be empty only when val_frac is 0).
SequenceSplit split_sequences(size_t sequences, double val_frac);

// Gathers sequences `ids` into a time-major batch: inputs [T, N, F], targets [N, O] or [T, N, O].
// Throws lstmkit::Error for an id ≥ S or an empty list.
RegressionBatch sequence_batch(const SequenceDataset& data, std::span<const size_t> ids);

}  // namespace lstmkit::data
