// `lstmkit backtest`: a time-series model's rolling-origin evaluation next to the naive baselines, one
// table (or --json) on stdout; <out>/backtest.csv and backtest.png. --retrain trains a model at each
// origin with the options the given model was trained with, read back from its checkpoint.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "command.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/io/output_directory.h"
#include "lstmkit/jobs/backtest.h"
#include "option_groups.h"
#include "precision_options.h"
#include "standard_output.h"
#include "terminal_reporter.h"
#include "train_ts_config.h"
#include "training_options.h"
#include "ts_options.h"

namespace lstmkit::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)("model", po::value<std::string>(), "time-series model (model.safetensors from train-ts)", Need::required);
  declare_ts_source_options(o);
  o.add_options()
      ("start", po::value<double>()->default_value(0.8), "first origin at this fraction of the series (0 < F < 1)")
      ("stride", po::value<long long>()->default_value(1), "rows between origins")
      ("steps", po::value<long long>()->default_value(1), "values forecast from each origin (K)")
      ("season", po::value<long long>()->default_value(0), "seasonal period P: the seasonal-naive baseline and a seasonal MASE scale (0: off)")
      ("retrain", po::bool_switch(), "train a new model on the data before each origin, with the options the model was trained with")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  add_options(o, OptionGroup::output)
      ("out", po::value<std::string>(), "directory for backtest.csv and backtest.png (default: the model's directory)");
  declare_json_option(o);
  declare_precision_option(o);
}

// The train-ts config the model was trained with (its checkpoint's record of the options), on `source`,
// writing each retrained model to `out`.
jobs::TsTrainConfig retrain_config(const fs::path& model_path, const models::TsSource& source, const fs::path& out,
                                   nn::Precision precision) {
  const io::Metadata metadata = io::Checkpoint::read_metadata(model_path);
  const auto record = metadata.find(train::kRunOptionsKey);
  if (record == metadata.end())
    throw Error(model_path.string(), "does not record the options it was trained with",
                "--retrain needs a model trained by this lstmkit's train-ts; backtest it without --retrain");
  po::options_description options;
  declare_train_ts_options(options);
  po::variables_map vm;
  po::store(po::command_line_parser(std::vector<std::string>{}).options(options).run(), vm);
  auto& values = static_cast<std::map<std::string, po::variable_value>&>(vm);
  bool synthetic = false;
  try {
    const Json j = Json::parse(record->second);
    const Json& defaulted = j.at("defaulted");
    for (const auto& [name, tokens] : j.at("options").items()) {
      const po::option_description* d = options.find_nothrow(name, false);
      if (!d)
        throw Error(model_path.string(), "records the train-ts option --" + name + ", which this lstmkit does not have",
                    "retrain it with the lstmkit that trained it");
      boost::any value;
      d->semantic()->parse(value, tokens.get<std::vector<std::string>>(), true);
      values[name] = po::variable_value(value, std::find(defaulted.begin(), defaulted.end(), name) != defaulted.end());
      synthetic = synthetic || name == "synthetic";
    }
  } catch (const Json::exception& e) {
    throw Error(model_path.string(), std::string("unreadable run_options metadata (") + e.what() + ")",
                "the model file is damaged; train it again");
  }
  if (!synthetic && !source.synthetic) values["csv"] = po::variable_value(boost::any(source.csv), false);
  values["out"] = po::variable_value(boost::any(out.string()), false);
  values["force"] = po::variable_value(boost::any(true), false);
  jobs::TsTrainConfig config = read_train_ts_config(vm);
  config.spec.source = source;
  config.shape.precision = precision;
  return config;
}

// The job names the config's fields (start, stride, steps, season); the user typed options.
template <typename Job>
auto with_option_names(Job&& job) {
  try {
    return job();
  } catch (const UsageError& e) {
    for (const char* field : {"start", "stride", "steps", "season"})
      if (e.where() == field) throw UsageError(std::string("--") + field, e.what_is_wrong(), e.hint());
    throw;
  }
}

std::string optional_number(const std::optional<double>& x) {
  if (!x) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", *x);
  return text;
}

void print_table(const jobs::BacktestResult& r, const std::string& forecast_kind) {
  std::printf("%zu origins from row %zu to %zu, %zu steps each (%s), in data units\n", r.origins.size(),
              r.origins.front(), r.origins.back(), r.steps, forecast_kind.c_str());
  std::printf("%-22s %12s %12s %10s %10s %8s\n", "method", "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE");
  for (const jobs::BacktestMethod& m : r.methods)
    std::printf("%-22s %12.5g %12.5g %10s %10.4g %8s\n", m.name.c_str(), m.errors.mae, m.errors.rmse,
                optional_number(m.errors.mape).c_str(), m.errors.smape, optional_number(m.errors.mase).c_str());
}

Json json_number(const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); }

void print_json(const jobs::BacktestResult& r, const jobs::BacktestConfig& c, const std::string& forecast_kind) {
  Json methods = Json::array();
  for (const jobs::BacktestMethod& m : r.methods)
    methods.push_back({{"name", m.name}, {"count", m.errors.count}, {"mae", m.errors.mae}, {"rmse", m.errors.rmse},
                       {"mape", json_number(m.errors.mape)}, {"smape", m.errors.smape},
                       {"mase", json_number(m.errors.mase)}});
  std::cout << Json{{"target", r.target}, {"origins", r.origins}, {"steps", r.steps}, {"stride", c.stride},
                    {"season", c.season}, {"retrain", c.retrain.has_value()}, {"forecast", forecast_kind},
                    {"methods", methods}}
                   .dump()
            << "\n";
}

int run(const po::variables_map& vm) {
  if (!vm.count("model"))
    throw UsageError("backtest", "missing --model", "give a trained model, e.g. --model runs/air/model.safetensors");
  jobs::BacktestConfig config;
  config.start = vm["start"].as<double>();
  if (!(config.start > 0 && config.start < 1))
    throw UsageError("--start", "must be a fraction of the series between 0 and 1", "e.g. --start 0.8: origins in the last 20%");
  config.stride = count_option(vm, "stride", 1);
  config.steps = count_option(vm, "steps", 1);
  config.season = count_option(vm, "season", 0);
  const fs::path model_path = vm["model"].as<std::string>();
  if (vm.count("out"))
    refuse_stdout_directory("--out", vm["out"].as<std::string>(),
                            "backtest writes backtest.csv and backtest.png there, and its table goes to stdout already");
  fs::path out = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : model_path.parent_path();
  if (out.empty()) out = ".";
  io::check_output_directory(out, "--out");
  apply_threads(vm);
  const nn::Precision precision = read_precision(vm);

  auto model = models::Regressor::load(model_path, precision);
  const models::TsSource source = model_data_source(vm, model->spec(), "backtest");
  if (vm["retrain"].as<bool>()) config.retrain = retrain_config(model_path, source, out / "retrain", precision);
  const models::TsData data = models::read_ts_data(source);
  note_precision(vm, precision);

  TerminalReporter reporter;
  const jobs::BacktestResult result = with_option_names([&] { return jobs::backtest(*model, data, config, reporter); });
  // The given model has learnt its own training rows: forecasts from origins among them flatter it.
  const bool own_data = models::ts_source_json(source) == models::ts_source_json(model->spec().source);
  const size_t trained = models::training_rows(data, model->spec());
  if (own_data && !config.retrain && result.origins.front() < trained)
    std::cerr << "lstmkit: note: origins before row " << trained
              << " lie in the rows the model was trained on; start at its validation part (--start "
              << 1 - model->spec().val_frac << ") or use --retrain\n";
  const size_t S = model->spec().window.steps;
  const std::string kind = (config.retrain ? std::string("retrained at each origin, ") : std::string()) +
                           (S > 1 ? "direct: the model's " + std::to_string(S) + "-step head" : "recursive closed loop");
  // Nothing is created before the results exist.
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw Error(out.string(), "cannot create the output directory (" + ec.message() + ")", "choose another --out");
  if (json_requested(vm)) print_json(result, config, kind);
  else print_table(result, kind);
  flush_stdout();
  jobs::write_backtest_csv(out / "backtest.csv", result);
  const io::PlotResult plot = jobs::plot_backtest(out / "backtest.png", result,
                                                  source.describe() + ": backtest from " +
                                                      std::to_string(result.origins.size()) + " origins");
  std::cerr << "lstmkit: wrote " << (out / "backtest.csv").string()
            << (plot ? " and " + (out / "backtest.png").string() : std::string()) << "\n";
  if (!plot)
    std::cerr << "lstmkit: warning: no backtest.png: "
              << (plot.status == io::PlotStatus::no_gnuplot ? "gnuplot is not installed" : plot.message) << "\n";
  return kExitOk;
}

}  // namespace

Command backtest_command() {
  return Command{"backtest", "rolling-origin evaluation of a time-series model against naive baselines", declare, run,
                 "", 0, ""};
}

}  // namespace lstmkit::cli
