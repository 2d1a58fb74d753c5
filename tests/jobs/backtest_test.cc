// The backtest job: every method's forecast at an origin is made from the rows before it alone (poison
// the rows from an origin on and the forecasts up to it stay the same, with and without retraining), the
// methods are wired to the right forecasts and scores, and the files.
#include "lstmkit/jobs/backtest.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/data/calendar.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/forecast.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;
using testing::rising_sine;
using testing::at_origin;
using testing::tiny_config;
using testing::write_series_csv;

models::TsData series_data(std::vector<float> x) {
  models::TsData d;
  d.series = data::univariate("value", std::move(x));
  return d;
}

// A trained window-6 model with first differences (the transform's inversion reads history too).
std::unique_ptr<models::Regressor> trained_model(const TempDir& dir) {
  return models::Regressor::load(testing::rising_sine_checkpoint(dir.path()));
}

// For each origin t: the rows from t on replaced by huge values; every method's forecast at origins up
// to t must not change.
void expect_no_look_ahead(models::Regressor& model, const std::vector<float>& clean,
                          const std::function<BacktestConfig(const std::vector<float>&)>& for_data) {
  train::SilentReporter silent;
  const BacktestResult reference = backtest(model, series_data(clean), for_data(clean), silent);
  ASSERT_GE(reference.origins.size(), 2u);
  for (size_t i = 0; i < reference.origins.size(); ++i) {
    std::vector<float> poisoned = clean;
    for (size_t t = reference.origins[i]; t < poisoned.size(); ++t) poisoned[t] = 1e6f;
    const BacktestResult r = backtest(model, series_data(poisoned), for_data(poisoned), silent);
    ASSERT_EQ(r.origins, reference.origins);
    for (size_t j = 0; j <= i; ++j)
      EXPECT_EQ(at_origin(r, j), at_origin(reference, j)) << "origin " << reference.origins[j] << " saw row "
                                                          << reference.origins[i] << " or later";
  }
}

TEST(Backtest, NoMethodSeesPastItsOrigin) {
  TempDir dir;
  auto model = trained_model(dir);
  BacktestConfig config;
  config.start = 0.7;
  config.stride = 7;
  config.steps = 5;
  config.season = 12;
  expect_no_look_ahead(*model, rising_sine(120), [&](const std::vector<float>&) { return config; });
}

TEST(Backtest, RetrainingSeesNothingPastItsOrigin) {
  TempDir dir;
  auto model = trained_model(dir);
  size_t file = 0;
  BacktestConfig config;
  config.start = 0.8;
  config.stride = 10;
  config.steps = 3;
  // Each run's retraining reads a CSV file of the same data as the backtest.
  expect_no_look_ahead(*model, rising_sine(100), [&](const std::vector<float>& x) {
    BacktestConfig c = config;
    const auto csv = write_series_csv(dir / ("data" + std::to_string(file++) + ".csv"), x);
    c.retrain = tiny_config(csv, dir / "retrain", 1);
    return c;
  });
}

TEST(Backtest, RetrainedModelsAreNotTheGivenOne) {
  TempDir dir;
  auto model = trained_model(dir);
  const std::vector<float> x = rising_sine(100);
  BacktestConfig config;
  config.start = 0.9;
  config.stride = 5;
  config.steps = 2;
  struct Notes : train::Reporter {
    std::vector<std::string> lines;
    void progress(const train::Progress&) override {}
    void note(const std::string& line) override { lines.push_back(line); }
  } notes;
  const BacktestResult plain = backtest(*model, series_data(x), config, notes);
  EXPECT_TRUE(notes.lines.empty());
  config.retrain = tiny_config(write_series_csv(dir / "d.csv", x), dir / "retrain", 1);
  const BacktestResult retrained = backtest(*model, series_data(x), config, notes);
  ASSERT_EQ(notes.lines.size(), retrained.origins.size());
  EXPECT_NE(notes.lines[0].find("origin 1 of 2 (row 90): retrained on rows 0..89"), std::string::npos) << notes.lines[0];
  EXPECT_NE(plain.methods[0].forecasts, retrained.methods[0].forecasts);
  EXPECT_EQ(plain.methods[1].forecasts, retrained.methods[1].forecasts);  // persistence
}

// On a straight line drift is exact and persistence is h·slope off at step h.
TEST(Backtest, MethodsAndScoresOnALine) {
  TempDir dir;
  auto model = trained_model(dir);
  std::vector<float> x(60);
  for (size_t t = 0; t < x.size(); ++t) x[t] = 1 + 2 * static_cast<float>(t);
  BacktestConfig config;
  config.start = 0.5;
  config.stride = 10;
  config.steps = 3;
  config.season = 4;
  train::SilentReporter silent;
  const BacktestResult r = backtest(*model, series_data(x), config, silent);
  EXPECT_EQ(r.origins, (std::vector<size_t>{30, 40, 50}));
  ASSERT_EQ(r.methods.size(), 5u);
  EXPECT_EQ(r.methods[0].name, "model");
  EXPECT_EQ(r.methods[1].name, "persistence");
  EXPECT_EQ(r.methods[2].name, "seasonal naive (4)");
  EXPECT_EQ(r.methods[3].name, "drift");
  EXPECT_EQ(r.methods[4].name, "mean");
  EXPECT_EQ(r.methods[0].errors.count, 9u);
  // Persistence: errors 2, 4, 6; the seasonal scale is |x_t − x_{t−4}| = 8.
  EXPECT_DOUBLE_EQ(r.methods[1].errors.mae, 4.0);
  EXPECT_DOUBLE_EQ(*r.methods[1].errors.mase, 0.5);
  // Seasonal naive (4): x[t−4+h] against x[t+h], always 8 off.
  EXPECT_DOUBLE_EQ(r.methods[2].errors.mae, 8.0);
  EXPECT_DOUBLE_EQ(*r.methods[2].errors.mase, 1.0);
  EXPECT_NEAR(r.methods[3].errors.mae, 0.0, 1e-4);
  // Mean of x_0..x_{t−1} = t: error at t+h is 1 + 2(t+h) − t; origins 30, 40, 50, h = 0..2 → mean 43.
  EXPECT_NEAR(r.methods[4].errors.mae, 43.0, 1e-4);
  // The model's forecast is its own forecast_from.
  const std::vector<float> f = forecast_from(*model, series_data(x), 40, 3);
  EXPECT_EQ(at_origin(r, 1)[0], f);
}

// A model that reads calendar features: from each origin the loop computes them for the rows past it,
// as forecast does past the end of the data (backtest refused such models before).
TEST(Backtest, CalendarFeaturesAreComputedPastEachOrigin) {
  TempDir dir;
  const std::vector<float> x = rising_sine(100);
  std::vector<std::string> lines{"month,value\n"};
  for (size_t t = 0; t < x.size(); ++t) {
    char month[16];
    std::snprintf(month, sizeof month, "%04zu-%02zu,", 2000 + t / 12, 1 + t % 12);
    lines.push_back(month + std::to_string(x[t]) + "\n");
  }
  // The file's first `rows` data rows.
  auto csv_of = [&](size_t rows) {
    std::string text;
    for (size_t i = 0; i <= rows; ++i) text += lines[i];
    return lstmkit::testing::write_bytes(dir.path() / ("first" + std::to_string(rows) + ".csv"), text);
  };
  const auto csv = csv_of(x.size());
  const auto model = models::Regressor::load(testing::rising_sine_checkpoint(dir.path(), [&](TsTrainConfig& c) {
    c.spec.source.csv = csv.string();
    c.spec.source.csv_options.time = "month";
    c.spec.source.calendar = {data::CalendarFeature::month};
  }));
  ASSERT_EQ(model->spec().features.size(), 3u) << "value and the month's sin/cos";
  BacktestConfig config;
  config.source = model->spec().source;
  config.start = 0.8;
  config.stride = 7;
  config.steps = 3;
  train::SilentReporter silent;
  const BacktestResult r = backtest(*model, config, silent);
  ASSERT_EQ(r.origins, (std::vector<size_t>{80, 87, 94}));
  for (size_t i = 0; i < r.origins.size(); ++i) {
    // forecast's closed loop on the rows before the origin alone.
    ForecastConfig f;
    f.source = config.source;
    f.source.csv = csv_of(r.origins[i]).string();
    f.steps = 3;
    EXPECT_EQ(at_origin(r, i)[0], forecast(*model, f).closed_loop.values) << "origin " << r.origins[i];
  }
}

TEST(Backtest, RefusesWhatItCannotForecast) {
  TempDir dir;
  auto model = trained_model(dir);
  train::SilentReporter silent;
  BacktestConfig config;
  config.steps = 30;
  try {
    backtest(*model, series_data(rising_sine(40)), config, silent);
    FAIL() << "no origin fits";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`start`");
  }
  // A window of 6 and one difference need 7 rows before the first origin.
  config = {};
  config.start = 0.1;
  config.stride = 100;
  EXPECT_EQ(backtest(*model, series_data(rising_sine(20)), config, silent).origins, std::vector<size_t>{7});
  EXPECT_EQ(model_history(*model), 7u);
}

TEST(BacktestFiles, CsvHasAColumnPerMethodAndALinePerOriginAndStep) {
  TempDir dir;
  BacktestResult r;
  r.target = "value";
  r.series = {1, 2, 3, 4, 5};
  r.origins = {3};
  r.steps = 2;
  r.methods = {{"model", {4.5f, 5.5f}, {}}, {"seasonal naive (2)", {2, 3}, {}}};
  write_backtest_csv(dir / "backtest.csv", r);
  EXPECT_EQ(lstmkit::testing::read_bytes(dir / "backtest.csv"),
            "origin,step,t,truth,model,seasonal_naive_2\n3,1,3,4,4.5,2\n3,2,4,5,5.5,3\n");
}

}  // namespace
}  // namespace lstmkit::jobs
