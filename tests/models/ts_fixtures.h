#pragma once
// Small time-series problems and a quick way to train a model on them through the shared Trainer, for
// the models and infer tests. Everything is seeded; a short sine (16 steps per cycle) is learnt by a
// 16-unit LSTM in well under a second.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <numbers>
#include <string>

#include "lstmkit/data/series.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/ts_data.h"
#include "lstmkit/models/ts_task.h"
#include "lstmkit/optim/config.h"
#include "lstmkit/train/trainer.h"
#include "support/temp_dir.h"

namespace lstmkit::models::testing {

// Training tests run on one thread. On a shared 2-core machine OpenMP's spinning barriers make a tiny
// model 5 to 40 times slower with two threads than with one (measured: 1.8 s against 8 to 67 s for
// learn_sine), and one thread also makes the arithmetic order fixed. The library has no thread setting
// (the CLI calls omp_set_num_threads), and test binaries do not link OpenMP themselves, so the runtime
// that oneDNN loaded is asked directly. Each test runs in its own process under CTest.
inline void use_one_thread() {
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"))) set(1);
}

using lstmkit::testing::TempDir;

// sin(2π t / period) for t = 0 .. rows−1, as a univariate series named "value".
inline TsData sine_data(size_t rows, size_t period) {
  std::vector<float> x(rows);
  for (size_t t = 0; t < rows; ++t)
    x[t] = static_cast<float>(std::sin(2.0 * std::numbers::pi * static_cast<double>(t) / static_cast<double>(period)));
  TsData d;
  d.series = data::univariate("value", std::move(x));
  return d;
}

// A spec for in-memory data (its source is never read) with the columns and classes taken from `raw`.
inline TsSpec spec_for(const TsData& raw, data::WindowSpec window, bool classify = false, double val_frac = 0.2) {
  TsSpec spec;
  spec.source.csv = "in-memory.csv";
  spec.window = window;
  spec.val_frac = val_frac;
  describe_columns(raw, classify, spec);
  return spec;
}

// A new, initialised model for `spec` with the scaler fitted on `raw`'s training part; from here on the
// test runs on one thread.
inline std::unique_ptr<Regressor> new_model(const TsData& raw, const TsSpec& spec, int hidden, uint64_t seed = 7,
                                            nn::CellKind cell = nn::CellKind::lstm) {
  use_one_thread();
  RegressorConfig c;
  c.cell = cell;
  c.hidden = hidden;
  c.inputs = static_cast<int>(spec.features.size());
  c.outputs = static_cast<int>(output_count(spec));
  auto model = std::make_unique<Regressor>(c, spec, fit_ts_scaler(raw, spec));
  Rng rng(seed);
  model->initialize(nn::InitScheme::keras, rng);
  return model;
}

// Adam (Keras defaults but `lr`), clipping at 5, no early stopping; checkpoints go to `out`.
inline train::TrainResult fit(TsTask& task, const std::filesystem::path& out, int epochs, double lr = 0.01) {
  train::TrainerOptions o;
  o.out = out;
  o.epochs = epochs;
  o.force = true;
  o.optimizer = optim::default_config(optim::OptimizerKind::adam);
  o.optimizer.lr = lr;
  o.schedule.lr = lr;
  train::SilentReporter silent;
  return train::Trainer(task, o, silent).run();
}

// A 16-unit LSTM trained on 320 rows of a 16-step sine with windows of 16 (n-to-1, horizon 1).
struct LearntSine {
  TsData raw;                        // data units
  std::unique_ptr<Regressor> model;  // the last epoch's weights
  train::TrainResult result;
};

inline LearntSine learn_sine(const std::filesystem::path& out, int epochs = 12) {
  LearntSine s;
  s.raw = sine_data(320, 16);
  const TsSpec spec = spec_for(s.raw, {16, 1, false});
  s.model = new_model(s.raw, spec, 16);
  TsTask task(*s.model, to_model_units(s.raw, spec, s.model->scaler()), 32);
  s.result = fit(task, out, epochs);
  return s;
}

}  // namespace lstmkit::models::testing
