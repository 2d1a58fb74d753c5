#pragma once
// A small univariate CSV series and a train-ts config that learns it in a fraction of a second, for the
// job tests: a 12-step sine on a rising line, so that a differencing transform has work to do.
#include <cmath>
#include <filesystem>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

#include "lstmkit/jobs/backtest.h"
#include "lstmkit/jobs/train_ts.h"
#include "lstmkit/train/reporter.h"
#include "lstmkit/optim/config.h"
#include "models/ts_fixtures.h"
#include "support/temp_dir.h"

namespace lstmkit::jobs::testing {

inline std::vector<float> rising_sine(size_t rows) {
  std::vector<float> x(rows);
  for (size_t t = 0; t < rows; ++t)
    x[t] = static_cast<float>(10 + 0.05 * static_cast<double>(t) + std::sin(2 * std::numbers::pi * static_cast<double>(t) / 12));
  return x;
}

// `value` column, one row per value.
inline std::filesystem::path write_series_csv(const std::filesystem::path& path, const std::vector<float>& x) {
  std::string text = "value\n";
  for (float v : x) text += std::to_string(v) + "\n";
  return lstmkit::testing::write_bytes(path, text);
}

// Window 6, one LSTM of 4, Adam 0.01, `epochs` epochs of batch 16, first differences; models go to `out`.
inline TsTrainConfig tiny_config(const std::filesystem::path& csv, const std::filesystem::path& out, int epochs = 2) {
  models::testing::use_one_thread();
  TsTrainConfig c;
  c.spec.source.csv = csv.string();
  c.spec.window = {6, 1, false, 1};
  c.transform.lags = {1};
  c.shape.hidden = 4;
  c.shape.layers = 1;
  c.batch = 16;
  c.trainer.out = out;
  c.trainer.epochs = epochs;
  c.trainer.force = true;
  c.trainer.seed = 3;
  c.trainer.optimizer = optim::default_config(optim::OptimizerKind::adam);
  c.trainer.optimizer.lr = 0.01;
  c.trainer.schedule.lr = 0.01;
  return c;
}

// The best checkpoint of tiny_config's run on rising_sine(100) (written to dir/train.csv; the run in dir/m),
// `adjust` applied to the config first.
inline std::filesystem::path rising_sine_checkpoint(const std::filesystem::path& dir,
                                                    const std::function<void(TsTrainConfig&)>& adjust = {}) {
  TsTrainConfig c = tiny_config(write_series_csv(dir / "train.csv", rising_sine(100)), dir / "m");
  if (adjust) adjust(c);
  train::SilentReporter silent;
  return train_ts(c, silent).best_model;
}

// Forecasts of origin i of every method of a backtest.
inline std::vector<std::vector<float>> at_origin(const BacktestResult& r, size_t i) {
  std::vector<std::vector<float>> out;
  for (const BacktestMethod& m : r.methods)
    out.emplace_back(m.forecasts.begin() + static_cast<std::ptrdiff_t>(i * r.steps),
                     m.forecasts.begin() + static_cast<std::ptrdiff_t>((i + 1) * r.steps));
  return out;
}

}  // namespace lstmkit::jobs::testing
