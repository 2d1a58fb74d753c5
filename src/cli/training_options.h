#pragma once
// The options every training command shares (model shape, optimiser, schedule, run control), declared
// once so that `--lr` or `--patience` mean the same in train-lm, train-s2s and train-ts. Each command
// passes its own defaults.
#include <string>

#include "command.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::cli {

// What a command's options show as their defaults: its library job's config's (jobs::LmTrainConfig,
// S2sTrainConfig, default_ts_train_config), so that an option left out means what the library's default
// means, and no default is written twice.
struct TrainingDefaults {
  models::StackConfig shape;
  nn::InitScheme init = nn::InitScheme::keras;
  train::TrainerOptions trainer;
  int batch = 64;
};

// The recurrent stack the options ask for, and how to initialise it.
struct ModelShape : models::StackConfig {
  nn::InitScheme init = nn::InitScheme::keras;
};

void declare_model_options(po::options_description& o, const TrainingDefaults& d);
void declare_training_options(po::options_description& o, const TrainingDefaults& d);
// --label-smoothing, for the commands whose loss is a softmax cross-entropy (train-lm, train-s2s).
void declare_label_smoothing_option(po::options_description& o);
// --valid-metrics and --best-by, for train-s2s (a translator's BLEU and chrF).
void declare_validation_metric_options(po::options_description& o);

ModelShape read_model_shape(const po::variables_map& vm);
// Also checks --out (train::check_output_dir), so that a command that reads these first refuses a bad
// run before it reads any data.
train::TrainerOptions read_trainer_options(const po::variables_map& vm);
int read_batch(const po::variables_map& vm);

// --threads: the oneDNN (OpenMP) thread count; 0 keeps the default (all cores).
void apply_threads(const po::variables_map& vm);

// With --resume an option must agree with the run's or be left out (cli/run_options.h). Throws
// lstmkit::UsageError on `--option`, naming the run's value.
[[noreturn]] void resume_conflict(const std::string& option, const std::string& run_value);

// Whether the user typed `--name` rather than taking its default.
bool given(const po::variables_map& vm, const char* name);

}  // namespace lstmkit::cli
