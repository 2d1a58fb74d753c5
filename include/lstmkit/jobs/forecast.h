#pragma once
// `lstmkit forecast` as one library call: a trained time-series model run over data read as the model
// reads it — a series' one-step predictions scored next to the naive baselines (a classifier's accuracy),
// with an optional closed loop past the end; a dataset of sequences' predictions; a sequence classifier's
// class for every group. The result holds the numbers, the report's text (the tables `forecast` prints)
// and the table forecast.csv and forecast.png are drawn from; write_forecast_files writes those. The
// program (src/cli/forecast_command.cc) and Python's Forecaster share it. Errors of its own name the
// config's fields (steps, batch); the others are the data's and the model's.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/data/time_column.h"
#include "lstmkit/infer/forecast_files.h"
#include "lstmkit/infer/forecast_table.h"
#include "lstmkit/infer/forecaster.h"
#include "lstmkit/io/plot.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/ts_spec.h"

namespace lstmkit::jobs {

struct ForecastConfig {
  // The data, read with the model's scaler, transform and calendar. The model's own source (its
  // spec().source) makes its own data again, split as in training.
  models::TsSource source;
  // The caller chose the source's target and feature columns: a column the file lacks is then the
  // caller's mistake (the reader's lstmkit::UsageError), else the file's (lstmkit::Error at the file).
  bool columns_chosen = false;
  size_t steps = 0;     // closed loop: rows forecast past the end of a series, each fed back as input
  size_t season = 0;    // P > 0: the seasonal-naive baseline of period P is scored too
  size_t batch = 512;   // windows (sequences, groups) per forward pass
  // A quantile head's closed loop: sample paths (infer/sample_paths.h), each feeding back draws from its
  // predicted quantiles, the band their spread. Unset: kDefaultSamplePaths for a quantile head, else 0;
  // 0 and 1 feed back the median (the band is then the one-step spread at every horizon).
  std::optional<size_t> samples;
  uint64_t sample_seed = 0;  // seeds the paths' draws
  // A model of several series (--series-column): the id of the one series to forecast; empty: every
  // series of the data.
  std::string series;
};

// DeepAR's and Darts' usual count: the 10% and 90% quantiles of 200 paths have a standard error of about
// a twentieth of the band's width (Gaussian: √(0.1·0.9/200) / φ(1.28) = 0.12σ of 2.56σ), at the cost of
// one forward pass of batch 200 per step.
inline constexpr size_t kDefaultSamplePaths = 200;
// Each path keeps its own window and the forward pass holds [T, N, H]: beyond this, memory, not accuracy.
inline constexpr size_t kMaxSamplePaths = 10000;

enum class ForecastKind { series, sequences, groups };

struct ForecastResult {
  ForecastKind kind = ForecastKind::series;
  std::string model_description;  // "lstm 1x32, window 80, horizon 1"
  std::string data_description;   // "x.csv, the model's own, 1949-01 to 1960-12 every 1 month"
  bool own_data = false;          // the model's own source: the split is the model's
  size_t filled_values = 0;       // values carried forward (fill ffill)
  size_t dropped_rows = 0;        // rows removed (fill drop)
  size_t truncated_groups = 0;    // groups longer than the model's window, cut to it
  std::string report;             // the tables and lines `lstmkit forecast` prints after the header

  // A series: one-step predictions of data rows (data units), the first validation row of the model's
  // own data (0: one part), and the closed loop's rows R .. R+steps−1 (empty without steps).
  infer::SeriesForecast one_step;
  size_t boundary = 0;
  infer::SeriesForecast closed_loop;
  size_t sample_paths = 0;          // the closed loop's sample paths; 0: the median was fed back
  std::vector<float> continuation;  // [steps] a synthetic series' true values past its end, else empty
  // Per target [O]: the error rows (a classifier: empty, see accuracy).
  std::vector<std::vector<infer::ErrorRow>> errors;
  std::vector<infer::AccuracyRow> accuracy;  // a classifier's (series or groups), when the data has labels

  // What the files show: forecast.csv and forecast.png for a series or sequences, a line per group for
  // groups (group_lines, no plot).
  infer::ForecastTable table;
  std::vector<infer::GroupForecastLine> group_lines;

  // A model of several series: each series forecast as a model of one would be, in its own units, in the
  // order of the data (only the chosen one with ForecastConfig::series). The fields above then hold the
  // whole: the report of every series, and one table whose lines name their series (forecast.csv).
  std::vector<ForecastResult> series;
  std::string series_id;  // the series a result of `series` is
};

// Throws lstmkit::UsageError on "batch" for 0, on "samples" for more than kMaxSamplePaths, for sample
// paths without steps or of a model without quantiles, on "steps" for a closed loop the model cannot run (a
// dataset of sequences or groups, a horizon other than 1, features it cannot feed back), on "series" for
// a series the data lacks or a model of one series, besides the errors of reading the data
// (models::read_ts_data) and of fitting it to the model (a series the model was not trained on).
ForecastResult forecast(models::Regressor& model, const ForecastConfig& config);

// The result's numbers as one JSON object (`lstmkit forecast --json`; no line end): model (as
// `model_name`), model_description, data, kind, targets, errors (per target, part and predictor: count,
// mse, rmse, mae, mape), accuracy, closed_loop (rows, values [row][target], sample_paths) and groups
// where there are any; a model of several series adds each series' under "series" with its id.
std::string forecast_json(const models::Regressor& model, const ForecastResult& result, const std::string& model_name);

struct ForecastFiles {
  std::filesystem::path csv;
  std::filesystem::path plot;  // empty when none was drawn
  // The plot's outcome (no_gnuplot, or gnuplot's message); none for groups, which have no plot.
  std::optional<io::PlotResult> plot_result;
  // A model of several series: forecast-<id>.png of each series drawn (plot and plot_result are the
  // first failure's, or the first plot's).
  std::vector<std::filesystem::path> series_plots;
};

// <out>/forecast.csv and, for a series or sequences, <out>/forecast.png (with gnuplot), the directory
// created first; for a model of several series, one forecast.csv (a `series` column first) and one
// <out>/forecast-<id>.png per series (jobs/series_files.h). Throws lstmkit::Error at
// `out` when it cannot be created, and the writers' errors.
ForecastFiles write_forecast_files(const ForecastResult& result, const std::filesystem::path& out);

}  // namespace lstmkit::jobs
