#include "lstmkit/models/series_units.h"

#include <set>

#include "config_json.h"

namespace lstmkit::models {

using nlohmann::json;

std::string series_units_json(const std::string& column, std::span<const SeriesUnits> units) {
  json list = json::array();
  for (const SeriesUnits& u : units) {
    json entry{{"id", u.id}, {"scaler", json::parse(u.scaler.to_json())}};
    if (!u.transform.identity()) entry["transform"] = json::parse(u.transform.to_json());
    list.push_back(entry);
  }
  return json{{"column", column}, {"series", list}}.dump();
}

std::vector<SeriesUnits> series_units_from_json(const std::string& text, const std::string& column,
                                                const std::string& where) {
  return parse_config(text, where, [&](const json& j) {
    if (j.at("column").get<std::string>() != column)
      throw Error(where, "the series metadata is for column '" + text::printable(j.at("column").get<std::string>()) +
                             "', the model's series column is '" + text::printable(column) + "'",
                  kDamagedConfigHint);
    std::vector<SeriesUnits> units;
    std::set<std::string> ids;
    for (const json& entry : j.at("series")) {
      SeriesUnits u;
      u.id = entry.at("id").get<std::string>();
      if (u.id.empty() || !ids.insert(u.id).second)
        throw Error(where, "series id '" + text::printable(u.id) + "' is empty or repeated", kDamagedConfigHint);
      u.scaler = data::Scaler::from_json(entry.at("scaler").dump(), where + " (scaler of series '" + text::printable(u.id) + "')");
      if (entry.contains("transform")) u.transform = data::TargetTransform::from_json(entry.at("transform").dump(), where);
      units.push_back(std::move(u));
    }
    if (units.empty()) throw Error(where, "a model of several series lists none", kDamagedConfigHint);
    return units;
  });
}

const SeriesUnits& units_of(std::span<const SeriesUnits> units, const std::string& id, const std::string& where) {
  for (const SeriesUnits& u : units)
    if (u.id == id) return u;
  std::string known;
  for (size_t k = 0; k < units.size() && k < 10; ++k) known += (k ? ", '" : "'") + text::printable(units[k].id) + "'";
  throw Error(where, "series '" + text::printable(id) + "' is not one the model was trained on (" + known +
                         (units.size() > 10 ? ", ..." : "") + ")",
              "a model scales each series as it learnt it: forecast the series it was trained on, or train on this one");
}

}  // namespace lstmkit::models
