// Corpus chrF against values worked out by hand (and agreeing with sacreBLEU 2.x's CHRF(): character
// 6-grams, β = 2, white space removed, effective-order averaging, the best reference of several).
#include "lstmkit/infer/chrf.h"

#include <gtest/gtest.h>

#include "lstmkit/error.h"

namespace lstmkit::infer {
namespace {

TEST(Chrf, HandWorkedShortStrings) {
  // hyp "ab", ref "abc":
  //   n=1: hyp {a, b} 2, ref {a, b, c} 3, match 2     n=2: hyp {ab} 1, ref {ab, bc} 2, match 1
  //   n=3: hyp 0, ref {abc} 1                        n=4..6: nothing on either side
  //   effective orders 1 and 2: P = (2/2 + 1/1) / 2 = 1, R = (2/3 + 1/2) / 2 = 7/12
  //   chrF = 100 · 5 · P · R / (4 P + R) = 100 · (35/12) / (55/12) = 63.6364
  const ChrfStats s = chrf_stats("ab", "abc");
  EXPECT_EQ(s.hyp[0], 2);
  EXPECT_EQ(s.ref[0], 3);
  EXPECT_EQ(s.match[0], 2);
  EXPECT_EQ(s.ref[2], 1);
  EXPECT_EQ(s.hyp[2], 0);
  EXPECT_NEAR(compute_chrf(s), 100.0 * 35.0 / 55.0, 1e-9);
}

TEST(Chrf, HypothesisNgramsWithoutAnyReferenceNgramAreNotCounted) {
  // hyp "abcdefg" (7 chars), ref "ab": orders 3..6 have no reference n-gram, so sacreBLEU sets the
  // hypothesis count of those orders to 0 as well. n=1: 2/7 precision, 2/2 recall; n=2: 1/6, 1/1.
  //   P = (2/7 + 1/6) / 2 = 19/84, R = 1; chrF = 100 · 5 · (19/84) / (4 · 19/84 + 1) = 59.375
  const ChrfStats s = chrf_stats("abcdefg", "ab");
  EXPECT_EQ(s.hyp[2], 0);
  EXPECT_NEAR(compute_chrf(s), 59.375, 1e-9);
}

TEST(Chrf, IgnoresWhiteSpace) {
  EXPECT_NEAR(corpus_chrf({"a b c"}, {"abc"}), 100.0, 1e-9);
  EXPECT_NEAR(corpus_chrf({"Cours\u202f!"}, {"Cours!"}), 100.0, 1e-9);
}

TEST(Chrf, CountsCodePointsNotBytes) {
  // "é" is one character: "éa" vs "éb" share one 1-gram of two on each side, no 2-gram.
  //   n=1: P = R = 1/2; n=2: P = R = 0 → averages P = R = 1/4, chrF = 25.
  EXPECT_NEAR(corpus_chrf({"éa"}, {"éb"}), 25.0, 1e-9);
}

TEST(Chrf, SumsStatisticsOverTheCorpus) {
  // ("the cat", "the cat sat") and ("x", "y"), white space removed: "thecat" vs "thecatsat", "x" vs "y".
  //   n: hyp / ref / match = 1: 7/10/6, 2: 5/8/5, 3: 4/7/4, 4: 3/6/3, 5: 2/5/2, 6: 1/4/1
  //   P = (6/7 + 1 + 1 + 1 + 1 + 1) / 6 = 0.97619, R = (0.6 + 5/8 + 4/7 + 3/6 + 2/5 + 1/4) / 6 = 0.49107
  //   chrF = 100 · 5 P R / (4 P + R) = 54.5265
  EXPECT_NEAR(corpus_chrf({"the cat", "x"}, std::vector<std::string>{"the cat sat", "y"}), 54.526549956475485, 1e-9);
}

TEST(Chrf, EmptyOrDisjointScoresZero) {
  EXPECT_EQ(corpus_chrf({""}, {"abc"}), 0.0);
  EXPECT_EQ(corpus_chrf({"xyz"}, {"abc"}), 0.0);
  EXPECT_THROW(corpus_chrf({"a"}, std::vector<std::string>{"a", "b"}), Error);
  EXPECT_THROW(chrf_stats("a", std::vector<std::string>{}), Error);
}

TEST(ChrfMultiReference, EachSentenceTakesItsBestScoringReference) {
  // hyp "ab": against "xyz" chrF 0, against "abc" 63.6364 (HandWorkedShortStrings): the second counts,
  // whichever position it has.
  EXPECT_NEAR(corpus_chrf({"ab"}, std::vector<std::vector<std::string>>{{"xyz", "abc"}}), 100.0 * 35.0 / 55.0, 1e-9);
  EXPECT_NEAR(corpus_chrf({"ab"}, std::vector<std::vector<std::string>>{{"abc", "xyz"}}), 100.0 * 35.0 / 55.0, 1e-9);
  // The choice is per sentence by its own chrF, then the chosen statistics are summed: "the cat" picks
  // "the cat sat" over "dog", "x" has only "y" — the corpus equals SumsStatisticsOverTheCorpus.
  EXPECT_NEAR(corpus_chrf({"the cat", "x"}, std::vector<std::vector<std::string>>{{"dog", "the cat sat"}, {"y"}}),
              54.526549956475485, 1e-9);
  // The best reference by chrF, not the one with most matches: "abcdefgh" matches more of "abcdefghXYZW…"
  // but "abcd" scores higher against hyp "abcd".
  const ChrfStats s = chrf_stats("abcd", std::vector<std::string>{"abcdefghijklmnop", "abcd"});
  EXPECT_EQ(s.ref[0], 4);
  EXPECT_NEAR(compute_chrf(s), 100.0, 1e-9);
}

}  // namespace
}  // namespace lstmkit::infer
