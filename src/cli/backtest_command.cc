// `lstmkit backtest`: the backtest job (jobs/backtest.h) — its table (or --json) on stdout, then
// <out>/backtest.csv and backtest.png.
#include <iostream>

#include "command.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/io/output_directory.h"
#include "lstmkit/jobs/backtest.h"
#include "lstmkit/jobs/ts_retrain.h"
#include "option_groups.h"
#include "precision_options.h"
#include "standard_output.h"
#include "terminal_reporter.h"
#include "training_options.h"
#include "ts_options.h"

namespace lstmkit::cli {

namespace {

namespace fs = std::filesystem;

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)("model", po::value<std::string>(), "time-series model (model.safetensors from train-ts)", Need::required);
  declare_ts_source_options(o);
  o.add_options()
      ("start", po::value<double>()->default_value(0.8), "first origin at this fraction of the series (0 < F < 1)")
      ("stride", po::value<long long>()->default_value(1), "rows between origins")
      ("steps", po::value<long long>()->default_value(1), "values forecast from each origin (K)")
      ("season", po::value<long long>()->default_value(0), "seasonal period P: the seasonal-naive baseline and a seasonal MASE scale (0: off)")
      ("series", po::value<std::string>(), "a model of several series (train-ts --series-column): backtest only the series of this id (default: each series, then the overall rows)")
      ("retrain", po::bool_switch(), "train a new model on the rows before each origin, with the settings the model was trained with")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  add_options(o, OptionGroup::output)
      ("out", po::value<std::string>(), "directory for backtest.csv and backtest.png (default: the model's directory)");
  declare_json_option(o);
  declare_precision_option(o);
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
  if (vm.count("series")) {
    config.series = vm["series"].as<std::string>();
    if (config.series.empty())
      throw UsageError("--series", "empty id", "name a series of the model, or leave --series out to backtest each series");
  }
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
  config.source = model_data_source(vm, model->spec(), "backtest");
  if (vm["retrain"].as<bool>()) config.retrain = jobs::retrain_config(*model, config.source, out / "retrain");
  note_precision(vm, precision);

  TerminalReporter reporter;
  const jobs::BacktestResult result = jobs::backtest(*model, config, reporter);
  for (const jobs::BacktestResult& one : result.per_series.empty() ? std::vector<jobs::BacktestResult>{result} : result.per_series)
    if (one.origins.front() < one.trained_rows)
      std::cerr << "lstmkit: note: " << (one.series_id.empty() ? "" : "series '" + one.series_id + "': ")
                << "origins before row " << one.trained_rows
                << " lie in the rows the model was trained on; start at its validation part (--start "
                << 1 - model->spec().val_frac << ") or use --retrain\n";
  if (json_requested(vm)) std::cout << jobs::backtest_json(result, config) << "\n";
  else std::cout << jobs::backtest_report(result);
  flush_stdout();  // results nobody can read leave no files behind
  const jobs::BacktestFiles files = jobs::write_backtest_files(result, out);
  std::cerr << "lstmkit: wrote " << files.csv.string();
  if (files.series_plots.size() > 1)
    std::cerr << " and a plot per series, " << files.series_plots.front().filename().string() << " to "
              << files.series_plots.back().filename().string();
  else if (!files.plot.empty())
    std::cerr << " and " << files.plot.string();
  std::cerr << "\n";
  if (!files.plot_result)
    std::cerr << "lstmkit: warning: no " << (result.per_series.empty() ? "backtest.png" : "plot of each series") << ": "
              << (files.plot_result.status == io::PlotStatus::no_gnuplot ? "gnuplot is not installed"
                                                                         : files.plot_result.message)
              << "\n";
  return kExitOk;
}

}  // namespace

Command backtest_command() {
  return Command{"backtest", "rolling-origin evaluation of a time-series model against naive baselines", declare, run,
                 "", 0, ""};
}

}  // namespace lstmkit::cli
