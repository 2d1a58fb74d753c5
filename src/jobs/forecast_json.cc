#include "lstmkit/jobs/forecast.h"

#include <nlohmann/json.hpp>

namespace lstmkit::jobs {

namespace {

using Json = nlohmann::json;

Json json_number(const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); }

// The numbers of one series' (or sequences', groups') forecast: every error and accuracy row, the
// closed loop's rows and values, a group classifier's class per group.
Json result_json(const models::Regressor& model, const ForecastResult& r) {
  const std::vector<std::string>& targets = r.table.targets;
  Json errors = Json::array();
  for (size_t o = 0; o < r.errors.size(); ++o)
    for (const infer::ErrorRow& e : r.errors[o])
      errors.push_back({{"target", o < targets.size() ? targets[o] : std::to_string(o)}, {"part", e.part},
                        {"predictor", e.predictor}, {"count", e.errors.count}, {"mse", e.errors.rmse * e.errors.rmse},
                        {"rmse", e.errors.rmse}, {"mae", e.errors.mae}, {"mape", json_number(e.errors.mape)}});
  Json accuracy = Json::array();
  for (const infer::AccuracyRow& a : r.accuracy)
    accuracy.push_back({{"part", a.part}, {"predictor", a.predictor}, {"correct", a.correct}, {"count", a.count}});
  Json j = {{"targets", targets}, {"errors", errors}, {"accuracy", accuracy}};
  if (!r.closed_loop.rows.empty()) {
    const size_t O = r.closed_loop.values.size() / r.closed_loop.rows.size();
    Json values = Json::array();
    for (size_t i = 0; i < r.closed_loop.rows.size(); ++i)
      values.push_back(std::vector<float>(r.closed_loop.values.begin() + static_cast<std::ptrdiff_t>(i * O),
                                          r.closed_loop.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * O)));
    j["closed_loop"] = {{"rows", r.closed_loop.rows}, {"values", values}, {"sample_paths", r.sample_paths}};
  }
  if (!r.group_lines.empty()) {
    Json groups = Json::array();
    for (const infer::GroupForecastLine& g : r.group_lines)
      groups.push_back({{"group", g.group},
                        {"truth", g.truth ? Json(model.spec().class_name(*g.truth)) : Json(nullptr)},
                        {"prediction", model.spec().class_name(g.prediction)}, {"probability", g.probability}});
    j["groups"] = groups;
  }
  return j;
}

}  // namespace

std::string forecast_json(const models::Regressor& model, const ForecastResult& r, const std::string& model_name) {
  const char* kind = r.kind == ForecastKind::series ? "series" : r.kind == ForecastKind::sequences ? "sequences" : "groups";
  Json j = {{"model", model_name}, {"model_description", r.model_description},
            {"data", r.data_description}, {"kind", kind}};
  j.update(result_json(model, r));
  if (model.spec().multi_series()) {
    Json series = Json::array();
    for (const ForecastResult& one : r.series) {
      Json s = {{"id", one.series_id}, {"data", one.data_description}};
      s.update(result_json(model, one));
      series.push_back(std::move(s));
    }
    j["series"] = std::move(series);
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace lstmkit::jobs
