// lstmkit._lstmkit's time-series model: training (train-ts's job), forecasting (the forecast job),
// predictions for given windows, summary and the checkpoint file.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "config_fields.h"
#include "job_options.h"
#include "job_thread.h"
#include "memory_columns.h"
#include "lstmkit/data/calendar.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/jobs/backtest.h"
#include "lstmkit/jobs/forecast.h"
#include "lstmkit/jobs/predict_windows.h"
#include "lstmkit/jobs/summary.h"
#include "lstmkit/jobs/train_ts.h"
#include "lstmkit/jobs/ts_retrain.h"
#include "lstmkit/jobs/ts_train_defaults.h"
#include "lstmkit/nn/quantile_loss.h"
#include "lstmkit/optim/config.h"

namespace py = pybind11;

namespace lstmkit::python {

namespace {

struct Ts {
  std::unique_ptr<models::Regressor> model;
};

// Column names: a str "a,b" or a list of str.
std::vector<std::string> read_columns(ConfigFields& f, const char* name) {
  std::vector<std::string> columns;
  f.read(name, columns);
  if (columns.size() == 1) return data::parse_column_list(columns.front(), name);
  return columns;
}

// csv or columns in memory (series=, columns=) with their column choices, or synthetic with its
// generator's; a synthetic source is seeded by `seed`. `base`: the model's own source, for what the
// keywords leave out (forecast); nullopt for a new model.
models::TsSource read_source(ConfigFields& f, const std::optional<models::TsSpec>& base, uint64_t seed,
                             std::shared_ptr<const data::ColumnTable> columns) {
  std::string csv, synthetic, fill;
  f.read("csv", csv);
  f.read("synthetic", synthetic);
  if (!csv.empty() && !synthetic.empty())
    throw UsageError("csv", "cannot be combined with synthetic", "learn from a file or from generated data, not both");
  if (columns && (!csv.empty() || !synthetic.empty()))
    throw UsageError(csv.empty() ? "synthetic" : "csv", "cannot be combined with series or columns", "give the data once");
  models::TsSource s;
  if (!csv.empty() || columns) {
    if (base && !base->source.synthetic) {
      s = base->source;
    } else if (base) {  // a model of generated data reads columns of the same names
      s.csv_options.target = base->targets.front();
      s.csv_options.features = base->features;
    }
    s.csv = csv;
    s.memory.reset();
    if (columns) s.memory = models::memory_source(std::move(columns), kMemorySourceName);
    f.read("target", s.csv_options.target);
    if (f.given("features")) s.csv_options.features = read_columns(f, "features");
    f.read("no_header", s.csv_options.no_header);
    f.read("fill", fill);
    if (f.given("fill")) s.csv_options.fill = data::parse_fill_policy(fill, "fill");
    f.read("time_column", s.csv_options.time);
    if (!base) f.read("series_column", s.csv_options.series);  // a model's series are its own
    return s;
  }
  if (synthetic.empty()) {
    if (!base) throw UsageError("fit", "missing data", "give series=, columns=, csv= or synthetic=");
    if (base->source.memory)
      throw UsageError("series", "missing: the model was trained on in-memory arrays, which its checkpoint does not hold",
                       "pass series= or columns= with the model's columns");
    if (!base->source.synthetic)
      throw UsageError("csv", "missing: the model was trained on a CSV file, and a forecast reads only the data you name",
                       "pass series=, columns= or csv= with the model's columns");
    s = base->source;
  } else {
    s.synthetic = data::SyntheticOptions{};
    s.synthetic->kind = data::parse_synthetic_kind(synthetic);
    if (base && base->source.synthetic && base->source.synthetic->kind == s.synthetic->kind) s = base->source;
  }
  data::SyntheticOptions& o = *s.synthetic;
  int64_t length = 0, sequences = 0;
  f.read("length", length);
  if (f.given("length")) {
    if (length < 2) throw UsageError("length", "must be at least 2", "got " + std::to_string(length));
    o.length = static_cast<size_t>(length);
  }
  f.read("noise", o.noise);
  f.read("sequences", sequences);
  if (f.given("sequences")) {
    if (!data::is_sequence_kind(o.kind))
      throw UsageError("sequences", data::synthetic_name(o.kind) + " is one series, not a dataset of sequences",
                       "sequences is for cumsum and adding; use length for the rows of a series");
    if (sequences < 1) throw UsageError("sequences", "must be at least 1", "got " + std::to_string(sequences));
    o.sequences = static_cast<size_t>(sequences);
  }
  if (!base || f.given("seed")) o.seed = seed;
  if (o.length == 0) o.length = data::default_length(o.kind);
  return s;
}

size_t at_least(ConfigFields& f, const char* name, int64_t minimum, size_t value) {
  int64_t v = static_cast<int64_t>(value);
  f.read(name, v);
  if (v < minimum) throw UsageError(name, "must be at least " + std::to_string(minimum), "got " + std::to_string(v));
  return static_cast<size_t>(v);
}

// window, horizon, output_steps, return_sequences, scale, val_frac and calendar of a new regressor of
// `source`, over the defaults in c.spec.
models::TsSpec read_spec(ConfigFields& f, models::TsSource source, jobs::TsTrainConfig& c) {
  models::TsSpec spec = c.spec;
  if (f.given("calendar")) {
    if (source.csv_options.time.empty())
      throw UsageError("calendar", "needs the times of the rows", "name the CSV column of dates with time_column");
    std::string list;
    for (const std::string& name : read_columns(f, "calendar")) list += (list.empty() ? "" : ",") + name;
    source.calendar = data::parse_calendar(list);
  }
  spec.source = std::move(source);
  f.read("val_frac", spec.val_frac);
  std::string scale = data::scale_kind_name(spec.scale);
  f.read("scale", scale);
  spec.scale = data::parse_scale_kind(scale, "scale");
  spec.window.length = at_least(f, "window", 1, spec.window.length);
  spec.window.horizon = at_least(f, "horizon", 0, spec.window.horizon);
  spec.window.steps = at_least(f, "output_steps", 1, spec.window.steps);
  f.read("return_sequences", spec.window.return_sequences);
  if (spec.source.is_sequences()) {
    spec.scale = data::ScaleKind::none;
    return spec;
  }
  if (spec.window.steps > 1 && spec.window.return_sequences)
    throw UsageError("output_steps", "cannot be combined with return_sequences",
                     "a multi-step head predicts the next values of a regression target after the window");
  return spec;
}

// A keyword holding a number or a list of numbers, taken out of `kwargs` (ConfigFields reads scalars and
// strings); empty when not given.
template <typename Number>
std::vector<Number> pop_numbers(py::dict& kwargs, const char* name) {
  if (!kwargs.contains(name)) return {};
  const py::object value = kwargs[name];
  PyDict_DelItemString(kwargs.ptr(), name);
  if (value.is_none()) return {};
  try {
    if (py::isinstance<py::sequence>(value) && !py::isinstance<py::str>(value)) return value.cast<std::vector<Number>>();
    return {value.cast<Number>()};
  } catch (const py::cast_error&) {
    throw UsageError(name, "must be a number or a list of numbers", "got " + py::str(py::type::of(value)).cast<std::string>());
  }
}

py::array_t<float> array(const std::vector<float>& values, std::vector<py::ssize_t> shape) {
  py::array_t<float> a(shape);
  std::copy(values.begin(), values.end(), a.mutable_data());
  return a;
}

py::tuple train(py::dict kwargs, py::object on_epoch, py::object on_note) {
  kwargs = py::dict(kwargs);  // the caller's dict stays as it was
  std::shared_ptr<const data::ColumnTable> columns = pop_memory_columns(kwargs);
  const std::vector<double> quantiles = pop_numbers<double>(kwargs, "quantiles");
  const std::vector<int64_t> lags = pop_numbers<int64_t>(kwargs, "difference");
  ConfigFields f(kwargs, "Forecaster.fit");
  jobs::TsTrainConfig c = jobs::default_ts_train_config();
  read_stack(f, c.shape);
  if (c.shape.hidden < 1) throw UsageError("hidden", "must be at least 1", "got " + std::to_string(c.shape.hidden));
  if (c.shape.layers < 1) throw UsageError("layers", "must be at least 1", "got " + std::to_string(c.shape.layers));
  if (!(c.shape.dropout >= 0.0f && c.shape.dropout < 1.0f))
    throw UsageError("dropout", "must be in [0, 1)", "got " + std::to_string(c.shape.dropout));
  f.read<nn::InitScheme>("init", c.init, [](const std::string& s, const std::string& n) { return nn::parse_init(s, n); });
  c.shape.precision = read_precision(f);
  int64_t batch = 0;
  f.read("batch", batch);
  if (f.given("batch") && batch < 1) throw UsageError("batch", "must be at least 1", "got " + std::to_string(batch));
  c.batch = static_cast<size_t>(batch);
  read_run_control(f, c.trainer);
  c.spec = read_spec(f, read_source(f, std::nullopt, c.trainer.seed, std::move(columns)), c);
  f.read("log", c.transform.log);
  std::string detrend;
  f.read("detrend", detrend);
  if (f.given("detrend") && detrend != "linear")
    throw UsageError("detrend", "unknown trend '" + detrend + "'", "use detrend=\"linear\"");
  c.transform.detrend = f.given("detrend");
  for (int64_t lag : lags) {
    if (lag < 1) throw UsageError("difference", "lags must be at least 1", "got " + std::to_string(lag));
    c.transform.lags.push_back(static_cast<size_t>(lag));
  }
  if (!quantiles.empty()) {
    if (const std::optional<std::string> problem = nn::quantile_problem(quantiles))
      throw UsageError("quantiles", *problem, "list distinct quantiles between 0 and 1 in ascending order, e.g. [0.1, 0.5, 0.9]");
    c.spec.quantiles = quantiles;
  }
  int threads = 0;
  f.read("threads", threads);
  f.finish();
  train::validate(c.trainer);

  PythonReporter reporter(std::move(on_note));
  c.on_epoch = epoch_callback(on_epoch);
  Ts ts;
  jobs::TsTrainResult result;
  run_job([&] {
    use_threads(threads);
    result = jobs::train_ts(c, reporter);
    if (std::filesystem::exists(result.best_model)) ts.model = models::Regressor::load(result.best_model, c.shape.precision);
  });
  if (!ts.model) throw Error("Forecaster.fit", "the run saved no model", "train longer before stopping it");
  py::dict info = run_info(result.train, result.best_model);
  return py::make_tuple(std::move(ts), info);
}

py::list error_rows(const std::vector<infer::ErrorRow>& rows) {
  py::list out;
  for (const infer::ErrorRow& r : rows) {
    py::dict d;
    d["part"] = r.part;
    d["predictor"] = r.predictor;
    d["count"] = r.errors.count;
    d["rmse"] = r.errors.rmse;
    d["mae"] = r.errors.mae;
    d["mape"] = r.errors.mape ? py::cast(*r.errors.mape) : py::none();
    out.append(d);
  }
  return out;
}

// Runs a job whose config field `series` is the keyword series_id here (`series` is the data).
template <class Job>
auto naming_series_id(Job&& job) {
  try {
    return job();
  } catch (const UsageError& e) {
    if (e.where() != setting("series")) throw;
    throw UsageError("series_id", e.what_is_wrong(), e.hint());
  }
}

// The keywords forecast and backtest share: the data (the model's own by default), the series of a
// model of several (series_id), the output directory and the threads.
struct DataKeywords {
  models::TsSource source;
  std::string series;
  std::string out;
  int threads = 0;
};

DataKeywords read_data_keywords(ConfigFields& f, const models::TsSpec& spec,
                                std::shared_ptr<const data::ColumnTable> columns) {
  DataKeywords k;
  uint64_t seed = spec.source.synthetic ? spec.source.synthetic->seed : 0;
  f.read("seed", seed);
  k.source = read_source(f, spec, seed, std::move(columns));
  f.read("series_id", k.series);
  f.read("out", k.out);
  f.read("threads", k.threads);
  return k;
}

// The files a job wrote, as the list under "files" (a model of several series: one plot per series).
template <class Files>
py::list written_files(const std::optional<Files>& files) {
  py::list written;
  if (!files) return written;
  written.append(files->csv.string());
  if (files->series_plots.empty() && !files->plot.empty()) written.append(files->plot.string());
  for (const auto& plot : files->series_plots) written.append(plot.string());
  return written;
}

// The forecast job on the data the keywords name (the model's own by default).
py::dict forecast(Ts& ts, py::dict kwargs) {
  kwargs = py::dict(kwargs);
  std::shared_ptr<const data::ColumnTable> columns = pop_memory_columns(kwargs);
  ConfigFields f(kwargs, "Forecaster.forecast");
  jobs::ForecastConfig c;
  const models::TsSpec& spec = ts.model->spec();
  c.columns_chosen = f.given("target") || f.given("features");
  DataKeywords k = read_data_keywords(f, spec, std::move(columns));
  c.source = std::move(k.source);
  c.series = std::move(k.series);
  c.steps = at_least(f, "steps", 0, 0);
  c.season = at_least(f, "season", 0, 0);
  c.batch = at_least(f, "batch", 1, c.batch);
  if (f.given("samples")) c.samples = at_least(f, "samples", 0, 0);
  f.read("sample_seed", c.sample_seed);
  f.finish();
  std::optional<jobs::ForecastResult> r;
  std::optional<jobs::ForecastFiles> files;
  run_job([&] {
    use_threads(k.threads);
    r = naming_series_id([&] { return jobs::forecast(*ts.model, c); });
    if (!k.out.empty()) files = jobs::write_forecast_files(*r, k.out);
  });
  const size_t O = spec.targets.size(), Q = spec.quantiles.size();
  // One series' numbers (a model of several: each series' under "series", by id).
  auto numbers = [&](const jobs::ForecastResult& one) {
    const size_t P = one.one_step.rows.size(), K = one.closed_loop.rows.size();
    py::dict d;
    d["boundary"] = one.boundary;
    d["sample_paths"] = one.sample_paths;
    d["rows"] = one.one_step.rows;
    const size_t width = ts.model->classifies() ? 1 : O;
    d["one_step"] = array(one.one_step.values, {static_cast<py::ssize_t>(P), static_cast<py::ssize_t>(width)});
    d["closed_loop"] = array(one.closed_loop.values, {static_cast<py::ssize_t>(K), static_cast<py::ssize_t>(O)});
    d["one_step_quantiles"] = Q ? py::object(array(one.one_step.quantiles, {static_cast<py::ssize_t>(P), static_cast<py::ssize_t>(Q), static_cast<py::ssize_t>(O)})) : py::none();
    d["closed_loop_quantiles"] = Q && K ? py::object(array(one.closed_loop.quantiles, {static_cast<py::ssize_t>(K), static_cast<py::ssize_t>(Q), static_cast<py::ssize_t>(O)})) : py::none();
    py::dict errors;
    for (size_t t = 0; t < one.errors.size(); ++t) errors[py::str(spec.targets.size() == one.errors.size() ? spec.targets[t] : std::to_string(t))] = error_rows(one.errors[t]);
    d["errors"] = errors;
    return d;
  };
  py::dict d = numbers(*r);
  d["model"] = r->model_description;
  d["data"] = r->data_description;
  d["own_data"] = r->own_data;
  d["report"] = r->report;
  d["targets"] = spec.targets;
  d["quantiles"] = spec.quantiles;
  if (spec.multi_series()) {
    py::dict each;
    for (const jobs::ForecastResult& one : r->series) each[py::str(one.series_id)] = numbers(one);
    d["series"] = each;
  }
  d["files"] = written_files(files);
  return d;
}

// The backtest job on the data the keywords name (the model's own by default): `lstmkit backtest
// --json`'s document as a dict, with the files written to `out` (if given) under "files". With
// `retrain_out`, a new model is trained there before each origin, as this one was.
py::dict backtest(Ts& ts, py::dict kwargs) {
  kwargs = py::dict(kwargs);
  std::shared_ptr<const data::ColumnTable> columns = pop_memory_columns(kwargs);
  ConfigFields f(kwargs, "Forecaster.backtest");
  jobs::BacktestConfig c;
  DataKeywords k = read_data_keywords(f, ts.model->spec(), std::move(columns));
  c.source = std::move(k.source);
  c.series = std::move(k.series);
  f.read("start", c.start);
  c.stride = at_least(f, "stride", 1, c.stride);
  c.steps = at_least(f, "steps", 1, c.steps);
  c.season = at_least(f, "season", 0, c.season);
  std::string retrain_out;
  f.read("retrain_out", retrain_out);
  f.finish();
  if (!retrain_out.empty()) c.retrain = jobs::retrain_config(*ts.model, c.source, retrain_out);
  std::optional<jobs::BacktestResult> r;
  std::optional<jobs::BacktestFiles> files;
  run_job([&] {
    use_threads(k.threads);
    train::SilentReporter silent;
    r = naming_series_id([&] { return jobs::backtest(*ts.model, c, silent); });
    if (!k.out.empty()) files = jobs::write_backtest_files(*r, k.out);
  });
  py::dict d = py::module_::import("json").attr("loads")(jobs::backtest_json(*r, c));
  d["files"] = written_files(files);
  return d;
}

py::array_t<float> predict(Ts& ts, py::array_t<float, py::array::c_style | py::array::forcecast> x, int threads) {
  if (x.ndim() != 3) throw UsageError("x", "must be windows [N, T, F]", "got " + std::to_string(x.ndim()) + " dimensions");
  const size_t N = static_cast<size_t>(x.shape(0)), T = static_cast<size_t>(x.shape(1)), F = static_cast<size_t>(x.shape(2));
  const std::span<const float> values(x.data(), N * T * F);
  jobs::WindowPrediction p;
  run_job([&] {
    use_threads(threads);
    p = jobs::predict_windows(*ts.model, values, N, T, F);
  });
  if (p.steps == 1) return array(p.values, {static_cast<py::ssize_t>(N), static_cast<py::ssize_t>(p.outputs)});
  return array(p.values, {static_cast<py::ssize_t>(N), static_cast<py::ssize_t>(p.steps), static_cast<py::ssize_t>(p.outputs)});
}

Ts load(const std::string& path, const std::string& precision) {
  const nn::Precision p = nn::resolve_precision(nn::parse_precision(precision, "precision"));
  Ts ts;
  run_job([&] { ts.model = models::Regressor::load(path, p); });
  return ts;
}

}  // namespace

void bind_forecaster(py::module_& m) {
  py::class_<Ts>(m, "Forecaster")
      .def_static("load", &load, py::arg("path"), py::arg("precision") = "f32")
      .def("forecast", &forecast)
      .def("backtest", &backtest)
      .def("predict", &predict, py::arg("x"), py::arg("threads") = 0)
      .def("summary", [](const Ts& ts) { return summary_dict(jobs::summary(*ts.model)); })
      .def("save", [](const Ts& ts, const std::string& path) {
        run_job([&] { io::Checkpoint::save(path, ts.model->parameters(), {}, ts.model->metadata()); });
      })
      .def("weights", [](const Ts& ts) { return weights_dict(ts.model->parameters()); })
      .def_property_readonly("features", [](const Ts& ts) { return ts.model->spec().features; })
      .def_property_readonly("targets", [](const Ts& ts) { return ts.model->spec().targets; })
      .def_property_readonly("quantiles", [](const Ts& ts) { return ts.model->spec().quantiles; })
      .def_property_readonly("window", [](const Ts& ts) { return ts.model->spec().window.length; })
      .def_property_readonly("config_json", [](const Ts& ts) {
        return models::ts_config_json(ts.model->config(), ts.model->spec());
      });
  m.def("train_ts", &train, py::arg("config"), py::arg("on_epoch") = py::none(), py::arg("on_note") = py::none());
}

}  // namespace lstmkit::python
