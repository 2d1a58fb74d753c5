// The backtest's table and JSON document (jobs/backtest.h).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "lstmkit/jobs/backtest.h"

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

}  // namespace

std::string backtest_report(const BacktestResult& r) {
  std::string text;
  char line[256];
  std::snprintf(line, sizeof line, "%zu origins from row %zu to %zu, %zu steps each (%s), in data units\n",
                r.origins.size(), r.origins.front(), r.origins.back(), r.steps, r.forecast_kind.c_str());
  text += line;
  std::snprintf(line, sizeof line, "%-22s %12s %12s %10s %10s %8s\n", "method", "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE");
  text += line;
  for (const BacktestMethod& m : r.methods) {
    std::snprintf(line, sizeof line, "%-22s %12.5g %12.5g %10s %10.4g %8s\n", m.name.c_str(), m.errors.mae,
                  m.errors.rmse, optional_number(m.errors.mape).c_str(), m.errors.smape,
                  optional_number(m.errors.mase).c_str());
    text += line;
  }
  return text;
}

std::string backtest_json(const BacktestResult& r, const BacktestConfig& c) {
  Json methods = Json::array();
  for (const BacktestMethod& m : r.methods)
    methods.push_back({{"name", m.name}, {"count", m.errors.count}, {"mae", m.errors.mae}, {"rmse", m.errors.rmse},
                       {"mape", json_number(m.errors.mape)}, {"smape", m.errors.smape},
                       {"mase", json_number(m.errors.mase)}});
  return Json{{"target", r.target}, {"origins", r.origins}, {"steps", r.steps}, {"stride", c.stride},
              {"season", c.season}, {"retrain", c.retrain.has_value()}, {"forecast", r.forecast_kind},
              {"methods", methods}}
      .dump();
}

}  // namespace lstmkit::jobs
