// The encoder–decoder model: its gradient (encoder reached through the decoder's initial state) against
// finite differences, source reversal, exact encoder states per sentence in a batch, the decoder
// session's row selection, checkpoints, and a toy task learnt to 100% exact match through the shared
// Trainer.
#include "lstmkit/models/seq2seq.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/infer/translator.h"
#include "lstmkit/models/s2s_task.h"
#include "lstmkit/train/task.h"
#include "lstmkit/train/trainer.h"
#include "support/compare.h"
#include "support/finite_differences.h"
#include "support/reversal_toy.h"
#include "support/temp_dir.h"

namespace lstmkit::models {
namespace {

using testing::all_close;

using lstmkit::testing::letter_ids;
using lstmkit::testing::letter_vocab;

std::unique_ptr<Seq2Seq> small_model(nn::CellKind cell, bool reverse = false, int hidden = 5, int layers = 2) {
  auto m = std::make_unique<Seq2Seq>(letter_vocab("abc"), letter_vocab("wxyz"), S2sConfig{{cell, hidden, layers, 0.0f}, reverse});
  Rng rng(11);
  m->initialize(nn::InitScheme::torch, rng);
  return m;
}

// Two sources of length 3; targets of 2 and 4 tokens, so one column is padded (T_t = 5).
data::S2sBatch two_pairs(const Seq2Seq& m) {
  const auto& s = m.source_vocab();
  const auto& t = m.target_vocab();
  std::vector<data::IdPair> pairs = {{letter_ids(s, "abc"), letter_ids(t, "xy")}, {letter_ids(s, "caa"), letter_ids(t, "zwxy")}};
  data::S2sBatch b;
  data::S2sBatches(pairs, 2, 1).fill(0, b);
  return b;
}

class Seq2SeqGradient : public ::testing::TestWithParam<nn::CellKind> {};

TEST_P(Seq2SeqGradient, MatchesFiniteDifferencesIncludingTheEncoder) {
  auto m = small_model(GetParam());
  const data::S2sBatch b = two_pairs(*m);
  nn::Parameters& p = m->parameters();
  p.zero_grads();
  Rng dropout(1);
  m->train_batch(b, dropout);
  const std::vector<float> analytic(p.grads().begin(), p.grads().end());

  double encoder_norm = 0;
  for (const auto& view : p.views())
    for (size_t k = view.offset; k < view.offset + view.size; ++k)
      if (view.name.rfind("encoder.", 0) == 0) encoder_norm += analytic[k] * analytic[k];
  Rng pick(5);
  lstmkit::testing::expect_gradient(p, analytic, lstmkit::testing::sampled_entries(p, 4, pick), 1e-3f,
                                    {.rel = 2e-2, .abs = 5e-4}, [&] { return m->evaluate_batch(b).loss; });
  // The encoder learns only through the decoder's initial state: its gradient must not vanish.
  EXPECT_GT(std::sqrt(encoder_norm), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Cells, Seq2SeqGradient,
                         ::testing::Values(nn::CellKind::lstm, nn::CellKind::gru, nn::CellKind::rnn),
                         [](const auto& info) { return nn::cell_name(info.param); });

TEST(Seq2Seq, ReverseSourceReadsEachSourceBackwards) {
  auto forward = small_model(nn::CellKind::lstm, false);
  auto backward = small_model(nn::CellKind::lstm, true);  // same seed: same weights
  const auto& v = forward->source_vocab();
  const std::vector<int32_t> abc = letter_ids(v, "abc"), cba = letter_ids(v, "cba");
  const EncoderState reversed = backward->encode(3, 1, abc.data());
  const EncoderState plain = forward->encode(3, 1, cba.data());
  EXPECT_TRUE(all_close(reversed.initial.h, plain.initial.h, {.rel = 0, .abs = 0}));
  EXPECT_TRUE(all_close(reversed.initial.c, plain.initial.c, {.rel = 0, .abs = 0}));
}

TEST(Seq2Seq, EachSentenceGetsItsOwnFinalStateInABatch) {
  // Sources of one length share a batch; each column's final state must be what the sentence gives
  // alone (oneDNN may block the GEMMs differently for N = 1 and N = 3: equal to float rounding).
  auto m = small_model(nn::CellKind::lstm, false, 6, 2);
  const auto& v = m->source_vocab();
  const std::vector<std::string> sentences = {"abca", "ccab", "baac"};
  std::vector<int32_t> batch(4 * 3);
  for (int b = 0; b < 3; ++b)
    for (int t = 0; t < 4; ++t) batch[t * 3 + b] = v.id(std::string(1, sentences[b][t]));
  const EncoderState together = m->encode(4, 3, batch.data());
  const int L = 2, H = 6;
  for (int b = 0; b < 3; ++b) {
    const std::vector<int32_t> one = letter_ids(v, sentences[b]);
    const EncoderState alone = m->encode(4, 1, one.data());
    for (int l = 0; l < L; ++l) {
      const std::span<const float> column(together.initial.h.data() + (l * 3 + b) * H, H);
      const std::span<const float> expected(alone.initial.h.data() + l * H, H);
      EXPECT_TRUE(all_close(column, expected, {.rel = 1e-5, .abs = 1e-6})) << "sentence " << b << " layer " << l;
    }
  }
}

TEST(Seq2Seq, EmptySourceIsTheZeroState) {
  auto m = small_model(nn::CellKind::lstm);
  const EncoderState s = m->encode(0, 2, nullptr);
  EXPECT_EQ(s.initial.h, std::vector<float>(2 * 2 * 5, 0.0f));
  EXPECT_EQ(s.initial.c.size(), s.initial.h.size());
}

TEST(DecoderSession, SelectReordersAndReplicatesRows) {
  auto m = small_model(nn::CellKind::gru, false, 4, 2);
  const auto& v = m->source_vocab();
  const std::vector<int32_t> src = {v.id("a"), v.id("c"), v.id("b"), v.id("a")};  // [T=2, N=2]: "ab", "ca"
  DecoderSession a(*m), b(*m);
  a.start(m->encode(2, 2, src.data()));
  b.start(m->encode(2, 2, src.data()));
  const std::vector<int32_t> swap_and_copy = {1, 0, 1};
  b.select(swap_and_copy);
  ASSERT_EQ(b.rows(), 3);
  const std::vector<int32_t> first = {text::kBosId, text::kBosId};
  const std::span<const float> sa = a.step(first);
  const std::vector<float> pa(sa.begin(), sa.end());
  const std::vector<int32_t> three(3, text::kBosId);
  const std::span<const float> pb = b.step(three);
  const int V = a.vocab_size();
  for (int r = 0; r < 3; ++r) {
    const int from = swap_and_copy[r];
    EXPECT_TRUE(all_close(std::span<const float>(pb.data() + r * V, V), std::span<const float>(pa.data() + from * V, V),
                          {.rel = 1e-5, .abs = 1e-6}))
        << "row " << r;
  }
  EXPECT_THROW(b.step(first), Error);  // 2 tokens for 3 rows
}

TEST(Seq2Seq, CheckpointRoundTrip) {
  testing::TempDir dir;
  auto m = small_model(nn::CellKind::lstm, true, 5, 2);
  const std::string path = dir / "model.safetensors";
  io::Checkpoint::save(path, m->parameters(), {}, m->metadata());
  auto loaded = Seq2Seq::load(path);
  EXPECT_TRUE(loaded->config().reverse_source);
  EXPECT_EQ(loaded->config().layers, 2);
  EXPECT_EQ(loaded->target_vocab().tokens(), m->target_vocab().tokens());
  EXPECT_NE(loaded->parameters().find("encoder.rnn.weight_ih_l0"), loaded->parameters().find("decoder.rnn.weight_ih_l0"));
  const data::S2sBatch b = two_pairs(*m);
  EXPECT_EQ(loaded->evaluate_batch(b).loss, m->evaluate_batch(b).loss);

  io::Metadata lm = m->metadata();
  lm["kind"] = "lm";
  io::Checkpoint::save(dir / "lm.safetensors", m->parameters(), {}, lm);
  EXPECT_THROW(Seq2Seq::load(dir / "lm.safetensors"), Error);
}

TEST(S2sTask, WeighsEachBatchByItsShareOfTargetTokens) {
  // Two buckets: sources of length 1 with 1-token targets (2 + 2 tokens), and one of length 3 with a
  // 5-token target (6 tokens). Mean per batch: 10 / 2 = 5, so the weights are 4/5 and 6/5.
  auto m = small_model(nn::CellKind::lstm);
  const auto& s = m->source_vocab();
  const auto& t = m->target_vocab();
  std::vector<data::IdPair> pairs = {{letter_ids(s, "a"), letter_ids(t, "w")}, {letter_ids(s, "b"), letter_ids(t, "x")}, {letter_ids(s, "abc"), letter_ids(t, "wxyzw")}};
  const data::S2sBatches batches(pairs, 2);
  S2sTask task(*m, pairs, {}, 2);
  nn::Parameters& p = m->parameters();
  for (size_t j = 0; j < 2; ++j) {
    data::S2sBatch b;
    batches.fill(j, b);
    p.zero_grads();
    Rng rng(1);
    const train::BatchResult r = task.train_batch(static_cast<int64_t>(j), rng);
    const std::vector<float> weighted(p.grads().begin(), p.grads().end());
    p.zero_grads();
    const nn::CrossEntropy ce = m->train_batch(b, rng);
    const double weight = static_cast<double>(b.target_tokens) / 5.0;
    std::vector<double> expected(p.grads().begin(), p.grads().end());
    for (double& g : expected) g *= weight;
    EXPECT_TRUE(all_close(weighted, expected, {.rel = 1e-5, .abs = 1e-7})) << "batch " << j;
    EXPECT_EQ(r.count, b.target_tokens);
    EXPECT_DOUBLE_EQ(r.loss, ce.loss);  // the reported loss stays the batch's mean per token
  }
}

TEST(Seq2SeqToy, LearnsToReverseStringsExactlyThroughTheTrainer) {
  // Every string of 1 to 4 letters over {a, b, c} (120) → the same string reversed. One epoch over 30
  // shuffled copies (225 steps of 16) with Adam 1e-2 on a 1×64 LSTM takes about a second.
  const std::vector<std::string> sources = lstmkit::testing::abc_strings(4);
  Seq2Seq model(letter_vocab("abc"), letter_vocab("abc"), S2sConfig{{nn::CellKind::lstm, 64, 1, 0.0f}, false});
  testing::TempDir dir;
  EXPECT_EQ(lstmkit::testing::learn_reversal(model, sources, 30, 1, dir / "run"), 120u);
}

}  // namespace
}  // namespace lstmkit::models
