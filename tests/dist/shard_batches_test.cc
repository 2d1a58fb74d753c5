// A rank's part of a batch is the whole batch's columns, nothing recomputed: the sharded batches of the
// language model and seq2seq against the columns of the unsharded ones.
#include <gtest/gtest.h>

#include <numeric>

#include "lstmkit/data/lm_batches.h"
#include "lstmkit/data/s2s_batches.h"

namespace lstmkit::data {
namespace {

TEST(LmBatchesShard, IsTheWholeBatchsStreams) {
  std::vector<int32_t> ids(5 * 21);
  std::iota(ids.begin(), ids.end(), 0);
  const LmBatches batches(ids, 5, 4);
  const LmBatch whole = batches.at(2);
  LmBatch part;
  batches.fill(2, part, {3, 5});
  ASSERT_EQ(part.batch, 2u);
  ASSERT_EQ(part.steps, 4u);
  for (size_t t = 0; t < 4; ++t)
    for (size_t b = 0; b < 2; ++b) {
      EXPECT_EQ(part.input(t, b), whole.input(t, 3 + b));
      EXPECT_EQ(part.target(t, b), whole.target(t, 3 + b));
    }
}

TEST(S2sBatchShard, IsTheWholeBatchsColumnsWithItsShapes) {
  std::vector<IdPair> pairs = {{{5, 6}, {7}}, {{6, 5}, {7, 8, 9}}, {{5, 5}, {8, 8}}};
  const S2sBatches batches(pairs, 3);
  S2sBatch whole, part;
  batches.fill(0, whole);
  take_columns(whole, {1, 3}, part);
  EXPECT_EQ(part.batch, 2);
  EXPECT_EQ(part.source_len, whole.source_len);
  EXPECT_EQ(part.target_len, whole.target_len);
  const auto N = static_cast<size_t>(whole.batch);
  for (size_t t = 0; t < static_cast<size_t>(whole.source_len); ++t)
    for (size_t b = 0; b < 2; ++b) EXPECT_EQ(part.source[t * 2 + b], whole.source[t * N + 1 + b]);
  for (size_t t = 0; t < static_cast<size_t>(whole.target_len); ++t)
    for (size_t b = 0; b < 2; ++b) {
      EXPECT_EQ(part.decoder_input[t * 2 + b], whole.decoder_input[t * N + 1 + b]);
      EXPECT_EQ(part.decoder_target[t * 2 + b], whole.decoder_target[t * N + 1 + b]);
    }
  EXPECT_EQ(part.pairs, (std::vector<size_t>{whole.pairs[1], whole.pairs[2]}));
  // Targets plus </s> of the two pairs in those columns.
  int64_t tokens = 0;
  for (size_t p : part.pairs) tokens += static_cast<int64_t>(pairs[p].target.size()) + 1;
  EXPECT_EQ(part.target_tokens, tokens);
}

}  // namespace
}  // namespace lstmkit::data
