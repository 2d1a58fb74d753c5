#include "lstmkit/infer/forecast_files.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "models/ts_fixtures.h"

namespace lstmkit::infer {
namespace {

constexpr float kNan = NAN;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ForecastTable series_table() {
  ForecastTable t;
  t.index_names = {"t"};
  t.targets = {"value"};
  t.lines = {{{0}, {0.5f}, {kNan}, false},
             {{1}, {0.25f}, {0.3f}, false},
             {{2}, {kNan}, {0.125f}, true},  // past the end of a file: no truth
             {{3}, {1e-7f}, {-2.5f}, true}};
  t.boundary = 1;
  t.data_end = 2;
  t.title = "test";
  return t;
}

TEST(ForecastCsv, WritesIndexTruthAndPredictionWithEmptyFieldsForUnknowns) {
  models::testing::TempDir dir;
  write_forecast_csv(dir.path() / "forecast.csv", series_table());
  EXPECT_EQ(read(dir.path() / "forecast.csv"),
            "t,truth,prediction\n"
            "0,0.5,\n"
            "1,0.25,0.3\n"
            "2,,0.125\n"
            "3,1e-07,-2.5\n");
}

TEST(ForecastCsv, NamesTheColumnsOfSeveralTargetsAndSequenceSteps) {
  models::testing::TempDir dir;
  ForecastTable t;
  t.index_names = {"sequence", "step"};
  t.targets = {"a", "b"};
  t.lines = {{{7, 0}, {1, 2}, {3, 4}, false}};
  write_forecast_csv(dir.path() / "f.csv", t);
  EXPECT_EQ(read(dir.path() / "f.csv"), "sequence,step,truth.a,prediction.a,truth.b,prediction.b\n7,0,1,3,2,4\n");
}

TEST(ForecastCsv, WritesAClassifiersClassIdsByName) {
  models::testing::TempDir dir;
  ForecastTable t;
  t.index_names = {"t"};
  t.targets = {"activity"};
  t.class_names = {"sitting", "walking, fast"};
  t.lines = {{{4}, {0}, {kNan}, false}, {{5}, {1}, {0}, false}};
  write_forecast_csv(dir.path() / "f.csv", t);
  EXPECT_EQ(read(dir.path() / "f.csv"), "t,truth,prediction\n4,sitting,\n5,\"walking, fast\",sitting\n");
}

TEST(GroupForecastCsv, OneLinePerGroupWithTheProbabilityOfItsPrediction) {
  models::testing::TempDir dir;
  const std::vector<GroupForecastLine> lines = {{"ann", 1, 1, 0.75f}, {"bob \"b\"", std::nullopt, 0, 0.5f}};
  write_group_forecast_csv(dir.path() / "g.csv", lines, {"sitting", "walking"});
  EXPECT_EQ(read(dir.path() / "g.csv"),
            "group,truth,prediction,probability\n"
            "ann,walking,walking,0.75\n"
            "\"bob \"\"b\"\"\",,sitting,0.5\n");
}

TEST(ForecastPlot, DrawsWhenGnuplotIsThere) {
  models::testing::TempDir dir;
  const io::PlotResult r = plot_forecast(dir.path() / "forecast.png", series_table());
  if (r.status == io::PlotStatus::no_gnuplot) GTEST_SKIP() << "gnuplot is not installed";
  ASSERT_TRUE(r) << r.message;
  EXPECT_GT(std::filesystem::file_size(dir.path() / "forecast.png"), 1000u);
}

}  // namespace
}  // namespace lstmkit::infer
