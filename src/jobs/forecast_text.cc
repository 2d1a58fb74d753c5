// The words the forecast job's parts share (forecast_parts.h).
#include <cstdio>

#include "forecast_parts.h"

namespace lstmkit::jobs::forecast_parts {

namespace {

std::string calendar_text(const std::vector<data::CalendarFeature>& calendar) {
  std::string text;
  for (data::CalendarFeature f : calendar) text += (text.empty() ? ", calendar " : ",") + data::calendar_name(f);
  return text;
}

std::string quantiles_text(const std::vector<double>& quantiles) {
  std::string text;
  for (double q : quantiles) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", q);
    text += (text.empty() ? ", quantiles " : ",") + std::string(value);
  }
  return text;
}

}  // namespace

std::string describe_model(const models::Regressor& model) {
  const models::RegressorConfig& c = model.config();
  const models::TsSpec& s = model.spec();
  std::string text = nn::cell_name(c.cell) + " " + std::to_string(c.layers) + "x" + std::to_string(c.hidden);
  if (s.source.is_sequences()) return text + ", whole sequences";
  if (s.grouped())
    return text + ", one sequence per group of column '" + s.source.csv_options.group + "' (" +
           (s.window.length ? "its last " + std::to_string(s.window.length) + " rows" : "all its rows") + ")";
  // A model of several series fitted the same transforms to each series: the first one's name them.
  const std::string transform =
      (model.series_units().empty() ? model.transform() : model.series_units().front().transform).describe();
  return text + ", window " + std::to_string(s.window.length) + ", horizon " + std::to_string(s.window.horizon) +
         (s.window.return_sequences ? ", n-to-n" : "") +
         (s.window.steps > 1 ? ", " + std::to_string(s.window.steps) + " output steps" : "") +
         (transform.empty() ? "" : ", target " + transform) + calendar_text(s.source.calendar) +
         (s.multi_series() ? ", each series in its own units" : "") +
         quantiles_text(s.quantiles);
}

std::vector<std::string> class_names(const models::TsSpec& spec) {
  std::vector<std::string> names;
  for (size_t c = 0; c < spec.class_count(); ++c) names.push_back(spec.class_name(c));
  return names;
}

}  // namespace lstmkit::jobs::forecast_parts
