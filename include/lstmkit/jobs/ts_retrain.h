#pragma once
// A time-series model's record of how it was trained, and the train-ts config that trains another model
// the same way: what `backtest` with `retrain` (the program's and Python's) runs at each origin. The
// model's spec, shape and target transform come from the model itself; the record adds what only the run
// knew (initialisation, batch, epochs, optimiser, schedule, clipping, patience, seed, validation metrics).
#include <filesystem>
#include <string>

#include "lstmkit/jobs/train_ts.h"

namespace lstmkit::jobs {

// The record of `config`'s training settings, as the model keeps it (Regressor::training_record).
std::string ts_training_record(const TsTrainConfig& config);

// The config that trains a new model as `model` was trained, on `source` (the data the backtest reads),
// in the precision `model` runs in, writing its checkpoints to `out` (overwritten). Throws
// lstmkit::UsageError at `retrain` when the model has no record (trained before lstmkit kept one),
// lstmkit::Error when its record is damaged.
TsTrainConfig retrain_config(const models::Regressor& model, const models::TsSource& source,
                             const std::filesystem::path& out);

}  // namespace lstmkit::jobs
