// One split of a time-series model's data (models/ts_split.h) for all its users: the training task's
// examples and default batch, the rows the scaler and transform are fitted on, forecast's parts and
// backtest's training rows of the model's own data — for one series, several, and a dataset of sequences.
#include "lstmkit/models/ts_split.h"

#include <gtest/gtest.h>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/data/windows.h"
#include "lstmkit/jobs/backtest.h"
#include "lstmkit/jobs/forecast.h"
#include "lstmkit/jobs/train_ts.h"
#include "lstmkit/models/ts_series.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;
using testing::rising_sine;
using testing::tiny_config;
using testing::write_series_csv;

TEST(TsSplit, TrainingForecastAndBacktestOfOneSeriesReadTheSameSplit) {
  TempDir dir;
  TsTrainConfig config = tiny_config(write_series_csv(dir / "s.csv", rising_sine(100)), dir / "run");
  config.batch = 0;  // chosen from the training windows
  train::SilentReporter silent;
  TsTrainJob job(config, silent);
  const models::TsSpec& spec = job.model().spec();
  const models::TsSplit& trained = job.task().split();
  const models::TsSplit as_read = models::split_ts(models::read_ts_data(spec.source), spec);
  // Differencing dropped the first row: the task's rows are one fewer, its boundary the same data row.
  EXPECT_EQ(as_read.boundary, data::split_boundary(100, spec.val_frac));
  EXPECT_EQ(trained.boundary + 1, as_read.boundary);
  EXPECT_EQ(trained.training_rows, std::vector<size_t>{trained.boundary});
  EXPECT_EQ(as_read.training_rows, std::vector<size_t>{as_read.boundary});
  EXPECT_EQ(job.batch(), models::default_batch(trained.train.size()));
  EXPECT_EQ(job.task().train_examples(), trained.train);
  EXPECT_EQ(job.task().validation_examples(), trained.validation);

  const TsTrainResult result = job.run();
  auto model = models::Regressor::load(result.best_model);
  ForecastConfig forecast_config;
  forecast_config.source = spec.source;
  EXPECT_EQ(forecast(*model, forecast_config).boundary, as_read.boundary);
  BacktestConfig backtest_config;
  backtest_config.source = spec.source;
  backtest_config.start = 0.5;
  backtest_config.stride = 10;
  backtest_config.steps = 3;
  EXPECT_EQ(backtest(*model, backtest_config, silent).trained_rows, as_read.training_rows.front());
}

// The transform and the scaler are fitted on the split's training rows: values past them change
// neither, a value in the last of them changes both.
TEST(TsSplit, UnitsAreFittedOnItsTrainingRows) {
  TempDir dir;
  auto units_of = [&](const std::vector<float>& x, const std::string& name) {
    TsTrainConfig config = tiny_config(write_series_csv(dir / (name + ".csv"), x), dir / name);
    config.transform.detrend = true;
    train::SilentReporter silent;
    TsTrainJob job(config, silent);
    return job.model().transform().to_json() + job.model().scaler().to_json();
  };
  const std::vector<float> clean = rising_sine(100);
  const size_t b = data::split_boundary(100, 0.2);
  std::vector<float> late = clean, last = clean;
  for (size_t t = b; t < late.size(); ++t) late[t] = 1e4f;
  last[b - 1] = 1e4f;
  EXPECT_EQ(units_of(late, "late"), units_of(clean, "clean"));
  EXPECT_NE(units_of(last, "last"), units_of(clean, "clean"));
}

TEST(TsSplit, SeveralSeriesEachAtItsOwnTail) {
  TempDir dir;
  std::string text = "store,value\n";
  for (const auto& [id, rows] : {std::pair{"a", 40}, std::pair{"b", 30}})
    for (float v : rising_sine(rows)) text += std::string(id) + "," + std::to_string(v) + "\n";
  TsTrainConfig config = tiny_config(lstmkit::testing::write_bytes(dir / "stores.csv", text), dir / "run");
  config.spec.source.csv_options.target = "value";
  config.spec.source.csv_options.series = "store";
  config.batch = 0;
  train::SilentReporter silent;
  TsTrainJob job(config, silent);
  const models::TsSplit& split = job.task().split();
  // Rows 1.. of each after the first difference: data rows 0..31 and 0..23 train.
  EXPECT_EQ(split.training_rows, (std::vector<size_t>{31, 23}));
  EXPECT_EQ(split.boundary, 0u);
  const models::TsData units = models::model_units(models::read_ts_data(config.spec.source), job.model());
  for (size_t k = 0; k < 2; ++k)
    EXPECT_EQ(models::split_ts(models::series_part(units, k), job.model().spec()).training_rows.front(),
              split.training_rows[k]);
  EXPECT_EQ(job.batch(), models::default_batch(split.train.size()));
}

TEST(TsSplit, ForecastOfSequencesPredictsTheValidationSequencesTheTaskHeldOut) {
  TempDir dir;
  TsTrainConfig config = tiny_config(dir / "unused.csv", dir / "run", 1);
  config.spec.source.csv.clear();
  config.spec.source.synthetic = data::SyntheticOptions{data::SyntheticKind::adding, 8, 0.1, 5, 40};
  config.transform.lags.clear();
  config.spec.scale = data::ScaleKind::none;
  train::SilentReporter silent;
  TsTrainJob job(config, silent);
  const models::TsSplit split = job.task().split();
  EXPECT_EQ(split.validation.size(), 8u);
  EXPECT_EQ(split.boundary, 32u);
  auto model = models::Regressor::load(job.run().best_model);
  ForecastConfig forecast_config;
  forecast_config.source = model->spec().source;
  const ForecastResult r = forecast(*model, forecast_config);
  std::vector<size_t> predicted;
  for (const infer::ForecastLine& line : r.table.lines) predicted.push_back(line.index.front());
  EXPECT_EQ(predicted, split.validation);
}

}  // namespace
}  // namespace lstmkit::jobs
