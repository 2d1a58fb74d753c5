#pragma once
// Rolling-origin evaluation (backtesting): at each origin t the next K values of a series are forecast
// from its rows [0, t) alone, by the model and by the naive baselines, and every method is scored on the
// same origins and steps. The pieces here are pure functions of the history: a baseline or a metric's
// scale never sees a value at or past its origin (jobs/backtest.h runs the model the same way).
//   persistence     ŷ_{t+h} = x_{t−1}
//   seasonal naive  ŷ_{t+h} = x_{t−P+(h mod P)}, the latest value of the same season (h = 0 .. K−1)
//   drift           ŷ_{t+h} = x_{t−1} + (h+1)·(x_{t−1} − x_0)/(t − 1), the line through the first and last
//   mean            ŷ_{t+h} = mean of x_0 .. x_{t−1}
// Errors are pooled over every origin and step:
//   MAE, RMSE; MAPE = 100·mean|e/y| (not defined when a truth is 0); sMAPE = 100·mean 2|e|/(|y|+|ŷ|)
//   (a term with y = ŷ = 0 counts 0); MASE = mean |e|/s_t with s_t the origin's in-sample one-step naive
//   error mean|x_i − x_{i−m}| over its history (m = 1, or the season P), not defined when some s_t is 0.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lstmkit::infer {

// Origins t for a series of `rows` rows: from ⌈start·rows⌉ (at least `min_history`) every `stride` rows,
// while t + steps ≤ rows. Throws lstmkit::UsageError on "start" for a fraction outside (0, 1), on
// "stride" or "steps" for 0, and on "start" when no origin fits (saying which rows would be needed).
std::vector<size_t> backtest_origins(size_t rows, double start, size_t stride, size_t steps, size_t min_history);

enum class Baseline { persistence, seasonal_naive, drift, mean };

// "persistence", "seasonal naive (12)", "drift", "mean".
std::string baseline_name(Baseline baseline, size_t season);

// The history a baseline needs: 1 (persistence, mean), 2 (drift) or the season.
size_t baseline_history(Baseline baseline, size_t season);

// The next `steps` values after `history` (a series up to an origin, oldest first). Throws
// lstmkit::Error when the history is shorter than baseline_history, and lstmkit::UsageError on "season"
// for a seasonal naive forecast with season 0.
std::vector<float> baseline_forecast(Baseline baseline, std::span<const float> history, size_t steps, size_t season);

// mean |x_i − x_{i−m}| over the history: the in-sample error of the (seasonal) naive one-step forecast;
// nullopt when the history has no pair m apart.
std::optional<double> naive_scale(std::span<const float> history, size_t m);

struct BacktestErrors {
  size_t count = 0;             // origins × steps
  double mae = 0, rmse = 0;
  std::optional<double> mape;   // percent
  double smape = 0;             // percent, 0 .. 200
  std::optional<double> mase;
};

// Accumulates one method's forecasts, origin by origin.
class BacktestScore {
 public:
  // One origin's forecast against the truth after it (equal lengths), with the origin's MASE scale
  // (naive_scale of its history; nullopt or 0 leaves MASE undefined). Throws lstmkit::Error for spans of
  // different lengths.
  void add(std::span<const float> truth, std::span<const float> forecast, std::optional<double> scale);
  BacktestErrors errors() const;

 private:
  size_t count_ = 0;
  double abs_ = 0, squared_ = 0, ape_ = 0, sape_ = 0, scaled_ = 0;
  bool mape_defined_ = true, mase_defined_ = true;
};

}  // namespace lstmkit::infer
