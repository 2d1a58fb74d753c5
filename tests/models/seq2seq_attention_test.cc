// The translator with attention and a bidirectional encoder: whole-model gradients against finite
// differences (every new tensor: the bridge, the attention, the input-fed decoder), the config and
// checkpoint (the seed's model keeps its keys; names are OpenNMT's), the decoding session's state
// (h, c, fed-back vector, attended source) under row selection, alignments, the summary's counts, and a
// toy task learnt through the Trainer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/infer/translator.h"
#include "lstmkit/models/s2s_task.h"
#include "lstmkit/models/seq2seq.h"
#include "lstmkit/models/summary.h"
#include "lstmkit/train/trainer.h"
#include "support/compare.h"
#include "support/finite_differences.h"
#include "support/reversal_toy.h"
#include "support/temp_dir.h"

namespace lstmkit::models {
namespace {

using nn::AttentionKind;
using testing::all_close;

using lstmkit::testing::letter_ids;
using lstmkit::testing::letter_vocab;

struct Variant {
  const char* name;
  nn::CellKind cell;
  int embed;
  std::optional<AttentionKind> attention;
  bool bidirectional;
  bool reverse;
  float dropout = 0.0f;
};

S2sConfig config_of(const Variant& v, int hidden = 5, int layers = 2) {
  S2sConfig c{{v.cell, hidden, layers, v.dropout}, v.reverse, v.embed, false};
  c.attention = v.attention;
  c.bidirectional = v.bidirectional;
  return c;
}

std::unique_ptr<Seq2Seq> model_of(const Variant& v, int hidden = 5, int layers = 2, uint64_t seed = 11) {
  auto m = std::make_unique<Seq2Seq>(letter_vocab("abc"), letter_vocab("wxyz"), config_of(v, hidden, layers));
  Rng rng(seed);
  m->initialize(nn::InitScheme::torch, rng);
  return m;
}

// Two sources of length 3; targets of 2 and 4 tokens, so one column is padded (T_t = 5).
data::S2sBatch two_pairs(const Seq2Seq& m) {
  std::vector<data::IdPair> pairs = {{letter_ids(m.source_vocab(), "abc"), letter_ids(m.target_vocab(), "xy")},
                                     {letter_ids(m.source_vocab(), "caa"), letter_ids(m.target_vocab(), "zwxy")}};
  data::S2sBatch b;
  data::S2sBatches(pairs, 2, 1).fill(0, b);
  return b;
}

class AttentionGradient : public ::testing::TestWithParam<Variant> {};

TEST_P(AttentionGradient, MatchesFiniteDifferencesForEveryTensor) {
  auto m = model_of(GetParam());
  const data::S2sBatch b = two_pairs(*m);
  nn::Parameters& p = m->parameters();
  p.zero_grads();
  Rng dropout(1);
  m->train_batch(b, dropout);
  const std::vector<float> analytic(p.grads().begin(), p.grads().end());
  double encoder_norm = 0;
  for (const nn::ParamView& v : p.views())
    for (size_t k = 0; k < v.size; ++k)
      if (v.name.rfind("encoder.rnn.", 0) == 0) encoder_norm += analytic[v.offset + k] * analytic[v.offset + k];
  // Every coordinate of the small new tensors, samples of the others.
  Rng pick(5);
  const auto every = [](const nn::ParamView& v) {
    return v.name.rfind("decoder.attn.", 0) == 0 || v.name.rfind("bridge.", 0) == 0;
  };
  lstmkit::testing::expect_gradient(p, analytic, lstmkit::testing::sampled_entries(p, 6, pick, every), 1e-3f,
                                    {.rel = 2e-2, .abs = 5e-4}, [&] { return m->evaluate_batch(b).loss; });
  EXPECT_GT(std::sqrt(encoder_norm), 1e-4);  // the encoder learns, through the bank and the initial state
}

INSTANTIATE_TEST_SUITE_P(
    Models, AttentionGradient,
    ::testing::Values(Variant{"luong_lstm_embed", nn::CellKind::lstm, 3, AttentionKind::luong, false, true},
                      Variant{"luong_bidirectional_lstm", nn::CellKind::lstm, 4, AttentionKind::luong, true, false},
                      Variant{"bahdanau_bidirectional_gru_onehot", nn::CellKind::gru, 0, AttentionKind::bahdanau, true, true},
                      Variant{"none_bidirectional_lstm", nn::CellKind::lstm, 3, std::nullopt, true, false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(AttentionConfig, SeedModelKeepsItsKeysAndNewKeysReadBack) {
  const StackConfig stack{nn::CellKind::lstm, 4, 1, 0.0f};
  const nlohmann::json plain = nlohmann::json::parse(s2s_config_json(S2sConfig{stack, true}, 5, 6));
  EXPECT_FALSE(plain.contains("attention"));
  EXPECT_FALSE(plain.contains("bidirectional"));
  const S2sConfig old = s2s_config_from_json(plain.dump(), "m");  // a file from before: none, one direction
  EXPECT_FALSE(old.attention.has_value());
  EXPECT_FALSE(old.bidirectional);
  S2sConfig c{stack, false, 3};
  c.attention = AttentionKind::bahdanau;
  c.bidirectional = true;
  const S2sConfig back = s2s_config_from_json(s2s_config_json(c, 5, 6), "m");
  EXPECT_EQ(back.attention, AttentionKind::bahdanau);
  EXPECT_TRUE(back.bidirectional);
  nlohmann::json bad = plain;
  bad["attention"] = "dot";
  EXPECT_THROW(s2s_config_from_json(bad.dump(), "m"), Error);
}

TEST(AttentionCheckpoint, RoundTripWithOpenNmtNames) {
  testing::TempDir dir;
  auto m = model_of({"", nn::CellKind::lstm, 4, AttentionKind::luong, true, true});
  const std::string path = dir / "model.safetensors";
  io::Checkpoint::save(path, m->parameters(), {}, m->metadata());
  auto loaded = Seq2Seq::load(path);
  EXPECT_EQ(loaded->config().attention, AttentionKind::luong);
  EXPECT_TRUE(loaded->config().bidirectional);
  const nn::Parameters& p = loaded->parameters();
  for (const char* name : {"encoder.rnn.weight_ih_l0_reverse", "bridge.h.weight", "bridge.c.bias",
                           "decoder.rnn.weight_ih_l0", "decoder.attn.linear_in.weight", "decoder.attn.linear_out.weight",
                           "head.weight", "encoder.embed.weight", "decoder.embed.weight"})
    EXPECT_NO_THROW(p.find(name)) << name;
  // Input feeding: the decoder's first layer reads [e; h̃], E + H wide; luong's W_in maps H to M = 2H.
  EXPECT_EQ(p.view(p.find("decoder.rnn.weight_ih_l0")).shape, (std::vector<int64_t>{4 * 5, 4 + 5}));
  EXPECT_EQ(p.view(p.find("decoder.attn.linear_in.weight")).shape, (std::vector<int64_t>{10, 5}));
  const data::S2sBatch b = two_pairs(*m);
  EXPECT_EQ(loaded->evaluate_batch(b).loss, m->evaluate_batch(b).loss);
}

// Keras-style counts of an attention model: the embeddings, the bidirectional encoder (both
// directions), the bridge's two Linear layers, the input-fed decoder, luong's W_in (no bias) and
// W_out (no bias), and the head.
TEST(AttentionCheckpoint, SummaryCountsEveryLayer) {
  testing::TempDir dir;
  auto m = model_of({"", nn::CellKind::lstm, 4, AttentionKind::luong, true, true}, 5, 1);  // V_s 7, V_t 8
  const std::string path = dir / "m.safetensors";
  io::Checkpoint::save(path, m->parameters(), {}, m->metadata());
  const ModelSummary s = summarize_checkpoint(path);
  const int64_t lstm_enc = keras_recurrent_params(nn::CellKind::lstm, 4, 5);
  const int64_t lstm_dec = keras_recurrent_params(nn::CellKind::lstm, 4 + 5, 5);
  const int64_t expected = 7 * 4 + 8 * 4 + 2 * lstm_enc + 2 * (10 * 5 + 5) + lstm_dec + 10 * 5 + 5 * 15 + (5 * 8 + 8);
  EXPECT_EQ(s.keras_total(), expected) << format_summary(s);
  // PyTorch: every recurrent layer has two bias vectors.
  EXPECT_EQ(s.torch_total(), expected + 3 * 4 * 5) << format_summary(s);
  bool bidirectional_row = false;
  for (const auto& r : s.rows) bidirectional_row |= r.type == "Bidirectional(LSTM(5))";
  EXPECT_TRUE(bidirectional_row) << format_summary(s);
}

// Stepping a session reproduces the teacher-forced loss, and select() carries every part of a row's
// state (h, c, the fed-back vector, the source it attends to) to its new position.
TEST(AttentionSession, StepsGiveTheTeacherForcedLossAndSelectMovesWholeRows) {
  auto m = model_of({"", nn::CellKind::lstm, 3, AttentionKind::bahdanau, true, true});
  const data::S2sBatch b = two_pairs(*m);
  const double loss = m->evaluate_batch(b).loss;
  DecoderSession s(*m);
  s.start(m->encode(b.source_len, b.batch, b.source.data()));
  double sum = 0;
  int count = 0;
  const int V = s.vocab_size();
  std::vector<int32_t> tokens(2);
  std::vector<std::vector<float>> per_step;
  for (int t = 0; t < b.target_len; ++t) {
    std::copy_n(b.decoder_input.data() + t * 2, 2, tokens.data());
    const std::span<const float> lp = s.step(tokens);
    per_step.emplace_back(lp.begin(), lp.end());
    for (int n = 0; n < 2; ++n)
      if (const int32_t y = b.decoder_target[t * 2 + n]; y != text::kPadId) sum -= lp[n * V + y], ++count;
  }
  EXPECT_NEAR(sum / count, loss, 1e-5);

  // Rows swapped and the second sentence copied after one step: the next step of each row must be its
  // source row's.
  DecoderSession a(*m), c(*m);
  a.start(m->encode(b.source_len, b.batch, b.source.data()));
  c.start(m->encode(b.source_len, b.batch, b.source.data()));
  const std::vector<int32_t> first(2, text::kBosId);
  a.step(first);
  c.step(first);
  const std::vector<int32_t> order = {1, 0, 1};
  c.select(order);
  const std::vector<int32_t> next = {text::kEosId, 4};
  const std::span<const float> pa = a.step(next);
  const std::vector<float> expected(pa.begin(), pa.end());
  const std::vector<int32_t> next3 = {4, text::kEosId, 4};
  const std::span<const float> pc = c.step(next3);
  for (int r = 0; r < 3; ++r)
    EXPECT_TRUE(all_close(std::span<const float>(pc.data() + r * V, V),
                          std::span<const float>(expected.data() + order[r] * V, V), {.rel = 1e-5, .abs = 1e-6}))
        << "row " << r;
  for (int r = 0; r < 3; ++r) EXPECT_EQ(c.attended(r), a.attended(order[r]));
  EXPECT_THROW(c.select(std::vector<int32_t>{3}), Error);
}

TEST(AttentionSession, AttendedPositionsAreInTheSourcesOwnOrder) {
  // The same weights read forwards and backwards (reverse_source): the attention weights over the bank
  // are mirrored, so the reported source positions must agree.
  auto fwd = model_of({"", nn::CellKind::lstm, 3, AttentionKind::luong, false, false});
  auto rev = model_of({"", nn::CellKind::lstm, 3, AttentionKind::luong, false, true});
  const std::vector<int32_t> abca = letter_ids(fwd->source_vocab(), "abca"), acba = letter_ids(fwd->source_vocab(), "acba");
  DecoderSession f(*fwd), r(*rev);
  f.start(fwd->encode(4, 1, acba.data()));  // what the reversing model's encoder reads for "abca"
  r.start(rev->encode(4, 1, abca.data()));
  const std::vector<int32_t> bos = {text::kBosId};
  f.step(bos);
  r.step(bos);
  EXPECT_EQ(r.attended(0), 3 - f.attended(0));
  auto plain = model_of({"", nn::CellKind::lstm, 0, std::nullopt, false, false});
  DecoderSession p(*plain);
  p.start(plain->encode(4, 1, abca.data()));
  p.step(bos);
  EXPECT_THROW(p.attended(0), Error);
  DecoderSession empty(*fwd);  // an empty source is attended as one <pad>, reported as no position
  empty.start(fwd->encode(0, 1, nullptr));
  empty.step(bos);
  EXPECT_EQ(empty.attended(0), -1);
}

// Every string of 1 to 5 letters over {a, b, c} → the string reversed, with luong attention over a
// bidirectional encoder: learnt through the Trainer to (nearly) every string exact.
TEST(AttentionToy, LearnsToReverseStrings) {
  const std::vector<std::string> sources = lstmkit::testing::abc_strings(5);
  S2sConfig config{{nn::CellKind::lstm, 32, 1, 0.0f}, false, 16};
  config.attention = AttentionKind::luong;
  config.bidirectional = true;
  Seq2Seq model(letter_vocab("abc"), letter_vocab("abc"), config);
  testing::TempDir dir;
  const size_t exact = lstmkit::testing::learn_reversal(model, sources, 8, 2, dir / "run");
  EXPECT_GE(exact, sources.size() * 9 / 10) << exact << " of " << sources.size();
}

}  // namespace
}  // namespace lstmkit::models
