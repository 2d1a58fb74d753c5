// The validation split by source sentence: no source on both sides, sizes, reproducibility from the
// seed, the references of each source, and the exported files.
#include "lstmkit/data/pair_split.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "lstmkit/error.h"
#include "support/temp_dir.h"

namespace lstmkit::data {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

// 300 sources, source k with k % 4 + 1 translations, in file order source by source (as Tatoeba is).
std::vector<TextPair> many_translations() {
  std::vector<TextPair> pairs;
  for (int k = 0; k < 300; ++k)
    for (int t = 0; t <= k % 4; ++t)
      pairs.push_back({"source " + std::to_string(k), "cible " + std::to_string(k) + "." + std::to_string(t),
                       pairs.size() + 1});
  return pairs;
}

std::set<std::string> sources(const std::vector<TextPair>& pairs, const std::vector<size_t>& indices) {
  std::set<std::string> out;
  for (size_t i : indices) out.insert(pairs[i].source);
  return out;
}

TEST(GroupBySource, EveryTranslationOfASourceInOneGroupInFileOrder) {
  const std::vector<TextPair> pairs = {{"a", "1", 1}, {"b", "2", 2}, {"a", "3", 3}, {"c", "4", 4}, {"b", "5", 5}};
  EXPECT_EQ(group_by_source(pairs), (std::vector<std::vector<size_t>>{{0, 2}, {1, 4}, {3}}));
}

TEST(SplitBySource, NoSourceOnBothSidesAndAPartition) {
  const std::vector<TextPair> pairs = many_translations();
  const PairSplit s = split_by_source(pairs, {0.0, 40, 7});
  EXPECT_EQ(sources(pairs, s.val).size(), 40u);
  EXPECT_EQ(sources(pairs, s.train).size(), 260u);
  std::vector<std::string> both;
  const auto val = sources(pairs, s.val), train = sources(pairs, s.train);
  std::set_intersection(val.begin(), val.end(), train.begin(), train.end(), std::back_inserter(both));
  EXPECT_TRUE(both.empty());
  std::set<size_t> all(s.train.begin(), s.train.end());
  all.insert(s.val.begin(), s.val.end());
  EXPECT_EQ(all.size(), pairs.size());
  EXPECT_EQ(s.train.size() + s.val.size(), pairs.size());
  EXPECT_TRUE(std::is_sorted(s.val.begin(), s.val.end()));
  EXPECT_TRUE(std::is_sorted(s.train.begin(), s.train.end()));
  // Drawn from the whole file, not its tail: some validation sources among the first half.
  EXPECT_GT(std::count_if(s.val.begin(), s.val.end(), [&](size_t i) { return i < pairs.size() / 2; }), 5);
}

TEST(SplitBySource, FractionCountsSources) {
  const std::vector<TextPair> pairs = many_translations();
  EXPECT_EQ(sources(pairs, split_by_source(pairs, {0.1, 0, 3}).val).size(), 30u);
  EXPECT_TRUE(split_by_source(pairs, {0.0, 0, 3}).val.empty());
}

TEST(SplitBySource, ReproducibleFromTheSeed) {
  const std::vector<TextPair> pairs = many_translations();
  const PairSplit s = split_by_source(pairs, {0.1, 0, 7});
  EXPECT_EQ(split_by_source(pairs, {0.1, 0, 7}).val, s.val);
  EXPECT_NE(split_by_source(pairs, {0.1, 0, 8}).val, s.val);
}

TEST(SplitBySource, RefusesBadFractionsAndEmptyTraining) {
  const std::vector<TextPair> pairs = {{"a", "1", 1}, {"a", "2", 2}, {"b", "3", 3}};
  EXPECT_THROW(split_by_source(pairs, {1.0, 0, 1}), Error);
  EXPECT_THROW(split_by_source(pairs, {-0.1, 0, 1}), Error);
  EXPECT_THROW(split_by_source(pairs, {0.0, 2, 1}), Error);  // two sources: none left for training
  EXPECT_EQ(split_by_source(pairs, {0.0, 1, 1}).train.size() + split_by_source(pairs, {0.0, 1, 1}).val.size(), 3u);
}

TEST(ReferencesBySource, AllReferencesOfEachSource) {
  const std::vector<TextPair> pairs = {{"a", "1", 1}, {"b", "2", 2}, {"a", "3", 3}, {"c", "4", 4}};
  const std::vector<SourceReferences> refs = references_by_source(pairs, {0, 2, 3});
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].source, "a");
  EXPECT_EQ(refs[0].references, (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(refs[1].source, "c");
  EXPECT_EQ(refs[1].references, (std::vector<std::string>{"4"}));
}

TEST(WriteSplit, FilesHoldTheSplitAndReadBackAsIt) {
  TempDir dir;
  const std::vector<TextPair> pairs = many_translations();
  const PairSplit s = split_by_source(pairs, {0.1, 0, 5});
  write_split(dir / "split", pairs, s);
  const PairsFile train = read_pairs((dir / "split" / "train.tsv").string());
  const PairsFile val = read_pairs((dir / "split" / "valid.tsv").string());
  ASSERT_EQ(train.pairs.size(), s.train.size());
  ASSERT_EQ(val.pairs.size(), s.val.size());
  for (size_t i = 0; i < s.train.size(); ++i) {
    EXPECT_EQ(train.pairs[i].source, pairs[s.train[i]].source);
    EXPECT_EQ(train.pairs[i].target, pairs[s.train[i]].target);
  }
  for (size_t i = 0; i < s.val.size(); ++i) EXPECT_EQ(val.pairs[i].target, pairs[s.val[i]].target);
  EXPECT_FALSE(std::filesystem::exists(dir / "split" / "train.tsv.tmp"));
  // The same split again is accepted and leaves the files as they are.
  const std::string before = read_bytes(dir / "split" / "valid.tsv");
  write_split(dir / "split", pairs, s);
  EXPECT_EQ(read_bytes(dir / "split" / "valid.tsv"), before);
}

TEST(WriteSplit, RefusesToOverwriteOtherPairsAndWritesNothing) {
  TempDir dir;
  const std::vector<TextPair> pairs = many_translations();
  std::filesystem::create_directories(dir / "split");
  write_bytes(dir / "split" / "valid.tsv", "someone\telse's\n");
  try {
    write_split(dir / "split", pairs, split_by_source(pairs, {0.1, 0, 5}));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("valid.tsv"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "split" / "train.tsv"));  // checked before writing either
  EXPECT_EQ(read_bytes(dir / "split" / "valid.tsv"), "someone\telse's\n");
}

}  // namespace
}  // namespace lstmkit::data
