#include "lstmkit/infer/lm_generator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "lstmkit/error.h"
#include "lstmkit/infer/lm_evaluation.h"
#include "lstmkit/models/lm_task.h"
#include "lstmkit/text/tokenizer.h"
#include "lstmkit/text/utf8_reader.h"
#include "lstmkit/train/trainer.h"
#include "support/temp_dir.h"

namespace lstmkit::infer {

namespace fs = std::filesystem;

namespace {

// Japanese, Korean and emoji, among them multi-code-point graphemes (a skin tone, a ZWJ family).
std::string cjk_text() {
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += "時系列データの予測。";
    text += i % 3 == 0 ? "한국어 문장입니다 😀\n" : i % 3 == 1 ? "明日の天気を予測する 👍🏽\n" : "家族 👨‍👩‍👧 と時系列\n";
  }
  return text;
}

struct Trained {
  std::unique_ptr<models::LanguageModel> model;
  std::vector<int> ids;  // the text's ids [T]
};

// A character LM (LSTM 2 × 16) trained for `epochs` on `text` (0: the initial random weights).
Trained train_on(const std::string& text, int epochs, const fs::path& out) {
  const auto tokens = text::Tokenizer(text::Unit::grapheme, text::Normalization::nfc).tokenize(text);
  text::Vocab vocab = text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc);
  Trained t;
  t.ids = vocab.encode(tokens);
  t.model = std::make_unique<models::LanguageModel>(std::move(vocab), models::LmConfig{nn::CellKind::lstm, 16, 2, 0.0f});
  Rng rng(4);
  t.model->initialize(nn::InitScheme::keras, rng);
  if (epochs > 0) {
    models::LmTask task(*t.model, t.ids, {}, 4, 16);
    train::TrainerOptions o;
    o.out = out;
    o.epochs = epochs;
    o.optimizer.lr = o.schedule.lr = 1e-2;
    train::SilentReporter silent;
    train::Trainer(task, o, silent).run();
  }
  return t;
}

SamplerOptions sampling(bool greedy = false) {
  SamplerOptions o;
  o.greedy = greedy;
  o.banned = {text::kPadId, text::kUnkId, text::kBosId, text::kEosId};
  return o;
}

std::vector<std::string> generate(models::LanguageModel& model, const SamplerOptions& o, const std::string& prime,
                                  int64_t length, uint64_t seed) {
  LmGenerator generator(model, o);
  Rng rng(seed);
  std::vector<std::string> out;
  generator.generate(prime_ids(model.vocab(), prime).ids, length, rng,
                     [&](const std::string& token) { out.push_back(token); });
  return out;
}

std::string joined(const std::vector<std::string>& tokens) {
  std::string s;
  for (const auto& t : tokens) s += t;
  return s;
}

class LmGeneratorTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

}  // namespace

TEST_F(LmGeneratorTest, SameSeedSameTextOtherSeedOtherText) {
  Trained t = train_on(cjk_text(), 0, dir_.path());
  const auto a = generate(*t.model, sampling(), "時系列", 60, 17);
  EXPECT_EQ(generate(*t.model, sampling(), "時系列", 60, 17), a);
  EXPECT_NE(generate(*t.model, sampling(), "時系列", 60, 18), a);
}

TEST_F(LmGeneratorTest, JapaneseKoreanAndEmojiSamplesAreValidUtf8MadeOfVocabularyTokens) {
  Trained t = train_on(cjk_text(), 2, dir_.path());
  SamplerOptions hot = sampling();
  hot.temperature = 1.5;  // reach rare tokens too
  for (const uint64_t seed : {1, 2, 3}) {
    const auto tokens = generate(*t.model, hot, "時系列データの", 150, seed);
    ASSERT_EQ(tokens.size(), 150u);
    for (const auto& token : tokens) EXPECT_GE(t.model->vocab().id(token), text::kSpecialCount) << token;
    const std::string out = joined(tokens);
    EXPECT_EQ(text::find_invalid_utf8(out), std::string_view::npos) << out;
    EXPECT_NO_THROW(text::decode_utf8(out, "sample"));
    // Every prefix at a token boundary is valid UTF-8 too, so a streamed sample is never torn.
    std::string prefix;
    for (const auto& token : tokens) {
      prefix += token;
      ASSERT_EQ(text::find_invalid_utf8(prefix), std::string_view::npos);
    }
  }
  EXPECT_TRUE(t.model->vocab().contains("👨‍👩‍👧"));  // a ZWJ sequence is one token
  EXPECT_TRUE(t.model->vocab().contains("👍🏽"));
}

// Greedy generation carries the state token by token; the same tokens fed as one sequence from a zero
// state must make each generated token the (unbanned) argmax of the logits before it.
TEST_F(LmGeneratorTest, GreedyTokensAreTheArgmaxOfTheWholeSequenceFedAtOnce) {
  Trained t = train_on(cjk_text(), 0, dir_.path());
  models::LanguageModel& m = *t.model;
  const auto tokens = generate(m, sampling(true), "予測", 20, 1);
  std::vector<int32_t> seq = prime_ids(m.vocab(), "予測").ids;
  const size_t primed = seq.size();
  for (const auto& token : tokens) seq.push_back(m.vocab().id(token));
  const int V = m.vocab_size(), T = static_cast<int>(seq.size()) - 1;
  std::vector<float> logits(static_cast<size_t>(T) * V);
  nn::RecurrentState state;
  m.forward_logits(T, 1, seq.data(), state, logits.data());
  for (int t_ = static_cast<int>(primed) - 1; t_ < T; ++t_) {
    const float* row = logits.data() + static_cast<size_t>(t_) * V;
    int best = text::kSpecialCount;
    for (int v = text::kSpecialCount; v < V; ++v)
      if (row[v] > row[best]) best = v;
    EXPECT_EQ(seq[t_ + 1], best) << "step " << t_;
  }
}

TEST_F(LmGeneratorTest, PrimeIdsListUnknownTokensOnceAndReadThemAsUnk) {
  Trained t = train_on(cjk_text(), 0, dir_.path());
  const text::Vocab& v = t.model->vocab();
  const PrimeIds p = prime_ids(v, "時xy系x");
  EXPECT_EQ(p.ids, (std::vector<int32_t>{v.id("時"), text::kUnkId, text::kUnkId, v.id("系"), text::kUnkId}));
  EXPECT_EQ(p.unknown, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(prime_ids(v, "時系列").unknown.empty());
  // The prime is normalised as the vocabulary was: decomposed デ (テ + U+3099) is the token デ.
  ASSERT_TRUE(v.contains("デ"));
  EXPECT_EQ(prime_ids(v, "\u30C6\u3099").ids, (std::vector<int32_t>{v.id("デ")}));
  // No prime: text "begins" after a line end.
  EXPECT_EQ(prime_ids(v, "").ids, (std::vector<int32_t>{v.id("\n")}));
  // An <unk> prime still generates: the model reads it like any other id.
  EXPECT_EQ(generate(*t.model, sampling(), "xyz", 5, 1).size(), 5u);
}

TEST_F(LmGeneratorTest, NothingToGenerateOrNothingToStartFrom) {
  Trained t = train_on(cjk_text(), 0, dir_.path());
  LmGenerator generator(*t.model, sampling());
  Rng rng(1);
  int emitted = 0;
  generator.generate({t.model->vocab().id("時")}, 0, rng, [&](const std::string&) { ++emitted; });
  EXPECT_EQ(emitted, 0);
  EXPECT_THROW(generator.generate({}, 5, rng, [&](const std::string&) { ++emitted; }), Error);
  EXPECT_EQ(emitted, 0);
}

// The hand loop: one token at a time from a zero state, −log softmax(logits)[next] in double.
TEST_F(LmGeneratorTest, EvaluateStreamIsChunkInvariantAndEqualsAStepByStepLoop) {
  Trained t = train_on(cjk_text(), 1, dir_.path());
  models::LanguageModel& m = *t.model;
  const std::vector<int32_t> ids(t.ids.begin(), t.ids.begin() + 300);
  const int V = m.vocab_size();
  nn::RecurrentState state;
  std::vector<float> logits(static_cast<size_t>(V));
  double sum = 0;
  for (size_t i = 0; i + 1 < ids.size(); ++i) {
    m.forward_logits(1, 1, &ids[i], state, logits.data());
    double max = logits[0], z = 0;
    for (float l : logits) max = std::max<double>(max, l);
    for (float l : logits) z += std::exp(l - max);
    sum -= logits[static_cast<size_t>(ids[i + 1])] - max - std::log(z);
  }
  const double expected = sum / static_cast<double>(ids.size() - 1);

  for (const int chunk : {1, 7, 256, 1000}) {
    const LmScore s = evaluate_stream(m, ids, chunk);
    EXPECT_EQ(s.tokens, 299) << "chunk " << chunk;
    EXPECT_NEAR(s.nats, expected, 1e-6) << "chunk " << chunk;
    EXPECT_NEAR(s.bits(), s.nats / std::numbers::ln2, 1e-12);
    EXPECT_NEAR(s.perplexity(), std::exp(s.nats), 1e-9);
  }
  EXPECT_LT(expected, std::log(static_cast<double>(V)));  // one epoch beats guessing
}

TEST_F(LmGeneratorTest, EvaluateStreamRejectsTooFewTokensAndEmptyChunks) {
  Trained t = train_on(cjk_text(), 0, dir_.path());
  EXPECT_THROW(evaluate_stream(*t.model, {5}), Error);
  const std::vector<int32_t> ids(t.ids.begin(), t.ids.begin() + 10);
  EXPECT_THROW(evaluate_stream(*t.model, ids, 0), Error);
}

}  // namespace lstmkit::infer
