// `lstmkit forecast`: a trained time-series model's one-step predictions over a series, scored next to the
// trivial baselines, and optionally a closed-loop forecast past the end of the data; a sequence
// classifier's class for every group. Tables go to stdout; <out>/forecast.csv and (series) forecast.png
// are written.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <numeric>

#include "command.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/data/metrics.h"
#include "lstmkit/data/synthetic.h"
#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/forecast_files.h"
#include "lstmkit/infer/forecast_table.h"
#include "lstmkit/io/output_directory.h"
#include "lstmkit/models/ts_data.h"
#include "precision_options.h"
#include "standard_output.h"
#include "training_options.h"
#include "ts_options.h"

namespace lstmkit::cli {

namespace {

namespace fs = std::filesystem;
constexpr float kUnknown = std::numeric_limits<float>::quiet_NaN();

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)("model", po::value<std::string>(), "time-series model (model.safetensors from train-ts)", Need::required);
  declare_ts_source_options(o);
  o.add_options()
      ("seed", po::value<unsigned long long>(), "seed of the synthetic data (default: the model's)")
      ("steps", po::value<long long>()->default_value(0), "closed loop: forecast this many steps past the end of the data, each prediction fed back as input")
      ("season", po::value<long long>()->default_value(0), "also score the seasonal-naive baseline with this period in steps (0: off)")
      ("batch", po::value<long long>()->default_value(512), "windows per forward pass")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  add_options(o, OptionGroup::output)
      ("out", po::value<std::string>(), "directory for forecast.csv and forecast.png (default: the model's directory)");
  declare_precision_option(o);
}

// The data to forecast (cli/ts_options.h); new data to classify need not be labelled.
models::TsSource forecast_source(const po::variables_map& vm, const models::Regressor& model) {
  models::TsSource source = model_data_source(vm, model.spec(), "forecast");
  source.csv_options.label_optional = model.classifies();
  return source;
}

// The data `source` names. A column it lacks is the file's fault, not a usage error, unless the user
// chose the columns (--target, --features): otherwise they are the model's.
models::TsData read_forecast_data(const po::variables_map& vm, const models::TsSource& source) {
  try {
    return models::read_ts_data(source);
  } catch (const UsageError& e) {
    if (source.synthetic || vm.count("target") || vm.count("features")) throw;
    throw Error(source.csv, e.what_is_wrong() + ", a column the model reads", e.hint());
  }
}

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

std::string describe_model(const models::Regressor& model) {
  const models::RegressorConfig& c = model.config();
  const models::TsSpec& s = model.spec();
  std::string text = nn::cell_name(c.cell) + " " + std::to_string(c.layers) + "x" + std::to_string(c.hidden);
  if (s.source.is_sequences()) return text + ", whole sequences";
  if (s.grouped())
    return text + ", one sequence per group of column '" + s.source.csv_options.group + "' (" +
           (s.window.length ? "its last " + std::to_string(s.window.length) + " rows" : "all its rows") + ")";
  const std::string transform = model.transform().describe();
  return text + ", window " + std::to_string(s.window.length) + ", horizon " + std::to_string(s.window.horizon) +
         (s.window.return_sequences ? ", n-to-n" : "") +
         (s.window.steps > 1 ? ", " + std::to_string(s.window.steps) + " output steps" : "") +
         (transform.empty() ? "" : ", target " + transform) + calendar_text(s.source.calendar) +
         quantiles_text(s.quantiles);
}

std::vector<std::string> class_names(const models::TsSpec& spec) {
  std::vector<std::string> names;
  for (size_t c = 0; c < spec.class_count(); ++c) names.push_back(spec.class_name(c));
  return names;
}

struct Options {
  size_t steps, season, batch;
  fs::path out;
};

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

int write_files(const infer::ForecastTable& table, const fs::path& out) {
  flush_stdout();  // results nobody can read leave no files behind
  infer::write_forecast_csv(out / "forecast.csv", table);
  const io::PlotResult plot = infer::plot_forecast(out / "forecast.png", table);
  std::cerr << "lstmkit: wrote " << (out / "forecast.csv").string()
            << (plot ? " and " + (out / "forecast.png").string() : std::string()) << "\n";
  if (!plot)
    std::cerr << "lstmkit: warning: no forecast.png: "
              << (plot.status == io::PlotStatus::no_gnuplot ? "gnuplot is not installed" : plot.message) << "\n";
  return kExitOk;
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

int forecast_series(models::Regressor& model, const models::TsSource& source, const models::TsData& raw,
                    bool own_data, const Options& o) {
  const models::TsSpec& spec = model.spec();
  const data::Series& series = *raw.series;
  const models::TsData units = models::to_model_units(raw, spec, model.scaler(), model.transform());
  infer::SeriesForecast f = infer::one_step_forecast(model, *units.series, o.batch);
  infer::original_units(model, series, units.first_row, f);
  const size_t R = series.rows(), O = spec.targets.size(), QO = spec.quantiles.size() * O;
  const size_t boundary = own_data ? data::split_boundary(R, spec.val_frac) : 0;
  std::cout << "one-step predictions of rows " << f.rows.front() << ".." << f.rows.back()
            << (raw.times ? " (" + raw.times->text(f.rows.front()) + " to " + raw.times->text(f.rows.back()) + ")"
                          : std::string())
            << (boundary ? ", validation from row " + std::to_string(boundary) : std::string()) << ", in data units\n";
  if (!spec.quantiles.empty()) {
    char median[32];
    std::snprintf(median, sizeof median, "%g", spec.quantiles[spec.median_quantile()]);
    std::cout << "point forecast: the model's " << median << " quantile (of " << spec.quantiles.size() << ")\n";
  }
  if (model.classifies() && !raw.labelled) {
    std::cout << "no label column '" << spec.targets.front() << "' in the data: predictions only\n";
  } else if (model.classifies()) {
    std::cout << infer::format_accuracy_table(infer::one_step_accuracy(*units.series, f, boundary, class_names(spec)));
  } else {
    for (size_t t = 0; t < O; ++t) {
      if (O > 1) std::cout << "\ntarget " << spec.targets[t] << "\n";
      const auto rows = infer::one_step_errors(series, f, t, spec.window.horizon, boundary, o.season);
      std::cout << infer::format_error_table(rows) << verdict(rows);
      if (!spec.quantiles.empty())
        std::cout << infer::format_coverage(infer::interval_coverage(series, f, t, spec.quantiles, boundary));
    }
  }

  infer::SeriesForecast loop;
  std::vector<float> future;
  if (o.steps > 0) {
    const data::Series known = models::known_future(units, spec, model.scaler(), o.steps + spec.window.steps);
    loop = infer::closed_loop(model, *units.series, o.steps, known);
    infer::original_loop_units(model, series, loop);
    future = synthetic_future(source, series, o.steps);
    const size_t S = spec.window.steps;
    std::cout << "\nclosed loop: " << o.steps << " steps past row " << R - 1
              << (raw.times ? " (" + raw.times->text(R) + " to " + raw.times->text(R + o.steps - 1) + ")" : std::string())
              << (S > 1 ? ", direct: the model's " + std::to_string(S) + "-step head, its predictions fed back " +
                              std::to_string(S) + " at a time"
                        : std::string(", recursive: each prediction fed back as input"))
              << (spec.quantiles.empty() ? "" : " (the median)")
              << (spec.source.calendar.empty() ? "" : ", calendar features computed for each new row");
    if (future.empty()) {
      std::cout << " (no truth past the end of the data)\n";
    } else {  // a synthetic series: one column
      const data::ForecastErrors e = data::forecast_errors(future, loop.values);
      std::printf("\nagainst the generated continuation: RMSE %.5g, MAE %.5g\n", e.rmse, e.mae);
    }
  }

  infer::ForecastTable table;
  table.index_names = {"t"};
  table.targets = spec.targets;
  table.quantiles = spec.quantiles;
  table.title = spec.source.describe() + ": " + describe_model(model);
  if (model.classifies()) table.class_names = class_names(spec);
  if (raw.times) table.time_format = axis_format(raw.times->format());
  // The plot's x of row r: its index, or its time.
  auto x_of = [&](size_t r) { return raw.times ? raw.times->seconds(r) : static_cast<double>(r); };
  if (boundary) table.boundary = x_of(boundary);
  auto timed = [&](infer::ForecastLine line) {
    if (!raw.times) return line;
    line.time = raw.times->text(line.index.front());
    line.time_seconds = raw.times->seconds(line.index.front());
    return line;
  };
  // A classifier's truth in class ids, as it predicts them.
  const data::Series& truth = model.classifies() ? *units.series : series;
  for (size_t r = 0, i = 0; r < R; ++r) {
    infer::ForecastLine line{{r}, std::vector<float>(O), std::vector<float>(O, kUnknown), false,
                             std::vector<float>(QO, kUnknown)};
    for (size_t t = 0; t < O; ++t) line.truth[t] = truth.columns[truth.targets[t]][r];
    if (i < f.rows.size() && f.rows[i] == r) {
      for (size_t t = 0; t < O; ++t) line.prediction[t] = f.values[i * O + t];  // a classifier: O = 1 label
      line.quantiles = quantile_values(f, i, QO);
      ++i;
    }
    table.lines.push_back(timed(std::move(line)));
  }
  if (o.steps > 0) table.data_end = x_of(R);
  for (size_t k = 0; k < o.steps; ++k)
    table.lines.push_back(timed({{R + k},
                                 future.empty() ? std::vector<float>(O, kUnknown) : std::vector<float>{future[k]},
                                 std::vector<float>(loop.values.begin() + static_cast<std::ptrdiff_t>(k * O),
                                                    loop.values.begin() + static_cast<std::ptrdiff_t>((k + 1) * O)),
                                 true, quantile_values(loop, k, QO)}));
  return write_files(table, o.out);
}

int forecast_sequences(models::Regressor& model, const models::TsData& raw, bool own_data, const Options& o) {
  if (o.steps > 0)
    throw UsageError("--steps", "the model was trained on independent sequences, which have no continuation",
                     "closed-loop forecasting is for a model of one series");
  const data::SequenceDataset& d = *raw.sequences;
  std::vector<size_t> train, ids;
  if (own_data) {
    const data::SequenceSplit split = data::split_sequences(d.sequences, model.spec().val_frac);
    train = split.train;
    ids = split.validation.empty() ? split.train : split.validation;
  } else {
    for (size_t s = 0; s < d.sequences; ++s) train.push_back(s);
    ids = train;
  }
  const std::vector<float> p = infer::predict_sequences(model, d, ids, o.batch);  // [n, K, O]
  const size_t K = d.per_step_targets ? d.steps : 1, O = d.outputs;
  std::cout << "predictions for " << ids.size() << " sequences" << (own_data ? " (validation)" : "") << "\n";
  for (size_t t = 0; t < O; ++t) {
    if (O > 1) std::cout << "\ntarget " << d.target_names[t] << "\n";
    std::cout << infer::format_error_table(infer::sequence_errors(d, train, ids, p, t));
  }
  infer::ForecastTable table;
  table.index_names = K > 1 ? std::vector<std::string>{"sequence", "step"} : std::vector<std::string>{"sequence"};
  table.targets = d.target_names;
  table.title = model.spec().source.describe() + ": " + describe_model(model);
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
  return write_files(table, o.out);
}

// A sequence classifier: every group of the data classified, accuracy per part (the model's own
// training and validation groups, or all), and forecast.csv with a line per group.
int forecast_groups(models::Regressor& model, const models::TsData& raw, bool own_data, const Options& o) {
  if (o.steps > 0)
    throw UsageError("--steps", "the model classifies whole groups, which have no continuation",
                     "closed-loop forecasting is for a model of one series");
  const models::TsSpec& spec = model.spec();
  const models::TsData units = models::to_model_units(raw, spec, model.scaler());
  const data::Groups groups = models::model_groups(units, spec);
  if (groups.truncated > 0)
    std::cerr << "lstmkit: --window " << spec.window.length << ": " << groups.truncated << " of " << groups.size()
              << " groups were longer and keep their last " << spec.window.length << " rows\n";
  std::vector<size_t> ids(groups.size());
  std::iota(ids.begin(), ids.end(), size_t{0});
  const std::vector<float> p = infer::classify_groups(model, *units.series, groups, ids, o.batch);  // [S, C]
  const size_t C = spec.class_count();
  const std::vector<float>& label = units.series->columns[units.series->targets.front()];
  std::vector<infer::GroupForecastLine> lines;
  std::vector<float> truth(groups.size()), predicted(groups.size());  // [S] class ids
  for (size_t g = 0; g < groups.size(); ++g) {
    const float* q = p.data() + g * C;
    const size_t best = static_cast<size_t>(std::max_element(q, q + C) - q);
    truth[g] = label[groups.rows[g].back()];
    predicted[g] = static_cast<float>(best);
    lines.push_back({groups.names[g], std::nullopt, best, q[best]});
    if (raw.labelled) lines.back().truth = static_cast<size_t>(truth[g]);
  }
  std::cout << "classified " << groups.size() << " groups of column '" << spec.source.csv_options.group << "'\n";
  if (!raw.labelled) {
    std::cout << "no label column '" << spec.targets.front() << "' in the data: predictions only\n";
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
    if (own_data) {
      const data::GroupSplit split = models::split_model_groups(units, spec);
      for (size_t g : split.train) baseline.push_back(truth[g]);
      part("train", split.train);
      if (!split.validation.empty()) part("validation", split.validation);
    } else {
      baseline = truth;
      part("all", ids);
    }
    std::cout << infer::format_accuracy_table(infer::accuracy_rows(parts, baseline, class_names(spec)));
  }
  flush_stdout();
  infer::write_group_forecast_csv(o.out / "forecast.csv", lines, class_names(spec));
  std::cerr << "lstmkit: wrote " << (o.out / "forecast.csv").string() << "\n";
  return kExitOk;
}

int run(const po::variables_map& vm) {
  if (!vm.count("model"))
    throw UsageError("forecast", "missing --model", "give a trained model, e.g. --model runs/sine/model.safetensors");
  Options o{count_option(vm, "steps", 0), count_option(vm, "season", 0), count_option(vm, "batch", 1), {}};
  const fs::path model_path = vm["model"].as<std::string>();
  if (vm.count("out"))
    refuse_stdout_directory("--out", vm["out"].as<std::string>(),
                            "forecast writes forecast.csv and forecast.png there, and its tables go to stdout already");
  o.out = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : model_path.parent_path();
  if (o.out.empty()) o.out = ".";
  io::check_output_directory(o.out, "--out");
  apply_threads(vm);
  const nn::Precision precision = read_precision(vm);

  auto model = models::Regressor::load(model_path, precision);
  const models::TsSource source = forecast_source(vm, *model);
  const bool own_data = models::ts_source_json(source) == models::ts_source_json(model->spec().source);
  const models::TsData raw = read_forecast_data(vm, source);
  if (raw.filled_values > 0) std::cerr << "lstmkit: --fill ffill: " << raw.filled_values << " values carried forward\n";
  if (raw.dropped_rows > 0) std::cerr << "lstmkit: --fill drop: dropped " << raw.dropped_rows << " rows\n";
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) throw Error(o.out.string(), "cannot create the output directory (" + ec.message() + ")", "choose another --out");
  note_precision(vm, precision);
  std::cout << "model " << model_path.string() << ": " << describe_model(*model) << "\n"
            << "data: " << source.describe() << (own_data ? ", the model's own" : "")
            << (raw.times ? ", " + raw.times->text(0) + " to " + raw.times->text(raw.times->rows() - 1) + " every " +
                                raw.times->describe_step()
                          : std::string())
            << "\n";
  if (model->spec().grouped()) return forecast_groups(*model, raw, own_data, o);
  return raw.sequences ? forecast_sequences(*model, raw, own_data, o)
                       : forecast_series(*model, source, raw, own_data, o);
}

}  // namespace

Command forecast_command() {
  return Command{"forecast", "forecast a series with a trained time-series model", declare, run, "", 0, "use a smaller --batch"};
}

}  // namespace lstmkit::cli
