// The backtest's report, JSON document and files as the library makes them for the program and Python,
// and what the job run on a source adds: the data's name and, on the model's own data, its training rows.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/jobs/backtest.h"
#include "lstmkit/models/ts_split.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;
using testing::rising_sine;
using testing::write_series_csv;

BacktestResult two_methods() {
  BacktestResult r;
  r.target = "value";
  r.series = {1, 2, 3, 4, 5};
  r.origins = {2, 3};
  r.steps = 2;
  r.forecast_kind = "recursive closed loop";
  r.data_description = "x.csv";
  infer::BacktestErrors model{4, 0.5, 0.75, 12.5, 10.0, 0.25};
  infer::BacktestErrors naive{4, 1.5, 2.0, std::nullopt, 40.0, std::nullopt};
  r.methods = {{"model", {3, 4, 4, 5}, model}, {"persistence", {2, 2, 3, 3}, naive}};
  return r;
}

TEST(BacktestReport, TableOfEveryMethod) {
  EXPECT_EQ(backtest_report(two_methods()),
            "2 origins from row 2 to 3, 2 steps each (recursive closed loop), in data units\n"
            "method                          MAE         RMSE     MAPE %    sMAPE %     MASE\n"
            "model                           0.5         0.75       12.5         10     0.25\n"
            "persistence                     1.5            2        n/a         40      n/a\n");
}

TEST(BacktestReport, JsonHasTheTablesNumbersAndTheConfig) {
  BacktestConfig config;
  config.stride = 1;
  config.season = 0;
  const nlohmann::json j = nlohmann::json::parse(backtest_json(two_methods(), config));
  EXPECT_EQ(j.at("target"), "value");
  EXPECT_EQ(j.at("origins"), (std::vector<size_t>{2, 3}));
  EXPECT_EQ(j.at("steps"), 2);
  EXPECT_EQ(j.at("stride"), 1);
  EXPECT_EQ(j.at("season"), 0);
  EXPECT_EQ(j.at("retrain"), false);
  EXPECT_EQ(j.at("forecast"), "recursive closed loop");
  ASSERT_EQ(j.at("methods").size(), 2u);
  const nlohmann::json& naive = j.at("methods")[1];
  EXPECT_EQ(naive.at("name"), "persistence");
  EXPECT_EQ(naive.at("count"), 4);
  EXPECT_DOUBLE_EQ(naive.at("mae").get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(naive.at("rmse").get<double>(), 2.0);
  EXPECT_TRUE(naive.at("mape").is_null());
  EXPECT_DOUBLE_EQ(naive.at("smape").get<double>(), 40.0);
  EXPECT_TRUE(naive.at("mase").is_null());
}

TEST(BacktestFiles, WrittenIntoANewDirectory) {
  TempDir dir;
  const BacktestFiles files = write_backtest_files(two_methods(), dir / "new" / "out");
  EXPECT_EQ(files.csv, dir / "new" / "out" / "backtest.csv");
  EXPECT_TRUE(std::filesystem::exists(files.csv));
  EXPECT_EQ(files.plot.empty(), !files.plot_result);
  if (files.plot_result) {
    EXPECT_TRUE(std::filesystem::exists(files.plot));
  }
}

// The model's own data: origins among its training rows are flagged by the rows it learnt; other data,
// or a model retrained at each origin, flags none.
TEST(Backtest, OnTheModelsOwnDataNamesItsTrainingRows) {
  TempDir dir;
  auto model = models::Regressor::load(testing::rising_sine_checkpoint(dir.path()));
  train::SilentReporter silent;
  BacktestConfig config;
  config.source = model->spec().source;
  config.start = 0.5;
  config.stride = 10;
  config.steps = 3;
  const BacktestResult own = backtest(*model, config, silent);
  EXPECT_EQ(own.data_description, model->spec().source.describe());
  EXPECT_EQ(own.trained_rows, models::split_ts(models::read_ts_data(config.source), model->spec()).training_rows.front());
  EXPECT_GT(own.trained_rows, own.origins.front());

  config.source.csv = write_series_csv(dir / "other.csv", rising_sine(100)).string();
  EXPECT_EQ(backtest(*model, config, silent).trained_rows, 0u);
}

}  // namespace
}  // namespace lstmkit::jobs
