// `lstmkit forecast`: the forecast job (jobs/forecast.h) on the data the options name (the model's own by
// default). Tables go to stdout; <out>/forecast.csv and (series) forecast.png are written after them.
#include <iostream>

#include "command.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/io/output_directory.h"
#include "lstmkit/jobs/forecast.h"
#include "lstmkit/train/interrupt.h"
#include "option_groups.h"
#include "precision_options.h"
#include "standard_output.h"
#include "training_options.h"
#include "ts_options.h"

namespace lstmkit::cli {

namespace {

namespace fs = std::filesystem;

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)("model", po::value<std::string>(), "time-series model (model.safetensors from train-ts)", Need::required);
  declare_ts_source_options(o);
  o.add_options()
      ("seed", po::value<unsigned long long>(), "seed of the synthetic data (default: the model's)")
      ("steps", po::value<long long>()->default_value(0), "closed loop: forecast this many steps past the end of the data, each prediction fed back as input")
      ("samples", po::value<long long>(), "closed loop of a quantile model: sample paths, each feeding back draws from its predicted quantiles, the band their spread (default 200 for a quantile model; 0 or 1: feed back the median)")
      ("sample-seed", po::value<unsigned long long>()->default_value(0), "seed of the sample paths' draws")
      ("season", po::value<long long>()->default_value(0), "also score the seasonal-naive baseline with this period in steps (0: off)")
      ("series", po::value<std::string>(), "a model of several series (train-ts --series-column): forecast only the series of this id (default: every series, each in its own units)")
      ("batch", po::value<long long>()->default_value(512), "windows per forward pass")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  add_options(o, OptionGroup::output)
      ("out", po::value<std::string>(), "directory for forecast.csv and forecast.png (default: the model's directory)");
  declare_json_option(o);
  declare_precision_option(o);
}

int run(const po::variables_map& vm) {
  if (!vm.count("model"))
    throw UsageError("forecast", "missing --model", "give a trained model, e.g. --model runs/sine/model.safetensors");
  jobs::ForecastConfig config;
  config.steps = count_option(vm, "steps", 0);
  config.season = count_option(vm, "season", 0);
  config.batch = count_option(vm, "batch", 1);
  if (vm.count("samples")) config.samples = count_option(vm, "samples", 0);
  config.sample_seed = vm["sample-seed"].as<unsigned long long>();
  if (vm.count("series")) {
    config.series = vm["series"].as<std::string>();
    if (config.series.empty())
      throw UsageError("--series", "empty id", "name a series of the model, or leave --series out to forecast every series");
  }
  const fs::path model_path = vm["model"].as<std::string>();
  if (vm.count("out"))
    refuse_stdout_directory("--out", vm["out"].as<std::string>(),
                            "forecast writes forecast.csv and forecast.png there, and its tables go to stdout already");
  fs::path out = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : model_path.parent_path();
  if (out.empty()) out = ".";
  io::check_output_directory(out, "--out");
  apply_threads(vm);
  const nn::Precision precision = read_precision(vm);

  auto model = models::Regressor::load(model_path, precision);
  config.source = model_data_source(vm, model->spec(), "forecast");
  config.columns_chosen = vm.count("target") || vm.count("features");
  train::catch_interrupts();  // Ctrl-C stops the job between forward passes: exit 130, no file written
  const jobs::ForecastResult result = jobs::forecast(*model, config);
  if (result.filled_values > 0) std::cerr << "lstmkit: --fill ffill: " << result.filled_values << " values carried forward\n";
  if (result.dropped_rows > 0) std::cerr << "lstmkit: --fill drop: dropped " << result.dropped_rows << " rows\n";
  if (result.truncated_groups > 0)
    std::cerr << "lstmkit: --window " << model->spec().window.length << ": " << result.truncated_groups << " of "
              << result.group_lines.size() << " groups were longer and keep their last "
              << model->spec().window.length << " rows\n";
  note_precision(vm, precision);
  if (json_requested(vm))
    std::cout << jobs::forecast_json(*model, result, model_path.string()) << "\n";
  else
    std::cout << "model " << model_path.string() << ": " << result.model_description << "\n"
              << "data: " << result.data_description << "\n"
              << result.report;
  flush_stdout();  // results nobody can read leave no files behind
  const jobs::ForecastFiles files = jobs::write_forecast_files(result, out);
  std::cerr << "lstmkit: wrote " << files.csv.string();
  if (files.series_plots.size() > 1)
    std::cerr << " and a plot per series (.png and .svg), " << files.series_plots.front().filename().string()
              << " to " << files.series_plots.back().filename().string();
  else if (!files.plot.empty())
    std::cerr << ", " << files.plot.string() << " and " << io::svg_path(files.plot).string();
  std::cerr << "\n";
  if (files.plot_result && !*files.plot_result)
    std::cerr << "lstmkit: warning: no " << (result.series.empty() ? "forecast.png" : "plot of each series") << ": "
              << (files.plot_result->status == io::PlotStatus::no_gnuplot ? "gnuplot is not installed"
                                                                           : files.plot_result->message)
              << "\n";
  return kExitOk;
}

}  // namespace

Command forecast_command() {
  return Command{"forecast", "forecast a series with a trained time-series model", declare, run, "", 0, "use a smaller --batch"};
}

}  // namespace lstmkit::cli
