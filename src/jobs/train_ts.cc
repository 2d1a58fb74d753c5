#include "lstmkit/jobs/train_ts.h"

#include <algorithm>

#include "epoch_observer.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/jobs/ts_retrain.h"
#include "lstmkit/models/ts_series.h"

namespace lstmkit::jobs {

models::TsData first_rows(models::TsData data, size_t rows) {
  if (!data.series || data.groups || !data.runs.empty())
    throw UsageError("`rows`", "a dataset of sequences, groups or several series has no first rows to train on",
                     "train on the whole data");
  data::Series& s = *data.series;
  if (rows > s.rows())
    throw UsageError("`rows`", std::to_string(rows) + " rows asked of a series of " + std::to_string(s.rows()),
                     "give at most the series' rows");
  for (auto& column : s.columns) column.resize(rows);
  if (data.lines.size() > rows) data.lines.resize(rows);
  return data;
}

TsTrainJob::TsTrainJob(const TsTrainConfig& config, train::Reporter& reporter)
    : config_(config), reporter_(reporter) {
  models::TsSpec asked = config.spec;
  models::TsData raw = models::read_ts_data(asked.source);
  if (config.rows) raw = first_rows(std::move(raw), *config.rows);
  if (!config.series_rows.empty()) raw = models::first_series_rows(raw, config.series_rows);
  models::describe_columns(raw, config.classify, asked);
  if (config.trainer.resume) {
    model_ = models::Regressor::load(train::last_model_path(config.trainer.out), config.shape.precision);
  } else {
    models::RegressorConfig c{config.shape, static_cast<int>(asked.features.size()),
                              static_cast<int>(models::output_count(asked))};
    if (config.check_memory)
      config.check_memory(c, static_cast<long double>(config.batch ? config.batch : models::kMaxDefaultBatch) *
                                 std::max<size_t>(asked.window.length, 1));
    if (asked.multi_series()) {
      std::vector<models::SeriesUnits> units = models::fit_series_units(raw, asked, config.transform);
      model_ = std::make_unique<models::Regressor>(c, asked, data::Scaler());
      model_->set_series_units(std::move(units));
    } else {
      data::TargetTransform transform = models::fit_target_transform(raw, asked, config.transform);
      data::Scaler scaler = models::fit_ts_scaler(models::apply_target_transform(raw, asked, transform), asked);
      model_ = std::make_unique<models::Regressor>(c, asked, std::move(scaler), std::move(transform));
    }
    model_->set_training_record(ts_training_record(config));
    Rng init_rng(config.trainer.seed);
    model_->initialize(config.init, init_rng);
  }
  rows_read_ = raw.rows_read;
  filled_values_ = raw.filled_values;
  dropped_rows_ = raw.dropped_rows;
  models::TsData units = models::model_units(std::move(raw), *model_);
  runs_ = units.runs;
  task_ = std::make_unique<ObservedTask<models::TsTask>>(*model_, std::move(units), config.batch);
  batch_ = task_->batch();
}

TsTrainJob::~TsTrainJob() = default;

TsTrainResult TsTrainJob::run() {
  EpochObserver observer(reporter_, dynamic_cast<const LastValidation&>(*task_), config_.on_epoch);
  train::Trainer trainer(*task_, config_.trainer, observer);
  TsTrainResult result{trainer.run(), train::best_model_path(config_.trainer.out), std::nullopt};
  if (result.train.outcome == train::TrainOutcome::interrupted) return result;
  if (model_->classifies() && !task_->validation_examples().empty()) {
    io::Checkpoint::load(result.best_model, model_->parameters());
    result.validation = task_->evaluate(task_->validation_examples());
  }
  return result;
}

TsTrainResult train_ts(const TsTrainConfig& config, train::Reporter& reporter) {
  return TsTrainJob(config, reporter).run();
}

}  // namespace lstmkit::jobs
