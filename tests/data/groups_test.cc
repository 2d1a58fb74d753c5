#include "lstmkit/data/groups.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

using Ids = std::vector<size_t>;
using Names = std::vector<std::string>;

// Rows of three groups, interleaved as a file of several recordings written in turns might be.
const Names kRowGroups = {"b", "a", "b", "c", "a", "b", "c", "b"};

TEST(GroupRows, OneGroupPerNameInOrderOfFirstAppearanceRowsInFileOrder) {
  const Groups g = group_rows(kRowGroups);
  EXPECT_EQ(g.names, (Names{"b", "a", "c"}));
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g.rows[0], (Ids{0, 2, 5, 7}));  // not contiguous in the file: still one sequence, in order
  EXPECT_EQ(g.rows[1], (Ids{1, 4}));
  EXPECT_EQ(g.rows[2], (Ids{3, 6}));
  EXPECT_EQ(g.length(0), 4u);
  EXPECT_EQ(g.truncated, 0u);
}

TEST(KeepLast, CutsLongerGroupsToTheirLastRowsAndCountsThem) {
  Groups g = group_rows(kRowGroups);
  keep_last(g, 0);  // no cap
  EXPECT_EQ(g.rows[0].size(), 4u);
  keep_last(g, 2);
  EXPECT_EQ(g.rows[0], (Ids{5, 7}));  // Keras' truncating='pre': the end of the sequence stays
  EXPECT_EQ(g.rows[1], (Ids{1, 4}));
  EXPECT_EQ(g.truncated, 1u);
}

TEST(CheckGroupLabels, AConflictNamesFileLineGroupAndBothLabels) {
  const Groups g = group_rows(kRowGroups);
  const std::vector<size_t> lines = {2, 3, 4, 5, 6, 7, 8, 9};
  auto text = [](float v) { return std::string(v == 0 ? "walking" : "sitting"); };
  std::vector<float> labels = {0, 1, 0, 1, 1, 0, 1, 0};
  EXPECT_NO_THROW(check_group_labels(g, labels, lines, text, "f.csv", "activity"));
  labels[5] = 1;  // row 5 (line 7) of group "b", whose first row says walking
  try {
    check_group_labels(g, labels, lines, text, "f.csv", "activity");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "f.csv:7");
    EXPECT_EQ(e.what_is_wrong(), "group 'b' has label 'sitting' in column 'activity', but 'walking' on line 2");
    EXPECT_NE(e.hint().find("`group`"), std::string::npos);
  }
  // Group names come from the file: shown escaped.
  const std::vector<std::string> escape_groups = {"\x1B[2J", "\x1B[2J"};
  try {
    check_group_labels(group_rows(escape_groups), std::vector<float>{0, 1}, std::vector<size_t>{2, 3}, text,
                       "f.csv", "activity");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what_is_wrong(),
              "group '\\u{1B}[2J' has label 'sitting' in column 'activity', but 'walking' on line 2");
  }
  // An unlabelled file's labels are all unknown: nothing to disagree about.
  const std::vector<float> unknown(8, NAN);
  EXPECT_NO_THROW(check_group_labels(g, unknown, lines, text, "f.csv", "activity"));
}

TEST(SplitGroups, DrawsTheValidationGroupsAtRandomWithTheSeed) {
  const GroupSplit a = split_groups(50, 0.2, 7), again = split_groups(50, 0.2, 7), other = split_groups(50, 0.2, 8);
  EXPECT_EQ(a.validation.size(), 10u);
  EXPECT_EQ(a.train.size(), 40u);
  EXPECT_EQ(a.validation, again.validation);
  EXPECT_NE(a.validation, other.validation);
  EXPECT_TRUE(std::is_sorted(a.train.begin(), a.train.end()));
  EXPECT_TRUE(std::is_sorted(a.validation.begin(), a.validation.end()));
  std::set<size_t> all(a.train.begin(), a.train.end());
  all.insert(a.validation.begin(), a.validation.end());
  EXPECT_EQ(all.size(), 50u);
  // Not simply the last groups: a file sorted by class would validate on one class only.
  EXPECT_NE(a.validation, (Ids{40, 41, 42, 43, 44, 45, 46, 47, 48, 49}));
  EXPECT_TRUE(split_groups(5, 0.0, 1).validation.empty());
  EXPECT_THROW(split_groups(3, 0.1, 1), UsageError);  // rounds to no validation group
  EXPECT_THROW(split_groups(3, 1.0, 1), UsageError);
}

TEST(LengthBatches, EachBatchHoldsOneLengthInTheOrderGiven) {
  const std::vector<size_t> lengths = {3, 5, 3, 3, 5, 7};
  const auto batches = length_batches(Ids{5, 3, 1, 0, 4, 2}, lengths, 2);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches[0], (Ids{3, 0}));  // length 3, shortest first
  EXPECT_EQ(batches[1], (Ids{2}));
  EXPECT_EQ(batches[2], (Ids{1, 4}));  // length 5
  EXPECT_EQ(batches[3], (Ids{5}));     // length 7
  EXPECT_THROW(length_batches(Ids{0}, lengths, 0), UsageError);
  EXPECT_EQ(group_lengths(group_rows(kRowGroups)), (Ids{4, 2, 2}));
}

TEST(GroupBatch, GathersEachGroupsRowsTimeMajorWithTheLastRowsLabel) {
  // Features x = 10·row, y = −row; the label column is the group's class.
  Series s{{"x", "y", "label"}, {{}, {}, {}}, {0, 1}, {2}};
  const std::vector<float> label = {0, 1, 0, 2, 1, 0, 2, 0};
  for (size_t r = 0; r < kRowGroups.size(); ++r) {
    s.columns[0].push_back(10.0f * static_cast<float>(r));
    s.columns[1].push_back(-static_cast<float>(r));
    s.columns[2].push_back(label[r]);
  }
  const Groups g = group_rows(kRowGroups);
  const RegressionBatch b = group_batch(s, g, Ids{2, 1});  // "c" rows 3, 6 and "a" rows 1, 4
  EXPECT_EQ(b.steps, 2u);
  EXPECT_EQ(b.batch, 2u);
  EXPECT_EQ(b.features, 2u);
  EXPECT_EQ(b.outputs, 1u);
  EXPECT_FALSE(b.per_step_targets);
  EXPECT_EQ(b.inputs, (std::vector<float>{30, -3, 10, -1, 60, -6, 40, -4}));  // [T, N, F]
  EXPECT_EQ(b.targets, (std::vector<float>{2, 1}));
  EXPECT_THROW(group_batch(s, g, Ids{0, 1}), Error);  // lengths 4 and 2 never share a batch
  EXPECT_THROW(group_batch(s, g, Ids{}), Error);
  EXPECT_THROW(group_batch(s, g, Ids{3}), Error);
}

}  // namespace
}  // namespace lstmkit::data
