#include "lstmkit/data/sequence_dataset.h"

#include "lstmkit/data/holdout.h"
#include "lstmkit/error.h"

namespace lstmkit::data {

SequenceSplit split_sequences(size_t sequences, double val_frac) {
  const size_t val = held_out_count(sequences, val_frac, "sequences", "generate more sequences or change `val_frac`");
  SequenceSplit split;
  for (size_t s = 0; s < sequences; ++s) (s < sequences - val ? split.train : split.validation).push_back(s);
  return split;
}

RegressionBatch sequence_batch(const SequenceDataset& data, std::span<const size_t> ids) {
  if (ids.empty()) throw Error("sequence batch", "no sequences requested");
  RegressionBatch b;
  b.steps = data.steps;
  b.batch = ids.size();
  b.features = data.features;
  b.outputs = data.outputs;
  b.per_step_targets = data.per_step_targets;
  const size_t T = b.steps, N = b.batch, F = b.features, O = b.outputs;
  b.inputs.resize(T * N * F);
  b.targets.resize((b.per_step_targets ? T : 1) * N * O);
  for (size_t n = 0; n < N; ++n) {
    const size_t s = ids[n];
    if (s >= data.sequences)
      throw Error("sequence batch",
                  "sequence " + std::to_string(s) + " of " + std::to_string(data.sequences));
    for (size_t t = 0; t < T; ++t)
      for (size_t f = 0; f < F; ++f) b.inputs[(t * N + n) * F + f] = data.input(s, t, f);
    if (b.per_step_targets) {
      for (size_t t = 0; t < T; ++t)
        for (size_t o = 0; o < O; ++o) b.targets[(t * N + n) * O + o] = data.target(s, t, o);
    } else {
      for (size_t o = 0; o < O; ++o) b.targets[n * O + o] = data.target(s, 0, o);
    }
  }
  return b;
}

}  // namespace lstmkit::data
