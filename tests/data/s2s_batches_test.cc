// Seq2seq batches: exact source-length buckets, teacher-forcing layout, target padding to a multiple,
// fixed shapes across epochs, and reshuffles that depend only on the Rng state.
#include "lstmkit/data/s2s_batches.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "lstmkit/error.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::data {
namespace {

using text::kBosId;
using text::kEosId;
using text::kPadId;

// Pair i has a source of length 1 + i % 3 and a target of length 1 + i % 5, ids from 10 up.
std::vector<IdPair> make_pairs(size_t n) {
  std::vector<IdPair> pairs;
  for (size_t i = 0; i < n; ++i) {
    IdPair p;
    for (size_t t = 0; t < 1 + i % 3; ++t) p.source.push_back(static_cast<int32_t>(10 + i));
    for (size_t t = 0; t < 1 + i % 5; ++t) p.target.push_back(static_cast<int32_t>(100 + t));
    pairs.push_back(p);
  }
  return pairs;
}

TEST(S2sBatches, TeacherForcingLayoutIsTimeMajor) {
  // Two pairs with source length 2: targets [8] and [5 6 7]. N = 2, T_t = 3 + 1 = 4, a multiple of 4.
  std::vector<IdPair> pairs = {{{20, 21}, {8}}, {{22, 23}, {5, 6, 7}}};
  const S2sBatches batches(pairs, 2, 4);
  ASSERT_EQ(batches.size(), 1u);
  S2sBatch b;
  batches.fill(0, b);
  EXPECT_EQ(b.source_len, 2);
  EXPECT_EQ(b.target_len, 4);
  EXPECT_EQ(b.batch, 2);
  EXPECT_EQ(b.source, (std::vector<int32_t>{20, 22, 21, 23}));  // [T_s, N]
  EXPECT_EQ(b.decoder_input, (std::vector<int32_t>{kBosId, kBosId, 8, 5, kPadId, 6, kPadId, 7}));
  EXPECT_EQ(b.decoder_target, (std::vector<int32_t>{8, 5, kEosId, 6, kPadId, 7, kPadId, kEosId}));
  EXPECT_EQ(b.target_tokens, 4 + 2);
}

TEST(S2sBatches, TargetLengthRoundsUpToTheMultiple) {
  std::vector<IdPair> pairs = {{{1}, std::vector<int32_t>(8, 9)}};  // 8 tokens + </s> = 9 steps
  S2sBatch b;
  S2sBatches(pairs, 1, 8).fill(0, b);
  EXPECT_EQ(b.target_len, 16);
  S2sBatches(pairs, 1, 1).fill(0, b);
  EXPECT_EQ(b.target_len, 9);
}

TEST(S2sBatches, EverySourceInABatchHasTheSameLengthAndEveryPairComesOnce) {
  const S2sBatches batches(make_pairs(50), 4);
  // Lengths 1, 2, 3 hold 17, 17, 16 pairs: 5 + 5 + 4 batches.
  EXPECT_EQ(batches.size(), 14u);
  std::multiset<size_t> seen;
  S2sBatch b;
  for (size_t j = 0; j < batches.size(); ++j) {
    batches.fill(j, b);
    for (size_t i : b.pairs) {
      seen.insert(i);
      EXPECT_EQ(batches.pairs()[i].source.size(), static_cast<size_t>(b.source_len));
    }
    EXPECT_EQ(b.source.size(), static_cast<size_t>(b.source_len * b.batch));
    EXPECT_EQ(b.target_len % 4, 0);
  }
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_EQ(std::set<size_t>(seen.begin(), seen.end()).size(), 50u);
}

TEST(S2sBatches, ShuffleKeepsTheSetOfShapesAndDependsOnlyOnTheRngState) {
  S2sBatches batches(make_pairs(50), 4);
  const auto shapes = [&] {
    std::multiset<std::pair<int, int>> s;
    S2sBatch b;
    for (size_t j = 0; j < batches.size(); ++j) {
      batches.fill(j, b);
      s.insert({b.source_len, b.batch});
    }
    return s;
  };
  const auto order = [&] {
    std::vector<size_t> all;
    S2sBatch b;
    for (size_t j = 0; j < batches.size(); ++j) {
      batches.fill(j, b);
      all.insert(all.end(), b.pairs.begin(), b.pairs.end());
    }
    return all;
  };
  const auto canonical_shapes = shapes();
  const auto canonical = order();
  Rng rng(3);
  const auto state = rng.state();
  batches.shuffle(rng);
  const auto first = order();
  EXPECT_NE(first, canonical);
  EXPECT_EQ(shapes(), canonical_shapes);
  batches.shuffle(rng);  // another epoch
  EXPECT_NE(order(), first);
  rng.set_state(state);  // what --resume does: replay the epoch's shuffle from its saved Rng state
  batches.shuffle(rng);
  EXPECT_EQ(order(), first);
}

TEST(S2sBatches, Errors) {
  EXPECT_THROW(S2sBatches(make_pairs(3), 0), UsageError);
  EXPECT_THROW(S2sBatches(std::vector<IdPair>{{{}, {1}}}, 2), Error);
  const S2sBatches batches(make_pairs(3), 2);
  S2sBatch b;
  EXPECT_THROW(batches.fill(batches.size(), b), Error);
}

}  // namespace
}  // namespace lstmkit::data
