#pragma once
// `lstmkit backtest`: a time-series model's rolling-origin evaluation next to the naive baselines
// (infer/backtest.h), in the data's units. At each origin t the model forecasts the next K rows from rows
// [0, t) alone, its own way: recursively (a one-step model's closed loop) or its multi-step head, S rows
// per pass. With `retrain`, a new model is first trained on rows [0, t) alone (jobs/train_ts.h, the
// config's `rows` set to t) and forecasts instead of the given one.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/infer/backtest.h"
#include "lstmkit/io/plot.h"
#include "lstmkit/jobs/train_ts.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/ts_data.h"
#include "lstmkit/train/reporter.h"

namespace lstmkit::jobs {

struct BacktestConfig {
  double start = 0.8;   // first origin at this fraction of the series
  size_t stride = 1;    // rows between origins
  size_t steps = 1;     // K, values forecast from each origin
  size_t season = 0;    // P: seasonal naive and a seasonal MASE scale (0: none, the one-step naive scale)
  // Train a model on the rows before each origin with this config (its `rows` and trainer.out are set
  // per origin; trainer.out is overwritten by each) and forecast with it.
  std::optional<TsTrainConfig> retrain;
};

struct BacktestMethod {
  std::string name;               // "model", "persistence", "seasonal naive (12)", "drift", "mean"
  std::vector<float> forecasts;   // [origins, K] data units
  infer::BacktestErrors errors;
};

struct BacktestResult {
  std::string target;               // the series' column
  std::vector<float> series;        // [R] the target in data units
  std::vector<size_t> origins;      // rows, ascending
  size_t steps = 0;                 // K
  std::vector<BacktestMethod> methods;  // the model first
};

// The model's forecast of `steps` rows after the first `origin` rows of `data` (as read, data units),
// from those rows alone. Throws lstmkit::Error when the model cannot forecast in a closed loop
// (infer::closed_loop_forecast) or the origin leaves less than a window of history.
std::vector<float> forecast_from(models::Regressor& model, const models::TsData& data, size_t origin, size_t steps);

// The history a model's forecast needs: its window plus the rows its differencing drops.
size_t model_history(const models::Regressor& model);

// Every origin of `data` (a series with the model's columns, one target): the model (or each origin's
// retrained model) and the baselines, scored. Retraining reports one note per origin. Throws
// lstmkit::Error for a model of several targets, sequences or groups, or that cannot run a closed loop,
// and lstmkit::UsageError on the config's fields (infer::backtest_origins).
BacktestResult backtest(models::Regressor& model, const models::TsData& data, const BacktestConfig& config,
                        train::Reporter& reporter);

// backtest.csv: `origin,step,t,truth,<method>...` (methods' names with spaces and parentheses as
// `seasonal_naive_12`), one line per origin and step. Written to a temporary file and renamed.
void write_backtest_csv(const std::filesystem::path& path, const BacktestResult& result);

// backtest.png: the series, and every origin's model forecast as a line of its own (and the first
// origin marked). Reports io::PlotStatus::no_gnuplot without gnuplot.
io::PlotResult plot_backtest(const std::filesystem::path& path, const BacktestResult& result, const std::string& title);

}  // namespace lstmkit::jobs
