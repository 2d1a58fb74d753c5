// `lstmkit train-ts`: a recurrent regressor (or sequence classifier) on CSV columns or a synthetic series.
#include <algorithm>
#include <cstdio>

#include "command.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/models/ts_task.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/train/trainer.h"
#include "memory_check.h"
#include "option_groups.h"
#include "precision_options.h"
#include "terminal_reporter.h"
#include "training_options.h"
#include "ts_options.h"

namespace lstmkit::cli {

namespace {

// Keras' seed-001 setup: RMSprop (Keras defaults, lr 1e-3), batch 256, one LSTM(50) layer. Clipping at
// norm 5 is a guard for long sequences (a tanh RNN on the adding problem), not a Keras default.
const TrainingDefaults kDefaults{"lstm", 50, 1, 256, 100, "rmsprop", 1e-3, 5.0};
constexpr char kMemoryHint[] = "use a smaller --batch, --hidden or --window";

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

// Fewer updates than this rarely bring a recurrent model near its best (issue 14: 300 updates left a
// Lorenz model at 1.7 times persistence).
constexpr int64_t kFewUpdates = 1000;

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

void declare(po::options_description& o) {
  declare_ts_source_options(o);
  declare_ts_spec_options(o);
  declare_ts_transform_options(o);
  declare_model_options(o, kDefaults);
  declare_training_with_ts_defaults(o);
  declare_precision_option(o);
}

std::string count_of(size_t n, const char* unit) { return with_commas(n) + " " + unit; }

// "a, b, c" or "a, b, ... (12)" for a long list.
std::string some_classes(const models::TsSpec& spec) {
  constexpr size_t kShown = 8;
  std::string out;
  for (size_t c = 0; c < std::min(kShown, spec.class_count()); ++c) out += (c ? ", " : "") + spec.class_name(c);
  return spec.class_count() > kShown ? out + ", ..." : out;
}

void note_data(train::Reporter& reporter, const models::TsData& raw, const models::TsSpec& spec) {
  if (raw.filled_values > 0)
    reporter.note("--fill ffill: " + count_of(raw.filled_values, "values") + " carried forward from the row above");
  if (raw.dropped_rows > 0)
    reporter.note("--fill drop: dropped " + with_commas(raw.dropped_rows) + " of " + count_of(raw.rows_read, "rows"));
  if (spec.classifies())
    reporter.note("classes: " + std::to_string(spec.class_count()) + " label values in column '" + spec.targets.front() +
                  "': " + some_classes(spec));
  if (!spec.grouped()) return;
  const data::Groups groups = models::model_groups(raw, spec);
  size_t shortest = groups.length(0), longest = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    shortest = std::min(shortest, groups.length(g));
    longest = std::max(longest, groups.length(g));
  }
  reporter.note("groups: " + count_of(groups.size(), "sequences") + " by column '" + spec.source.csv_options.group +
                "', " + std::to_string(shortest) + " to " + std::to_string(longest) + " rows each");
  if (groups.truncated > 0)
    reporter.note("--window " + std::to_string(spec.window.length) + ": " + with_commas(groups.truncated) + " of " +
                  count_of(groups.size(), "groups") + " were longer and keep their last " +
                  std::to_string(spec.window.length) + " rows");
}

int run(const po::variables_map& vm) {
  const bool classify = read_classify_task(vm);
  ModelShape shape = read_model_shape(vm);
  shape.precision = read_precision(vm);
  const train::TrainerOptions trainer_options = read_trainer_options(vm);
  // On --resume a run started before the batch was chosen has its --batch restored like any option.
  const size_t given_batch = vm.count("batch") ? static_cast<size_t>(read_batch(vm)) : 0;  // 0: choose
  std::optional<models::TsSource> source = read_ts_source(vm, std::nullopt, trainer_options.seed);
  if (!source)
    throw UsageError("train-ts", "missing --csv or --synthetic",
                     "e.g. `lstmkit train-ts --synthetic sine --out runs/sine` or --csv FILE --target COLUMN");
  models::TsSpec asked = read_ts_spec(vm, *source, classify, trainer_options.seed);
  const data::TransformOptions transform_options = read_ts_transform(vm);
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;

  // On --resume the options are the run's (cli/run_options.h), so `asked` is the checkpoint's spec.
  models::TsData raw = models::read_ts_data(asked.source);
  models::describe_columns(raw, classify, asked);
  std::unique_ptr<models::Regressor> model;
  if (trainer_options.resume) {
    model = models::Regressor::load(train::last_model_path(trainer_options.out), shape.precision);
  } else {
    models::RegressorConfig c{shape,
                              static_cast<int>(asked.features.size()),
                              static_cast<int>(classify ? asked.class_count()
                                                        : asked.targets.size() * asked.window.steps)};
    check_training_fits("train-ts", models::Regressor::parameter_shapes(c),
                        static_cast<long double>(given_batch ? given_batch : models::kMaxDefaultBatch) *
                            std::max<size_t>(asked.window.length, 1) *
                            (c.inputs + c.outputs + stack_floats_per_step(shape)),
                        kMemoryHint);
    data::TargetTransform transform = models::fit_target_transform(raw, asked, transform_options);
    data::Scaler scaler = models::fit_ts_scaler(models::apply_target_transform(raw, asked, transform), asked);
    model = std::make_unique<models::Regressor>(c, asked, std::move(scaler), std::move(transform));
    Rng init_rng(trainer_options.seed);
    model->initialize(shape.init, init_rng);
  }
  const models::TsSpec& spec = model->spec();
  note_data(reporter, raw, spec);
  models::TsData units = models::to_model_units(std::move(raw), spec, model->scaler(), model->transform());
  const size_t batch = given_batch ? given_batch : models::default_batch(models::training_examples(units, spec));
  models::TsTask task(*model, std::move(units), batch);
  const char* unit = spec.grouped() ? "groups" : spec.source.is_sequences() ? "sequences" : "windows";
  reporter.note("train-ts: " + spec.source.describe() + ": " + count_of(task.train_examples().size(), unit) +
                " for training, " + count_of(task.validation_examples().size(), "for validation") + "; " +
                nn::cell_name(model->config().cell) + " " + std::to_string(model->config().layers) + "x" +
                std::to_string(model->config().hidden) + (spec.classifies() ? ", softmax over " + std::to_string(spec.class_count()) + " classes" : "") +
                (model->transform().identity() ? "" : ", target " + model->transform().describe()) +
                ", " + with_commas(model->parameters().size()) + " parameters");

  if (!given_batch)
    reporter.note("batch " + std::to_string(batch) + ", chosen from the " +
                  count_of(task.train_examples().size(), "training examples") + " (--batch sets it)");
  train::catch_interrupts();
  reporter.note(precision_line(shape.precision));
  train::Trainer trainer(task, trainer_options, reporter);
  const train::TrainResult result = trainer.run();
  if (result.outcome == train::TrainOutcome::interrupted) return kExitInterrupted;
  const auto best = train::best_model_path(trainer_options.out);
  std::string done = "done: best model " + best.string();
  if (result.best_val) {
    char loss[64];
    const char* measure = spec.classifies()                       ? "cross-entropy"
                          : !model->transform().identity()         ? "MSE of the transformed target"
                          : spec.scale == data::ScaleKind::none    ? "MSE"
                                                                   : "MSE in scaled units";
    std::snprintf(loss, sizeof loss, " (validation %s %.6g)", measure, *result.best_val);
    done += loss;
  }
  reporter.note(done);
  if (result.outcome == train::TrainOutcome::finished && result.step < kFewUpdates)
    reporter.note("note: the run made only " + with_commas(static_cast<size_t>(result.step)) +
                  " optimiser updates, too few for a recurrent model to converge; train more --epochs, or with a "
                  "smaller --batch");
  if (spec.classifies() && !task.validation_examples().empty()) {
    io::Checkpoint::load(best, model->parameters());
    const models::TsScore s = task.evaluate(task.validation_examples());
    char accuracy[128];
    std::snprintf(accuracy, sizeof accuracy, "validation accuracy %.2f%% (%lld of %lld)",
                  100.0 * static_cast<double>(s.correct) / static_cast<double>(s.count),
                  static_cast<long long>(s.correct), static_cast<long long>(s.count));
    reporter.note(accuracy);
  }
  // A CSV model is forecast on data the user names again (forecast never opens a path stored in a model).
  note_next_commands(reporter, {"lstmkit forecast --model " + shell_word(best.string()) +
                                    (spec.source.csv.empty() ? "" : " --csv " + shell_word(spec.source.csv)) +
                                    "  # and the baselines"});
  return kExitOk;
}

}  // namespace

Command train_ts_command() {
  return Command{"train-ts", "train a time-series regressor or sequence classifier on CSV columns or a synthetic series", declare, run, "", 0,
                 kMemoryHint};
}

}  // namespace lstmkit::cli
