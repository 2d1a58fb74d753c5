#include "lstmkit/models/ts_spec.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "lstmkit/error.h"

namespace lstmkit::models {

using nlohmann::json;

bool TsSource::is_sequences() const { return synthetic && data::is_sequence_kind(synthetic->kind); }

std::string TsSource::describe() const {
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
  return {{"csv", s.csv},
          {"target", o.target},
          {"features", o.features},
          {"no_header", o.no_header},
          {"fill", data::fill_policy_name(o.fill)},
          {"label", o.label},
          {"group", o.group}};
}

TsSource source_from_json(const json& j, const std::string& where) {
  TsSource s;
  if (j.contains("synthetic")) {
    data::SyntheticOptions o;
    o.kind = data::parse_synthetic_kind(j.at("synthetic").get<std::string>(), where);
    o.length = j.at("length").get<size_t>();
    o.noise = j.at("noise").get<double>();
    o.seed = j.at("seed").get<uint64_t>();
    o.sequences = j.at("sequences").get<size_t>();
    s.synthetic = o;
    return s;
  }
  s.csv = j.at("csv").get<std::string>();
  s.csv_options.target = j.at("target").get<std::string>();
  s.csv_options.features = j.at("features").get<std::vector<std::string>>();
  s.csv_options.no_header = j.at("no_header").get<bool>();
  s.csv_options.fill = data::parse_fill_policy(j.at("fill").get<std::string>(), where);
  // Models saved before text labels and groups read their labels as numbers and had no groups.
  s.csv_options.label = j.value("label", false);
  s.csv_options.group = j.value("group", std::string());
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

std::string ts_source_json(const TsSource& source) { return source_to_json(source).dump(); }

std::string ts_spec_json(const TsSpec& spec) {
  return json{{"source", source_to_json(spec.source)},
              {"window", spec.window.length},
              {"horizon", spec.window.horizon},
              {"return_sequences", spec.window.return_sequences},
              {"val_frac", spec.val_frac},
              {"scale", data::scale_kind_name(spec.scale)},
              {"features", spec.features},
              {"targets", spec.targets},
              {"classes", spec.class_names.empty() ? json(spec.classes) : json(spec.class_names)},
              {"split_seed", spec.split_seed}}
      .dump();
}

TsSpec ts_spec_from_json(const std::string& text, const std::string& where) {
  try {
    const json j = json::parse(text);
    TsSpec spec;
    spec.source = source_from_json(j.at("source"), where);
    spec.window.length = j.at("window").get<size_t>();
    spec.window.horizon = j.at("horizon").get<size_t>();
    spec.window.return_sequences = j.at("return_sequences").get<bool>();
    spec.val_frac = j.at("val_frac").get<double>();
    spec.scale = data::parse_scale_kind(j.at("scale").get<std::string>(), where);
    spec.features = j.at("features").get<std::vector<std::string>>();
    spec.targets = j.at("targets").get<std::vector<std::string>>();
    const json& classes = j.at("classes");
    if (!classes.empty() && classes.front().is_string())
      spec.class_names = classes.get<std::vector<std::string>>();
    else
      spec.classes = classes.get<std::vector<float>>();
    spec.split_seed = j.value("split_seed", uint64_t{0});
    return spec;
  } catch (const json::exception& e) {
    throw Error(where, std::string("unreadable time-series config (") + e.what() + ")",
                "the file is damaged or was not written by lstmkit");
  }
}

}  // namespace lstmkit::models
