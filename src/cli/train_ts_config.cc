#include "train_ts_config.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/jobs/ts_train_defaults.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/optim/schedule.h"
#include "memory_check.h"
#include "option_groups.h"
#include "precision_options.h"
#include "training_options.h"
#include "ts_options.h"

namespace lstmkit::cli {

namespace {

// The library's defaults are the options' defaults (why they are what they are: jobs/ts_train_defaults.cc).
const jobs::TsTrainConfig kJob = jobs::default_ts_train_config();
const TrainingDefaults kDefaults{kJob.shape, kJob.init, kJob.trainer, static_cast<int>(kJob.batch)};

// Help texts of the shared options that say more for train-ts: --batch has no fixed default.
constexpr char kScheduleHelp[] = "constant, step or plateau (Keras' ReduceLROnPlateau: see --lr-factor, --lr-patience)";
constexpr char kPatienceHelp[] = "stop after N validations without improvement (0: never; off without validation data)";
constexpr char kBatchHelp[] = "windows per batch (N; default: from the training windows, 32 up to 256 keeping at least 64 batches an epoch)";
constexpr char kMinDeltaHelp[] = "plateau schedule: smallest change that counts as improvement (0: any)";

void declare_training_with_ts_defaults(po::options_description& o) {
  po::options_description shared;
  declare_training_options(shared, kDefaults);
  const optim::ScheduleConfig& schedule = kJob.trainer.schedule;
  for (const auto& option : shared.options()) {
    if (option->long_name() == "lr-schedule")
      add_options(o, OptionGroup::training)(
          "lr-schedule", po::value<std::string>()->default_value(std::string(optim::to_string(schedule.kind))), kScheduleHelp);
    else if (option->long_name() == "patience")
      add_options(o, OptionGroup::training)("patience", po::value<int>()->default_value(kJob.trainer.patience), kPatienceHelp);
    else if (option->long_name() == "lr-min-delta")
      add_options(o, OptionGroup::training)("lr-min-delta", po::value<double>()->default_value(schedule.plateau.min_delta), kMinDeltaHelp);
    else if (option->long_name() == "batch")
      add_options(o, OptionGroup::training)("batch", po::value<int>(), kBatchHelp);
    else
      o.add(option);
  }
}

void declare_series_option(po::options_description& o) {
  add_options(o, OptionGroup::data)
      ("series-column", po::value<std::string>(), "regression: the CSV column naming each row's series; several series in one file, each one's rows together and oldest first, one model trained on windows of every series, each scaled and validated on its own");
}

// --series-column: the CSV column of series ids, for a regressor of a CSV file; "" when not given.
std::string read_series_column(const po::variables_map& vm, const models::TsSpec& spec, bool classify) {
  if (!vm.count("series-column")) return "";
  if (classify || spec.source.synthetic)
    throw UsageError("--series-column", classify ? "is for regression" : "needs a CSV file of several series",
                     classify ? "leave --series-column out with --task classify (each --group is one sequence)"
                              : "use --csv FILE --series-column ID");
  const std::string column = vm["series-column"].as<std::string>();
  if (column.empty())
    throw UsageError("--series-column", "empty column name", "name the CSV column of series ids, e.g. --series-column store");
  return column;
}

}  // namespace

void declare_train_ts_options(po::options_description& o) {
  declare_ts_source_options(o);
  declare_ts_spec_options(o, kJob.spec);
  declare_series_option(o);
  declare_ts_transform_options(o);
  declare_model_options(o, kDefaults);
  declare_training_with_ts_defaults(o);
  declare_precision_option(o);
}

jobs::TsTrainConfig read_train_ts_config(const po::variables_map& vm) {
  jobs::TsTrainConfig c;
  c.classify = read_classify_task(vm);
  const ModelShape shape = read_model_shape(vm);
  c.shape = shape;
  c.shape.precision = read_precision(vm);
  c.init = shape.init;
  c.trainer = read_trainer_options(vm);
  // On --resume a run started before the batch was chosen has its --batch restored like any option.
  if (vm.count("batch")) c.batch = static_cast<size_t>(read_batch(vm));
  std::optional<models::TsSource> source = read_ts_source(vm, std::nullopt, c.trainer.seed);
  if (!source)
    throw UsageError("train-ts", "missing --csv or --synthetic",
                     "e.g. `lstmkit train-ts --synthetic sine --out runs/sine` or --csv FILE --target COLUMN");
  c.spec = read_ts_spec(vm, *source, c.classify, c.trainer.seed);
  c.spec.source.csv_options.series = read_series_column(vm, c.spec, c.classify);
  c.transform = read_ts_transform(vm);
  c.check_memory = [stack = c.shape](const models::RegressorConfig& model, long double batch_steps) {
    check_training_fits("train-ts", models::Regressor::parameter_shapes(model),
                        batch_steps * (model.inputs + model.outputs + stack_floats_per_step(stack)),
                        kTrainTsMemoryHint);
  };
  return c;
}

}  // namespace lstmkit::cli
