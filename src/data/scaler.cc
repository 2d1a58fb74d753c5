#include "lstmkit/data/scaler.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

namespace {

ColumnScale fit_column(ScaleKind kind, const std::string& name, const std::vector<float>& x, size_t rows) {
  ColumnScale c{name, 0.0, 1.0};
  if (kind == ScaleKind::zscore) {
    double sum = 0.0;
    for (size_t r = 0; r < rows; ++r) sum += x[r];
    const double mean = sum / static_cast<double>(rows);
    double squares = 0.0;
    for (size_t r = 0; r < rows; ++r) squares += (x[r] - mean) * (x[r] - mean);
    const double std = std::sqrt(squares / static_cast<double>(rows));
    c.offset = mean;
    c.scale = std > 0.0 ? std : 1.0;  // constant column: centre only
  } else if (kind == ScaleKind::minmax) {
    const auto [lo, hi] = std::minmax_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(rows));
    c.offset = *lo;
    c.scale = *hi > *lo ? static_cast<double>(*hi) - *lo : 1.0;  // constant column: shift only
  }
  return c;
}

void apply(const ColumnScale& c, std::span<float> values, bool inverse) {
  for (float& v : values) v = static_cast<float>(inverse ? v * c.scale + c.offset : (v - c.offset) / c.scale);
}

}  // namespace

ScaleKind parse_scale_kind(const std::string& name, const std::string& option) {
  if (name == "none") return ScaleKind::none;
  if (name == "zscore") return ScaleKind::zscore;
  if (name == "minmax") return ScaleKind::minmax;
  throw UsageError(option, "unknown scaling '" + name + "'", "use zscore, minmax or none");
}

std::string scale_kind_name(ScaleKind kind) {
  switch (kind) {
    case ScaleKind::none: return "none";
    case ScaleKind::zscore: return "zscore";
    case ScaleKind::minmax: return "minmax";
  }
  return "";
}

Scaler Scaler::fit(ScaleKind kind, const Series& series, size_t rows) {
  if (rows == 0 || rows > series.rows())
    throw Error(
        "scaler",
        "cannot fit on " + std::to_string(rows) + " rows of a series of " + std::to_string(series.rows()),
        "fit on the training part: 1 to all rows");
  Scaler s;
  s.kind_ = kind;
  for (size_t c = 0; c < series.columns.size(); ++c)
    s.columns_.push_back(fit_column(kind, series.names[c], series.columns[c], rows));
  return s;
}

const ColumnScale& Scaler::column(const std::string& name) const {
  for (const auto& c : columns_)
    if (c.name == name) return c;
  std::string known;
  for (const auto& c : columns_) known += (known.empty() ? "" : ", ") + text::printable(c.name);
  throw Error("scaler", "no scaling for column '" + text::printable(name) + "'",
              "the data must have the columns the scaler was fitted on: " + known);
}

void Scaler::transform(Series& series) const {
  for (size_t c = 0; c < series.columns.size(); ++c) transform(series.names[c], series.columns[c]);
}

void Scaler::inverse_transform(Series& series) const {
  for (size_t c = 0; c < series.columns.size(); ++c) inverse_transform(series.names[c], series.columns[c]);
}

void Scaler::transform(const std::string& name, std::span<float> values) const {
  apply(column(name), values, false);
}

void Scaler::inverse_transform(const std::string& name, std::span<float> values) const {
  apply(column(name), values, true);
}

void Scaler::inverse_transform_outputs(std::span<const std::string> names, std::span<float> values) const {
  const size_t O = names.size();
  if (O == 0 || values.size() % O != 0)
    throw Error("scaler",
                std::to_string(values.size()) + " outputs do not divide into rows of " + std::to_string(O));
  for (size_t o = 0; o < O; ++o) {
    const ColumnScale& c = column(names[o]);
    for (size_t i = o; i < values.size(); i += O)
      values[i] = static_cast<float>(values[i] * c.scale + c.offset);
  }
}

std::string Scaler::to_json() const {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& c : columns_)
    columns.push_back({{"name", c.name}, {"offset", c.offset}, {"scale", c.scale}});
  return nlohmann::json{{"kind", scale_kind_name(kind_)}, {"columns", columns}}.dump();
}

Scaler Scaler::from_json(const std::string& json, const std::string& where) {
  const std::string hint = "the scaler metadata is damaged or was not written by lstmkit";
  Scaler s;
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    s.kind_ = parse_scale_kind(j.at("kind").get<std::string>(), where);
    for (const auto& c : j.at("columns")) {
      ColumnScale col{c.at("name").get<std::string>(), c.at("offset").get<double>(),
                      c.at("scale").get<double>()};
      if (!std::isfinite(col.offset) || !std::isfinite(col.scale) || !(col.scale > 0.0))
        throw Error(where, "bad scaler entry for column '" + text::printable(col.name) + "'", hint);
      s.columns_.push_back(std::move(col));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(where, "bad scaler JSON: " + text::printable(e.what(), 200), hint);
  } catch (const UsageError& e) {
    throw Error(where, "bad scaler kind: " + e.what_is_wrong(), hint);
  }
  return s;
}

}  // namespace lstmkit::data
