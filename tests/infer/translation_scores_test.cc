// Scoring translations against every reference of their source: the one path eval and training share.
#include "lstmkit/infer/translation_scores.h"

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/infer/chrf.h"

namespace lstmkit::infer {
namespace {

std::vector<data::SourceReferences> two_sources() {
  return {{"The cat sat on the mat.", {"the cat is on the mat", "a cat sat on a mat"}},
          {"Go.", {"Va !", "Allez !", "Vas-y !"}}};
}

TEST(TranslationScores, ScoresEachHypothesisAgainstAllItsReferences) {
  const std::vector<std::string> hyps = {"the cat sat on the mat", "Allez !"};
  const TranslationScores s = score_translations(hyps, two_sources());
  EXPECT_EQ(s.sources, 2u);
  EXPECT_EQ(s.references, 5u);
  EXPECT_EQ(s.exact, 1u);  // "Allez !" is the second reference of "Go."
  const std::vector<std::vector<std::string>> refs = {two_sources()[0].references, two_sources()[1].references};
  EXPECT_EQ(s.bleu.score, corpus_bleu(hyps, refs).score);
  EXPECT_EQ(s.chrf, corpus_chrf(hyps, refs));
  // "Allez !" matches its reference exactly (2/2 tokens, 1/1 2-grams) and adds 2 to the hypothesis'
  // length, closest reference length 2: 8 of 8 unigrams, 6/6 bigrams, 2/4 trigrams, 0/3 4-grams.
  EXPECT_NEAR(s.bleu.precisions[0], 100.0, 1e-12);
  EXPECT_EQ(s.bleu.ref_len, 8);
}

TEST(TranslationScores, ExactMatchIsByteForByte) {
  const TranslationScores s = score_translations({"the cat is on the mat ", "va !"}, two_sources());
  EXPECT_EQ(s.exact, 0u);
}

TEST(TranslationScores, CountsMustAgree) {
  EXPECT_THROW(score_translations({"one"}, two_sources()), Error);
  const TranslationScores none = score_translations({}, {});
  EXPECT_EQ(none.sources, 0u);
  EXPECT_EQ(none.bleu.score, 0.0);
}

}  // namespace
}  // namespace lstmkit::infer
