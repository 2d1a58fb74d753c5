#pragma once
// What every Python front end of a job reads or reports the same way: the options a training command
// shares (optimiser, schedule, run control, precision, text), the thread count, and the run's notes and
// epochs handed to Python callables. One reading, so that a keyword means the same in every class.
#include <pybind11/pybind11.h>

#include <filesystem>
#include <functional>

#include "config_fields.h"
#include "lstmkit/jobs/train_epoch.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/text/corpus.h"
#include "lstmkit/train/reporter.h"
#include "lstmkit/train/trainer.h"

namespace lstmkit::python {

// The math's threads are the job thread's OpenMP team: call where the job runs. 0 keeps all cores.
void use_threads(int threads);

nn::Precision read_precision(ConfigFields& f);
// cell, hidden, layers and dropout of the recurrent stack.
void read_stack(ConfigFields& f, models::StackConfig& stack);
text::TextOptions read_text_options(ConfigFields& f);
// optimizer, optimizer_defaults, lr and the optimiser's own; lr_schedule and its parameters.
void read_optimizer(ConfigFields& f, train::TrainerOptions& t);
// out (required), epochs, clip, patience, eval_every, seed, resume, force, warmup, then read_optimizer.
void read_run_control(ConfigFields& f, train::TrainerOptions& t);

// The run's notes (one line per epoch among them) to a Python callable (None: dropped).
class PythonReporter : public train::Reporter {
 public:
  explicit PythonReporter(pybind11::object on_note) : on_note_(std::move(on_note)) {}
  void progress(const train::Progress&) override {}
  void note(const std::string& line) override;

 private:
  pybind11::object on_note_;
};

// Each epoch as a dict (epoch, epochs, step, loss, val_loss, best, elapsed, lr, and each validation
// metric by name) to a Python callable; none for None. `on_epoch` must outlive the run.
std::function<void(const jobs::TrainEpoch&)> epoch_callback(const pybind11::object& on_epoch);

// "finished", "early_stopped" or "interrupted".
const char* outcome_name(train::TrainOutcome outcome);
// How a training run ended: outcome, epochs, steps, seed, best_val_loss and best_model (its checkpoint).
pybind11::dict run_info(const train::TrainResult& run, const std::filesystem::path& best_model);

}  // namespace lstmkit::python
