#pragma once
// A run's files and how it continues: the rules for its directory (model.safetensors, the best model;
// last.safetensors, everything --resume needs), and the saving and resuming of a run in progress, which
// the Trainer calls at its checkpoints.
#include <filesystem>

#include "lstmkit/dist/communicator.h"
#include "lstmkit/optim/optimizer.h"
#include "lstmkit/optim/schedule.h"
#include "lstmkit/rng.h"
#include "lstmkit/train/log_csv.h"
#include "lstmkit/train/reporter.h"
#include "lstmkit/train/task.h"
#include "lstmkit/train/train_state.h"

namespace lstmkit::train {

struct TrainerOptions;

// Names of the files a run writes in `out`.
std::filesystem::path best_model_path(const std::filesystem::path& out);  // model.safetensors
std::filesystem::path last_model_path(const std::filesystem::path& out);  // last.safetensors

// What run() checks first, callable before heavy work (reading a corpus): `out` is a directory that
// can be written, or can be created; a model already in `out` needs `resume` or `force`; `resume` needs
// out/last.safetensors. Throws lstmkit::Error.
void check_output_dir(const TrainerOptions& options);

// Saves and resumes one run: its task's weights and carried state, the optimiser's moments, the
// schedule's and the trainer's state, in the files of options.out. Rank 0 writes; every rank reads.
class Checkpointing {
 public:
  Checkpointing(TrainTask& task, const TrainerOptions& options, optim::Optimizer& optimizer,
                optim::LrSchedule& schedule, dist::Communicator& comm);

  // Loads out/last.safetensors into the task's parameters, the optimiser and the schedule, and returns
  // where the run was, `rng` set as it was then (a run stopped mid-epoch has its epoch begun again and
  // its carried state restored). Throws lstmkit::Error for a checkpoint of another model or without
  // a train_state.
  TrainState resume(Rng& rng, Reporter& reporter);
  // last.safetensors at the position `state` names, then `log`'s first rows made the log (rank 0's).
  // Called on every rank: the carried state of a data-parallel run is gathered from all of them,
  // whatever their number, so the file is the same as one process's and resumes at any number of ranks.
  void save_last(const TrainState& state, const Rng& rng, LogCsv* log);
  // model.safetensors: the weights and the run's metadata, without the optimiser's moments.
  void save_best(const TrainState& state, const Rng& rng);

 private:
  io::Metadata metadata(TrainState state, const Rng& rng) const;

  TrainTask& task_;
  const TrainerOptions& o_;
  optim::Optimizer& optimizer_;
  optim::LrSchedule& schedule_;
  dist::Communicator& comm_;
};

}  // namespace lstmkit::train
