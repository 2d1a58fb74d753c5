#include "lstmkit/models/language_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "lstmkit/error.h"
#include "lstmkit/infer/lm_generator.h"
#include "lstmkit/models/lm_task.h"
#include "lstmkit/text/tokenizer.h"
#include "lstmkit/train/trainer.h"
#include "support/finite_differences.h"
#include "support/temp_dir.h"

namespace lstmkit::models {

namespace fs = std::filesystem;

namespace {

struct Corpus {
  text::Vocab vocab;
  std::vector<std::string> tokens;  // [T]
  std::vector<int> ids;             // [T]
};

Corpus corpus(const std::string& text, text::Unit unit) {
  Corpus c;
  c.tokens = text::Tokenizer(unit, text::Normalization::nfc).tokenize(text);
  c.vocab = text::Vocab::build(text::TokenCounts(c.tokens), unit, text::Normalization::nfc);
  c.ids = c.vocab.encode(c.tokens);
  return c;
}

std::string repeat(const std::string& s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

std::unique_ptr<LanguageModel> make_model(const text::Vocab& vocab, LmConfig config, uint64_t seed = 1) {
  auto model = std::make_unique<LanguageModel>(vocab, config);
  Rng rng(seed);
  model->initialize(nn::InitScheme::keras, rng);
  return model;
}

// The shared training loop with Adam, no validation split; returns the run's result.
train::TrainResult train_on(LanguageModel& model, const std::vector<int>& ids, int epochs, const fs::path& out,
                            size_t batch, size_t seq_len, double lr = 1e-2) {
  LmTask task(model, ids, {}, batch, seq_len);
  train::TrainerOptions o;
  o.out = out;
  o.epochs = epochs;
  o.optimizer.lr = o.schedule.lr = lr;
  train::SilentReporter silent;
  return train::Trainer(task, o, silent).run();
}

// `length` tokens after `prime`, specials banned as `lstmkit sample` bans them.
std::string generate(LanguageModel& model, const std::string& prime, int64_t length, bool greedy,
                     uint64_t seed, std::vector<std::string>* tokens = nullptr) {
  infer::SamplerOptions o;
  o.greedy = greedy;
  o.banned = {text::kPadId, text::kUnkId, text::kBosId, text::kEosId};
  infer::LmGenerator generator(model, o);
  Rng rng(seed);
  std::string out;
  generator.generate(infer::prime_ids(model.vocab(), prime).ids, length, rng, [&](const std::string& t) {
    out += t;
    if (tokens) tokens->push_back(t);
  });
  return out;
}

// Central differences of `loss` (step 1e-2) at about `samples` weights of every tensor against `grad`.
template <typename Loss>
void expect_gradient_of(Loss loss, nn::Parameters& p, const std::vector<float>& grad, size_t samples) {
  const float eps = 1e-2f;
  for (const nn::ParamView& v : p.views()) {
    for (size_t k = 0; k < v.size; k += std::max<size_t>(1, v.size / samples)) {
      const double numeric = testing::central_difference(p, v.offset + k, eps, loss);
      EXPECT_NEAR(grad[v.offset + k], numeric, 2e-3 + 2e-2 * std::abs(numeric)) << v.name << "[" << k << "]";
    }
  }
}

class LanguageModelTest : public ::testing::Test {
 protected:
  lstmkit::testing::TempDir tmp_;
  const fs::path dir_ = tmp_.path();
};

}  // namespace

TEST_F(LanguageModelTest, LearnsARepeatedLineUntilGreedySamplingReproducesIt) {
  const Corpus c = corpus(repeat("hello world\n", 200), text::Unit::grapheme);
  auto model = make_model(c.vocab, {nn::CellKind::lstm, 32, 1, 0.0f});
  const train::TrainResult r = train_on(*model, c.ids, 8, dir_, 8, 24);
  ASSERT_EQ(r.outcome, train::TrainOutcome::finished);
  EXPECT_LT(*r.last_train_loss, 0.1);

  // The best checkpoint, loaded as `lstmkit sample` loads it, continues the pattern exactly.
  auto loaded = LanguageModel::load(train::best_model_path(dir_));
  EXPECT_EQ(generate(*loaded, "hello", 31, true, 1), " world\nhello world\nhello world\n");
  EXPECT_EQ(generate(*loaded, "hello world\nhel", 14, true, 1), "lo world\nhello");
}

// "abcabd": after "ab" comes c or d depending on the token three back, so the state must carry it.
TEST_F(LanguageModelTest, TwoLayersLearnAPatternThatNeedsMemory) {
  const Corpus c = corpus(repeat("abcabd", 300), text::Unit::grapheme);
  auto model = make_model(c.vocab, {nn::CellKind::lstm, 24, 2, 0.0f});
  EXPECT_LT(*train_on(*model, c.ids, 14, dir_, 8, 24, 2e-2).last_train_loss, 0.05);
  EXPECT_EQ(generate(*model, "abcab", 19, true, 1), "dabcabdabcabdabcabd");
}

TEST_F(LanguageModelTest, WordLevelVocabRoundTripsAndSamplesVocabularyWords) {
  const std::string text = repeat("the cat sat on the mat.\nthe dog sat on the log, said the cat.\n", 30);
  const Corpus c = corpus(text, text::Unit::word);
  EXPECT_EQ(c.vocab.decode(c.ids), text);
  EXPECT_TRUE(c.vocab.contains("cat"));
  EXPECT_TRUE(c.vocab.contains(" "));
  EXPECT_FALSE(c.vocab.contains("c"));  // words, not characters

  auto model = make_model(c.vocab, {nn::CellKind::gru, 16, 1, 0.0f});
  ASSERT_EQ(train_on(*model, c.ids, 2, dir_, 4, 12).outcome, train::TrainOutcome::finished);
  auto loaded = LanguageModel::load(train::best_model_path(dir_));
  EXPECT_EQ(loaded->vocab().unit(), text::Unit::word);
  EXPECT_EQ(loaded->vocab().tokens(), c.vocab.tokens());

  std::vector<std::string> tokens;
  generate(*loaded, "the dog", 40, false, 7, &tokens);
  ASSERT_EQ(tokens.size(), 40u);
  for (const std::string& t : tokens) {
    const int id = loaded->vocab().id(t);
    EXPECT_GE(id, text::kSpecialCount) << "'" << t << "' is not a word of the vocabulary";
  }
}

TEST_F(LanguageModelTest, CheckpointRoundTripsConfigVocabAndExactWeights) {
  const Corpus c = corpus("時系列データの予測。한국어 😀\n", text::Unit::grapheme);
  auto model = make_model(c.vocab, {nn::CellKind::gru, 12, 2, 0.25f}, 3);
  io::Checkpoint::save(dir_ / "m.safetensors", model->parameters(), {}, model->metadata());
  auto loaded = LanguageModel::load(dir_ / "m.safetensors");
  EXPECT_EQ(loaded->config().cell, nn::CellKind::gru);
  EXPECT_EQ(loaded->config().hidden, 12);
  EXPECT_EQ(loaded->config().layers, 2);
  EXPECT_EQ(loaded->config().dropout, 0.25f);
  EXPECT_EQ(loaded->vocab().tokens(), c.vocab.tokens());
  ASSERT_EQ(loaded->parameters().size(), model->parameters().size());
  EXPECT_EQ(std::memcmp(loaded->parameters().values().data(), model->parameters().values().data(),
                        model->parameters().size() * sizeof(float)),
            0);

  io::Metadata other = model->metadata();
  other["kind"] = "ts";
  io::Checkpoint::save(dir_ / "ts.safetensors", model->parameters(), {}, other);
  EXPECT_THROW(LanguageModel::load(dir_ / "ts.safetensors"), Error);
}

// train_batch's gradient is that of the mean cross-entropy it returns: central differences of
// evaluate_batch (the same forward, without dropout) on a sample of coordinates of every tensor.
TEST_F(LanguageModelTest, GradientMatchesFiniteDifferencesOfTheMeanLoss) {
  const Corpus c = corpus("a quick brown fox", text::Unit::grapheme);
  auto model = make_model(c.vocab, {nn::CellKind::lstm, 6, 2, 0.0f}, 5);
  const int T = 5, N = 3;  // T ≠ N ≠ H ≠ V
  std::vector<int32_t> ids(T * N), targets(T * N);
  for (int i = 0; i < T * N; ++i) {
    ids[i] = c.ids[i % c.ids.size()];
    targets[i] = c.ids[(i + 1) % c.ids.size()];
  }
  nn::Parameters& p = model->parameters();
  p.zero_grads();
  nn::RecurrentState state;
  Rng rng(1);
  const double loss = model->train_batch(T, N, ids.data(), targets.data(), state, rng).loss;
  const std::vector<float> grad(p.grads().begin(), p.grads().end());
  auto eval = [&] {
    nn::RecurrentState zero;
    return model->evaluate_batch(T, N, ids.data(), targets.data(), zero).loss;
  };
  EXPECT_NEAR(eval(), loss, 1e-6);

  expect_gradient_of(eval, p, grad, 7);
}

// The smoothing used to be stored and never applied: train_batch's loss and gradient were plain cross-entropy.
TEST_F(LanguageModelTest, LabelSmoothingTrainsOnTheSmoothedLossAndItsGradient) {
  const Corpus c = corpus("a quick brown fox", text::Unit::grapheme);
  auto model = make_model(c.vocab, {nn::CellKind::lstm, 6, 1, 0.0f}, 3);
  const float epsilon = 0.2f;
  model->set_label_smoothing(epsilon);
  const int T = 4, N = 3, V = c.vocab.size();
  std::vector<int32_t> ids(T * N), targets(T * N);
  for (int i = 0; i < T * N; ++i) {
    ids[i] = c.ids[i % c.ids.size()];
    targets[i] = c.ids[(i + 2) % c.ids.size()];
  }
  // The reference: the model's logits scored by the smoothed loss.
  auto smoothed = [&] {
    nn::RecurrentState zero;
    std::vector<float> logits(static_cast<size_t>(T) * N * V), dlogits(logits.size());
    model->forward_logits(T, N, ids.data(), zero, logits.data());
    return nn::softmax_cross_entropy(T * N, V, logits.data(), targets.data(), dlogits.data(), -1, epsilon).loss;
  };
  nn::Parameters& p = model->parameters();
  p.zero_grads();
  nn::RecurrentState state;
  Rng rng(1);
  const double loss = model->train_batch(T, N, ids.data(), targets.data(), state, rng).loss;
  const std::vector<float> grad(p.grads().begin(), p.grads().end());
  EXPECT_NEAR(loss, smoothed(), 1e-6);
  nn::RecurrentState zero;
  EXPECT_GT(std::abs(loss - model->evaluate_batch(T, N, ids.data(), targets.data(), zero).loss), 1e-3)
      << "validation stays plain cross-entropy";
  expect_gradient_of(smoothed, p, grad, 5);
}

TEST_F(LanguageModelTest, TrainBatchAddsIntoTheGradients) {
  const Corpus c = corpus("abcdefabcdef", text::Unit::grapheme);
  auto model = make_model(c.vocab, {nn::CellKind::lstm, 8, 1, 0.0f});
  const std::vector<int32_t> ids = {4, 5, 6, 7, 8, 9}, targets = {5, 6, 7, 8, 9, 4};  // [T 3, N 2]
  nn::Parameters& p = model->parameters();
  p.zero_grads();
  Rng rng(1);
  nn::RecurrentState s1, s2;
  model->train_batch(3, 2, ids.data(), targets.data(), s1, rng);
  const std::vector<float> once(p.grads().begin(), p.grads().end());
  model->train_batch(3, 2, ids.data(), targets.data(), s2, rng);
  for (size_t i = 0; i < once.size(); ++i)
    ASSERT_NEAR(p.grads()[i], 2.0f * once[i], 1e-6f * (1.0f + std::abs(once[i]))) << "at " << i;
  EXPECT_EQ(s1.h, s2.h);  // the final state comes back through `state`
  EXPECT_EQ(s1.h.size(), 2u * 8u);
}

TEST_F(LanguageModelTest, CarriedStateOfTheWrongBatchSizeIsRefused) {
  const Corpus c = corpus(repeat("abcdef", 20), text::Unit::grapheme);
  auto model = make_model(c.vocab, {nn::CellKind::lstm, 8, 2, 0.0f});
  LmTask task(*model, c.ids, {}, 4, 5);
  const std::vector<io::Tensor> wrong = {{"state.h", {2, 3, 8}, std::vector<float>(2 * 3 * 8)}};
  EXPECT_THROW(task.restore_carried_state(wrong, "last.safetensors"), Error);
}

}  // namespace lstmkit::models
