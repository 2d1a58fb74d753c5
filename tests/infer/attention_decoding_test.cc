// Decoding an attention model: the batching contract (a sentence translates the same alone and in a
// batch, greedy and beam), beam search of width 1 as greedy, alignments that point into the source and
// agree between greedy and beam, and the relative length limit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/infer/beam_search.h"
#include "lstmkit/infer/greedy_decoder.h"
#include "lstmkit/infer/translator.h"

namespace lstmkit::infer {
namespace {

text::Vocab letters(const std::string& chars) {
  std::vector<std::string> tokens;
  for (char c : chars) tokens.emplace_back(1, c);
  return text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc);
}

// An untrained attention model with peaked outputs (as beam_search_test.cc's random_model).
std::unique_ptr<models::Seq2Seq> attention_model(nn::AttentionKind kind, bool bidirectional) {
  models::S2sConfig c{{nn::CellKind::lstm, 8, 2, 0.0f}, true, 6};
  c.attention = kind;
  c.bidirectional = bidirectional;
  auto m = std::make_unique<models::Seq2Seq>(letters("abcd"), letters("wxyz"), c);
  Rng rng(3);
  m->initialize(nn::InitScheme::torch, rng);
  for (float& w : m->parameters().values()) w *= 3.0f;
  m->parameters().value(m->parameters().find("head.bias"))[text::kEosId] -= 0.5f;
  m->parameters().mark_updated();
  return m;
}

std::vector<int32_t> encode(const models::Seq2Seq& m, const std::string& s) {
  std::vector<int32_t> out;
  for (char c : s) out.push_back(m.source_vocab().id(std::string(1, c)));
  return out;
}

class AttentionDecoding : public ::testing::TestWithParam<std::pair<nn::AttentionKind, bool>> {};

TEST_P(AttentionDecoding, ASentenceTranslatesTheSameAloneAndInABatch) {
  auto m = attention_model(GetParam().first, GetParam().second);
  const std::vector<std::string> lines = {"abc", "abcdabcdab", "cab", "", "dddd", "abc", "bca", "a"};
  std::vector<std::vector<int32_t>> sources;
  for (const auto& l : lines) sources.push_back(encode(*m, l));
  for (int beam : {1, 3}) {
    TranslateOptions o;
    o.beam = beam;
    o.n_best = beam;
    o.batch = 2;
    o.alignments = true;
    const auto together = translate(*m, sources, o);
    ASSERT_EQ(together.size(), lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      const auto alone = translate(*m, {sources[i]}, o);
      ASSERT_EQ(alone[0].size(), together[i].size()) << lines[i];
      for (size_t k = 0; k < alone[0].size(); ++k) {
        EXPECT_EQ(alone[0][k].tokens, together[i][k].tokens) << "beam " << beam << " '" << lines[i] << "' rank " << k;
        EXPECT_EQ(alone[0][k].alignment, together[i][k].alignment) << "beam " << beam << " '" << lines[i] << "'";
      }
      for (const Hypothesis& h : together[i]) {
        ASSERT_EQ(h.alignment.size(), h.tokens.size());
        for (const int32_t s : h.alignment) {
          if (lines[i].empty()) EXPECT_EQ(s, -1);
          else EXPECT_TRUE(s >= 0 && s < static_cast<int32_t>(lines[i].size())) << s;
        }
      }
    }
    EXPECT_EQ(together[0][0].tokens, together[5][0].tokens);  // the same sentence twice
    EXPECT_GE(together[1][0].tokens.size(), 10u);             // and there is something to compare
  }
}

TEST_P(AttentionDecoding, BeamOfOneIsGreedyWithTheSameAlignment) {
  auto m = attention_model(GetParam().first, GetParam().second);
  const std::vector<int32_t> src = encode(*m, "abcdd");
  const Hypothesis g = greedy_decode(*m, 5, 1, src.data(), 20, 1.0, true)[0];
  const Hypothesis b = beam_search(*m, 5, 1, src.data(), 20, BeamOptions{1, 1.0, 1, true})[0][0];
  EXPECT_EQ(g.tokens, b.tokens);
  EXPECT_EQ(g.alignment, b.alignment);
  EXPECT_NEAR(g.log_prob, b.log_prob, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Kinds, AttentionDecoding,
                         ::testing::Values(std::pair{nn::AttentionKind::luong, true},
                                           std::pair{nn::AttentionKind::bahdanau, false}),
                         [](const auto& info) {
                           return nn::attention_name(info.param.first) + (info.param.second ? "_bidirectional" : "");
                         });

TEST(AttentionDecodingLimits, LengthIsRelativeToTheSourceUnlessAbsolute) {
  TranslateOptions o;
  EXPECT_EQ(max_target_length(o, 5), 25);  // 3 · 5 + 10, as before
  o.max_len_ratio = 1.5;
  o.max_len_add = 2;
  EXPECT_EQ(max_target_length(o, 5), 10);  // ⌈7.5⌉ + 2
  o.max_len = 4;
  EXPECT_EQ(max_target_length(o, 5), 4);
  o.max_len = 0;
  o.max_len_ratio = 0;
  EXPECT_THROW(validate(o), UsageError);
  o.max_len_ratio = 1;
  o.max_len_add = -1;
  EXPECT_THROW(validate(o), UsageError);
  auto plain = std::make_unique<models::Seq2Seq>(letters("ab"), letters("ab"),
                                                 models::S2sConfig{{nn::CellKind::gru, 4, 1, 0.0f}, false});
  TranslateOptions aligned;
  aligned.alignments = true;
  EXPECT_THROW(translate(*plain, {{text::kUnkId}}, aligned), Error);  // no attention to align with
}

}  // namespace
}  // namespace lstmkit::infer
