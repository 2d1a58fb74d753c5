// The backtest job on a model of several series: each series is backtested exactly as the model of that
// series alone (the same weights, its own units) would be, from its own origins; the overall rows pool
// MAE and RMSE and average MAPE, sMAPE and MASE over the series; one series can be chosen; and no
// series' rows at or past its origin reach any forecast, the retrained models' training and scalers
// included (poison every series from its origin on: the forecasts up to it stay the same).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "jobs/series_fixtures.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/backtest.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;
using testing::at_origin;
using testing::one_series_model;
using testing::StoreSeries;
using testing::stores;
using testing::stores_checkpoint;
using testing::stores_config;
using testing::write_series_csv;
using testing::write_stores_csv;

BacktestConfig config_of(const models::Regressor& model, const std::filesystem::path& csv) {
  BacktestConfig c;
  c.source = model.spec().source;
  c.source.csv = csv.string();
  c.start = 0.8;
  c.stride = 6;
  c.steps = 3;
  c.season = 12;
  return c;
}

TEST(BacktestEachSeries, EverySeriesAsTheModelOfItAloneWouldBacktestIt) {
  TempDir dir;
  const auto checkpoint = stores_checkpoint(dir.path());
  auto model = models::Regressor::load(checkpoint);
  train::SilentReporter silent;
  const BacktestResult r = backtest(*model, config_of(*model, dir / "stores.csv"), silent);
  ASSERT_EQ(r.per_series.size(), 2u);
  const StoreSeries data = stores();
  for (size_t k = 0; k < 2; ++k) {
    const auto& [id, values] = data[k];
    const BacktestResult& got = r.per_series[k];
    EXPECT_EQ(got.series_id, id);
    auto one = one_series_model(checkpoint, id, write_series_csv(dir / (id + ".csv"), values));
    const BacktestResult want = backtest(*one, config_of(*one, dir / (id + ".csv")), silent);
    EXPECT_EQ(got.origins, want.origins);
    EXPECT_EQ(got.series, values);
    // The model's own data: the origins in a series' training rows are flagged per series.
    EXPECT_EQ(got.trained_rows, want.trained_rows);
    ASSERT_EQ(got.methods.size(), want.methods.size());
    for (size_t m = 0; m < got.methods.size(); ++m) {
      EXPECT_EQ(got.methods[m].name, want.methods[m].name);
      EXPECT_EQ(got.methods[m].forecasts, want.methods[m].forecasts) << id << " " << got.methods[m].name;
      EXPECT_EQ(got.methods[m].errors.mase, want.methods[m].errors.mase);
    }
  }
  // low: 70 rows, origins 56 and 62; high: 56 rows, origins 45 and 51.
  EXPECT_EQ(r.per_series[0].origins, (std::vector<size_t>{56, 62}));
  EXPECT_EQ(r.per_series[1].origins, (std::vector<size_t>{45, 51}));
  EXPECT_TRUE(r.origins.empty());
}

TEST(BacktestEachSeries, OverallRowsPoolTheErrorsAndAverageTheScaledOnes) {
  TempDir dir;
  auto model = models::Regressor::load(stores_checkpoint(dir.path()));
  train::SilentReporter silent;
  const BacktestResult r = backtest(*model, config_of(*model, dir / "stores.csv"), silent);
  ASSERT_EQ(r.methods.size(), r.per_series[0].methods.size());
  for (size_t m = 0; m < r.methods.size(); ++m) {
    const infer::BacktestErrors &all = r.methods[m].errors, &a = r.per_series[0].methods[m].errors,
                                &b = r.per_series[1].methods[m].errors;
    EXPECT_EQ(all.count, a.count + b.count);
    const double n = static_cast<double>(all.count);
    EXPECT_NEAR(all.mae, (a.mae * a.count + b.mae * b.count) / n, 1e-9 * all.mae);
    EXPECT_NEAR(all.rmse, std::sqrt((a.rmse * a.rmse * a.count + b.rmse * b.rmse * b.count) / n), 1e-9 * all.rmse);
    EXPECT_NEAR(all.smape, (a.smape + b.smape) / 2, 1e-12);
    ASSERT_TRUE(all.mase && a.mase && b.mase);
    EXPECT_NEAR(*all.mase, (*a.mase + *b.mase) / 2, 1e-12);
    EXPECT_TRUE(r.methods[m].forecasts.empty());
  }
}

TEST(BacktestEachSeries, OneSeriesChosenAndUnknownIdsNamed) {
  TempDir dir;
  const auto checkpoint = stores_checkpoint(dir.path());
  auto model = models::Regressor::load(checkpoint);
  train::SilentReporter silent;
  BacktestConfig c = config_of(*model, dir / "stores.csv");
  const BacktestResult all = backtest(*model, c, silent);
  c.series = "high";
  const BacktestResult high = backtest(*model, c, silent);
  ASSERT_EQ(high.per_series.size(), 1u);
  EXPECT_EQ(high.per_series[0].methods[0].forecasts, all.per_series[1].methods[0].forecasts);
  EXPECT_EQ(high.methods[0].errors.mase, all.per_series[1].methods[0].errors.mase);
  c.series = "west";
  try {
    backtest(*model, c, silent);
    FAIL() << "an unknown series was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`series`");
    EXPECT_NE(std::string(e.what()).find("'low', 'high'"), std::string::npos) << e.what();
  }
  auto one = one_series_model(checkpoint, "low", write_series_csv(dir / "low.csv", stores()[0].second));
  BacktestConfig single = config_of(*one, dir / "low.csv");
  single.series = "low";
  EXPECT_THROW(backtest(*one, single, silent), UsageError);
}

TEST(BacktestEachSeries, AReportJsonAndFilesOfEachSeriesAndTheOverallRows) {
  TempDir dir;
  auto model = models::Regressor::load(stores_checkpoint(dir.path()));
  train::SilentReporter silent;
  const BacktestConfig c = config_of(*model, dir / "stores.csv");
  const BacktestResult r = backtest(*model, c, silent);
  const std::string report = backtest_report(r);
  EXPECT_NE(report.find("series 'low': 2 origins from row 56 to 62, 3 steps each"), std::string::npos) << report;
  EXPECT_NE(report.find("series 'high': 2 origins from row 45 to 51"), std::string::npos) << report;
  EXPECT_NE(report.find("all 2 series: MAE and RMSE pooled"), std::string::npos) << report;
  const nlohmann::json j = nlohmann::json::parse(backtest_json(r, c));
  ASSERT_EQ(j.at("series").size(), 2u);
  EXPECT_EQ(j["series"][1]["id"], "high");
  EXPECT_EQ(j["series"][1]["origins"], (std::vector<size_t>{45, 51}));
  EXPECT_EQ(j["methods"][0]["count"], 12u);  // 2 series × 2 origins × 3 steps
  const BacktestFiles files = write_backtest_files(r, dir / "out");
  std::ifstream csv(files.csv);
  std::vector<std::string> lines;
  for (std::string line; std::getline(csv, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 1u + 12);
  EXPECT_EQ(lines[0], "series,origin,step,t,truth,model,persistence,seasonal_naive_12,drift,mean");
  EXPECT_EQ(lines[1].substr(0, 13), "low,56,1,56,1");
  EXPECT_EQ(lines[12].substr(0, 13), "high,51,3,53,");
  if (files.plot_result)
    EXPECT_EQ(files.series_plots, (std::vector<std::filesystem::path>{dir / "out" / "backtest-low.png",
                                                                      dir / "out" / "backtest-high.png"}));
  else
    EXPECT_EQ(files.plot_result.status, io::PlotStatus::no_gnuplot) << files.plot_result.message;
}

// Every series poisoned from its origin i on (all rounds' origins stay where they were: the rows do not
// change in number): every method's forecasts of every series at origins up to i must not change. The
// first origins (low row 42, high row 34) lie before the series' own validation tails, so that a model
// retrained on every series' whole training part would see poisoned rows.
void expect_no_look_ahead(models::Regressor& model, const TempDir& dir, bool retrain) {
  train::SilentReporter silent;
  size_t file = 0;
  auto run = [&](const StoreSeries& data) {
    const auto csv = write_stores_csv(dir / ("data" + std::to_string(file++) + ".csv"), data);
    BacktestConfig c = config_of(model, csv);
    c.start = 0.6;
    c.stride = 15;
    if (retrain) c.retrain = stores_config(csv, dir / "retrain", 1);
    return backtest(model, c, silent);
  };
  const BacktestResult reference = run(stores());
  ASSERT_EQ(reference.per_series.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    StoreSeries poisoned = stores();
    for (size_t k = 0; k < 2; ++k) {
      ASSERT_EQ(reference.per_series[k].origins.size(), 2u);
      for (size_t t = reference.per_series[k].origins[i]; t < poisoned[k].second.size(); ++t)
        poisoned[k].second[t] = 1e6f;
    }
    const BacktestResult r = run(poisoned);
    for (size_t k = 0; k < 2; ++k) {
      ASSERT_EQ(r.per_series[k].origins, reference.per_series[k].origins);
      for (size_t j = 0; j <= i; ++j)
        EXPECT_EQ(at_origin(r.per_series[k], j), at_origin(reference.per_series[k], j))
            << "series " << reference.per_series[k].series_id << ", origin " << reference.per_series[k].origins[j]
            << ": a forecast saw a row at or past a series' origin " << i + 1;
    }
  }
}

TEST(BacktestEachSeries, NoMethodOfAnySeriesSeesPastItsOrigin) {
  TempDir dir;
  auto model = models::Regressor::load(stores_checkpoint(dir.path()));
  expect_no_look_ahead(*model, dir, false);
}

TEST(BacktestEachSeries, RetrainingSeesNoRowOfAnySeriesPastItsOrigin) {
  TempDir dir;
  auto model = models::Regressor::load(stores_checkpoint(dir.path()));
  expect_no_look_ahead(*model, dir, true);
}

TEST(BacktestEachSeries, EachRoundRetrainsOnEverySeriesBeforeItsOwnOrigin) {
  TempDir dir;
  auto model = models::Regressor::load(stores_checkpoint(dir.path()));
  struct Notes : train::Reporter {
    std::vector<std::string> lines;
    void progress(const train::Progress&) override {}
    void note(const std::string& line) override { lines.push_back(line); }
  } notes;
  BacktestConfig c = config_of(*model, dir / "stores.csv");
  c.series = "low";  // forecast one series, train on both
  c.retrain = stores_config(dir / "stores.csv", dir / "retrain", 1);
  const BacktestResult r = backtest(*model, c, notes);
  ASSERT_EQ(notes.lines.size(), 2u);
  EXPECT_NE(notes.lines[0].find("origin 1 of 2 (low row 56, high row 45): retrained on each series' rows before it"),
            std::string::npos)
      << notes.lines[0];
  EXPECT_NE(notes.lines[1].find("origin 2 of 2 (low row 62, high row 51)"), std::string::npos) << notes.lines[1];
  ASSERT_EQ(r.per_series.size(), 1u);
  EXPECT_EQ(r.per_series[0].origins, (std::vector<size_t>{56, 62}));
  EXPECT_EQ(r.forecast_kind, "retrained at each origin, recursive closed loop");
}

}  // namespace
}  // namespace lstmkit::jobs
