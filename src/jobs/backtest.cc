#include "lstmkit/jobs/backtest.h"

#include <algorithm>
#include <cstdio>

#include "backtest_parts.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/infer/forecaster.h"
#include "lstmkit/models/ts_series.h"
#include "lstmkit/models/ts_split.h"

namespace lstmkit::jobs {

namespace {

constexpr infer::Baseline kBaselines[] = {infer::Baseline::persistence, infer::Baseline::seasonal_naive,
                                          infer::Baseline::drift, infer::Baseline::mean};

void check_model(const models::Regressor& model, const models::TsData& data) {
  const models::TsSpec& spec = model.spec();
  if (!data.series || spec.grouped() || spec.source.is_sequences() || model.classifies())
    throw Error("model", "is not a regressor of one series", "backtest a model trained with train-ts on a series");
  if (spec.targets.size() != 1)
    throw Error("model", "predicts " + std::to_string(spec.targets.size()) + " columns",
                "backtest a model of one target column");
}

}  // namespace

namespace backtest_parts {

std::unique_ptr<models::Regressor> retrained(TsTrainConfig config, const std::string& origin, const std::string& rows,
                                             size_t index, size_t origins, train::Reporter& reporter) {
  config.trainer.resume = false;
  config.trainer.force = true;
  train::SilentReporter silent;
  const TsTrainResult result = train_ts(config, silent);
  if (result.train.outcome == train::TrainOutcome::interrupted)
    throw Error("backtest", "interrupted while retraining at " + origin, "run it again");
  char line[200];
  std::snprintf(line, sizeof line, "retrained on %s, %s updates%s", rows.c_str(),
                with_commas(static_cast<size_t>(result.train.step)).c_str(),
                result.train.best_val ? (", best validation loss " + std::to_string(*result.train.best_val)).c_str() : "");
  reporter.note("origin " + std::to_string(index + 1) + " of " + std::to_string(origins) + " (" + origin + "): " + line);
  return models::Regressor::load(result.best_model, config.shape.precision);
}

}  // namespace backtest_parts

size_t model_history(const models::Regressor& model) {
  return model.spec().window.length + model.transform().dropped_rows();
}

std::vector<float> forecast_from(models::Regressor& model, const models::TsData& data, size_t origin, size_t steps) {
  const models::TsData history = first_rows(data, origin);
  const models::TsData units = models::to_model_units(history, model.spec(), model.scaler(), model.transform());
  try {
    // Calendar covariates of the rows past the origin are known there, as past the end of the data.
    const data::Series known = models::known_future(units, model.spec(), model.scaler(), steps + model.spec().window.steps);
    return infer::original_continuation(model, *history.series,
                                        infer::closed_loop(model, *units.series, steps, known).values);
  } catch (const UsageError& e) {
    // What keeps a model from a closed loop is the model's, whatever option asked for the loop.
    throw Error("model", e.what_is_wrong(), e.hint());
  }
}

namespace backtest_parts {

std::vector<size_t> series_origins(const models::Regressor& model, size_t rows, const BacktestConfig& config) {
  size_t history = std::max<size_t>(model_history(model), 2);
  if (config.season) history = std::max(history, config.season);
  return infer::backtest_origins(rows, config.start, config.stride, config.steps, history);
}

BacktestResult backtest_one_series(const models::Regressor& model, const models::TsData& data,
                                   const BacktestConfig& config, const OriginForecast& forecast_at) {
  check_model(model, data);
  const data::Series& series = *data.series;
  BacktestResult r;
  r.target = model.spec().targets.front();
  r.series = series.columns[series.targets.front()];
  r.steps = config.steps;
  const size_t S = model.spec().window.steps;
  r.forecast_kind = (config.retrain ? std::string("retrained at each origin, ") : std::string()) +
                    (S > 1 ? "direct: the model's " + std::to_string(S) + "-step head" : "recursive closed loop");
  r.origins = series_origins(model, r.series.size(), config);

  std::vector<infer::Baseline> baselines;
  for (infer::Baseline b : kBaselines)
    if (b != infer::Baseline::seasonal_naive || config.season) baselines.push_back(b);
  r.methods.push_back({"model", {}, {}});
  for (infer::Baseline b : baselines) r.methods.push_back({infer::baseline_name(b, config.season), {}, {}});
  std::vector<infer::BacktestScore> scores(r.methods.size());

  const size_t K = config.steps;
  for (size_t i = 0; i < r.origins.size(); ++i) {
    const size_t t = r.origins[i];
    const std::span<const float> past(r.series.data(), t), truth(r.series.data() + t, K);
    const std::optional<double> scale = infer::naive_scale(past, config.season ? config.season : 1);
    std::vector<float> forecast = forecast_at(i, t);
    for (size_t m = 0; m < r.methods.size(); ++m) {
      if (m > 0) forecast = infer::baseline_forecast(baselines[m - 1], past, K, config.season);
      scores[m].add(truth, forecast, scale);
      r.methods[m].forecasts.insert(r.methods[m].forecasts.end(), forecast.begin(), forecast.end());
    }
  }
  for (size_t m = 0; m < r.methods.size(); ++m) r.methods[m].errors = scores[m].errors();
  return r;
}

}  // namespace backtest_parts

BacktestResult backtest(models::Regressor& model, const models::TsData& data, const BacktestConfig& config,
                        train::Reporter& reporter) {
  if (model.spec().multi_series()) {
    if (data.runs.empty())
      throw Error("data", "is one series, the model was trained on several (column '" +
                              model.spec().source.csv_options.series + "')",
                  "give data of the kind the model was trained on");
    return backtest_parts::backtest_each_series(model, data, config, reporter);
  }
  if (!config.series.empty())
    throw UsageError("`series`", "names a series, but the model was trained on one series",
                     "a series is chosen only of a model trained on several");
  check_model(model, data);
  const std::vector<size_t> origins = backtest_parts::series_origins(model, data.series->rows(), config);
  return backtest_parts::backtest_one_series(model, data, config, [&](size_t i, size_t t) {
    if (!config.retrain) return forecast_from(model, data, t, config.steps);
    TsTrainConfig c = *config.retrain;
    c.rows = t;
    const auto fresh = backtest_parts::retrained(std::move(c), "row " + std::to_string(t),
                                                 "rows 0.." + std::to_string(t - 1), i, origins.size(), reporter);
    check_model(*fresh, data);
    return forecast_from(*fresh, data, t, config.steps);
  });
}

BacktestResult backtest(models::Regressor& model, const BacktestConfig& config, train::Reporter& reporter) {
  const models::TsData data = models::read_ts_data(config.source);
  BacktestResult r = backtest(model, data, config, reporter);
  r.data_description = config.source.describe();
  // The given model has learnt its own training rows: forecasts from origins among them flatter it.
  const bool own_data = models::ts_source_json(config.source) == models::ts_source_json(model.spec().source);
  if (own_data && !config.retrain && r.per_series.empty()) r.trained_rows = models::split_ts(data, model.spec()).training_rows.front();
  for (BacktestResult& one : r.per_series)
    if (own_data && !config.retrain)
      one.trained_rows =
          models::split_ts(models::series_part(data, data::find_run(data.runs, one.series_id, "`series`")), model.spec())
              .training_rows.front();
  return r;
}

}  // namespace lstmkit::jobs
