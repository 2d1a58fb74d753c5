#include "lstmkit/text/token_counts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lstmkit::text {
namespace {

std::vector<std::string> names(const std::vector<TokenCount>& ranking) {
  std::vector<std::string> out;
  for (const auto& t : ranking) out.push_back(t.token);
  return out;
}

// b×4, a×2, c×2, é×2, d×1: 11 tokens, 5 distinct.
TokenCounts sample() {
  return TokenCounts(std::vector<std::string>{"b", "a", "b", "c", "\xC3\xA9", "b", "d", "a", "c", "b", "\xC3\xA9"});
}

TEST(TokenCounts, CountsAndTotals) {
  const TokenCounts counts = sample();
  EXPECT_EQ(counts.total(), 11u);
  EXPECT_EQ(counts.distinct(), 5u);
  EXPECT_EQ(counts.count("b"), 4u);
  EXPECT_EQ(counts.count("zzz"), 0u);
  TokenCounts more = counts;
  more.add("zzz", 3);
  EXPECT_EQ(more.count("zzz"), 3u);
  EXPECT_EQ(more.total(), 14u);
}

TEST(TokenCounts, RankingIsByCountThenBytes) {
  const TokenCounts counts = sample();
  // ties (a, c, é at 2) in byte order: "é" (C3 A9) sorts after ASCII
  EXPECT_EQ(names(counts.ranked()), (std::vector<std::string>{"b", "a", "c", "\xC3\xA9", "d"}));
  EXPECT_EQ(names(counts.top(2)), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(counts.top(2)[0].count, 4u);
  EXPECT_EQ(counts.top(99).size(), 5u);
  EXPECT_TRUE(counts.top(0).empty());
  // the order does not depend on the order tokens were added in
  TokenCounts reversed;
  const auto ranking = counts.ranked();
  for (auto it = ranking.rbegin(); it != ranking.rend(); ++it) reversed.add(it->token, it->count);
  EXPECT_EQ(names(reversed.ranked()), names(ranking));
}

TEST(TokenCounts, SelectAndCoverage) {
  const TokenCounts counts = sample();
  struct Case {
    VocabLimits limits;
    std::vector<std::string> kept;
    double coverage;
  };
  const std::vector<Case> cases = {
      {{0, 1}, {"b", "a", "c", "\xC3\xA9", "d"}, 1.0},  // no limit
      {{2, 1}, {"b", "a"}, 6.0 / 11},                     // max_vocab
      {{0, 2}, {"b", "a", "c", "\xC3\xA9"}, 10.0 / 11},   // min_count
      {{3, 3}, {"b"}, 4.0 / 11},                           // both: min_count binds
      {{1, 2}, {"b"}, 4.0 / 11},                           // both: max_vocab binds
      {{0, 5}, {}, 0.0},                                   // nothing frequent enough
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "max_vocab " << c.limits.max_vocab << " min_count " << c.limits.min_count);
    EXPECT_EQ(names(counts.select(c.limits)), c.kept);
    EXPECT_DOUBLE_EQ(counts.coverage(c.limits), c.coverage);
  }
  EXPECT_EQ(TokenCounts().coverage({}), 1.0);  // nothing counted, nothing uncovered
}

}  // namespace
}  // namespace lstmkit::text
