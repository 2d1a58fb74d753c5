// Decoding: beam search against an exhaustive search on a tiny vocabulary, K = 1 against greedy, length
// normalisation, and the batching contract — a sentence decodes to the same output alone and inside a
// batch with sentences of other lengths, in input order.
#include "lstmkit/infer/beam_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/infer/greedy_decoder.h"
#include "lstmkit/infer/translator.h"

namespace lstmkit::infer {
namespace {

text::Vocab letters(const std::string& chars) {
  std::vector<std::string> tokens;
  for (char c : chars) tokens.emplace_back(1, c);
  return text::Vocab::build(text::TokenCounts(tokens), text::Unit::grapheme, text::Normalization::nfc);
}

// An untrained model: its outputs are arbitrary but deterministic, which is all decoding tests need.
std::unique_ptr<models::Seq2Seq> random_model(uint64_t seed = 3) {
  auto m = std::make_unique<models::Seq2Seq>(letters("abcd"), letters("wxyz"),
                                             models::S2sConfig{{nn::CellKind::lstm, 8, 2, 0.0f}, false});
  Rng rng(seed);
  m->initialize(nn::InitScheme::torch, rng);
  // Larger weights than PyTorch's ±1/√H make the output distributions peaked, as in a trained model.
  for (float& w : m->parameters().values()) w *= 3.0f;
  // … and a lower bias on </s> makes the outputs long, so there is something to compare.
  m->parameters().value(m->parameters().find("head.bias"))[text::kEosId] -= 0.5f;
  m->parameters().mark_updated();
  return m;
}

std::vector<int32_t> encode(const models::Seq2Seq& m, const std::string& s) {
  std::vector<int32_t> out;
  for (char c : s) out.push_back(m.source_vocab().id(std::string(1, c)));
  return out;
}

// Log-probability of `tokens` (then </s> if `finished`) for one source, one step at a time.
double sequence_log_prob(models::Seq2Seq& m, const std::vector<int32_t>& source, const std::vector<int32_t>& tokens,
                         bool finished) {
  models::DecoderSession d(m);
  d.start(m.encode(static_cast<int>(source.size()), 1, source.data()));
  std::vector<int32_t> previous = {text::kBosId};
  double sum = 0;
  for (size_t t = 0; t <= tokens.size(); ++t) {
    if (t == tokens.size() && !finished) break;
    const int32_t next = t < tokens.size() ? tokens[t] : text::kEosId;
    sum += d.step(previous)[next];
    previous = {next};
  }
  return sum;
}

TEST(BeamSearch, WideBeamFindsTheExhaustiveBest) {
  // Emitted ids: <unk>, </s>, w, x, y, z. With max_len 3 there are 1 + 5 + 25 finished sequences and 125
  // cut at the limit; K = 160 keeps them all, so the n-best list must be the exhaustive ranking.
  auto m = random_model();
  const std::vector<int32_t> source = encode(*m, "abd");
  const double alpha = 0.5;
  std::vector<Hypothesis> all;
  std::vector<int32_t> emitted = {text::kUnkId};
  for (const char* t : {"w", "x", "y", "z"}) emitted.push_back(m->target_vocab().id(t));
  std::vector<std::vector<int32_t>> prefixes = {{}};
  for (int length = 0; length <= 3; ++length) {
    std::vector<std::vector<int32_t>> longer;
    for (const auto& p : prefixes) {
      if (length < 3) {
        const double lp = sequence_log_prob(*m, source, p, true);
        all.push_back({p, lp, normalized_score(lp, p.size() + 1, alpha), true});
        for (int32_t v : emitted) {
          longer.push_back(p);
          longer.back().push_back(v);
        }
      } else {
        const double lp = sequence_log_prob(*m, source, p, false);
        all.push_back({p, lp, normalized_score(lp, p.size(), alpha), false});
      }
    }
    if (length < 3) prefixes = std::move(longer);
  }
  ASSERT_EQ(all.size(), 31u + 125u);
  std::stable_sort(all.begin(), all.end(), [](const Hypothesis& a, const Hypothesis& b) { return a.score > b.score; });

  const auto beam = beam_search(*m, 3, 1, source.data(), 3, BeamOptions{160, alpha, 10});
  ASSERT_EQ(beam.size(), 1u);
  ASSERT_EQ(beam[0].size(), 10u);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(beam[0][i].tokens, all[i].tokens) << "rank " << i;
    EXPECT_EQ(beam[0][i].finished, all[i].finished) << "rank " << i;
    EXPECT_NEAR(beam[0][i].score, all[i].score, 1e-4) << "rank " << i;
  }
}

TEST(BeamSearch, BeamOfOneIsGreedy) {
  auto m = random_model(7);
  const std::vector<std::string> sentences = {"abca", "dcba", "aaaa", "bdbd"};
  std::vector<int32_t> batch(4 * 4);
  for (int b = 0; b < 4; ++b)
    for (int t = 0; t < 4; ++t) batch[t * 4 + b] = encode(*m, sentences[b])[t];
  const auto greedy = greedy_decode(*m, 4, 4, batch.data(), 12, 1.0);
  const auto beam = beam_search(*m, 4, 4, batch.data(), 12, BeamOptions{1, 1.0, 1});
  for (int b = 0; b < 4; ++b) {
    ASSERT_EQ(beam[b].size(), 1u);
    EXPECT_EQ(beam[b][0].tokens, greedy[b].tokens) << sentences[b];
    EXPECT_EQ(beam[b][0].finished, greedy[b].finished);
    EXPECT_NEAR(beam[b][0].log_prob, greedy[b].log_prob, 1e-9);
  }
}

TEST(BeamSearch, ScoresAreLengthNormalisedAndSorted) {
  auto m = random_model(5);
  const std::vector<int32_t> source = encode(*m, "cab");
  for (double alpha : {0.0, 1.0, 2.0}) {
    const auto hyps = beam_search(*m, 3, 1, source.data(), 8, BeamOptions{4, alpha, 4})[0];
    ASSERT_EQ(hyps.size(), 4u);
    for (size_t i = 0; i < hyps.size(); ++i) {
      const size_t length = hyps[i].tokens.size() + (hyps[i].finished ? 1 : 0);
      EXPECT_DOUBLE_EQ(hyps[i].score, hyps[i].log_prob / std::pow(static_cast<double>(length), alpha));
      EXPECT_NEAR(hyps[i].log_prob, sequence_log_prob(*m, source, hyps[i].tokens, hyps[i].finished), 1e-4);
      if (i > 0) {
        EXPECT_GE(hyps[i - 1].score, hyps[i].score);
      }
    }
  }
}

TEST(Translate, ASentenceDecodesTheSameAloneAndInABatchWithOtherLengths) {
  auto m = random_model(9);
  const std::vector<std::string> lines = {"abc", "abcdabcdab", "cab", "", "dddd", "abc", "bca", "a"};
  std::vector<std::vector<int32_t>> sources;
  for (const auto& l : lines) sources.push_back(encode(*m, l));
  for (int beam : {1, 3}) {
    TranslateOptions o;
    o.beam = beam;
    o.n_best = beam;
    o.batch = 2;  // "abc", "cab", "abc", "bca" take two batches of their length
    const auto together = translate(*m, sources, o);
    ASSERT_EQ(together.size(), lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      const auto alone = translate(*m, {sources[i]}, o);
      ASSERT_EQ(alone[0].size(), together[i].size()) << lines[i];
      for (size_t k = 0; k < alone[0].size(); ++k)
        EXPECT_EQ(alone[0][k].tokens, together[i][k].tokens) << "beam " << beam << " line '" << lines[i] << "' rank " << k;
    }
    EXPECT_EQ(together[0][0].tokens, together[5][0].tokens);  // the same sentence twice
    EXPECT_NE(together[0][0].tokens, together[6][0].tokens);  // "abc" and "bca": the source matters
    EXPECT_GE(together[1][0].tokens.size(), 10u);             // and there is something to compare
  }
}

TEST(Translate, LengthLimitAndEmptySource) {
  auto m = random_model();
  TranslateOptions o;
  o.max_len = 2;
  const auto out = translate(*m, {encode(*m, "abcd"), {}}, o);
  for (const auto& h : out) EXPECT_LE(h[0].tokens.size(), 2u);
  EXPECT_EQ(max_target_length(TranslateOptions{}, 5), 25);
}

TEST(Translate, EncodeLinesCountsUnknownTokensOnce) {
  const text::Vocab v = letters("ab");
  const EncodedLines e = encode_lines(v, {"abx", "yxa", "", "zzqrs"});
  ASSERT_EQ(e.ids.size(), 4u);
  EXPECT_EQ(e.ids[0], (std::vector<int32_t>{v.id("a"), v.id("b"), text::kUnkId}));
  EXPECT_TRUE(e.ids[2].empty());
  EXPECT_EQ(e.unknown, 8u);
  EXPECT_EQ(e.examples, (std::vector<std::string>{"x", "y", "z", "q", "r"}));  // distinct, at most five
}

TEST(Translate, OptionsAreChecked) {
  EXPECT_THROW(validate(TranslateOptions{0, 1.0, 0, 1, 64}), UsageError);   // --beam 0
  EXPECT_THROW(validate(TranslateOptions{2, 1.0, 0, 3, 64}), UsageError);   // --n-best > --beam
  EXPECT_THROW(validate(TranslateOptions{2, -1.0, 0, 1, 64}), UsageError);  // --alpha < 0
  EXPECT_THROW(validate(TranslateOptions{2, 1.0, -1, 1, 64}), UsageError);  // --max-len < 0
  EXPECT_THROW(validate(TranslateOptions{2, 1.0, 0, 1, 0}), UsageError);    // --batch 0
  try {
    validate(TranslateOptions{2, 1.0, 0, 3, 64});
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`n_best`");
  }
}

}  // namespace
}  // namespace lstmkit::infer
