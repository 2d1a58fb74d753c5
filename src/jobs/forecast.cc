#include "lstmkit/jobs/forecast.h"

#include <algorithm>
#include <numeric>
#include <sstream>
#include <system_error>

#include "forecast_parts.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/series_files.h"
#include "lstmkit/models/ts_split.h"

namespace lstmkit::jobs {

namespace forecast_parts {

void forecast_sequences(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                        ForecastResult& r) {
  if (config.steps > 0)
    throw UsageError("`steps`", "the model was trained on independent sequences, which have no continuation",
                     "closed-loop forecasting is for a model of one series");
  const data::SequenceDataset& d = *raw.sequences;
  std::vector<size_t> train, ids;
  if (r.own_data) {
    const models::TsSplit split = models::split_ts(raw, model.spec());
    train = split.train;
    ids = split.validation.empty() ? split.train : split.validation;
  } else {
    train.resize(d.sequences);
    std::iota(train.begin(), train.end(), size_t{0});
    ids = train;
  }
  const std::vector<float> p = infer::predict_sequences(model, d, ids, config.batch);  // [n, K, O]
  const size_t K = d.per_step_targets ? d.steps : 1, O = d.outputs;
  std::ostringstream out;
  out << "predictions for " << ids.size() << " sequences" << (r.own_data ? " (validation)" : "") << "\n";
  for (size_t t = 0; t < O; ++t) {
    if (O > 1) out << "\ntarget " << d.target_names[t] << "\n";
    r.errors.push_back(infer::sequence_errors(d, train, ids, p, t));
    out << infer::format_error_table(r.errors.back());
  }
  r.report = out.str();
  infer::ForecastTable& table = r.table;
  table.index_names = K > 1 ? std::vector<std::string>{"sequence", "step"} : std::vector<std::string>{"sequence"};
  table.targets = d.target_names;
  table.title = model.spec().source.describe() + ": " + r.model_description;
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t k = 0; k < K; ++k) {
      infer::ForecastLine line{K > 1 ? std::vector<size_t>{ids[i], k} : std::vector<size_t>{ids[i]},
                               std::vector<float>(O), std::vector<float>(O), false};
      for (size_t t = 0; t < O; ++t) {
        line.truth[t] = d.target(ids[i], k, t);
        line.prediction[t] = p[(i * K + k) * O + t];
      }
      table.lines.push_back(std::move(line));
    }
}

// A sequence classifier: every group of the data classified, accuracy per part (the model's own
// training and validation groups, or all), and a line per group for forecast.csv.
void forecast_groups(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                     ForecastResult& r) {
  if (config.steps > 0)
    throw UsageError("`steps`", "the model classifies whole groups, which have no continuation",
                     "closed-loop forecasting is for a model of one series");
  const models::TsSpec& spec = model.spec();
  const models::TsData units = models::to_model_units(raw, spec, model.scaler());
  const data::Groups groups = models::model_groups(units, spec);
  r.truncated_groups = groups.truncated;
  std::vector<size_t> ids(groups.size());
  std::iota(ids.begin(), ids.end(), size_t{0});
  const std::vector<float> p = infer::classify_groups(model, *units.series, groups, ids, config.batch);  // [S, C]
  const size_t C = spec.class_count();
  const std::vector<float>& label = units.series->columns[units.series->targets.front()];
  std::vector<float> truth(groups.size()), predicted(groups.size());  // [S] class ids
  for (size_t g = 0; g < groups.size(); ++g) {
    const float* q = p.data() + g * C;
    const size_t best = static_cast<size_t>(std::max_element(q, q + C) - q);
    truth[g] = label[groups.rows[g].back()];
    predicted[g] = static_cast<float>(best);
    r.group_lines.push_back({groups.names[g], std::nullopt, best, q[best]});
    if (raw.labelled) r.group_lines.back().truth = static_cast<size_t>(truth[g]);
  }
  std::ostringstream out;
  out << "classified " << groups.size() << " groups of column '" << spec.source.csv_options.group << "'\n";
  if (!raw.labelled) {
    out << "no label column '" << spec.targets.front() << "' in the data: predictions only\n";
  } else {
    std::vector<infer::LabelledPart> parts;
    std::vector<float> baseline;  // labels of the training groups, or of all
    auto part = [&](const std::string& name, const std::vector<size_t>& members) {
      infer::LabelledPart l{name, {}, {}};
      for (size_t g : members) {
        l.truth.push_back(truth[g]);
        l.predicted.push_back(predicted[g]);
      }
      parts.push_back(std::move(l));
    };
    if (r.own_data) {
      const models::TsSplit split = models::split_ts(units, spec);
      for (size_t g : split.train) baseline.push_back(truth[g]);
      part("train", split.train);
      if (!split.validation.empty()) part("validation", split.validation);
    } else {
      baseline = truth;
      part("all", ids);
    }
    r.accuracy = infer::accuracy_rows(parts, baseline, class_names(spec));
    out << infer::format_accuracy_table(r.accuracy);
  }
  r.report = out.str();
  r.table.class_names = class_names(spec);
}

}  // namespace forecast_parts

namespace {

// The data `config.source` names. A column it lacks is the file's fault, not the caller's, unless the
// caller chose the columns: otherwise they are the model's.
models::TsData read_forecast_data(const ForecastConfig& config) {
  try {
    return models::read_ts_data(config.source);
  } catch (const UsageError& e) {
    if (config.source.synthetic || config.columns_chosen) throw;
    throw Error(config.source.describe(), e.what_is_wrong() + ", a column the model reads", e.hint());
  }
}

}  // namespace

ForecastResult forecast(models::Regressor& model, const ForecastConfig& config) {
  if (config.batch == 0) throw UsageError("`batch`", "must be at least 1", "got 0");
  if (config.samples && *config.samples > kMaxSamplePaths)
    throw UsageError("`samples`", "must be at most " + std::to_string(kMaxSamplePaths),
                     "got " + std::to_string(*config.samples));
  if (config.samples && *config.samples > 1 && config.steps == 0)
    throw UsageError("`samples`", "sample paths are drawn by the closed loop, which forecasts no steps here",
                     "give steps past the end of the data too");
  ForecastConfig c = config;
  // New data to classify need not be labelled.
  c.source.csv_options.label_optional = model.classifies();
  const models::TsData raw = read_forecast_data(c);
  ForecastResult r;
  r.own_data = models::ts_source_json(c.source) == models::ts_source_json(model.spec().source);
  r.filled_values = raw.filled_values;
  r.dropped_rows = raw.dropped_rows;
  r.model_description = forecast_parts::describe_model(model);
  r.data_description =
      c.source.describe() + (r.own_data ? ", the model's own" : "") +
      (raw.times ? ", " + raw.times->text(0) + " to " + raw.times->text(raw.times->rows() - 1) + " every " +
                       raw.times->describe_step()
                 : std::string());
  if (!c.series.empty() && !model.spec().multi_series())
    throw UsageError("`series`", "names a series, but the model was trained on one series",
                     "a series is chosen only of a model trained on several");
  if (model.spec().multi_series()) {
    forecast_parts::forecast_each_series(model, c, raw, r);
  } else if (model.spec().grouped()) {
    r.kind = ForecastKind::groups;
    forecast_parts::forecast_groups(model, c, raw, r);
  } else if (raw.sequences) {
    r.kind = ForecastKind::sequences;
    forecast_parts::forecast_sequences(model, c, raw, r);
  } else {
    forecast_parts::forecast_series(model, c, raw, r);
  }
  return r;
}

ForecastFiles write_forecast_files(const ForecastResult& result, const std::filesystem::path& out) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) throw Error(out.string(), "cannot create the output directory (" + ec.message() + ")", "choose another output directory");
  ForecastFiles files{out / "forecast.csv", {}, {}, {}};
  if (result.kind == ForecastKind::groups) {
    infer::write_group_forecast_csv(files.csv, result.group_lines, result.table.class_names);
    return files;
  }
  infer::write_forecast_csv(files.csv, result.table);
  if (!result.series.empty()) {
    std::vector<std::string> ids;
    for (const ForecastResult& one : result.series) ids.push_back(one.series_id);
    for (size_t k = 0; k < ids.size(); ++k) {
      const std::filesystem::path plot = out / series_plot_name("forecast", ids, k);
      const io::PlotResult drawn = infer::plot_forecast(plot, result.series[k].table);
      if (drawn) files.series_plots.push_back(plot);
      if (!files.plot_result || (*files.plot_result && !drawn)) files.plot_result = drawn;
    }
    if (!files.series_plots.empty()) files.plot = files.series_plots.front();
    return files;
  }
  files.plot_result = infer::plot_forecast(out / "forecast.png", result.table);
  if (*files.plot_result) files.plot = out / "forecast.png";
  return files;
}

}  // namespace lstmkit::jobs
