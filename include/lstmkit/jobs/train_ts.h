#pragma once
// `train-ts` as one library call: read the data (a CSV file or a generator), build a new model (columns
// and classes from the data, target transform and scaler fitted on the training part) or resume the
// last checkpoint, choose the batch, and run the Trainer. The program (src/cli/train_ts_command.cc) and
// a backtest's retraining (jobs/ts_retrain.h) share it, so a retrained model is made exactly as train-ts
// makes one; a new model keeps the record of its training settings. Nothing here prints: events go to
// the Reporter, facts come back in the result for the caller to word. Errors of its own name the config's
// field (`rows`); the others are the data's, the model's and the Trainer's own.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lstmkit/data/target_transform.h"
#include "lstmkit/jobs/train_epoch.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/ts_data.h"
#include "lstmkit/models/ts_spec.h"
#include "lstmkit/models/ts_task.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/train/reporter.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::jobs {

struct TsTrainConfig {
  // Source, windows, split and scaling of a new model; its columns and classes come from the data. On
  // trainer.resume the checkpoint's own spec and transform are used instead.
  models::TsSpec spec;
  bool classify = false;
  data::TransformOptions transform;
  models::StackConfig shape;   // cell, hidden, layers, dropout, precision
  nn::InitScheme init = nn::InitScheme::keras;
  train::TrainerOptions trainer;
  size_t batch = 0;            // examples per batch; 0: models::default_batch of the training examples
  // Train on the first `rows` rows of the series only, as if the data ended there (a backtest's origin):
  // the split, the transform and the scaler see those rows alone. nullopt: all rows.
  std::optional<size_t> rows;
  // Several series: train on the first rows of each series named (id, rows) only, the others left out (a
  // backtest's round of origins, models::first_series_rows). Empty: every series, all rows.
  std::vector<std::pair<std::string, size_t>> series_rows;
  // Called before a new model is allocated, with its config and the time steps one batch may hold (the
  // batch, or models::kMaxDefaultBatch when it is to be chosen, times the window): the program's memory
  // check, which may throw to refuse the run.
  std::function<void(const models::RegressorConfig&, long double batch_steps)> check_memory;
  // Called after every epoch with its numbers (Python's on_epoch); none: nothing is called.
  std::function<void(const TrainEpoch& epoch)> on_epoch;
};

struct TsTrainResult {
  train::TrainResult train;
  std::filesystem::path best_model;  // trainer.out/model.safetensors
  // A classifier's score on its validation examples with the best weights; nullopt for a regressor or
  // without validation data.
  std::optional<models::TsScore> validation;
};

// The run prepared (data read, model built or resumed, examples cut) and then run, in two calls, so that
// a caller can report what was prepared before training starts.
class TsTrainJob {
 public:
  // Reads the data and builds the model and task. Throws lstmkit::Error for data that cannot be read or
  // does not fit the model, and lstmkit::UsageError on "rows" for rows past the data's end or rows of a
  // dataset of sequences, groups or several series, besides what models::TsTask throws.
  TsTrainJob(const TsTrainConfig& config, train::Reporter& reporter);
  ~TsTrainJob();

  const models::Regressor& model() const { return *model_; }
  const models::TsTask& task() const { return *task_; }
  // The data as read (before the transform and scaling), without its values.
  size_t rows_read() const { return rows_read_; }
  size_t filled_values() const { return filled_values_; }
  size_t dropped_rows() const { return dropped_rows_; }
  size_t batch() const { return batch_; }
  // Several series (--series-column): each one's rows in model units; empty for one series.
  const std::vector<data::SeriesRun>& series_runs() const { return runs_; }
  bool batch_chosen() const { return config_.batch == 0; }

  // Trains. An interrupted run (train/interrupt.h) returns with train.outcome interrupted; nothing is
  // scored then.
  TsTrainResult run();

 private:
  TsTrainConfig config_;
  train::Reporter& reporter_;
  std::unique_ptr<models::Regressor> model_;
  std::unique_ptr<models::TsTask> task_;
  size_t rows_read_ = 0, filled_values_ = 0, dropped_rows_ = 0, batch_ = 0;
  std::vector<data::SeriesRun> runs_;
};

// TsTrainJob(config, reporter).run().
TsTrainResult train_ts(const TsTrainConfig& config, train::Reporter& reporter);

// `data` as if the series ended after its first `rows` rows (their file lines kept with them). Throws
// lstmkit::UsageError on "rows" for a dataset of sequences, groups or several series, or rows past the end.
models::TsData first_rows(models::TsData data, size_t rows);

}  // namespace lstmkit::jobs
