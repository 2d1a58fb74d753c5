#include "lstmkit/data/lm_batches.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "lstmkit/error.h"

namespace lstmkit::data {

namespace {
// A stream whose ids are their own positions, so every batch entry says where it came from.
std::vector<int32_t> positions(size_t len) {
  std::vector<int32_t> ids(len);
  std::iota(ids.begin(), ids.end(), 0);
  return ids;
}
}  // namespace

TEST(LmBatches, LayoutIsTimeMajorOverContiguousStreams) {
  // len 50, N 3, T 4 (all different, so a transposed index shows): S = 16, floor(15 / 4) = 3 batches.
  const size_t N = 3, T = 4, S = 16;
  const LmBatches batches(positions(50), N, T);
  EXPECT_EQ(batches.stream_length(), S);
  EXPECT_EQ(batches.batches_per_epoch(), 3u);
  EXPECT_EQ(batches.tokens_per_batch(), N * T);
  for (size_t j = 0; j < 3; ++j) {
    const LmBatch batch = batches.at(j);
    ASSERT_EQ(batch.steps, T);
    ASSERT_EQ(batch.batch, N);
    ASSERT_EQ(batch.inputs.size(), T * N);
    ASSERT_EQ(batch.targets.size(), T * N);
    for (size_t t = 0; t < T; ++t)
      for (size_t b = 0; b < N; ++b) {
        const auto expected = static_cast<int32_t>(b * S + j * T + t);
        EXPECT_EQ(batch.inputs[t * N + b], expected) << "j " << j << " t " << t << " b " << b;
        EXPECT_EQ(batch.input(t, b), expected);
        EXPECT_EQ(batch.target(t, b), expected + 1);
      }
  }
}

TEST(LmBatches, NextBatchStartsWhereThePreviousEnded) {
  // Truncated BPTT carries (h, c) from batch j to j+1 per stream: the streams must continue exactly.
  const size_t N = 5, T = 7;
  const LmBatches batches(positions(1000), N, T);
  ASSERT_GE(batches.batches_per_epoch(), 2u);
  LmBatch previous = batches.at(0), next;
  for (size_t j = 1; j < batches.batches_per_epoch(); ++j) {
    batches.fill(j, next);
    for (size_t b = 0; b < N; ++b) {
      EXPECT_EQ(next.input(0, b), previous.input(T - 1, b) + 1) << "j " << j << " b " << b;
      EXPECT_EQ(next.input(0, b), previous.target(T - 1, b)) << "j " << j << " b " << b;
    }
    previous = next;
  }
}

TEST(LmBatches, TargetsNeverCrossIntoTheNextStream) {
  for (size_t len : {40u, 41u, 44u, 45u, 97u}) {
    const size_t N = 4, T = 3;
    const LmBatches batches(positions(len), N, T);
    const size_t S = len / N;
    EXPECT_EQ(batches.batches_per_epoch(), (S - 1) / T) << "len " << len;
    for (size_t j = 0; j < batches.batches_per_epoch(); ++j) {
      const LmBatch batch = batches.at(j);
      for (size_t b = 0; b < N; ++b)
        EXPECT_LT(static_cast<size_t>(batch.target(T - 1, b)), (b + 1) * S) << "len " << len << " j " << j;
    }
  }
}

TEST(LmBatches, ExactFitUsesTheWholeStream) {
  // S = 3·T + 1: three full windows, the last target is the stream's last token.
  const size_t N = 2, T = 5, S = 16;
  const LmBatches batches(positions(N * S), N, T);
  ASSERT_EQ(batches.batches_per_epoch(), 3u);
  const LmBatch last = batches.at(2);
  for (size_t b = 0; b < N; ++b) EXPECT_EQ(static_cast<size_t>(last.target(T - 1, b)), (b + 1) * S - 1);
}

TEST(LmBatches, ResumePositionGivesTheSameBatch) {
  // A resumed run builds a fresh LmBatches and asks for the saved position directly.
  const LmBatches first(positions(500), 3, 6);
  LmBatch reused;
  for (size_t j = 0; j < first.batches_per_epoch(); ++j) first.fill(j, reused);
  const LmBatches resumed(positions(500), 3, 6);
  for (size_t j : {4u, 2u, 0u}) {
    first.fill(j, reused);  // the buffer held another batch before
    const LmBatch fresh = resumed.at(j);
    EXPECT_EQ(reused.inputs, fresh.inputs) << "j " << j;
    EXPECT_EQ(reused.targets, fresh.targets) << "j " << j;
  }
}

TEST(LmBatches, RejectsBadShapesAndShortStreams) {
  EXPECT_THROW(LmBatches(positions(100), 0, 4), UsageError);
  EXPECT_THROW(LmBatches(positions(100), 4, 0), UsageError);
  // N·(T+1) tokens make exactly one batch; one fewer makes none.
  EXPECT_EQ(LmBatches(positions(lm_min_tokens(4, 9)), 4, 9).batches_per_epoch(), 1u);
  try {
    LmBatches(positions(lm_min_tokens(4, 9) - 1), 4, 9);
    FAIL() << "a stream shorter than one batch was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`seq_len`");
    EXPECT_NE(e.hint().find("`batch`"), std::string::npos);
  }
}

TEST(LmBatches, PositionPastTheEpochThrows) {
  const LmBatches batches(positions(100), 2, 4);
  LmBatch out;
  EXPECT_THROW(batches.fill(batches.batches_per_epoch(), out), Error);
}

TEST(SplitTail, ValidationIsTheContiguousTail) {
  const std::vector<int32_t> ids = positions(1000);
  const LmSplit split = split_tail(ids, 0.1, 4, 10);
  ASSERT_EQ(split.train.size(), 900u);
  ASSERT_EQ(split.val.size(), 100u);
  EXPECT_EQ(split.train.front(), 0);
  EXPECT_EQ(split.train.back(), 899);
  EXPECT_EQ(split.val.front(), 900);
  EXPECT_EQ(split.val.back(), 999);
  // Both parts make batches of the requested shape.
  EXPECT_GE(LmBatches(split.train, 4, 10).batches_per_epoch(), 1u);
  EXPECT_GE(LmBatches(split.val, 4, 10).batches_per_epoch(), 1u);
}

TEST(SplitTail, ZeroFractionMeansNoValidation) {
  const LmSplit split = split_tail(positions(100), 0.0, 2, 5);
  EXPECT_EQ(split.train.size(), 100u);
  EXPECT_TRUE(split.val.empty());
}

TEST(SplitTail, RejectsFractionsOutsideTheRange) {
  for (double bad : {-0.1, 1.0, 1.5, std::nan("")}) {
    try {
      split_tail(positions(1000), bad, 2, 5);
      FAIL() << "val_frac " << bad << " was accepted";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`val_frac`");
    }
  }
}

TEST(SplitTail, AValidationTailShorterThanOneBatchIsReadAsFewerStreams) {
  // 1000 tokens, N 8, T 20: one batch needs 168 tokens, a tail of 100 holds 4 windows of 21.
  const LmSplit split = split_tail(positions(1000), 0.1, 8, 20);
  ASSERT_EQ(split.val.size(), 100u);
  EXPECT_EQ(lm_validation_streams(split.val.size(), 8, 20), 4u);
  EXPECT_EQ(LmBatches(split.val, 4, 20).batches_per_epoch(), 1u);
  EXPECT_EQ(lm_validation_streams(1000, 8, 20), 8u) << "a long tail keeps --batch streams";
  EXPECT_EQ(lm_validation_streams(20, 8, 20), 0u);
}

TEST(SplitTail, PartsTooShortForOneBatchSayWhatToChange) {
  // 1000 tokens, N 8, T 20: one batch needs 168 tokens, one validation window 21.
  try {
    split_tail(positions(1000), 0.02, 8, 20);  // tail of 20
    FAIL() << "a validation tail shorter than one window was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`val_frac`");
    EXPECT_NE(e.what_is_wrong().find("20 tokens"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("`seq_len`"), std::string::npos) << e.what();
  }
  try {
    split_tail(positions(1000), 0.9, 8, 20);  // head of 100
    FAIL() << "a training part shorter than one batch was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`seq_len`");
    EXPECT_NE(e.hint().find("`val_frac`"), std::string::npos) << e.what();
  }
}

TEST(FillOneHot, ZeroesTheBufferAndMarksEachId) {
  const size_t V = 5;
  const std::vector<int32_t> ids = {3, 0, 4, 4, 1, 2};  // [T 3, N 2]
  std::vector<float> out(ids.size() * V, 7.0f);          // stale values from a previous batch
  fill_one_hot(out, ids, V);
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t v = 0; v < V; ++v)
      EXPECT_EQ(out[i * V + v], static_cast<size_t>(ids[i]) == v ? 1.0f : 0.0f) << "i " << i << " v " << v;
}

TEST(FillOneHot, RejectsIdsOutsideTheVocabularyAndWrongSizes) {
  std::vector<float> out(2 * 4);
  const std::vector<int32_t> too_big = {1, 4}, negative = {-1, 0}, fine = {1, 2};
  EXPECT_THROW(fill_one_hot(out, too_big, 4), Error);
  EXPECT_THROW(fill_one_hot(out, negative, 4), Error);
  EXPECT_THROW(fill_one_hot(out, fine, 5), Error);
}

}  // namespace lstmkit::data
