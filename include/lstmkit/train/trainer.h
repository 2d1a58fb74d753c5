#pragma once
// The one training loop, shared by every model kind:
//   for each epoch: task.begin_epoch; for each batch: zero grads → task.train_batch →
//   [gradients complete] → clip → optimiser step; validate every `eval_every` steps and at epoch end;
//   log.csv, loss.png, best model.safetensors, last.safetensors; early stopping; lr schedule.
// Ctrl-C / SIGTERM (train/interrupt.h) saves last.safetensors at the current batch and returns
// `interrupted`; `resume` restarts from it exactly (data position, RNG, optimiser moments, carried state).
//
// Data-parallel (dist::world() of more than one rank, i.e. under mpirun): every rank runs this loop on
// its shard of each batch (TrainTask::set_shard); its gradients are summed over the ranks in buckets,
// sent as backward finishes them, and at the seam, where all are complete, they are the whole batch's
// (dist/gradient_reducer.h), so every rank takes the same step and the run
// equals one process on the whole batch. Rank 0 alone validates (the others receive its loss), writes
// the checkpoints and the log; a checkpoint does not depend on the number of ranks. Dropout masks come
// from a generator per rank and step, so with dropout a run differs from one process's (statistically
// alike); without dropout it does not.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/optim/config.h"
#include "lstmkit/optim/schedule.h"
#include "lstmkit/train/checkpointing.h"
#include "lstmkit/train/reporter.h"
#include "lstmkit/train/task.h"

namespace lstmkit::train {

struct TrainerOptions {
  std::filesystem::path out;   // directory for model.safetensors, last.safetensors, log.csv, loss.png
  int epochs = 20;
  int64_t eval_every = 0;      // also validate every N steps (0: at epoch ends only)
  double clip = 5.0;           // global gradient norm limit (0: no clipping)
  int patience = 0;            // stop after this many validations without improvement (0: never)
  bool resume = false;         // continue from out/last.safetensors
  bool force = false;          // overwrite a model already in out
  uint64_t seed = 1;           // dropout and shuffling
  optim::OptimizerConfig optimizer;
  optim::ScheduleConfig schedule;
  double label_smoothing = 0;  // ε of the training loss (TrainTask::set_label_smoothing), in [0, 1)
  // Validation metrics (TrainTask::validation_metrics) to report at each validation, on the epoch line
  // and in log.csv's val_<metric> columns.
  std::vector<std::string> valid_metrics;
  // What picks model.safetensors and counts toward --patience: "loss" (lower is better) or a metric
  // (higher is better; reported even when not in valid_metrics).
  std::string best_by = "loss";
  // How the caller started the run (e.g. its command-line options), stored as is in every checkpoint
  // under kRunOptionsKey, so that a resume can continue the same run.
  std::string run_options;
};

inline constexpr char kRunOptionsKey[] = "run_options";

enum class TrainOutcome { finished, early_stopped, interrupted };

struct TrainResult {
  TrainOutcome outcome = TrainOutcome::finished;
  int epoch = 0;                    // epochs completed
  uint64_t seed = 1;                // TrainerOptions::seed, as recorded in the checkpoints' train_state
  int64_t step = 0;                 // optimiser steps taken, resumed ones included
  std::optional<double> best_val;   // best validation loss
  std::optional<double> last_train_loss;
};

// The options' ranges (epochs, clip, patience, eval_every, label_smoothing; resume and force exclude each
// other). Throws lstmkit::UsageError. The Trainer checks them too; callers check them before heavy work.
void validate(const TrainerOptions& options);
// The metrics a run reports: valid_metrics, then best_by when it is a metric not among them.
std::vector<std::string> metric_columns(const TrainerOptions& options);

class Trainer {
 public:
  Trainer(TrainTask& task, TrainerOptions options, Reporter& reporter);
  ~Trainer();
  // Throws lstmkit::Error for an `out` that already holds a model (without resume/force), a missing
  // checkpoint to resume, or a loss or gradient that stops being finite (the last good checkpoint stays).
  TrainResult run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstmkit::train
