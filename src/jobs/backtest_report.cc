// The backtest's table and JSON document (jobs/backtest.h).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "lstmkit/jobs/backtest.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::jobs {

namespace {

using Json = nlohmann::json;

std::string optional_number(const std::optional<double>& x) {
  if (!x) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", *x);
  return text;
}

Json json_number(const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); }

// A header and a row per method.
std::string method_table(const std::vector<BacktestMethod>& methods) {
  std::string text;
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %12s %12s %10s %10s %8s\n", "method", "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE");
  text += line;
  for (const BacktestMethod& m : methods) {
    std::snprintf(line, sizeof line, "%-22s %12.5g %12.5g %10s %10.4g %8s\n", m.name.c_str(), m.errors.mae,
                  m.errors.rmse, optional_number(m.errors.mape).c_str(), m.errors.smape,
                  optional_number(m.errors.mase).c_str());
    text += line;
  }
  return text;
}

// Several series: each one's report after its id, then the overall rows and how they were made.
std::string each_series_report(const BacktestResult& r) {
  std::string text;
  for (const BacktestResult& one : r.per_series)
    text += "series '" + text::printable(one.series_id) + "': " + backtest_report(one) + "\n";
  return text + "all " + std::to_string(r.per_series.size()) +
         " series: MAE and RMSE pooled over every origin and step (each series in its own units), MAPE, sMAPE "
         "and MASE the mean of the series'\n" +
         method_table(r.methods);
}

}  // namespace

std::string backtest_report(const BacktestResult& r) {
  if (!r.per_series.empty()) return each_series_report(r);
  char line[256];
  std::snprintf(line, sizeof line, "%zu origins from row %zu to %zu, %zu steps each (%s), in data units\n",
                r.origins.size(), r.origins.front(), r.origins.back(), r.steps, r.forecast_kind.c_str());
  return line + method_table(r.methods);
}

std::string backtest_json(const BacktestResult& r, const BacktestConfig& c) {
  Json methods = Json::array();
  for (const BacktestMethod& m : r.methods)
    methods.push_back({{"name", m.name}, {"count", m.errors.count}, {"mae", m.errors.mae}, {"rmse", m.errors.rmse},
                       {"mape", json_number(m.errors.mape)}, {"smape", m.errors.smape},
                       {"mase", json_number(m.errors.mase)}});
  Json j{{"target", r.target}, {"origins", r.origins}, {"steps", r.steps}, {"stride", c.stride},
         {"season", c.season}, {"retrain", c.retrain.has_value()}, {"forecast", r.forecast_kind},
         {"methods", methods}};
  // Several series: the methods above are the overall rows, each series' own document under "series".
  if (!r.per_series.empty()) {
    j["series"] = Json::array();
    for (const BacktestResult& one : r.per_series) {
      Json s{{"id", one.series_id}};
      s.update(Json::parse(backtest_json(one, c)));
      j["series"].push_back(std::move(s));
    }
  }
  return j.dump();
}

}  // namespace lstmkit::jobs
