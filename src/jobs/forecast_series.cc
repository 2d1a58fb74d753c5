// The forecast job on one series (forecast_parts.h): one-step predictions of every window scored per
// part, a closed loop past the end, and the table of every row for forecast.csv and forecast.png.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <sstream>

#include "forecast_parts.h"
#include "lstmkit/data/metrics.h"
#include "lstmkit/data/synthetic.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/sample_paths.h"
#include "lstmkit/jobs/interrupted.h"
#include "lstmkit/models/ts_split.h"

namespace lstmkit::jobs::forecast_parts {

namespace {

constexpr float kUnknown = std::numeric_limits<float>::quiet_NaN();

// The continuation of a synthetic series past its end, when regenerating it longer keeps its first rows.
std::vector<float> synthetic_future(const models::TsSource& source, const data::Series& raw, size_t steps) {
  if (!source.synthetic || steps == 0) return {};
  data::SyntheticOptions longer = *source.synthetic;
  longer.length = raw.rows() + steps;
  const data::Series extended = data::make_series(longer);
  const std::vector<float>& y = extended.columns[extended.targets.front()];
  if (!std::equal(raw.columns[raw.targets.front()].begin(), raw.columns[raw.targets.front()].end(), y.begin()))
    return {};  // e.g. damped: its length sets its spacing, so a longer run is another series
  return {y.begin() + static_cast<std::ptrdiff_t>(raw.rows()), y.end()};
}

// One line comparing the model's RMSE with persistence's on the last part (validation when there is one).
std::string verdict(const std::vector<infer::ErrorRow>& rows) {
  const infer::ErrorRow *model = nullptr, *persistence = nullptr;
  for (const auto& r : rows) {
    if (r.predictor == "model") model = &r;
    if (r.predictor == "persistence" && model && r.part == model->part) persistence = &r;
  }
  if (!model || !persistence) return "";
  char line[160];
  const double m = model->errors.rmse, p = persistence->errors.rmse;
  if (m < p)
    std::snprintf(line, sizeof line, "%s: the model's RMSE is %.3g times lower than persistence's\n",
                  model->part.c_str(), m > 0 ? p / m : std::numeric_limits<double>::infinity());
  else
    std::snprintf(line, sizeof line, "%s: the model does NOT beat persistence (RMSE %.5g against %.5g)\n",
                  model->part.c_str(), m, p);
  return line;
}

// A gnuplot time format for the axis of a series in `format`.
std::string axis_format(data::TimeFormat format) {
  switch (format) {
    case data::TimeFormat::year: return "%Y";
    case data::TimeFormat::month: return "%Y-%m";
    case data::TimeFormat::day: return "%Y-%m-%d";
    default: return "%m-%d %H:%M";
  }
}

// The model's quantile values [Q, O] of prediction i, or NaN when there is none.
std::vector<float> quantile_values(const infer::SeriesForecast& f, size_t i, size_t QO) {
  if (f.quantiles.empty()) return std::vector<float>(QO, kUnknown);
  return {f.quantiles.begin() + static_cast<std::ptrdiff_t>(i * QO),
          f.quantiles.begin() + static_cast<std::ptrdiff_t>((i + 1) * QO)};
}

// The one-step part of the report: what was predicted, and the scores per target.
void score_one_step(const models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                    const data::Series& units, ForecastResult& r, std::ostream& out) {
  const models::TsSpec& spec = model.spec();
  const data::Series& series = *raw.series;
  const infer::SeriesForecast& f = r.one_step;
  out << "one-step predictions of rows " << f.rows.front() << ".." << f.rows.back()
      << (raw.times ? " (" + raw.times->text(f.rows.front()) + " to " + raw.times->text(f.rows.back()) + ")"
                    : std::string())
      << (r.boundary ? ", validation from row " + std::to_string(r.boundary) : std::string()) << ", in data units\n";
  if (!spec.quantiles.empty()) {
    char median[32];
    std::snprintf(median, sizeof median, "%g", spec.quantiles[spec.median_quantile()]);
    out << "point forecast: the model's " << median << " quantile (of " << spec.quantiles.size() << ")\n";
  }
  if (model.classifies() && !raw.labelled) {
    out << "no label column '" << spec.targets.front() << "' in the data: predictions only\n";
  } else if (model.classifies()) {
    r.accuracy = infer::one_step_accuracy(units, f, r.boundary, class_names(spec));
    out << infer::format_accuracy_table(r.accuracy);
  } else {
    const size_t O = spec.targets.size();
    for (size_t t = 0; t < O; ++t) {
      if (O > 1) out << "\ntarget " << spec.targets[t] << "\n";
      r.errors.push_back(infer::one_step_errors(series, f, t, spec.window.horizon, r.boundary, config.season));
      out << infer::format_error_table(r.errors.back()) << verdict(r.errors.back());
      if (!spec.quantiles.empty())
        out << infer::format_coverage(infer::interval_coverage(series, f, t, spec.quantiles, r.boundary));
    }
  }
}

// The closed loop past the end of the series, and its part of the report.
void run_closed_loop(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                     const models::TsData& units, ForecastResult& r, std::ostream& out) {
  const models::TsSpec& spec = model.spec();
  const data::Series& series = *raw.series;
  const size_t R = series.rows(), steps = config.steps;
  const data::Series known = models::known_future(units, spec, model.scaler(), steps + spec.window.steps);
  r.sample_paths = config.samples.value_or(spec.quantiles.empty() ? 0 : kDefaultSamplePaths);
  if (r.sample_paths == 1) r.sample_paths = 0;  // one path is no spread: the median's loop
  if (r.sample_paths > 0) {
    r.closed_loop = infer::sampled_closed_loop(model, *units.series, series, steps, r.sample_paths,
                                               config.sample_seed, known, stop_if_interrupted);
  } else {
    r.closed_loop = infer::closed_loop(model, *units.series, steps, known, stop_if_interrupted);
    infer::original_loop_units(model, series, r.closed_loop);
  }
  r.continuation = synthetic_future(config.source, series, steps);
  const size_t S = spec.window.steps;
  out << "\nclosed loop: " << steps << " steps past row " << R - 1
      << (raw.times ? " (" + raw.times->text(R) + " to " + raw.times->text(R + steps - 1) + ")" : std::string())
      << (S > 1 ? ", direct: the model's " + std::to_string(S) + "-step head, its predictions fed back " +
                      std::to_string(S) + " at a time"
                : std::string(", recursive: each prediction fed back as input"))
      << (r.sample_paths > 0 ? " (" + std::to_string(r.sample_paths) + " sample paths, seed " +
                                   std::to_string(config.sample_seed) +
                                   ", each feeding back draws from its predicted quantiles: the band is their spread)"
          : spec.quantiles.empty() ? std::string()
                                   : std::string(" (the median: the band is the one-step spread)"))
      << (spec.source.calendar.empty() ? "" : ", calendar features computed for each new row");
  if (r.continuation.empty()) {
    out << " (no truth past the end of the data)\n";
  } else {  // a synthetic series: one column
    const data::ForecastErrors e = data::forecast_errors(r.continuation, r.closed_loop.values);
    char line[120];
    std::snprintf(line, sizeof line, "\nagainst the generated continuation: RMSE %.5g, MAE %.5g\n", e.rmse, e.mae);
    out << line;
  }
}

// Every row of the series (truth, one-step prediction) and every closed-loop row, for the files.
void fill_table(const models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                const data::Series& units, ForecastResult& r) {
  const models::TsSpec& spec = model.spec();
  const data::Series& series = *raw.series;
  const infer::SeriesForecast &f = r.one_step, &loop = r.closed_loop;
  const size_t R = series.rows(), O = spec.targets.size(), QO = spec.quantiles.size() * O;
  infer::ForecastTable& table = r.table;
  table.index_names = {"t"};
  table.targets = spec.targets;
  table.quantiles = spec.quantiles;
  table.title = spec.source.describe() + ": " + r.model_description;
  if (model.classifies()) table.class_names = class_names(spec);
  if (raw.times) table.time_format = axis_format(raw.times->format());
  // The plot's x of row r: its index, or its time.
  auto x_of = [&](size_t row) { return raw.times ? raw.times->seconds(row) : static_cast<double>(row); };
  if (r.boundary) table.boundary = x_of(r.boundary);
  auto timed = [&](infer::ForecastLine line) {
    if (!raw.times) return line;
    line.time = raw.times->text(line.index.front());
    line.time_seconds = raw.times->seconds(line.index.front());
    return line;
  };
  // A classifier's truth in class ids, as it predicts them.
  const data::Series& truth = model.classifies() ? units : series;
  for (size_t row = 0, i = 0; row < R; ++row) {
    infer::ForecastLine line{{row}, std::vector<float>(O), std::vector<float>(O, kUnknown), false,
                             std::vector<float>(QO, kUnknown)};
    for (size_t t = 0; t < O; ++t) line.truth[t] = truth.columns[truth.targets[t]][row];
    if (i < f.rows.size() && f.rows[i] == row) {
      for (size_t t = 0; t < O; ++t) line.prediction[t] = f.values[i * O + t];  // a classifier: O = 1 label
      line.quantiles = quantile_values(f, i, QO);
      ++i;
    }
    table.lines.push_back(timed(std::move(line)));
  }
  if (config.steps > 0) table.data_end = x_of(R);
  for (size_t k = 0; k < config.steps; ++k)
    table.lines.push_back(timed({{R + k},
                                 r.continuation.empty() ? std::vector<float>(O, kUnknown)
                                                        : std::vector<float>{r.continuation[k]},
                                 std::vector<float>(loop.values.begin() + static_cast<std::ptrdiff_t>(k * O),
                                                    loop.values.begin() + static_cast<std::ptrdiff_t>((k + 1) * O)),
                                 true, quantile_values(loop, k, QO)}));
}

}  // namespace

void forecast_series(models::Regressor& model, const ForecastConfig& config, const models::TsData& raw,
                     ForecastResult& r) {
  const models::TsSpec& spec = model.spec();
  const data::Series& series = *raw.series;
  const models::TsData units = models::to_model_units(raw, spec, model.scaler(), model.transform());
  r.one_step = infer::one_step_forecast(model, *units.series, config.batch, stop_if_interrupted);
  infer::original_units(model, series, units.first_row, r.one_step);
  r.boundary = r.own_data ? models::split_ts(raw, spec).boundary : 0;
  std::ostringstream out;
  score_one_step(model, config, raw, *units.series, r, out);
  if (config.steps > 0) run_closed_loop(model, config, raw, units, r, out);
  r.report = out.str();
  fill_table(model, config, raw, *units.series, r);
}

}  // namespace lstmkit::jobs::forecast_parts
