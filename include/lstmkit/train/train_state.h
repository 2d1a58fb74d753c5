#pragma once
// Where a run is, as stored in a checkpoint's `train_state` metadata: enough to continue exactly.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace lstmkit::train {

struct TrainState {
  int epoch = 1;                     // the epoch in progress (1-based)
  int64_t batch = 0;                 // the next batch of that epoch to train
  int64_t step = 0;                  // optimiser steps taken
  std::optional<double> best_val;    // validation loss of the best model so far (the lowest, by loss)
  std::optional<double> last_val;    // latest validation loss
  std::optional<double> best_score;  // the --best-by metric of the best model, when it is not the loss
  int stale = 0;                     // validations since the best model
  double epoch_loss = 0;             // Σ loss·count over the epoch's batches so far, for its running mean
  int64_t epoch_units = 0;           // Σ count over the same batches
  // The run's seed (TrainerOptions::seed: initialisation, dropout, shuffling), given or by default, so
  // that a checkpoint tells which seed made it.
  uint64_t seed = 0;
  std::array<uint64_t, 2> rng{};     // the trainer's generator now
  std::array<uint64_t, 2> epoch_rng{};  // …and when the epoch began, to replay its shuffle on resume

  // Records a validation — its loss, and the value of the metric the run is judged by unless that is the
  // loss — into best_val, best_score and stale; true when its model is the new best: the lowest loss, or
  // the highest score. Without validation data (no loss) every model is the newest best: the best model
  // is then the latest.
  bool record_validation(std::optional<double> loss, std::optional<double> score);
};

std::string train_state_to_json(const TrainState& state);
// Throws lstmkit::Error(source, ...) on malformed JSON or missing fields.
TrainState train_state_from_json(const std::string& json, const std::string& source);

}  // namespace lstmkit::train
