#pragma once
// Forecast error measures and the naive baselines a model has to beat. Errors are computed in double
// over paired spans of equal length (truth, prediction), in data units (after inverse scaling).
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace lstmkit::data {

// Each throws lstmkit::Error when the spans differ in length or are empty.
double rmse(std::span<const float> truth, std::span<const float> prediction);
double mae(std::span<const float> truth, std::span<const float> prediction);
// 100 · mean |(y − ŷ) / y|, in percent; not defined (nullopt) when any truth is 0.
std::optional<double> mape(std::span<const float> truth, std::span<const float> prediction);

struct ForecastErrors {
  size_t count = 0;
  double rmse = 0.0;
  double mae = 0.0;
  std::optional<double> mape;  // percent; nullopt: not defined
};
ForecastErrors forecast_errors(std::span<const float> truth, std::span<const float> prediction);

// Baselines for the values at `rows` of series y, given data up to H steps before each row:
//   persistence     ŷ_r = y_{r−H}
//   seasonal naive  ŷ_r = y_{r−P·k} with k = ⌈H / P⌉, the latest same-season value at least H back
// Both throw lstmkit::Error when a row has no value that far back or lies past the end of y, and
// lstmkit::UsageError for H = 0 (persistence would return the truth itself) or P = 0.
std::vector<float> persistence_forecast(std::span<const float> y, std::span<const size_t> rows,
                                        size_t horizon);
std::vector<float> seasonal_naive_forecast(std::span<const float> y, std::span<const size_t> rows,
                                           size_t period, size_t horizon);

}  // namespace lstmkit::data
