// Corpus BLEU against values worked out by hand (and agreeing with sacreBLEU 2.x's BLEU(), whose code
// the implementation follows: 13a tokenisation, "exp" smoothing, one reference or several).
#include "lstmkit/infer/bleu.h"

#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::infer {
namespace {

// --- 13a tokenisation, as sacreBLEU's Tokenizer13a prints it ---------------------------------------------
TEST(Tokenize13a, SeparatesPunctuationButNotApostrophesOrInnerDashes) {
  EXPECT_EQ(tokenize_13a("Hello, world."), "Hello , world .");
  EXPECT_EQ(tokenize_13a("(a)"), "( a )");
  EXPECT_EQ(tokenize_13a("don't"), "don't");
  EXPECT_EQ(tokenize_13a("x-y 5-3"), "x-y 5 - 3");  // a dash is split only after a digit
  EXPECT_EQ(tokenize_13a("Déjà vu... non?"), "Déjà vu . . . non ?");
}

TEST(Tokenize13a, KeepsNumbersWhole) {
  EXPECT_EQ(tokenize_13a("3.14 and 1,000"), "3.14 and 1,000");
  // The line is padded with spaces first, so a period at either end still has a neighbour.
  EXPECT_EQ(tokenize_13a(".5"), ". 5");
  EXPECT_EQ(tokenize_13a("5."), "5 .");
}

TEST(Tokenize13a, UnescapesEntitiesAndDropsSkipped) {
  EXPECT_EQ(tokenize_13a("&quot;hi&quot; &amp; &lt;b&gt;"), "\" hi \" & < b >");
  EXPECT_EQ(tokenize_13a("a<skipped>b"), "ab");
}

TEST(Tokenize13a, SplitsOnUnicodeWhiteSpaceAsPythonDoes) {
  // French puts U+202F (narrow no-break space) before "!"; U+00A0 and U+3000 are white space too.
  EXPECT_EQ(tokenize_13a("Cours\u202f!"), "Cours !");
  EXPECT_EQ(tokenize_13a("\u00a0x\u3000y"), "x y");
  EXPECT_EQ(tokenize_13a("  trailing  \t"), "trailing");
  EXPECT_EQ(tokenize_13a("é.a"), "é . a");  // a multi-byte letter before the period
}

// --- BLEU ------------------------------------------------------------------------------------------------
TEST(Bleu, HandWorkedSentence) {
  // hyp "the cat sat on the mat", ref "the cat is on the mat" (6 tokens each, BP = 1):
  //   1-grams: the×2 cat on mat match → 5/6      2-grams: "the cat" "on the" "the mat" → 3/5
  //   3-grams: "on the mat" → 1/4                4-grams: none of 3 → exp smoothing 100 / (2·3)
  //   BLEU = (83.333 · 60 · 25 · 16.667)^(1/4) = exp((4.42285 + 4.09434 + 3.21888 + 2.81341) / 4) = 37.9918
  const Bleu b = corpus_bleu({"the cat sat on the mat"}, {"the cat is on the mat"});
  EXPECT_NEAR(b.score, 37.99178428257963, 1e-9);
  EXPECT_NEAR(b.precisions[0], 500.0 / 6, 1e-9);
  EXPECT_NEAR(b.precisions[1], 60.0, 1e-9);
  EXPECT_NEAR(b.precisions[2], 25.0, 1e-9);
  EXPECT_NEAR(b.precisions[3], 100.0 / 6, 1e-9);
  EXPECT_EQ(b.brevity_penalty, 1.0);
  EXPECT_EQ(b.hyp_len, 6);
  EXPECT_EQ(b.ref_len, 6);
}

TEST(Bleu, ClipsRepeatedWords) {
  // "the the the the" vs "the cat": "the" counts once (1/4); 2- to 4-grams 0/3, 0/2, 0/1 smoothed as
  // 100/(2·3), 100/(4·2), 100/(8·1): (25 · 16.667 · 12.5 · 12.5)^(1/4) = 15.9736. hyp longer: BP = 1.
  const Bleu b = corpus_bleu({"the the the the"}, {"the cat"});
  EXPECT_NEAR(b.score, 15.97357760615681, 1e-9);
  EXPECT_NEAR(b.precisions[3], 12.5, 1e-12);
}

TEST(Bleu, SumsStatisticsOverTheCorpusWithBrevityPenalty) {
  // Sentence 1 matches exactly: 4 tokens "Il est parti ." → 4/4, 3/3, 2/2, 1/1.
  // Sentence 2: "Je suis malade !" vs "Je suis tombé malade !" → 4/4, 2/3, 0/2, 0/1.
  // Corpus: 8/8, 5/6, 2/4, 1/2; hyp 8 tokens, ref 9: BP = exp(1 − 9/8) = 0.882497.
  // BLEU = 0.882497 · (100 · 83.333 · 50 · 50)^(1/4) = 59.6215
  const Bleu b = corpus_bleu({"Il est parti.", "Je suis malade\u202f!"},
                             std::vector<std::string>{"Il est parti.", "Je suis tombé malade\u202f!"});
  EXPECT_NEAR(b.brevity_penalty, std::exp(1.0 - 9.0 / 8.0), 1e-12);
  EXPECT_NEAR(b.score, 59.6214975694517, 1e-9);
}

TEST(Bleu, IdenticalIsHundredAndNothingInCommonIsZero) {
  EXPECT_NEAR(corpus_bleu({"a b c d e"}, {"a b c d e"}).score, 100.0, 1e-9);
  EXPECT_EQ(corpus_bleu({"a b c d"}, {"w x y z"}).score, 0.0);
}

TEST(Bleu, NoFourGramInTheWholeCorpusGivesZero) {
  // Only 2 hypothesis tokens: no 3- or 4-gram at all, so sacreBLEU's log(0) makes the score 0.
  const Bleu b = corpus_bleu({"the cat"}, {"the cat sat on the mat"});
  EXPECT_EQ(b.score, 0.0);
  EXPECT_NEAR(b.brevity_penalty, std::exp(1.0 - 6.0 / 2.0), 1e-12);
}

TEST(Bleu, EmptyHypothesisScoresZero) {
  EXPECT_EQ(corpus_bleu({""}, {"a b c d"}).score, 0.0);
  EXPECT_EQ(corpus_bleu({}, std::vector<std::string>{}).score, 0.0);
}

TEST(Bleu, MismatchedListsAreAnError) {
  EXPECT_THROW(corpus_bleu({"a"}, std::vector<std::string>{}), Error);
  EXPECT_THROW(corpus_bleu({"a"}, std::vector<std::vector<std::string>>{}), Error);
  EXPECT_THROW(bleu_stats("a", std::vector<std::string>{}), Error);  // a hypothesis needs a reference
}

// --- several references (sacreBLEU's _extract_reference_info and _get_closest_ref_len) --------------------
TEST(BleuMultiReference, ClipsEachNgramToItsMostInAnyOneReference) {
  // hyp "the cat sat on the mat", refs "the cat is on the mat" and "a cat sat on a mat" (6 tokens each):
  //   1-grams: all 6 are in one reference or the other ("the" twice in the first) → 6/6
  //   2-grams: "the cat" "on the" "the mat" (first), "cat sat" "sat on" (second) → 5/5
  //   3-grams: "on the mat" (first), "cat sat on" (second) → 2/4; 4-grams: 0/3 → 100 / (2·3)
  //   BLEU = (100 · 100 · 50 · 16.667)^(1/4) = 53.7285; one reference alone gives 37.99 (above).
  const Bleu b = corpus_bleu({"the cat sat on the mat"},
                             std::vector<std::vector<std::string>>{{"the cat is on the mat", "a cat sat on a mat"}});
  EXPECT_NEAR(b.score, 53.7284965911771, 1e-9);
  EXPECT_NEAR(b.precisions[0], 100.0, 1e-12);
  EXPECT_NEAR(b.precisions[2], 50.0, 1e-12);
  // A count is clipped per reference, never summed over them: "the" twice in each of two references
  // still allows only two of the hypothesis' three.
  const BleuStats s = bleu_stats("the the the", std::vector<std::string>{"the a the", "the b the"});
  EXPECT_EQ(s.correct[0], 2);
}

TEST(BleuMultiReference, ReferenceLengthIsTheClosestAndTheShorterOnATie) {
  EXPECT_EQ(bleu_stats("a b c", std::vector<std::string>{"a b", "a b c d"}).ref_len, 2);  // 1 either way
  EXPECT_EQ(bleu_stats("a b c d e", std::vector<std::string>{"a b", "a b c d e f g", "a b c d"}).ref_len, 4);
  EXPECT_EQ(bleu_stats("a", std::vector<std::string>{"a b c", "a b"}).ref_len, 2);
  // One reference in a list is the single-reference statistic.
  const BleuStats one = bleu_stats("the cat sat", "the cat is here");
  const BleuStats list = bleu_stats("the cat sat", std::vector<std::string>{"the cat is here"});
  EXPECT_EQ(one.correct, list.correct);
  EXPECT_EQ(one.total, list.total);
  EXPECT_EQ(one.ref_len, list.ref_len);
}

TEST(SplitWhitespace, MatchesPythonStrSplit) {
  const auto pieces = split_whitespace(" a\tb\u2009c\u202fd\u00a0\u00a0e\u0085f ");
  ASSERT_EQ(pieces.size(), 6u);
  EXPECT_EQ(pieces[0], "a");
  EXPECT_EQ(pieces[5], "f");
  // Not white space for Python: U+200B (zero width space) and U+FEFF.
  EXPECT_EQ(split_whitespace("a\u200bb\ufeffc").size(), 1u);
}

}  // namespace
}  // namespace lstmkit::infer
