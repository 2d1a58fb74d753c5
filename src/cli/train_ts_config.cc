#include "train_ts_config.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/models/regressor.h"
#include "memory_check.h"
#include "option_groups.h"
#include "precision_options.h"
#include "training_options.h"
#include "ts_options.h"

namespace lstmkit::cli {

namespace {

// Keras' seed-001 setup: RMSprop (Keras defaults, lr 1e-3), batch 256, one LSTM(50) layer. Clipping at
// norm 5 is a guard for long sequences (a tanh RNN on the adding problem), not a Keras default.
const TrainingDefaults kDefaults{"lstm", 50, 1, 256, 100, "rmsprop", 1e-3, 5.0};

// The rate schedule defaults to plateau (Keras' ReduceLROnPlateau with its defaults: ×0.1 after 10
// epochs without a better validation loss) rather than the other commands' constant rate: at a constant
// 1e-3 RMSprop's steps keep the weights jittering, which a one-step forecast hides but a closed loop
// amplifies (sine, 200 steps: RMSE 0.27 at a constant rate, 0.0012 with the plateau schedule).
constexpr char kScheduleHelp[] = "constant, step or plateau (Keras' ReduceLROnPlateau: see --lr-factor, --lr-patience)";

// Early stopping is on by default: 20 validations without improvement, two plateau reductions' worth,
// so that a run on a small series stops once a lower rate no longer helps rather than running out its
// epochs (Keras users pair EarlyStopping with ReduceLROnPlateau the same way).
constexpr int kDefaultPatience = 20;
constexpr char kPatienceHelp[] = "stop after N validations without improvement (0: never; off without validation data)";
constexpr char kBatchHelp[] = "windows per batch (N; default: from the training windows, 32 up to 256 keeping at least 64 batches an epoch)";

// Any lower validation loss counts as progress for the plateau schedule. Keras' min_delta of 1e-4 is
// absolute: once a model's scaled MSE is below about 1e-3 nothing counts, and the rate is cut every 10
// epochs however well training goes (Lorenz, --window 40: 20 times better than persistence with 1e-4,
// 54 times with 0).
constexpr char kMinDeltaHelp[] = "plateau schedule: smallest change that counts as improvement (0: any)";

void declare_training_with_ts_defaults(po::options_description& o) {
  po::options_description shared;
  declare_training_options(shared, kDefaults);
  for (const auto& option : shared.options()) {
    if (option->long_name() == "lr-schedule")
      add_options(o, OptionGroup::training)("lr-schedule", po::value<std::string>()->default_value("plateau"), kScheduleHelp);
    else if (option->long_name() == "patience")
      add_options(o, OptionGroup::training)("patience", po::value<int>()->default_value(kDefaultPatience), kPatienceHelp);
    else if (option->long_name() == "lr-min-delta")
      add_options(o, OptionGroup::training)("lr-min-delta", po::value<double>()->default_value(0.0), kMinDeltaHelp);
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
  declare_ts_spec_options(o);
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
