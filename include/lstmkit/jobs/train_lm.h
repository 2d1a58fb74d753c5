#pragma once
// The language-model training job as one call: read the text, build the vocabulary (or take the run's,
// resuming), initialise, split the tail off for validation, train with the shared Trainer. The
// command-line program and the Python package are front ends over it. Errors name this struct's fields
// (`val_frac`, `seq_len`), never a front end's spelling of them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/jobs/text_input.h"
#include "lstmkit/jobs/token_trainer_options.h"
#include "lstmkit/jobs/train_epoch.h"
#include "lstmkit/models/language_model.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/text/token_counts.h"
#include "lstmkit/train/reporter.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::jobs {

using LmEpoch = TrainEpoch;

struct LmTrainConfig {
  TextInput input;
  text::TextOptions text;      // unit char or word, normalisation, invalid UTF-8
  text::VocabLimits vocab_limits;
  models::LmConfig model = default_model();
  nn::InitScheme init = nn::InitScheme::keras;
  int batch = 64;              // parallel streams (N), state carried between windows
  int seq_len = 100;           // time steps per window (T)
  double val_frac = 0.1;       // fraction of the text, at its end, held out for validation
  train::TrainerOptions trainer = token_trainer_options();
  // Called once the model's size is known and before it is allocated (the command-line program refuses
  // what cannot fit in memory there); `vocab_size` is V.
  std::function<void(const models::LmConfig& model, int vocab_size)> before_building;
  // Called after each epoch, once it is validated and its checkpoints are written.
  std::function<void(const LmEpoch& epoch)> on_epoch;

  static models::LmConfig default_model();  // LSTM 2×256, one-hot input
};

struct TrainLmResult {
  train::TrainResult run;
  std::unique_ptr<models::LanguageModel> model;  // the weights of the last step taken
  std::filesystem::path best_model;              // out/model.safetensors (best validation loss)
  int64_t train_tokens = 0;
  int64_t val_tokens = 0;
};

// Checks the config's own fields before any data is read. Throws lstmkit::UsageError naming the field.
void validate(const LmTrainConfig& config);

// Trains as configured and reports through `reporter`: a line on the data and the model, the
// precision, then the Trainer's progress, epochs and notes. Ctrl-C is the caller's to route: a
// train::request_interrupt() makes the run save last.safetensors and return with outcome interrupted.
// Throws lstmkit::Error (UsageError for a bad field) before any heavy work where it can.
TrainLmResult train_lm(const LmTrainConfig& config, train::Reporter& reporter);

}  // namespace lstmkit::jobs
