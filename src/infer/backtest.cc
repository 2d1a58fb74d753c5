#include "lstmkit/infer/backtest.h"

#include <cmath>
#include <numeric>

#include "lstmkit/error.h"

namespace lstmkit::infer {

std::vector<size_t> backtest_origins(size_t rows, double start, size_t stride, size_t steps, size_t min_history) {
  if (!(start > 0 && start < 1))
    throw UsageError("`start`", "must be a fraction of the series between 0 and 1", "e.g. 0.8: origins in the last 20%");
  if (stride == 0) throw UsageError("`stride`", "must be at least 1", "forecast from every stride-th row");
  if (steps == 0) throw UsageError("`steps`", "must be at least 1", "forecast at least one step from each origin");
  const size_t first = std::max(static_cast<size_t>(std::ceil(start * static_cast<double>(rows))), min_history);
  std::vector<size_t> origins;
  for (size_t t = first; t + steps <= rows; t += stride) origins.push_back(t);
  if (origins.empty())
    throw UsageError("`start`", "no origin fits: the first is row " + std::to_string(first) + " (needs " +
                                  std::to_string(min_history) + " rows of history) and " + std::to_string(steps) +
                                  " steps after it would reach past the series' " + std::to_string(rows) + " rows",
                     "start earlier, forecast fewer steps, or give a longer series");
  return origins;
}

std::string baseline_name(Baseline baseline, size_t season) {
  switch (baseline) {
    case Baseline::persistence: return "persistence";
    case Baseline::seasonal_naive: return "seasonal naive (" + std::to_string(season) + ")";
    case Baseline::drift: return "drift";
    case Baseline::mean: return "mean";
  }
  return "";
}

size_t baseline_history(Baseline baseline, size_t season) {
  switch (baseline) {
    case Baseline::seasonal_naive: return season;
    case Baseline::drift: return 2;
    default: return 1;
  }
}

std::vector<float> baseline_forecast(Baseline baseline, std::span<const float> history, size_t steps, size_t season) {
  if (baseline == Baseline::seasonal_naive && season == 0)
    throw UsageError("`season`", "0 is no season", "give the period in steps, e.g. 12 for monthly data");
  const size_t t = history.size(), need = baseline_history(baseline, season);
  if (t < need)
    throw Error("backtest", baseline_name(baseline, season) + " needs " + std::to_string(need) +
                                " values of history, the origin has " + std::to_string(t),
                "start the backtest later");
  std::vector<float> out(steps);
  const double last = history[t - 1];
  switch (baseline) {
    case Baseline::persistence:
      std::fill(out.begin(), out.end(), history[t - 1]);
      break;
    case Baseline::seasonal_naive:
      for (size_t h = 0; h < steps; ++h) out[h] = history[t - season + h % season];
      break;
    case Baseline::drift: {
      const double slope = (last - history[0]) / static_cast<double>(t - 1);
      for (size_t h = 0; h < steps; ++h) out[h] = static_cast<float>(last + static_cast<double>(h + 1) * slope);
      break;
    }
    case Baseline::mean: {
      const double mean = std::accumulate(history.begin(), history.end(), 0.0) / static_cast<double>(t);
      std::fill(out.begin(), out.end(), static_cast<float>(mean));
      break;
    }
  }
  return out;
}

std::optional<double> naive_scale(std::span<const float> history, size_t m) {
  if (m == 0 || history.size() <= m) return std::nullopt;
  double sum = 0;
  for (size_t i = m; i < history.size(); ++i) sum += std::fabs(static_cast<double>(history[i]) - history[i - m]);
  return sum / static_cast<double>(history.size() - m);
}

void BacktestScore::add(std::span<const float> truth, std::span<const float> forecast, std::optional<double> scale) {
  if (truth.size() != forecast.size())
    throw Error("backtest", "a forecast of " + std::to_string(forecast.size()) + " values against " +
                                std::to_string(truth.size()) + " true ones",
                "this is a bug in the caller");
  if (!scale || *scale <= 0) mase_defined_ = false;
  for (size_t i = 0; i < truth.size(); ++i) {
    const double y = truth[i], e = std::fabs(y - static_cast<double>(forecast[i]));
    abs_ += e;
    squared_ += e * e;
    if (y == 0) mape_defined_ = false;
    else ape_ += e / std::fabs(y);
    const double denominator = std::fabs(y) + std::fabs(static_cast<double>(forecast[i]));
    if (denominator > 0) sape_ += 2 * e / denominator;
    if (mase_defined_) scaled_ += e / *scale;
  }
  count_ += truth.size();
}

BacktestErrors BacktestScore::errors() const {
  BacktestErrors r;
  r.count = count_;
  if (count_ == 0) return r;
  const double n = static_cast<double>(count_);
  r.mae = abs_ / n;
  r.rmse = std::sqrt(squared_ / n);
  if (mape_defined_) r.mape = 100 * ape_ / n;
  r.smape = 100 * sape_ / n;
  if (mase_defined_) r.mase = scaled_ / n;
  return r;
}

}  // namespace lstmkit::infer
