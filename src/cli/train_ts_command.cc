// `lstmkit train-ts`: a recurrent regressor (or sequence classifier) on CSV columns or a synthetic series.
#include <cstdio>

#include "command.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/models/ts_task.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/train/trainer.h"
#include "terminal_reporter.h"
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

void declare_training_with_plateau_default(po::options_description& o) {
  po::options_description shared;
  declare_training_options(shared, kDefaults);
  for (const auto& option : shared.options()) {
    if (option->long_name() == "lr-schedule")
      o.add_options()("lr-schedule", po::value<std::string>()->default_value("plateau"), kScheduleHelp);
    else
      o.add(option);
  }
}

void declare(po::options_description& o) {
  declare_ts_source_options(o);
  o.add_options()
      ("window", po::value<int>()->default_value(80), "input steps per window (T)")
      ("horizon", po::value<int>(), "predict the value this many steps after the window's last step (default 1; 0 when classifying)")
      ("return-sequences", po::bool_switch(), "n-to-n: a target for every step of the window, not only the last")
      ("scale", po::value<std::string>()->default_value("zscore"), "feature and target scaling, fitted on the training part: zscore, minmax or none")
      ("val-frac", po::value<double>()->default_value(0.2), "fraction held out for validation: the end of a series, or the last sequences")
      ("task", po::value<std::string>()->default_value("regress"), "regress (MSE) or classify (softmax, cross-entropy, accuracy)")
      ("label", po::value<std::string>(), "classify: the CSV column of class numbers, by name or index");
  declare_model_options(o, kDefaults);
  declare_training_with_plateau_default(o);
}

bool classify_task(const po::variables_map& vm) {
  const std::string task = vm["task"].as<std::string>();
  if (task != "regress" && task != "classify")
    throw UsageError("--task", "unknown task '" + task + "'", "use regress or classify");
  if (task == "classify") {
    if (!vm.count("label"))
      throw UsageError("--label", "missing", "--task classify needs the label column: --label COLUMN");
    if (vm.count("target"))
      throw UsageError("--target", "cannot be combined with --task classify", "name the class column with --label");
  } else if (vm.count("label")) {
    throw UsageError("--label", "is for --task classify", "add --task classify, or predict a column with --target");
  }
  return task == "classify";
}

size_t non_negative(const po::variables_map& vm, const char* name, int minimum) {
  const int v = vm[name].as<int>();
  if (v < minimum)
    throw UsageError(std::string("--") + name, "must be at least " + std::to_string(minimum), "got " + std::to_string(v));
  return static_cast<size_t>(v);
}

// The spec a new model gets from the options; the columns and classes come from the data later.
models::TsSpec spec_from_options(const po::variables_map& vm, models::TsSource source, bool classify) {
  models::TsSpec spec;
  if (classify && source.synthetic)
    throw UsageError("--task", "classification needs a CSV file with a label column",
                     "use --csv FILE --task classify --label COLUMN --features a,b");
  if (classify) source.csv_options.target = vm["label"].as<std::string>();
  spec.source = std::move(source);
  spec.val_frac = vm["val-frac"].as<double>();
  if (spec.source.is_sequences()) {
    const std::string name = data::synthetic_name(spec.source.synthetic->kind);
    for (const char* option : {"window", "horizon", "return-sequences", "scale"})
      if (given(vm, option))
        throw UsageError(std::string("--") + option,
                         name + " is a dataset of whole sequences: they are not cut into windows or scaled",
                         "set their length with --length; leave --" + std::string(option) + " out");
    spec.scale = data::ScaleKind::none;
    return spec;
  }
  spec.window.length = non_negative(vm, "window", 1);
  spec.window.horizon = vm.count("horizon") ? non_negative(vm, "horizon", 0) : (classify ? 0 : 1);
  spec.window.return_sequences = vm["return-sequences"].as<bool>();
  spec.scale = data::parse_scale_kind(vm["scale"].as<std::string>());
  return spec;
}

// With --resume the model is the checkpoint's: options that would change it must agree or be left out.
void check_resume_options(const po::variables_map& vm, const models::Regressor& model,
                          const std::optional<models::TsSpec>& asked) {
  const models::RegressorConfig& c = model.config();
  auto conflict = [&](const std::string& name, const std::string& ours) {
    throw UsageError("--" + name, "differs from the run being resumed (" + ours + ")", "leave it out when using --resume");
  };
  if (given(vm, "cell") && nn::parse_cell(vm["cell"].as<std::string>()) != c.cell) conflict("cell", nn::cell_name(c.cell));
  if (given(vm, "hidden") && vm["hidden"].as<int>() != c.hidden) conflict("hidden", std::to_string(c.hidden));
  if (given(vm, "layers") && vm["layers"].as<int>() != c.layers) conflict("layers", std::to_string(c.layers));
  if (asked && models::ts_spec_json(*asked) != models::ts_spec_json(model.spec()))
    conflict(asked->source.synthetic ? "synthetic" : "csv", "data and window options: " + model.spec().source.describe());
}

std::string count_of(size_t n, const char* unit) { return with_commas(n) + " " + unit; }

void note_data(train::Reporter& reporter, const models::TsData& raw, const models::TsSpec& spec) {
  if (raw.filled_values > 0)
    reporter.note("--fill ffill: " + count_of(raw.filled_values, "values") + " carried forward from the row above");
  if (raw.dropped_rows > 0)
    reporter.note("--fill drop: dropped " + with_commas(raw.dropped_rows) + " of " + count_of(raw.rows_read, "rows"));
  if (spec.classifies())
    reporter.note("classes: " + std::to_string(spec.classes.size()) + " label values in column '" + spec.targets.front() + "'");
}

int run(const po::variables_map& vm) {
  const bool classify = classify_task(vm);
  const ModelShape shape = read_model_shape(vm);
  const train::TrainerOptions trainer_options = read_trainer_options(vm);
  const int batch = read_batch(vm);
  std::optional<models::TsSource> source = read_ts_source(vm, std::nullopt, trainer_options.seed);
  if (!source && !trainer_options.resume)
    throw UsageError("train-ts", "missing --csv or --synthetic",
                     "e.g. `lstmkit train-ts --synthetic sine --out runs/sine` or --csv FILE --target COLUMN");
  std::optional<models::TsSpec> asked;
  if (source) asked = spec_from_options(vm, *source, classify);
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;

  std::unique_ptr<models::Regressor> model;
  models::TsData raw;
  if (trainer_options.resume) {
    model = models::Regressor::load(train::last_model_path(trainer_options.out));
    raw = models::read_ts_data(model->spec().source);
    if (asked) models::describe_columns(raw, classify, *asked);
    check_resume_options(vm, *model, asked);
  } else {
    raw = models::read_ts_data(asked->source);
    models::describe_columns(raw, classify, *asked);
    models::RegressorConfig c{shape.cell, shape.hidden, shape.layers, shape.dropout,
                              static_cast<int>(asked->features.size()),
                              static_cast<int>(classify ? asked->classes.size() : asked->targets.size())};
    model = std::make_unique<models::Regressor>(c, *asked, models::fit_ts_scaler(raw, *asked));
    Rng init_rng(trainer_options.seed);
    model->initialize(shape.init, init_rng);
  }
  const models::TsSpec& spec = model->spec();
  note_data(reporter, raw, spec);
  models::TsTask task(*model, models::to_model_units(std::move(raw), spec, model->scaler()), batch);
  const char* unit = spec.source.is_sequences() ? "sequences" : "windows";
  reporter.note("train-ts: " + spec.source.describe() + ": " + count_of(task.train_examples().size(), unit) +
                " for training, " + count_of(task.validation_examples().size(), "for validation") + "; " +
                nn::cell_name(model->config().cell) + " " + std::to_string(model->config().layers) + "x" +
                std::to_string(model->config().hidden) + (spec.classifies() ? ", softmax over " + std::to_string(spec.classes.size()) + " classes" : "") +
                ", " + with_commas(model->parameters().size()) + " parameters");

  train::install_interrupt_handler();
  train::Trainer trainer(task, trainer_options, reporter);
  const train::TrainResult result = trainer.run();
  if (result.outcome == train::TrainOutcome::interrupted) return kExitInterrupted;
  const auto best = train::best_model_path(trainer_options.out);
  std::string done = "done: best model " + best.string();
  if (result.best_val) {
    char loss[64];
    const char* measure = spec.classifies() ? "cross-entropy"
                          : spec.scale == data::ScaleKind::none ? "MSE"
                                                                : "MSE in scaled units";
    std::snprintf(loss, sizeof loss, " (validation %s %.6g)", measure, *result.best_val);
    done += loss;
  }
  reporter.note(done);
  if (spec.classifies() && !task.validation_examples().empty()) {
    io::Checkpoint::load(best, model->parameters());
    const models::TsScore s = task.evaluate(task.validation_examples());
    char accuracy[128];
    std::snprintf(accuracy, sizeof accuracy, "validation accuracy %.2f%% (%lld of %lld)",
                  100.0 * static_cast<double>(s.correct) / static_cast<double>(s.count),
                  static_cast<long long>(s.correct), static_cast<long long>(s.count));
    reporter.note(accuracy);
  }
  reporter.note("forecast and compare with the baselines: lstmkit forecast --model " + best.string());
  return kExitOk;
}

}  // namespace

Command train_ts_command() {
  return Command{"train-ts", "train a time-series regressor on CSV columns or a synthetic series", declare, run, "", 0};
}

}  // namespace lstmkit::cli
