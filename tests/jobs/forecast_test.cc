// The forecast job: one-step predictions of every window past the first, the model's own split, a
// closed loop that is the backtest's forecast from the end of the data, the table the files are drawn
// from, and errors naming the config's fields.
#include "lstmkit/jobs/forecast.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/backtest.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;
using testing::rising_sine;
using testing::write_series_csv;

std::unique_ptr<models::Regressor> trained_model(const TempDir& dir, size_t horizon = 1) {
  return models::Regressor::load(testing::rising_sine_checkpoint(dir.path(), [&](TsTrainConfig& c) {
    c.spec.window.horizon = horizon;
    if (horizon > 1) c.transform.lags.clear();  // differencing needs a horizon within its lag
  }));
}

TEST(Forecast, OwnDataIsScoredAndContinuedAsTheBacktestWould) {
  TempDir dir;
  auto model = trained_model(dir);
  ForecastConfig config;
  config.source = model->spec().source;
  config.steps = 7;
  config.season = 12;
  const ForecastResult r = forecast(*model, config);
  ASSERT_EQ(r.kind, ForecastKind::series);
  EXPECT_TRUE(r.own_data);
  EXPECT_EQ(r.boundary, data::split_boundary(100, model->spec().val_frac));
  // Differencing drops a row, the window takes 6: rows 7..99 are predicted.
  ASSERT_EQ(r.one_step.rows.size(), 93u);
  EXPECT_EQ(r.one_step.rows.front(), 7u);
  EXPECT_EQ(r.one_step.rows.back(), 99u);
  ASSERT_EQ(r.errors.size(), 1u);
  std::vector<std::string> predictors;
  for (const infer::ErrorRow& row : r.errors[0]) predictors.push_back(row.part + " " + row.predictor);
  EXPECT_NE(std::find(predictors.begin(), predictors.end(), "validation model"), predictors.end());
  EXPECT_NE(std::find(predictors.begin(), predictors.end(), "validation seasonal naive (12)"), predictors.end());
  EXPECT_NE(r.report.find("closed loop: 7 steps past row 99"), std::string::npos) << r.report;

  models::TsData data;
  data.series = data::univariate("value", rising_sine(100));
  EXPECT_EQ(r.closed_loop.values, forecast_from(*model, data, 100, 7));
  ASSERT_EQ(r.table.lines.size(), 107u);
  EXPECT_TRUE(r.table.lines.back().closed_loop);
  EXPECT_FLOAT_EQ(r.table.lines[50].truth[0], rising_sine(100)[50]);
}

TEST(Forecast, OtherDataHasOnePartAndTheFilesOneLinePerRow) {
  TempDir dir;
  auto model = trained_model(dir);
  ForecastConfig config;
  config.source = model->spec().source;
  config.source.csv = write_series_csv(dir / "other.csv", rising_sine(40)).string();
  config.steps = 3;
  const ForecastResult r = forecast(*model, config);
  EXPECT_FALSE(r.own_data);
  EXPECT_EQ(r.boundary, 0u);
  for (const infer::ErrorRow& row : r.errors[0]) EXPECT_EQ(row.part, "all");
  const ForecastFiles files = write_forecast_files(r, dir / "out" / "new");
  std::ifstream csv(files.csv);
  size_t lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 1u + 40 + 3);
  ASSERT_TRUE(files.plot_result.has_value());
  EXPECT_EQ(files.plot.empty(), !*files.plot_result);
}

TEST(Forecast, JsonHoldsTheResultsNumbers) {
  TempDir dir;
  auto model = trained_model(dir);
  ForecastConfig config;
  config.source = model->spec().source;
  config.steps = 4;
  const ForecastResult r = forecast(*model, config);
  const nlohmann::json j = nlohmann::json::parse(forecast_json(*model, r, "m.safetensors"));
  EXPECT_EQ(j["model"], "m.safetensors");
  EXPECT_EQ(j["kind"], "series");
  EXPECT_EQ(j["data"], r.data_description);
  ASSERT_EQ(j["errors"].size(), r.errors[0].size());
  for (size_t k = 0; k < r.errors[0].size(); ++k) {
    EXPECT_EQ(j["errors"][k]["predictor"], r.errors[0][k].predictor);
    EXPECT_DOUBLE_EQ(j["errors"][k]["rmse"].get<double>(), r.errors[0][k].errors.rmse);
  }
  ASSERT_EQ(j["closed_loop"]["rows"].size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(j["closed_loop"]["rows"][i].get<size_t>(), r.closed_loop.rows[i]);
    EXPECT_FLOAT_EQ(j["closed_loop"]["values"][i][0].get<float>(), r.closed_loop.values[i]);
  }
  EXPECT_FALSE(j.contains("series"));
}

TEST(Forecast, ErrorsNameTheConfigFields) {
  TempDir dir;
  auto model = trained_model(dir, 2);
  ForecastConfig config;
  config.source = model->spec().source;
  config.batch = 0;
  try {
    forecast(*model, config);
    FAIL() << "batch 0 was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`batch`");
  }
  config.batch = 512;
  config.steps = 5;
  try {
    forecast(*model, config);
    FAIL() << "a closed loop of a horizon-2 model was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`steps`");
  }
}

}  // namespace
}  // namespace lstmkit::jobs
