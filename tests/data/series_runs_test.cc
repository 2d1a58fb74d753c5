// --series-column: the runs of a file of several series, their windows (never across two series, each
// series split at its own tail) and the series column in the CSV reader.
#include "lstmkit/data/series_runs.h"

#include <gtest/gtest.h>

#include "lstmkit/data/csv_reader.h"

namespace lstmkit::data {
namespace {

using Names = std::vector<std::string>;

TEST(SeriesRuns, OneRunPerIdInFileOrder) {
  const Names ids = {"b", "b", "b", "a", "a", "c"};
  const std::vector<SeriesRun> runs = series_runs(ids, std::vector<size_t>{2, 3, 4, 5, 6, 7}, "f.csv", "id");
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].id, "b");
  EXPECT_EQ(runs[0].begin, 0u);
  EXPECT_EQ(runs[0].rows, 3u);
  EXPECT_EQ(runs[1].id, "a");
  EXPECT_EQ(runs[1].begin, 3u);
  EXPECT_EQ(runs[1].end(), 5u);
  EXPECT_EQ(runs[2].rows, 1u);
  EXPECT_EQ(run_ids(runs), "'b', 'a', 'c'");
  EXPECT_EQ(find_run(runs, "a", "`series`"), 1u);
}

TEST(SeriesRuns, InterleavedIdsAreAnErrorAtTheirLine) {
  const Names ids = {"a", "a", "b", "a"};
  try {
    series_runs(ids, std::vector<size_t>{2, 3, 4, 5}, "f.csv", "store");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "f.csv:5");
    EXPECT_NE(e.what_is_wrong().find("series 'a' of column 'store' continues here, but its rows ended on line 3"),
              std::string::npos)
        << e.what();
    EXPECT_NE(e.what_is_wrong().find("'b' came between"), std::string::npos) << e.what();
  }
}

TEST(SeriesRuns, AnUnknownIdListsTheSeries) {
  const std::vector<SeriesRun> runs = {{"north", 0, 3}, {"south", 3, 4}};
  try {
    find_run(runs, "east", "`series`");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`series`");
    EXPECT_EQ(e.what_is_wrong(), "no series 'east'");
    EXPECT_EQ(e.hint(), "the series are 'north', 'south'");
  }
}

// Three series of 30, 20 and 25 rows: every window, training or validation, lies inside one series, and
// each series' validation windows have their targets in its own last 20%.
TEST(SplitRunWindows, NoWindowSpansTwoSeriesAndEachIsValidatedOnItsTail) {
  const std::vector<SeriesRun> runs = {{"a", 0, 30}, {"b", 30, 20}, {"c", 50, 25}};
  const WindowSpec spec{5, 1, false, 2};
  const WindowSplit split = split_run_windows(runs, spec, 0.2);
  auto run_of = [&](size_t row) {
    for (size_t k = 0; k < runs.size(); ++k)
      if (row >= runs[k].begin && row < runs[k].end()) return k;
    return runs.size();
  };
  for (const std::vector<size_t>* part : {&split.train, &split.validation}) {
    for (size_t s : *part) {
      const size_t last = s + spec.length + spec.horizon + spec.steps - 2;
      EXPECT_EQ(run_of(s), run_of(last)) << "window at " << s;
    }
  }
  for (size_t k = 0; k < runs.size(); ++k) {
    const size_t boundary = runs[k].begin + split_boundary(runs[k].rows, 0.2);
    size_t train = 0, validation = 0;
    for (size_t s : split.train)
      if (run_of(s) == k) {
        ++train;
        EXPECT_LT(s + spec.length + spec.horizon + spec.steps - 2, boundary) << "training window at " << s;
      }
    for (size_t s : split.validation)
      if (run_of(s) == k) {
        ++validation;
        EXPECT_GE(s + spec.length - 1 + spec.horizon, boundary) << "validation window at " << s;
      }
    // Each series alone, as split_windows cuts one series.
    const WindowSplit own = split_windows(runs[k].rows, spec, 0.2);
    EXPECT_EQ(train, own.train.size()) << runs[k].id;
    EXPECT_EQ(validation, own.validation.size()) << runs[k].id;
  }
  EXPECT_EQ(split.boundary, 0u);
}

TEST(SplitRunWindows, ASeriesShorterThanAWindowIsNamed) {
  const std::vector<SeriesRun> runs = {{"long", 0, 100}, {"short", 100, 8}};
  try {
    split_run_windows(runs, WindowSpec{10, 1, false, 1}, 0.2);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`window`");
    EXPECT_EQ(e.what_is_wrong().rfind("series 'short': the training part has 6 rows", 0), 0u) << e.what();
  }
}

TEST(SplitRunWindows, SkippedRowsMoveTheSplitAsForOneSeries) {
  const std::vector<SeriesRun> runs = {{"a", 0, 28, 2}, {"b", 28, 19, 1}};
  const WindowSplit split = split_run_windows(runs, WindowSpec{4, 1, false, 1}, 0.25);
  const WindowSplit a = split_windows(28, WindowSpec{4, 1, false, 1}, 0.25, "`window`", 2);
  const WindowSplit b = split_windows(19, WindowSpec{4, 1, false, 1}, 0.25, "`window`", 1);
  std::vector<size_t> train = a.train;
  for (size_t s : b.train) train.push_back(28 + s);
  EXPECT_EQ(split.train, train);
}

CsvOptions by_store() {
  CsvOptions o;
  o.target = "y";
  o.series = "store";
  return o;
}

TEST(CsvSeriesColumn, IdsOfTheKeptRowsAsText) {
  CsvOptions o = by_store();
  o.fill = FillPolicy::drop;
  const CsvTable t = parse_csv("store,y\nnorth,1\nnorth,x\n007,3\n", "f.csv", o);
  EXPECT_EQ(t.series_ids, (Names{"north", "007"}));
  EXPECT_EQ(t.series.names, (Names{"y"}));
  EXPECT_EQ(t.lines, (std::vector<size_t>{2, 4}));
}

TEST(CsvSeriesColumn, RefusesUnknownOrTakenColumns) {
  for (const char* column : {"shop", "y"}) {
    CsvOptions o = by_store();
    o.series = column;
    try {
      parse_csv("store,y\nnorth,1\n", "f.csv", o);
      FAIL() << column;
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`series_column`") << column;
    }
  }
  CsvOptions o = by_store();
  o.time = "store";
  EXPECT_THROW(parse_csv("store,y\nnorth,1\n", "f.csv", o), UsageError);
}

}  // namespace
}  // namespace lstmkit::data
