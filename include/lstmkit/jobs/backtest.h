#pragma once
// `lstmkit backtest`: a time-series model's rolling-origin evaluation next to the naive baselines
// (infer/backtest.h), in the data's units. At each origin t the model forecasts the next K rows from rows
// [0, t) alone, its own way: recursively (a one-step model's closed loop) or its multi-step head, S rows
// per pass. With `retrain`, a new model is first trained on rows [0, t) alone (jobs/train_ts.h, the
// config's `rows` set to t) and forecasts instead of the given one. A model of several series is
// backtested per series, each from its own origins in its own units; retrained, one model per round of
// origins learns every series' rows before that series' own origin of the round (`series_rows`). The
// result's report (the table `lstmkit backtest` prints), its JSON document and its files are made here,
// for the program (src/cli/backtest_command.cc) and Python's Forecaster alike.
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
  // The data, read as the model reads it (models::read_ts_data); the model's own source is split as
  // in its training.
  models::TsSource source;
  double start = 0.8;   // first origin at this fraction of the series
  size_t stride = 1;    // rows between origins
  size_t steps = 1;     // K, values forecast from each origin
  size_t season = 0;    // P: seasonal naive and a seasonal MASE scale (0: none, the one-step naive scale)
  // Train a model on the rows before each origin with this config (its `rows` and trainer.out are set
  // per origin; trainer.out is overwritten by each) and forecast with it.
  std::optional<TsTrainConfig> retrain;
  // A model of several series (--series-column): the id of the one series to backtest; empty: each.
  std::string series;
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
  // "recursive closed loop" or "direct: the model's 4-step head", after "retrained at each origin, ".
  std::string forecast_kind;
  std::string data_description;     // the source's: "x.csv" or "synthetic sine ..."
  // The model's own data, not retrained: the rows it was trained on (origins before them flatter it);
  // else 0.
  size_t trained_rows = 0;

  // A model of several series: each series' backtest (its own origins, units, baselines and MASE scale),
  // in the order of the data, or only config.series'. The fields above then hold what is common and the
  // overall errors of every method (`forecasts`, `series` and `origins` empty): MAE and RMSE pooled over
  // every origin and step of every series, each in its own units; MAPE, sMAPE and MASE the mean of the
  // series' own, each series counting once whatever its scale.
  std::vector<BacktestResult> per_series;
  std::string series_id;  // the series a result of per_series is
};

// The model's forecast of `steps` rows after the first `origin` rows of `data` (as read, data units),
// from those rows alone. Throws lstmkit::Error when the model cannot forecast in a closed loop
// (infer::closed_loop_forecast) or the origin leaves less than a window of history.
std::vector<float> forecast_from(models::Regressor& model, const models::TsData& data, size_t origin, size_t steps);

// The history a model's forecast needs: its window plus the rows its differencing drops.
size_t model_history(const models::Regressor& model);

// Every origin of `data` (a series with the model's columns, one target): the model (or each origin's
// retrained model) and the baselines, scored; a model of several series, each series of the data (its
// units by id). Retraining reports one note per origin. Throws lstmkit::UsageError on "series" for an id
// the data lacks or a series of a model of one, lstmkit::Error for a series the model was not trained
// on, for a model of several targets, sequences or groups, or that cannot run a closed loop,
// and lstmkit::UsageError on the config's fields (infer::backtest_origins).
BacktestResult backtest(models::Regressor& model, const models::TsData& data, const BacktestConfig& config,
                        train::Reporter& reporter);

// The same on the data config.source names, read first (models::read_ts_data's errors); fills the
// result's data_description and trained_rows too.
BacktestResult backtest(models::Regressor& model, const BacktestConfig& config, train::Reporter& reporter);

// The table `lstmkit backtest` prints: a line of what was done, then a row per method (MAE, RMSE,
// MAPE %, sMAPE %, MASE; n/a where undefined).
std::string backtest_report(const BacktestResult& result);

// One JSON object of the numbers: target, origins, steps, stride, season, retrain, forecast, and per
// method name, count, mae, rmse, mape, smape, mase (null where undefined). No line end.
std::string backtest_json(const BacktestResult& result, const BacktestConfig& config);

// backtest.csv: `origin,step,t,truth,<method>...` (methods' names with spaces and parentheses as
// `seasonal_naive_12`), one line per origin and step; several series: `series` first, each series'
// lines in turn. Written to a temporary file and renamed.
void write_backtest_csv(const std::filesystem::path& path, const BacktestResult& result);

// backtest.png: the series, and every origin's model forecast as a line of its own (and the first
// origin marked). Reports io::PlotStatus::no_gnuplot without gnuplot.
io::PlotResult plot_backtest(const std::filesystem::path& path, const BacktestResult& result, const std::string& title);

struct BacktestFiles {
  std::filesystem::path csv;
  std::filesystem::path plot;  // empty when none was drawn
  io::PlotResult plot_result;  // no_gnuplot, or gnuplot's message
  // Several series: backtest-<id>.png of each series drawn (jobs/series_files.h); plot is the first, and
  // plot_result the first failure's.
  std::vector<std::filesystem::path> series_plots;
};

// <out>/backtest.csv and <out>/backtest.png (with gnuplot), titled with the data and the origins' count,
// the directory created first. Throws lstmkit::Error at `out` when it cannot be created, and the
// writers' errors.
BacktestFiles write_backtest_files(const BacktestResult& result, const std::filesystem::path& out);

}  // namespace lstmkit::jobs
