#include "lstmkit/data/metrics.h"

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::data {

namespace {
void check_pair(std::span<const float> truth, std::span<const float> prediction) {
  if (truth.empty() || truth.size() != prediction.size())
    throw Error("metrics",
                std::to_string(truth.size()) + " true values against " + std::to_string(prediction.size()) +
                    " predictions",
                "compare equally long, non-empty lists");
}

// ŷ_r = y_{r − lag} for each row.
std::vector<float> lagged(std::span<const float> y, std::span<const size_t> rows, size_t lag,
                          const std::string& name) {
  std::vector<float> out;
  out.reserve(rows.size());
  for (size_t r : rows) {
    if (r < lag || r >= y.size())
      throw Error(name,
                  "row " + std::to_string(r) + " has no value " + std::to_string(lag) +
                      " steps back in a series of " + std::to_string(y.size()),
                  "forecast only rows from " + std::to_string(lag) + " to the end");
    out.push_back(y[r - lag]);
  }
  return out;
}
}  // namespace

double rmse(std::span<const float> truth, std::span<const float> prediction) {
  check_pair(truth, prediction);
  double sum = 0.0;
  for (size_t i = 0; i < truth.size(); ++i) {
    const double e = static_cast<double>(truth[i]) - prediction[i];
    sum += e * e;
  }
  return std::sqrt(sum / static_cast<double>(truth.size()));
}

double mae(std::span<const float> truth, std::span<const float> prediction) {
  check_pair(truth, prediction);
  double sum = 0.0;
  for (size_t i = 0; i < truth.size(); ++i) sum += std::fabs(static_cast<double>(truth[i]) - prediction[i]);
  return sum / static_cast<double>(truth.size());
}

std::optional<double> mape(std::span<const float> truth, std::span<const float> prediction) {
  check_pair(truth, prediction);
  double sum = 0.0;
  for (size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] == 0.0f) return std::nullopt;
    sum += std::fabs((static_cast<double>(truth[i]) - prediction[i]) / truth[i]);
  }
  return 100.0 * sum / static_cast<double>(truth.size());
}

ForecastErrors forecast_errors(std::span<const float> truth, std::span<const float> prediction) {
  return {truth.size(), rmse(truth, prediction), mae(truth, prediction), mape(truth, prediction)};
}

std::vector<float> persistence_forecast(std::span<const float> y, std::span<const size_t> rows,
                                        size_t horizon) {
  if (horizon == 0)
    throw UsageError("`horizon`", "persistence needs a horizon of at least 1",
                     "a horizon of 0 would predict each value from itself");
  return lagged(y, rows, horizon, "persistence baseline");
}

std::vector<float> seasonal_naive_forecast(std::span<const float> y, std::span<const size_t> rows,
                                           size_t period, size_t horizon) {
  if (period == 0)
    throw UsageError("`season`", "season period 0", "give the season length in steps, e.g. 12");
  if (horizon == 0)
    throw UsageError("`horizon`", "seasonal naive needs a horizon of at least 1",
                     "a horizon of 0 would predict each value from itself");
  const size_t lag = period * ((horizon + period - 1) / period);
  return lagged(y, rows, lag, "seasonal naive baseline");
}

}  // namespace lstmkit::data
