#include "lstmkit/models/ts_spec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "config_json.h"
#include "lstmkit/error.h"
#include "lstmkit/nn/quantile_loss.h"

namespace lstmkit::models {

using nlohmann::json;

bool TsSource::is_sequences() const { return synthetic && data::is_sequence_kind(synthetic->kind); }

std::string TsSource::describe() const {
  if (memory) return memory->name;
  if (!synthetic) return csv;
  const size_t length = synthetic->length ? synthetic->length : data::default_length(synthetic->kind);
  const std::string name = "synthetic " + data::synthetic_name(synthetic->kind);
  if (is_sequences())
    return name + " (" + std::to_string(synthetic->sequences) + " sequences of " + std::to_string(length) +
           " steps)";
  return name + " (" + std::to_string(length) + " rows)";
}

namespace {

json source_to_json(const TsSource& s) {
  if (s.synthetic) {
    const data::SyntheticOptions& o = *s.synthetic;
    return {{"synthetic", data::synthetic_name(o.kind)},
            {"length", o.length},
            {"noise", o.noise},
            {"seed", o.seed},
            {"sequences", o.sequences}};
  }
  const data::CsvOptions& o = s.csv_options;
  // Columns in memory are stored by name and fingerprint, never by value, and have no path.
  json j = s.memory ? json{{"memory", s.memory->name}, {"fingerprint", s.memory->fingerprint}} : json{{"csv", s.csv}};
  j.update(json{
         {"target", o.target},
         {"features", o.features},
         {"no_header", o.no_header},
         {"fill", data::fill_policy_name(o.fill)},
         {"label", o.label},
         {"group", o.group}});
  // Only when used, so that a model without them is stored (and compared) as before.
  if (!o.time.empty()) j["time"] = o.time;
  if (!o.series.empty()) j["series"] = o.series;
  if (!s.calendar.empty()) {
    json names = json::array();
    for (data::CalendarFeature f : s.calendar) names.push_back(data::calendar_name(f));
    j["calendar"] = names;
  }
  return j;
}

// Bounds on the sizes a stored spec may give, so that a damaged or forged one cannot make forecast
// generate or cut more than a large training run could have used, nor wrap T + horizon.
constexpr int64_t kMaxSteps = 100'000'000;  // a window, a horizon, a synthetic length; also length × sequences

size_t steps(const json& j, const char* key, const std::string& where) {
  return static_cast<size_t>(config_integer(j, key, 0, kMaxSteps, where));
}

TsSource source_from_json(const json& j, const std::string& where) {
  TsSource s;
  if (j.contains("synthetic")) {
    data::SyntheticOptions o;
    o.kind = data::parse_synthetic_kind(j.at("synthetic").get<std::string>(), where);
    o.length = steps(j, "length", where);
    o.noise = j.at("noise").get<double>();
    o.seed = j.at("seed").get<uint64_t>();
    o.sequences = steps(j, "sequences", where);
    const size_t length = o.length ? o.length : data::default_length(o.kind);
    if (data::is_sequence_kind(o.kind) && o.sequences > static_cast<size_t>(kMaxSteps) / std::max<size_t>(length, 1))
      throw Error(where, "model config: " + std::to_string(o.sequences) + " sequences of " + std::to_string(length) +
                             " steps are over the limit of " + std::to_string(kMaxSteps) + " steps",
                  kDamagedConfigHint);
    if (!(o.noise >= 0 && std::isfinite(o.noise)))
      throw Error(where, "model config: noise " + std::to_string(o.noise) + " is not a finite value >= 0",
                  kDamagedConfigHint);
    s.synthetic = o;
    return s;
  }
  if (j.contains("memory"))
    s.memory = MemorySource{j.at("memory").get<std::string>(), j.at("fingerprint").get<std::string>(), nullptr};
  else
    s.csv = j.at("csv").get<std::string>();
  s.csv_options.target = j.at("target").get<std::string>();
  s.csv_options.features = j.at("features").get<std::vector<std::string>>();
  s.csv_options.no_header = j.at("no_header").get<bool>();
  s.csv_options.fill = data::parse_fill_policy(j.at("fill").get<std::string>(), where);
  // Models saved before text labels and groups read their labels as numbers and had no groups.
  s.csv_options.label = j.value("label", false);
  s.csv_options.group = j.value("group", std::string());
  s.csv_options.time = j.value("time", std::string());
  s.csv_options.series = j.value("series", std::string());
  if (j.contains("calendar")) {
    for (const std::string& name : j.at("calendar").get<std::vector<std::string>>())
      s.calendar.push_back(data::parse_calendar_feature(name));
    if (s.csv_options.time.empty())
      throw Error(where, "model config: calendar features without a time column", kDamagedConfigHint);
  }
  return s;
}

}  // namespace

std::string number_text(float value) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

std::string TsSpec::class_name(size_t id) const {
  return class_names.empty() ? number_text(classes.at(id)) : class_names.at(id);
}

size_t output_count(const TsSpec& spec) {
  return spec.classifies() ? spec.class_count() : spec.targets.size() * spec.window.steps * spec.quantile_count();
}

size_t TsSpec::median_quantile() const {
  size_t best = 0;
  for (size_t q = 1; q < quantiles.size(); ++q)
    if (std::fabs(quantiles[q] - 0.5) < std::fabs(quantiles[best] - 0.5)) best = q;
  return best;
}

MemorySource memory_source(std::shared_ptr<const data::ColumnTable> table, const std::string& name) {
  std::string fingerprint = data::fingerprint(*table);
  return MemorySource{name, std::move(fingerprint), std::move(table)};
}

std::string ts_source_json(const TsSource& source) { return source_to_json(source).dump(); }

std::string ts_spec_json(const TsSpec& spec) {
  json j{{"source", source_to_json(spec.source)},
              {"window", spec.window.length},
              {"horizon", spec.window.horizon},
              {"return_sequences", spec.window.return_sequences},
              {"output_steps", spec.window.steps},
              {"val_frac", spec.val_frac},
              {"scale", data::scale_kind_name(spec.scale)},
              {"features", spec.features},
              {"targets", spec.targets},
              {"classes", spec.class_names.empty() ? json(spec.classes) : json(spec.class_names)},
              {"split_seed", spec.split_seed}};
  if (!spec.quantiles.empty()) j["quantiles"] = spec.quantiles;
  return j.dump();
}

TsSpec ts_spec_from_json(const std::string& text, const std::string& where) {
  return parse_config(text, where, [&](const json& j) {
    TsSpec spec;
    spec.source = source_from_json(j.at("source"), where);
    spec.window.length = steps(j, "window", where);
    spec.window.horizon = steps(j, "horizon", where);
    spec.window.return_sequences = j.at("return_sequences").get<bool>();
    // Models saved before multi-step heads predict one step.
    spec.window.steps = j.contains("output_steps") ? steps(j, "output_steps", where) : 1;
    if (spec.window.steps == 0 || (spec.window.steps > 1 && spec.window.return_sequences))
      throw Error(where, "model config: output_steps " + std::to_string(spec.window.steps) +
                             (spec.window.return_sequences ? " with return_sequences" : "") + " is not valid",
                  kDamagedConfigHint);
    spec.val_frac = j.at("val_frac").get<double>();
    if (!(spec.val_frac >= 0 && spec.val_frac < 1))
      throw Error(where, "model config: val_frac " + std::to_string(spec.val_frac) + " is not in [0, 1)",
                  kDamagedConfigHint);
    spec.scale = data::parse_scale_kind(j.at("scale").get<std::string>(), where);
    spec.features = j.at("features").get<std::vector<std::string>>();
    spec.targets = j.at("targets").get<std::vector<std::string>>();
    const json& classes = j.at("classes");
    if (!classes.empty() && classes.front().is_string())
      spec.class_names = classes.get<std::vector<std::string>>();
    else
      spec.classes = classes.get<std::vector<float>>();
    spec.split_seed = j.value("split_seed", uint64_t{0});
    // Models saved before quantile heads predict the mean.
    if (j.contains("quantiles")) {
      spec.quantiles = j.at("quantiles").get<std::vector<double>>();
      if (const std::optional<std::string> problem = nn::quantile_problem(spec.quantiles))
        throw Error(where, "model config: quantiles: " + *problem, kDamagedConfigHint);
      if (spec.classifies())
        throw Error(where, "model config: quantiles for a classifier", kDamagedConfigHint);
    }
    return spec;
  });
}

}  // namespace lstmkit::models
