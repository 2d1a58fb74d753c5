// Learned embeddings in the language model and the translator (`embed` > 0, optionally tied to the
// head): whole-model gradients against finite differences, checkpoints (config, tied copies checked on
// load), configs of one-hot models unchanged, and small tasks learnt through the shared Trainer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/infer/translator.h"
#include "lstmkit/models/language_model.h"
#include "lstmkit/models/lm_task.h"
#include "lstmkit/models/s2s_task.h"
#include "lstmkit/models/seq2seq.h"
#include "lstmkit/models/summary.h"
#include "lstmkit/train/trainer.h"
#include "support/finite_differences.h"
#include "support/reversal_toy.h"
#include "support/temp_dir.h"

namespace lstmkit::models {
namespace {

using lstmkit::testing::letter_ids;
using lstmkit::testing::letter_vocab;

// Central differences of `loss` against `analytic` (the parameters' gradient) at every coordinate of
// the tensors named in `every` and at `sampled` random coordinates of each other tensor.
void expect_finite_differences(nn::Parameters& p, const std::vector<float>& analytic,
                               const std::function<double()>& loss, const std::vector<std::string>& every,
                               int sampled, float eps, double abs) {
  Rng pick(9);
  const auto named = [&](const nn::ParamView& v) { return std::find(every.begin(), every.end(), v.name) != every.end(); };
  testing::expect_gradient(p, analytic, testing::sampled_entries(p, sampled, pick, named), eps,
                           {.rel = 2e-2, .abs = abs}, loss);
}

struct Tying {
  int embed;
  bool tie;
};

std::string tying_name(const ::testing::TestParamInfo<Tying>& info) { return info.param.tie ? "tied" : "untied"; }

class LmEmbedding : public ::testing::TestWithParam<Tying> {};

TEST_P(LmEmbedding, GradientMatchesFiniteDifferences) {
  const text::Vocab vocab = letter_vocab("a quick brown fox");
  LanguageModel model(vocab, LmConfig{{nn::CellKind::lstm, 6, 2, 0.0f}, GetParam().embed, GetParam().tie});
  Rng init(5);
  model.initialize(nn::InitScheme::torch, init);
  const int T = 5, N = 3;  // T ≠ N ≠ E ≠ V; "o" and "u" repeat, so rows get summed gradients
  const std::vector<int32_t> x = letter_ids(vocab, "quick brown fox"), y = letter_ids(vocab, "uick brown foxq");
  nn::Parameters& p = model.parameters();
  p.zero_grads();
  nn::RecurrentState state;
  Rng rng(1);
  const double loss = model.train_batch(T, N, x.data(), y.data(), state, rng).loss;
  const std::vector<float> analytic(p.grads().begin(), p.grads().end());
  auto eval = [&] {
    nn::RecurrentState zero;
    return model.evaluate_batch(T, N, x.data(), y.data(), zero).loss;
  };
  EXPECT_NEAR(eval(), loss, 1e-6);
  expect_finite_differences(p, analytic, eval, {"embed.weight"}, 6, 1e-2f, 2e-3);
  if (GetParam().tie) {  // one tensor under two names: the head's and the embedding's gradient summed
    EXPECT_EQ(p.view(p.find("embed.weight")).offset, p.view(p.find("head.weight")).offset);
  }
}

INSTANTIATE_TEST_SUITE_P(Embed, LmEmbedding, ::testing::Values(Tying{4, false}, Tying{6, true}), tying_name);

class S2sEmbedding : public ::testing::TestWithParam<Tying> {};

TEST_P(S2sEmbedding, GradientMatchesFiniteDifferencesIncludingTheSourceEmbedding) {
  Seq2Seq m(letter_vocab("abc"), letter_vocab("wxyz"),
            S2sConfig{{nn::CellKind::lstm, 5, 2, 0.0f}, true, GetParam().embed, GetParam().tie});
  Rng init(11);
  m.initialize(nn::InitScheme::torch, init);
  // Targets of 2 and 4 tokens: the shorter one's decoder input is padded.
  std::vector<data::IdPair> pairs = {{letter_ids(m.source_vocab(), "abc"), letter_ids(m.target_vocab(), "xy")},
                                     {letter_ids(m.source_vocab(), "caa"), letter_ids(m.target_vocab(), "zwxy")}};
  data::S2sBatch b;
  data::S2sBatches(pairs, 2, 1).fill(0, b);
  nn::Parameters& p = m.parameters();
  p.zero_grads();
  Rng dropout(1);
  m.train_batch(b, dropout);
  const std::vector<float> analytic(p.grads().begin(), p.grads().end());
  expect_finite_differences(p, analytic, [&] { return m.evaluate_batch(b).loss; },
                            {"encoder.embed.weight", "decoder.embed.weight"}, 4, 1e-3f, 5e-4);
  // <pad> is the embeddings' padding row: zero and without gradient (untied).
  if (!GetParam().tie) {
    const nn::ParamId pad = p.find("decoder.embed.weight");
    for (int e = 0; e < GetParam().embed; ++e) {
      EXPECT_EQ(p.value(pad)[e], 0.0f);
      EXPECT_EQ(p.grad(pad)[e], 0.0f);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Embed, S2sEmbedding, ::testing::Values(Tying{3, false}, Tying{5, true}), tying_name);

TEST(EmbeddingConfig, IsStoredOnlyWhenUsedAndReadBack) {
  const StackConfig stack{nn::CellKind::gru, 4, 1, 0.0f};
  const nlohmann::json plain = nlohmann::json::parse(lm_config_json(LmConfig{stack}, 9));
  EXPECT_FALSE(plain.contains("embed"));
  EXPECT_FALSE(plain.contains("tie_embeddings"));
  EXPECT_EQ(lm_config_from_json(plain.dump(), "m").embed, 0);
  const std::string tied = s2s_config_json(S2sConfig{stack, false, 4, true}, 5, 6);
  const S2sConfig back = s2s_config_from_json(tied, "m");
  EXPECT_EQ(back.embed, 4);
  EXPECT_TRUE(back.tie_embeddings);
  EXPECT_THROW(lm_config_from_json(R"({"cell":"gru","hidden":4,"layers":1,"dropout":0,"embed":-1})", "m"), Error);
}

TEST(EmbeddingConfig, TyingNeedsAnEmbeddingAsWideAsTheHiddenLayer) {
  const StackConfig stack{nn::CellKind::lstm, 8, 1, 0.0f};
  for (int embed : {0, 4}) {
    EXPECT_THROW(LanguageModel::parameter_shapes(LmConfig{stack, embed, true}, 10), Error);
    EXPECT_THROW(Seq2Seq::parameter_shapes(S2sConfig{stack, false, embed, true}, 10, 10), Error);
  }
  EXPECT_NO_THROW(LanguageModel::parameter_shapes(LmConfig{stack, 8, true}, 10));
  EXPECT_THROW(LanguageModel(letter_vocab("ab"), LmConfig{stack, 4, true}), Error);
  EXPECT_THROW(Seq2Seq(letter_vocab("ab"), letter_vocab("ab"), S2sConfig{stack, false, 4, true}), Error);
}

class EmbeddingCheckpoint : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(EmbeddingCheckpoint, TiedTableIsStoredUnderBothNamesAndCheckedOnLoad) {
  const LmConfig tied{{nn::CellKind::lstm, 6, 1, 0.0f}, 6, true};
  LanguageModel model(letter_vocab("abcdef"), tied);
  Rng rng(2);
  model.initialize(nn::InitScheme::keras, rng);
  const std::string path = dir_ / "tied.safetensors";
  io::Checkpoint::save(path, model.parameters(), {}, model.metadata());
  auto loaded = LanguageModel::load(path);
  EXPECT_TRUE(loaded->config().tie_embeddings);
  EXPECT_EQ(loaded->config().embed, 6);
  ASSERT_EQ(loaded->parameters().size(), model.parameters().size());
  EXPECT_EQ(std::memcmp(loaded->parameters().values().data(), model.parameters().values().data(),
                        model.parameters().size() * sizeof(float)),
            0);

  // The same tensor names with different values (an untied model of the same shapes) under a tied
  // config: refused, not silently one of the two.
  LanguageModel untied(letter_vocab("abcdef"), LmConfig{tied, 6, false});
  untied.initialize(nn::InitScheme::keras, rng);
  const std::string altered = dir_ / "altered.safetensors";
  io::Checkpoint::save(altered, untied.parameters(), {}, model.metadata());
  try {
    LanguageModel::load(altered);
    ADD_FAILURE() << "a tied model with different copies loaded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("tied"), std::string::npos) << e.what();
  }
}

TEST_F(EmbeddingCheckpoint, S2sRoundTripKeepsTheLossExactly) {
  Seq2Seq m(letter_vocab("abc"), letter_vocab("wxyz"), S2sConfig{{nn::CellKind::gru, 5, 1, 0.0f}, true, 3, false});
  Rng rng(3);
  m.initialize(nn::InitScheme::torch, rng);
  const std::string path = dir_ / "s2s.safetensors";
  io::Checkpoint::save(path, m.parameters(), {}, m.metadata());
  auto loaded = Seq2Seq::load(path);
  EXPECT_EQ(loaded->config().embed, 3);
  std::vector<data::IdPair> pairs = {{letter_ids(m.source_vocab(), "ab"), letter_ids(m.target_vocab(), "zw")}};
  data::S2sBatch b;
  data::S2sBatches(pairs, 1, 1).fill(0, b);
  EXPECT_EQ(loaded->evaluate_batch(b).loss, m.evaluate_batch(b).loss);
}

// Keras' Embedding(V, E) has V·E parameters; a tied table is counted once, in the head.
TEST_F(EmbeddingCheckpoint, SummaryCountsEmbeddingsAsKerasDoes) {
  const StackConfig stack{nn::CellKind::lstm, 6, 1, 0.0f};
  for (const bool tie : {false, true}) {
    Seq2Seq m(letter_vocab("abc"), letter_vocab("wxyz"), S2sConfig{stack, false, 6, tie});  // V_s 7, V_t 8
    const std::string path = dir_ / "m.safetensors";
    io::Checkpoint::save(path, m.parameters(), {}, m.metadata());
    const ModelSummary s = summarize_checkpoint(path);
    ASSERT_EQ(s.rows.size(), 5u);
    EXPECT_EQ(s.rows[0].name, "encoder.embed");
    EXPECT_EQ(s.rows[0].type, "Embedding(7, 6)");
    EXPECT_EQ(s.rows[0].keras_params, 7 * 6);
    EXPECT_EQ(s.rows[1].name, "decoder.embed");
    EXPECT_EQ(s.rows[1].keras_params, tie ? 0 : 8 * 6);
    EXPECT_EQ(s.rows[2].keras_params, keras_recurrent_params(nn::CellKind::lstm, 6, 6));  // encoder reads E
    EXPECT_EQ(s.rows[4].name, "head");
    EXPECT_EQ(s.keras_total(), 7 * 6 + (tie ? 0 : 8 * 6) + 2 * keras_recurrent_params(nn::CellKind::lstm, 6, 6) +
                                   6 * 8 + 8);
  }
  LanguageModel lm(letter_vocab("abcdef"), LmConfig{stack, 3, false});  // V 10
  const std::string path = dir_ / "lm.safetensors";
  io::Checkpoint::save(path, lm.parameters(), {}, lm.metadata());
  const ModelSummary s = summarize_checkpoint(path);
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0].name, "embed");
  EXPECT_EQ(s.rows[0].keras_params, 30);
  EXPECT_EQ(s.rows[0].output_shape, "(None, None, 3)");
}

// The toy of seq2seq_test.cc (every string of 1–4 letters over {a, b, c}, reversed) with embeddings of
// 16, untied and tied (E = H): learnt through the Trainer, checked by greedy translation.
TEST(EmbeddingToy, S2sLearnsToReverseStrings) {
  const std::vector<std::string> sources = lstmkit::testing::abc_strings(4);
  for (const Tying tying : {Tying{16, false}, Tying{64, true}}) {
    Seq2Seq model(letter_vocab("abc"), letter_vocab("abc"),
                  S2sConfig{{nn::CellKind::lstm, 64, 1, 0.0f}, false, tying.embed, tying.tie});
    testing::TempDir dir;
    EXPECT_GE(lstmkit::testing::learn_reversal(model, sources, 30, 1, dir / "run"), 114u)
        << "embed " << tying.embed << (tying.tie ? " tied" : "");
    // The trainer's checkpoints load (a tied table's two copies agree in them).
    EXPECT_NO_THROW(Seq2Seq::load(train::last_model_path(dir / "run")));
  }
}

}  // namespace
}  // namespace lstmkit::models
