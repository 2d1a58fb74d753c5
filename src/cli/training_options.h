#pragma once
// The options every training command shares (model shape, optimiser, schedule, run control), declared
// once so that `--lr` or `--patience` mean the same in train-lm, train-s2s and train-ts. Each command
// passes its own defaults.
#include <string>

#include "command.h"
#include "lstmkit/nn/cell_kind.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::cli {

struct TrainingDefaults {
  std::string cell = "lstm";
  int hidden = 256;
  int layers = 2;
  int batch = 64;
  int epochs = 20;
  std::string optimizer = "adam";
  double lr = 2e-3;
  double clip = 5.0;
};

struct ModelShape {
  nn::CellKind cell = nn::CellKind::lstm;
  int hidden = 0;
  int layers = 0;
  float dropout = 0;
  nn::InitScheme init = nn::InitScheme::keras;
};

void declare_model_options(po::options_description& o, const TrainingDefaults& d);
void declare_training_options(po::options_description& o, const TrainingDefaults& d);

ModelShape read_model_shape(const po::variables_map& vm);
train::TrainerOptions read_trainer_options(const po::variables_map& vm);
int read_batch(const po::variables_map& vm);

// --threads: the oneDNN (OpenMP) thread count; 0 keeps the default (all cores).
void apply_threads(const po::variables_map& vm);

// Whether the user typed `--name` rather than taking its default.
bool given(const po::variables_map& vm, const char* name);

}  // namespace lstmkit::cli
