// `lstmkit train-ts`: a recurrent regressor (or sequence classifier) on CSV columns or a synthetic series.
#include <algorithm>
#include <cstdio>

#include "command.h"
#include "exit_codes.h"
#include "lstmkit/format.h"
#include "lstmkit/jobs/train_ts.h"
#include "lstmkit/train/interrupt.h"
#include "precision_options.h"
#include "terminal_reporter.h"
#include "train_ts_config.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

// Fewer updates than this rarely bring a recurrent model near its best (issue 14: 300 updates left a
// Lorenz model at 1.7 times persistence).
constexpr int64_t kFewUpdates = 1000;

std::string count_of(size_t n, const char* unit) { return with_commas(n) + " " + unit; }

// "a, b, c" or "a, b, ... (12)" for a long list.
std::string some_classes(const models::TsSpec& spec) {
  constexpr size_t kShown = 8;
  std::string out;
  for (size_t c = 0; c < std::min(kShown, spec.class_count()); ++c) out += (c ? ", " : "") + spec.class_name(c);
  return spec.class_count() > kShown ? out + ", ..." : out;
}

void note_data(train::Reporter& reporter, const jobs::TsTrainJob& job, const models::TsTask& task,
               const models::TsSpec& spec) {
  if (job.filled_values() > 0)
    reporter.note("--fill ffill: " + count_of(job.filled_values(), "values") + " carried forward from the row above");
  if (job.dropped_rows() > 0)
    reporter.note("--fill drop: dropped " + with_commas(job.dropped_rows()) + " of " + count_of(job.rows_read(), "rows"));
  if (spec.classifies())
    reporter.note("classes: " + std::to_string(spec.class_count()) + " label values in column '" + spec.targets.front() +
                  "': " + some_classes(spec));
  if (const std::vector<data::SeriesRun>& runs = job.series_runs(); !runs.empty()) {
    // Rows as read: a run's rows in model units lack those its differencing dropped.
    size_t shortest = runs.front().rows + runs.front().skipped, longest = 0;
    for (const data::SeriesRun& run : runs) {
      shortest = std::min(shortest, run.rows + run.skipped);
      longest = std::max(longest, run.rows + run.skipped);
    }
    reporter.note("series: " + with_commas(runs.size()) + " by column '" + spec.source.csv_options.series + "' (" +
                  data::run_ids(runs) + "), " + std::to_string(shortest) + " to " + std::to_string(longest) +
                  " rows each, each scaled and validated on its own");
  }
  if (!task.groups()) return;
  const data::Groups& groups = *task.groups();
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
  const jobs::TsTrainConfig config = read_train_ts_config(vm);
  apply_threads(vm);

  TerminalReporter terminal;
  train::SilentReporter silent;
  train::Reporter& reporter = vm["quiet"].as<bool>() ? static_cast<train::Reporter&>(silent) : terminal;

  // On --resume the options are the run's (cli/run_options.h), so the config's spec is the checkpoint's.
  jobs::TsTrainJob job(config, reporter);
  const models::Regressor& model = job.model();
  const models::TsTask& task = job.task();
  const models::TsSpec& spec = model.spec();
  note_data(reporter, job, task, spec);
  const char* unit = spec.grouped() ? "groups" : spec.source.is_sequences() ? "sequences" : "windows";
  reporter.note("train-ts: " + spec.source.describe() + ": " + count_of(task.train_examples().size(), unit) +
                " for training, " + count_of(task.validation_examples().size(), "for validation") + "; " +
                nn::cell_name(model.config().cell) + " " + std::to_string(model.config().layers) + "x" +
                std::to_string(model.config().hidden) + (spec.classifies() ? ", softmax over " + std::to_string(spec.class_count()) + " classes" : "") +
                (model.transform().identity() ? "" : ", target " + model.transform().describe()) +
                ", " + with_commas(model.parameters().size()) + " parameters");

  if (job.batch_chosen())
    reporter.note("batch " + std::to_string(job.batch()) + ", chosen from the " +
                  count_of(task.train_examples().size(), "training examples") + " (--batch sets it)");
  train::catch_interrupts();
  reporter.note(precision_line(config.shape.precision));
  const jobs::TsTrainResult result = job.run();
  if (result.train.outcome == train::TrainOutcome::interrupted) return kExitInterrupted;
  std::string done = "done: best model " + result.best_model.string();
  if (result.train.best_val) {
    char loss[64];
    const char* measure = spec.classifies()                     ? "cross-entropy"
                          : !spec.quantiles.empty()              ? "pinball loss"
                          : !model.transform().identity()        ? "MSE of the transformed target"
                          : spec.scale == data::ScaleKind::none  ? "MSE"
                                                                 : "MSE in scaled units";
    std::snprintf(loss, sizeof loss, " (validation %s %.6g)", measure, *result.train.best_val);
    done += loss;
  }
  reporter.note(done);
  if (result.train.outcome == train::TrainOutcome::finished && result.train.step < kFewUpdates)
    reporter.note("note: the run made only " + with_commas(static_cast<size_t>(result.train.step)) +
                  " optimiser updates, too few for a recurrent model to converge; train more --epochs, or with a "
                  "smaller --batch");
  if (result.validation) {
    const models::TsScore& s = *result.validation;
    char accuracy[128];
    std::snprintf(accuracy, sizeof accuracy, "validation accuracy %.2f%% (%lld of %lld)",
                  100.0 * static_cast<double>(s.correct) / static_cast<double>(s.count),
                  static_cast<long long>(s.correct), static_cast<long long>(s.count));
    reporter.note(accuracy);
  }
  // A CSV model is forecast on data the user names again (forecast never opens a path stored in a model).
  note_next_commands(reporter, {"lstmkit forecast --model " + shell_word(result.best_model.string()) +
                                    (spec.source.csv.empty() ? "" : " --csv " + shell_word(spec.source.csv)) +
                                    "  # and the baselines"});
  return kExitOk;
}

}  // namespace

Command train_ts_command() {
  return Command{"train-ts", "train a time-series regressor or sequence classifier on CSV columns or a synthetic series",
                 declare_train_ts_options, run, "", 0, kTrainTsMemoryHint};
}

}  // namespace lstmkit::cli
