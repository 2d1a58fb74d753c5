#include "lstmkit/data/series.h"

#include <gtest/gtest.h>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

TEST(Series, UnivariateIsItsOwnTarget) {
  const Series s = univariate("value", {1, 2, 3});
  EXPECT_EQ(s.rows(), 3u);
  EXPECT_EQ(s.feature_names(), std::vector<std::string>{"value"});
  EXPECT_EQ(s.target_names(), std::vector<std::string>{"value"});
  EXPECT_EQ(s.column("value")[2], 3.0f);
  EXPECT_NO_THROW(s.check());
  EXPECT_EQ(Series{}.rows(), 0u);
}

TEST(Series, UnknownColumnListsTheColumns) {
  Series s = univariate("a", {1});
  s.names.push_back("b");
  s.columns.push_back({2});
  try {
    s.column_index("z");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.hint(), "columns are: a, b");
  }
  EXPECT_EQ(s.column_index("b"), 1u);
  s.names[1] = "\x1B[2J";  // names come from files: shown escaped
  try {
    s.column_index("\x07");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.what_is_wrong(), "no column '\\u{7}'");
    EXPECT_EQ(e.hint(), "columns are: a, \\u{1B}[2J");
  }
}

TEST(Series, CheckRejectsInconsistentTables) {
  Series ragged = univariate("a", {1, 2});
  ragged.names.push_back("b");
  ragged.columns.push_back({1});
  EXPECT_THROW(ragged.check(), Error);
  Series twice = univariate("a", {1});
  twice.names.push_back("a");
  twice.columns.push_back({2});
  EXPECT_THROW(twice.check(), Error);
  Series bad_index = univariate("a", {1});
  bad_index.targets = {1};
  EXPECT_THROW(bad_index.check(), Error);
  Series no_target = univariate("a", {1});
  no_target.targets.clear();
  EXPECT_THROW(no_target.check(), Error);
}

}  // namespace
}  // namespace lstmkit::data
