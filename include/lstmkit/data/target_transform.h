#pragma once
// Target transforms (train-ts --log, --sqrt, --detrend linear, --difference LAG): what makes a series with
// a trend or a growing seasonality stationary enough for a z-scored network to extrapolate. Applied to each
// target column in a fixed order, before the scaler:
//   log or sqrt → detrend → difference → (scaling, data/scaler.h)
//   v_t = ln x_t (--log; x_t must be > 0), or √x_t (--sqrt; x_t must be ≥ 0: counts, whose spread grows
//         with their level). Inverting the square root maps a negative prediction to 0, the nearest value
//         the data can take.
//   y_t = v_t − (a + b·t), a and b least squares over the training rows (--detrend linear)
//   z_t = D(B) y_t with D(B) = Π_lag (1 − B^lag), B the backshift (--difference, once per lag): z is
//         defined from row d = Σ lag on; the first d rows have no difference and are dropped.
// Only the trend is fitted, on the rows before the split: nothing about validation rows leaks in.
// Inverting a prediction ẑ_t needs the d level values before t: the true ones for a one-step forecast,
// the reconstructed predictions themselves in a closed loop.
// Serialised in the checkpoint's `transform` metadata; a checkpoint without it has the identity:
//   {"log": true, "sqrt": false, "detrend": "linear", "lags": [1, 12], "columns": [{"name": "y", "intercept": 4.8, "slope": 0.01}]}
// (checkpoints written before --sqrt existed have no "sqrt": false is assumed.)
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace lstmkit::data {

// a + b·t, fitted by least squares.
struct LinearTrend {
  double intercept = 0;
  double slope = 0;

  // Over values[0, n) at t = 0 .. n−1; a single value gives a flat line. Throws lstmkit::Error for n = 0.
  static LinearTrend fit(std::span<const double> values);
  double at(size_t t) const { return intercept + slope * static_cast<double>(t); }
};

// The product of (1 − B^lag) over the lags, as coefficients c_0 = 1, c_1 .. c_d of B^k: z_t = Σ c_k y_{t−k}.
class Differencing {
 public:
  Differencing() = default;
  explicit Differencing(std::vector<size_t> lags);

  const std::vector<size_t>& lags() const { return lags_; }
  // d = Σ lags: the values a difference (or its inversion) reaches back.
  size_t order() const { return coefficients_.size() - 1; }
  // z for rows d .. n−1 of y: n − d values (none when n ≤ d).
  std::vector<double> apply(std::span<const double> y) const;
  // y_t from ẑ_t and the d values before it (history ends at y_{t−1}; it may be longer).
  double invert(double z, std::span<const double> history) const;

 private:
  std::vector<size_t> lags_;
  std::vector<double> coefficients_{1.0};  // [d + 1]
};

struct TransformOptions {
  bool log = false;
  bool detrend = false;       // linear
  std::vector<size_t> lags;   // differencing, applied in this order (the result does not depend on it)
  bool sqrt = false;          // exclusive with log
  bool any() const { return log || sqrt || detrend || !lags.empty(); }
};

class TargetTransform {
 public:
  // The identity.
  TargetTransform() = default;

  // Fits the transform to columns `names` (values[c] its rows, oldest first) on rows [0, train_rows).
  // Throws lstmkit::Error for a non-positive value under log or a negative one under sqrt (at where(row),
  // e.g. "file.csv:12"), lstmkit::UsageError on "`sqrt`" for log and sqrt together, and on "`difference`"
  // when differencing would leave no training row.
  static TargetTransform fit(const TransformOptions& options, std::span<const std::string> names,
                             std::span<const std::vector<float>> values, size_t train_rows,
                             const std::function<std::string(size_t row)>& where);

  const TransformOptions& options() const { return options_; }
  bool identity() const { return !options_.any(); }
  // For messages: "log, linear detrend, difference 1, 12", "square root"; "" for the identity.
  std::string describe() const;
  // The columns it was fitted on, in order.
  std::vector<std::string> column_names() const;
  // Rows dropped at the front by differencing (d).
  size_t dropped_rows() const { return differencing_.order(); }

  // Column `name` in data units → transformed, rows d .. n−1 (n − d values). Throws lstmkit::Error at
  // where(row) for a value ≤ 0 under log or < 0 under sqrt, and for a column the transform was not fitted on.
  std::vector<float> apply(const std::string& name, std::span<const float> values,
                           const std::function<std::string(size_t row)>& where) const;
  // Predictions back to data units. `rows` are the data rows ẑ predicts, each with the true values of
  // the d rows before it in `values` (one-step forecasts: each prediction uses only true history).
  std::vector<float> invert_one_step(const std::string& name, std::span<const float> values,
                                     std::span<const size_t> rows, std::span<const float> z) const;
  // A closed loop's predictions ẑ for rows n, n+1, ... after the data `values` (n rows, n ≥ d): each
  // reconstructed value becomes the history of the next.
  std::vector<float> invert_continuation(const std::string& name, std::span<const float> values,
                                         std::span<const float> z) const;

  std::string to_json() const;
  // Throws lstmkit::Error at `where` (the checkpoint) for malformed JSON or values out of range.
  static TargetTransform from_json(const std::string& json, const std::string& where);

 private:
  struct Column {
    std::string name;
    LinearTrend trend;  // zero without detrend
  };
  const Column& column(const std::string& name) const;
  // x → y (log, detrend) for rows [0, n) of the column.
  std::vector<double> level(const Column& c, std::span<const float> values,
                            const std::function<std::string(size_t row)>& where) const;
  // y_t → x_t.
  float data_value(const Column& c, double y, size_t t) const;

  TransformOptions options_;
  Differencing differencing_;
  std::vector<Column> columns_;
};

}  // namespace lstmkit::data
