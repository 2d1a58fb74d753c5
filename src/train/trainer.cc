#include "lstmkit/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "lstmkit/dist/communicator.h"
#include "lstmkit/dist/gradient_reducer.h"
#include "lstmkit/dist/startup.h"
#include "lstmkit/error.h"
#include "lstmkit/format.h"
#include "lstmkit/io/crc32.h"
#include "lstmkit/optim/clip.h"
#include "lstmkit/optim/optimizer.h"
#include "lstmkit/train/checkpointing.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/train/log_csv.h"
#include "lstmkit/train/loss_plot.h"

namespace lstmkit::train {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void validate(const TrainerOptions& o) {
  if (o.epochs < 1) throw UsageError("`epochs`", "must be at least 1", "got " + std::to_string(o.epochs));
  if (o.clip < 0 || !std::isfinite(o.clip)) throw UsageError("`clip`", "must be 0 (off) or a positive number", "");
  if (o.patience < 0) throw UsageError("`patience`", "must be 0 (off) or positive", "");
  if (o.eval_every < 0) throw UsageError("`eval_every`", "must be 0 (off) or positive", "");
  if (o.resume && o.force) throw UsageError("`resume`", "cannot be combined with `force`", "choose one");
  if (!(o.label_smoothing >= 0 && o.label_smoothing < 1))
    throw UsageError("`label_smoothing`", "must be in [0, 1)", "0 turns it off; 0.1 is the usual value");
}

std::vector<std::string> metric_columns(const TrainerOptions& o) {
  std::vector<std::string> names = o.valid_metrics;
  if (o.best_by != "loss" && std::find(names.begin(), names.end(), o.best_by) == names.end())
    names.push_back(o.best_by);
  return names;
}

namespace {
// Dropout of rank `rank` at step `step`: ranks must draw different masks (they see different
// examples) and must not advance the shared generator, whose shuffles every rank repeats; derived from
// the seed alone, so a resume at any number of ranks needs nothing stored.
Rng rank_dropout_rng(uint64_t seed, int rank, int64_t step) {
  return Rng(seed ^ (0xbf58476d1ce4e5b9ULL * (static_cast<uint64_t>(rank) + 1)) ^
             (0x94d049bb133111ebULL * static_cast<uint64_t>(step + 1)));
}

std::string comma_list(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

std::string format_loss(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return buf;
}
}  // namespace

struct Trainer::Impl {
  TrainTask& task;
  TrainerOptions o;
  Reporter& reporter;
  std::unique_ptr<optim::Optimizer> optimizer;
  std::unique_ptr<optim::LrSchedule> schedule;
  Rng rng;
  Rng step_rng;  // a data-parallel rank's dropout for the step in progress
  dist::Communicator& comm = dist::world();
  TrainState state;
  Checkpointing checkpoints{task, o, *optimizer, *schedule, comm};
  std::unique_ptr<LogCsv> log;  // rank 0's only
  LogRow step_row;  // the latest step's, logged once it is known whether a validation follows it
  const std::string loss_label = loss_axis_label(task.model_metadata());
  int completed = 0;  // epochs finished, resumed ones included
  const std::vector<std::string> metrics = metric_columns(o);  // reported at each validation, larger is better
  std::vector<double> last_metrics;  // of the latest validation, in the order of `metrics`
  std::unique_ptr<dist::GradientReducer> reducer;  // sums the ranks' gradients, overlapping backward
  double step_seconds = 0;  // of this run's steps, against the reducer's communication time
  int64_t first_run_step = 0;  // state.step when run() began (resumed steps are not timed)

  Impl(TrainTask& t, TrainerOptions opts, Reporter& r)
      : task(t), o(std::move(opts)), reporter(r), optimizer(optim::make_optimizer(o.optimizer)),
        schedule(optim::make_schedule(o.schedule)),
        rng(o.seed ^ 0x9e3779b97f4a7c15ULL) {  // a stream apart from the initialiser's Rng(seed)
    validate(o);
    task.set_shard({comm.rank(), comm.size()});
    task.set_label_smoothing(o.label_smoothing);
    const std::vector<std::string> known = task.metric_names();
    for (const std::string& name : metrics)
      if (std::find(known.begin(), known.end(), name) == known.end())
        throw UsageError(o.best_by == name ? "`best_by`" : "`valid_metrics`", "this model has no metric '" + name + "'",
                         known.empty() ? "it is judged by its validation loss only" : "it reports " + comma_list(known));
    reducer = std::make_unique<dist::GradientReducer>(
        comm, task.parameters(), comm.size() > 1 ? dist::bucket_bytes_from_environment() : 0);
  }

  // Rank 0 writes every file; the other ranks only read (a checkpoint to resume).
  bool writer() const { return comm.rank() == 0; }

  void prepare_out() {
    if (writer()) {
      std::error_code ec;
      fs::create_directories(o.out, ec);
      if (ec) throw Error(o.out.string(), "cannot create the output directory (" + ec.message() + ")",
                          "choose another `out`");
    }
    check_output_dir(o);
    if (o.resume) {
      state = checkpoints.resume(rng, reporter);
      completed = state.epoch - 1;
    }
    state.seed = o.seed;
    // Said even when it is the default, so that a run can be repeated from its output alone.
    reporter.note("seed " + std::to_string(o.seed));
    // A new run's log replaces an old one only with its first checkpoint (save_last), so a run that
    // fails before it leaves the previous run's files as they were.
    if (writer()) {
      LogColumns columns{rate_column(task.unit()), metrics};
      log = o.resume ? std::make_unique<LogCsv>(o.out / "log.csv", std::move(columns), true, state.step)
                     : LogCsv::staged(o.out / "log.csv", std::move(columns));
    }
  }

  void log_row(const LogRow& row) {
    if (log) log->append(row);
  }

  Rng& dropout_rng() {
    if (comm.size() == 1) return rng;
    step_rng = rank_dropout_rng(o.seed, comm.rank(), state.step);
    return step_rng;
  }

  bool stop_requested() {
    return comm.size() == 1 ? interrupt_requested() : dist::any(comm, interrupt_requested());
  }

  // Every rank applies the same averaged gradient to the same weights, so they stay equal bit for bit;
  // a difference means a bug, which this catches before it is saved.
  void check_replicas() {
    if (comm.size() == 1) return;
    const std::span<const float> values = task.parameters().values();
    dist::check_same(comm, io::crc32(values.data(), values.size_bytes()), "step " + std::to_string(state.step));
  }

  std::optional<double> validate_on_rank0() {
    std::optional<double> val = writer() ? task.validate() : std::nullopt;
    if (comm.size() == 1) return val;
    double shared[2] = {val ? 1.0 : 0.0, val.value_or(0)};
    comm.broadcast(shared);
    return shared[0] > 0 ? std::optional<double>(shared[1]) : std::nullopt;
  }

  // Every rank, before its checkpoint: the weights it saves are every rank's.
  void save_last() {
    check_replicas();
    checkpoints.save_last(state, rng, log.get());
  }

  void save_best() { checkpoints.save_best(state, rng); }

  // The run's metrics from rank 0 (the others receive them), in the order of `metrics`; none without
  // validation data.
  std::vector<double> metrics_on_rank0(bool validated) {
    std::vector<double> values(validated ? metrics.size() : 0);
    if (values.empty()) return values;
    if (writer()) {
      const std::map<std::string, double> got = task.validation_metrics();
      for (size_t k = 0; k < metrics.size(); ++k) {
        const auto it = got.find(metrics[k]);
        if (it == got.end())
          throw Error("validation", "the model gave no '" + metrics[k] + "'", "train without `valid_metrics`");
        values[k] = it->second;
      }
    }
    if (comm.size() > 1) comm.broadcast(values);
    return values;
  }

  // Validates, keeps the best model (the lowest loss, or the highest --best-by metric), logs the step
  // with its validation, and says whether patience has run out.
  bool validate_and_keep_best() {
    const std::optional<double> val = validate_on_rank0();
    state.last_val = val;
    last_metrics = metrics_on_rank0(val.has_value());
    std::optional<double> score;
    if (val && o.best_by != "loss")
      score = last_metrics[static_cast<size_t>(std::find(metrics.begin(), metrics.end(), o.best_by) - metrics.begin())];
    if (state.record_validation(val, score)) save_best();
    step_row.val_loss = val;
    step_row.metrics.assign(last_metrics.begin(), last_metrics.end());
    log_row(step_row);
    return o.patience > 0 && state.stale >= o.patience;
  }

  std::string metrics_text() const {
    std::string text;
    for (size_t k = 0; k < last_metrics.size(); ++k) {
      char value[32];
      std::snprintf(value, sizeof value, "%.2f", last_metrics[k]);
      text += "  " + metrics[k] + " " + value;
    }
    return text;
  }

  TrainResult run() {
    prepare_out();
    dist::ready_to_train(comm);  // every rank has its data, model and checkpoint, or none trains
    nn::Parameters& params = task.parameters();
    const int64_t batches = task.batches_per_epoch();
    const auto run_start = Clock::now();
    first_run_step = state.step;
    TrainResult result;
    std::optional<double> last_train;

    for (; state.epoch <= o.epochs; ++state.epoch) {
      if (state.batch == 0) {
        state.epoch_rng = rng.state();
        state.epoch_loss = 0;
        state.epoch_units = 0;
        task.begin_epoch(state.epoch, rng);
      }
      const auto epoch_start = Clock::now();
      int64_t timed_units = 0;  // since epoch_start, for the rate
      for (; state.batch < batches; ++state.batch) {
        if (stop_requested()) {
          // A resume at batch 0 runs begin_epoch again: save the generator as it was before this one.
          if (state.batch == 0) rng.set_state(state.epoch_rng);
          save_last();
          // Before its first validation a run has no best model yet; `sample --model model.safetensors`,
          // the command a run suggests, needs one whenever a checkpoint exists.
          if (!state.best_val && !state.best_score) save_best();
          reporter.note("interrupted: saved " + last_model_path(o.out).string() +
                        "; continue with `resume`");
          result.outcome = TrainOutcome::interrupted;
          return finish(result, last_train);
        }
        const auto step_start = Clock::now();
        params.zero_grads();
        const BatchResult mine = task.train_batch(state.batch, dropout_rng());
        // The seam: a data-parallel run's gradients, partly sent during backward, are all summed here.
        const dist::BatchTotals r = reducer->finish(mine.loss, mine.count);
        const double norm = o.clip > 0 ? optim::clip_grad_norm(params, o.clip) : optim::grad_norm(params);
        if (!std::isfinite(r.loss) || !std::isfinite(norm))
          throw Error("epoch " + std::to_string(state.epoch) + ", step " + std::to_string(state.step + 1),
                      std::string(std::isfinite(r.loss) ? "the gradient" : "the loss") + " is not finite",
                      "training stopped; the last good checkpoint is " + last_model_path(o.out).string() +
                          " — lower `lr` or `clip` and `resume`");
        schedule->set_step(state.step + 1);
        optimizer->step(params, schedule->lr());
        ++state.step;
        step_seconds += std::chrono::duration<double>(Clock::now() - step_start).count();
#ifndef NDEBUG
        check_replicas();
#endif
        state.epoch_loss += r.loss * static_cast<double>(r.count);
        state.epoch_units += r.count;
        timed_units += r.count;
        const double train_loss =
            state.epoch_loss / static_cast<double>(std::max<int64_t>(state.epoch_units, 1));
        last_train = train_loss;
        const double epoch_seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
        const double rate = epoch_seconds > 0 ? static_cast<double>(timed_units) / epoch_seconds : 0;
        report(batches, train_loss, rate, run_start, first_run_step);
        step_row = {state.step, state.epoch, r.loss, train_loss, std::nullopt, schedule->lr(), rate, {}};
        const bool last_batch = state.batch + 1 == batches;
        const bool mid_validation = o.eval_every > 0 && state.step % o.eval_every == 0 && !last_batch;
        if (!mid_validation && !last_batch) log_row(step_row);  // else logged with its validation
        if (mid_validation) {
          ++state.batch;  // the checkpoint's position is the next batch
          const bool stop = validate_and_keep_best();
          save_last();
          --state.batch;
          if (stop) return early_stop(result, last_train);
        }
      }
      state.batch = 0;
      const double train_loss = last_train.value_or(0);
      const int finished_epoch = state.epoch;
      const bool stop = validate_and_keep_best();
      schedule->end_epoch(finished_epoch, state.last_val);
      completed = finished_epoch;
      ++state.epoch;  // the checkpoint resumes at the next epoch
      save_last();
      --state.epoch;
      reporter.note("epoch " + std::to_string(finished_epoch) + "/" + std::to_string(o.epochs) +
                    "  train " + format_loss(train_loss) +
                    (state.last_val ? "  val " + format_loss(*state.last_val) : "") + metrics_text() +
                    (state.stale == 0 ? "  (best, saved)" : "") + "  elapsed " +
                    format_duration(std::chrono::duration<double>(Clock::now() - run_start).count()));
      if (writer()) plot_loss_curves(o.out, loss_label, reporter);
      if (stop) return early_stop(result, last_train);
    }
    result.outcome = TrainOutcome::finished;
    return finish(result, last_train);
  }

  void report(int64_t batches, double train_loss, double rate, Clock::time_point run_start,
              int64_t first_step) {
    Progress p;
    p.epoch = state.epoch;
    p.epochs = o.epochs;
    p.batch = state.batch + 1;
    p.batches = batches;
    p.step = state.step;
    p.train_loss = train_loss;
    p.val_loss = state.last_val;
    p.rate = rate;
    p.unit = task.unit();
    p.lr = static_cast<float>(schedule->lr());
    const double elapsed = std::chrono::duration<double>(Clock::now() - run_start).count();
    const int64_t done = state.step - first_step;
    const int64_t remaining = static_cast<int64_t>(o.epochs - state.epoch) * batches + (batches - p.batch);
    p.eta_seconds = done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(remaining) : 0;
    reporter.progress(p);
  }

  TrainResult early_stop(TrainResult& result, const std::optional<double>& last_train) {
    reporter.note("early stopping: no improvement in " + std::to_string(o.patience) + " validations");
    result.outcome = TrainOutcome::early_stopped;
    return finish(result, last_train);
  }

  TrainResult finish(TrainResult& result, const std::optional<double>& last_train) {
    const int64_t steps = state.step - first_run_step;
    if (comm.size() > 1 && steps > 0) {
      const dist::ReduceTimes t = reducer->times();
      const double per_step = 1e3 / static_cast<double>(steps);
      // Collectives' time includes waiting for the slowest rank; the seam's wait is what overlap hides.
      char line[200];
      std::snprintf(line, sizeof line,
                    "%d processes: %.1f ms a step; gradient allreduce in %zu buckets: %.1f ms, "
                    "of which the step waited %.1f ms (%.1f%%)",
                    comm.size(), per_step * step_seconds, reducer->buckets(), per_step * t.total,
                    per_step * t.exposed, 100 * t.exposed / step_seconds);
      reporter.note(line);
    }
    result.epoch = completed;
    result.seed = o.seed;
    result.step = state.step;
    result.best_val = state.best_val;
    result.last_train_loss = last_train;
    return result;
  }
};

Trainer::Trainer(TrainTask& task, TrainerOptions options, Reporter& reporter)
    : impl_(std::make_unique<Impl>(task, std::move(options), reporter)) {}
Trainer::~Trainer() = default;
TrainResult Trainer::run() { return impl_->run(); }

}  // namespace lstmkit::train
