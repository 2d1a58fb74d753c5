#include "lstmkit/data/sequence_dataset.h"

#include <gtest/gtest.h>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

// inputs value = 100·s + 10·t + f, targets 100·s + t (per step) or s.
SequenceDataset labelled(size_t S, size_t T, size_t F, bool per_step) {
  SequenceDataset d{S, T, F, 1, per_step, {}, {}, {}, {"y"}};
  for (size_t s = 0; s < S; ++s)
    for (size_t t = 0; t < T; ++t)
      for (size_t f = 0; f < F; ++f) d.inputs.push_back(static_cast<float>(100 * s + 10 * t + f));
  for (size_t s = 0; s < S; ++s)
    for (size_t t = 0; t < (per_step ? T : 1); ++t) d.targets.push_back(static_cast<float>(100 * s + t));
  return d;
}

TEST(SequenceDataset, BatchIsTimeMajor) {
  const SequenceDataset d = labelled(5, 4, 2, false);
  const std::vector<size_t> ids = {3, 1};
  const RegressionBatch b = sequence_batch(d, ids);
  ASSERT_EQ(b.inputs.size(), 4u * 2u * 2u);
  for (size_t t = 0; t < 4; ++t)
    for (size_t n = 0; n < 2; ++n)
      for (size_t f = 0; f < 2; ++f)
        EXPECT_EQ(b.inputs[(t * 2 + n) * 2 + f], static_cast<float>(100 * ids[n] + 10 * t + f));
  EXPECT_EQ(b.targets, (std::vector<float>{300, 100}));  // [N, O]
}

TEST(SequenceDataset, BatchPerStepTargets) {
  const SequenceDataset d = labelled(3, 3, 1, true);
  const RegressionBatch b = sequence_batch(d, std::vector<size_t>{2, 0});
  EXPECT_TRUE(b.per_step_targets);
  EXPECT_EQ(b.targets, (std::vector<float>{200, 0, 201, 1, 202, 2}));  // [T, N, O]
  EXPECT_THROW(sequence_batch(d, std::vector<size_t>{3}), Error);
  EXPECT_THROW(sequence_batch(d, std::vector<size_t>{}), Error);
}

TEST(SequenceDataset, SplitTakesTheLastSequencesForValidation) {
  const SequenceSplit s = split_sequences(10, 0.2);
  EXPECT_EQ(s.train, (std::vector<size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(s.validation, (std::vector<size_t>{8, 9}));
  EXPECT_TRUE(split_sequences(10, 0.0).validation.empty());
  EXPECT_THROW(split_sequences(10, 0.01), UsageError);  // rounds to no validation sequence
  EXPECT_THROW(split_sequences(10, 1.0), UsageError);
  EXPECT_THROW(split_sequences(1, 0.5), UsageError);
}

}  // namespace
}  // namespace lstmkit::data
