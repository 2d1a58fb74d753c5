#include "lstmkit/data/target_transform.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

namespace {

// A lag no series a training run can hold would need: bounds a damaged checkpoint's.
constexpr size_t kMaxLag = 1'000'000;
constexpr char kDamaged[] = "the transform metadata is damaged or was not written by lstmkit";

// As the file wrote it, near enough: the shortest text that reads back as the same float.
std::string shortest(float x) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, x).ptr);
}

}  // namespace

LinearTrend LinearTrend::fit(std::span<const double> values) {
  const size_t n = values.size();
  if (n == 0) throw Error("detrend", "no rows to fit a trend on", "give a longer training part");
  // Centred t, so that the sums stay well conditioned for long series.
  const double t_mean = static_cast<double>(n - 1) / 2.0;
  double y_mean = 0;
  for (double v : values) y_mean += v;
  y_mean /= static_cast<double>(n);
  double tt = 0, ty = 0;
  for (size_t t = 0; t < n; ++t) {
    const double dt = static_cast<double>(t) - t_mean;
    tt += dt * dt;
    ty += dt * (values[t] - y_mean);
  }
  LinearTrend line;
  line.slope = tt > 0 ? ty / tt : 0.0;
  line.intercept = y_mean - line.slope * t_mean;
  return line;
}

Differencing::Differencing(std::vector<size_t> lags) : lags_(std::move(lags)) {
  for (size_t lag : lags_) {
    // Multiply the polynomial by (1 − B^lag).
    std::vector<double> next(coefficients_.size() + lag, 0.0);
    for (size_t k = 0; k < coefficients_.size(); ++k) {
      next[k] += coefficients_[k];
      next[k + lag] -= coefficients_[k];
    }
    coefficients_ = std::move(next);
  }
}

std::vector<double> Differencing::apply(std::span<const double> y) const {
  const size_t d = order();
  std::vector<double> z;
  for (size_t t = d; t < y.size(); ++t) {
    double sum = 0;
    for (size_t k = 0; k <= d; ++k) sum += coefficients_[k] * y[t - k];
    z.push_back(sum);
  }
  return z;
}

double Differencing::invert(double z, std::span<const double> history) const {
  const size_t d = order();
  if (history.size() < d)
    throw Error("difference", "inverting needs the " + std::to_string(d) + " values before the row, got " +
                                  std::to_string(history.size()));
  double y = z;
  for (size_t k = 1; k <= d; ++k) y -= coefficients_[k] * history[history.size() - k];
  return y;
}

TargetTransform TargetTransform::fit(const TransformOptions& options, std::span<const std::string> names,
                                     std::span<const std::vector<float>> values, size_t train_rows,
                                     const std::function<std::string(size_t row)>& where) {
  if (options.log && options.sqrt)
    throw UsageError("`sqrt`", "cannot be combined with `log`", "choose one: `log` for positive values, `sqrt` for counts");
  TargetTransform t;
  t.options_ = options;
  t.differencing_ = Differencing(options.lags);
  if (t.dropped_rows() >= train_rows)
    throw UsageError("`difference`",
                     "differencing by " + std::to_string(t.dropped_rows()) + " rows leaves nothing of the " +
                         std::to_string(train_rows) + " training rows",
                     "use smaller lags, or a longer series");
  for (size_t c = 0; c < names.size(); ++c) {
    t.columns_.push_back({names[c], {}});
    // Also checks every value under log, so that a bad one is reported before any training.
    const std::vector<double> v = t.level(t.columns_.back(), values[c], where);
    if (options.detrend)
      t.columns_.back().trend = LinearTrend::fit(std::span<const double>(v).first(std::min(train_rows, v.size())));
  }
  return t;
}

std::string TargetTransform::describe() const {
  std::string out;
  if (options_.log) out = "log";
  if (options_.sqrt) out = "square root";
  if (options_.detrend) out += (out.empty() ? "" : ", ") + std::string("linear detrend");
  for (size_t i = 0; i < options_.lags.size(); ++i)
    out += (i ? ", " : out.empty() ? "difference " : ", difference ") + std::to_string(options_.lags[i]);
  return out;
}

std::vector<std::string> TargetTransform::column_names() const {
  std::vector<std::string> names;
  for (const Column& c : columns_) names.push_back(c.name);
  return names;
}

const TargetTransform::Column& TargetTransform::column(const std::string& name) const {
  for (const Column& c : columns_)
    if (c.name == name) return c;
  throw Error("transform", "no transform for column '" + text::printable(name) + "'",
              "the data must have the target columns the model was trained on");
}

std::vector<double> TargetTransform::level(const Column& c, std::span<const float> values,
                                           const std::function<std::string(size_t row)>& where) const {
  std::vector<double> y(values.size());
  for (size_t t = 0; t < values.size(); ++t) {
    double v = values[t];
    if (options_.log) {
      if (!(v > 0))
        throw Error(where(t), "value " + shortest(values[t]) + " of column '" + text::printable(c.name) +
                                  "' is not positive, and a log transform needs positive values",
                    "train without the log transform, or shift the series above 0");
      v = std::log(v);
    } else if (options_.sqrt) {
      if (!(v >= 0))
        throw Error(where(t), "value " + shortest(values[t]) + " of column '" + text::printable(c.name) +
                                  "' is negative, and a square-root transform needs values of at least 0",
                    "train without `sqrt`, or shift the series to 0 or above");
      v = std::sqrt(v);
    }
    y[t] = v - c.trend.at(t);
  }
  return y;
}

float TargetTransform::data_value(const Column& c, double y, size_t t) const {
  const double v = y + c.trend.at(t);
  if (options_.sqrt) return static_cast<float>(v > 0 ? v * v : 0.0);
  return static_cast<float>(options_.log ? std::exp(v) : v);
}

std::vector<float> TargetTransform::apply(const std::string& name, std::span<const float> values,
                                          const std::function<std::string(size_t row)>& where) const {
  const Column& c = column(name);
  const std::vector<double> z = differencing_.apply(level(c, values, where));
  return std::vector<float>(z.begin(), z.end());
}

std::vector<float> TargetTransform::invert_one_step(const std::string& name, std::span<const float> values,
                                                    std::span<const size_t> rows, std::span<const float> z) const {
  const Column& c = column(name);
  const std::vector<double> y = level(c, values, [](size_t row) { return "data row " + std::to_string(row); });
  const size_t d = dropped_rows();
  std::vector<float> x(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const size_t t = rows[i];
    if (t < d || t > y.size())
      throw Error("transform", "row " + std::to_string(t) + " has not the " + std::to_string(d) +
                                   " rows before it that inverting the differencing needs");
    x[i] = data_value(c, differencing_.invert(z[i], std::span<const double>(y).first(t)), t);
  }
  return x;
}

std::vector<float> TargetTransform::invert_continuation(const std::string& name, std::span<const float> values,
                                                        std::span<const float> z) const {
  const Column& c = column(name);
  std::vector<double> y = level(c, values, [](size_t row) { return "data row " + std::to_string(row); });
  std::vector<float> x;
  for (float zk : z) {
    const double next = differencing_.invert(zk, y);
    x.push_back(data_value(c, next, y.size()));
    y.push_back(next);
  }
  return x;
}

std::string TargetTransform::to_json() const {
  nlohmann::json columns = nlohmann::json::array();
  for (const Column& c : columns_)
    columns.push_back({{"name", c.name}, {"intercept", c.trend.intercept}, {"slope", c.trend.slope}});
  return nlohmann::json{{"log", options_.log},
                        {"sqrt", options_.sqrt},
                        {"detrend", options_.detrend ? "linear" : "none"},
                        {"lags", options_.lags},
                        {"columns", columns}}
      .dump();
}

TargetTransform TargetTransform::from_json(const std::string& json, const std::string& where) {
  TransformOptions o;
  std::vector<Column> columns;
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    o.log = j.at("log").get<bool>();
    o.sqrt = j.value("sqrt", false);
    if (o.log && o.sqrt) throw Error(where, "transform: both log and sqrt", kDamaged);
    const std::string detrend = j.at("detrend").get<std::string>();
    if (detrend != "linear" && detrend != "none")
      throw Error(where, "transform: unknown detrend '" + text::printable(detrend) + "'", kDamaged);
    o.detrend = detrend == "linear";
    for (const auto& lag : j.at("lags")) {
      const long long v = lag.get<long long>();
      if (v < 1 || v > static_cast<long long>(kMaxLag))
        throw Error(where, "transform: lag " + std::to_string(v) + " is not in [1, " + std::to_string(kMaxLag) + "]",
                    kDamaged);
      o.lags.push_back(static_cast<size_t>(v));
    }
    if (o.lags.size() > 16) throw Error(where, "transform: more than 16 lags", kDamaged);
    for (const auto& c : j.at("columns")) {
      Column col{c.at("name").get<std::string>(), {c.at("intercept").get<double>(), c.at("slope").get<double>()}};
      if (!std::isfinite(col.trend.intercept) || !std::isfinite(col.trend.slope))
        throw Error(where, "transform: bad trend for column '" + text::printable(col.name) + "'", kDamaged);
      columns.push_back(std::move(col));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(where, "bad transform JSON: " + text::printable(e.what(), 200), kDamaged);
  }
  TargetTransform t;
  t.options_ = o;
  t.differencing_ = Differencing(o.lags);
  t.columns_ = std::move(columns);
  return t;
}

}  // namespace lstmkit::data
