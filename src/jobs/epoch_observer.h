#pragma once
// How a training job hears of its epochs: the task records what each validation gave, and a reporter
// between the Trainer and the caller's turns each epoch's line into a TrainEpoch for on_epoch. The
// Trainer writes that line once the epoch is validated and its checkpoints are saved.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "lstmkit/jobs/train_epoch.h"
#include "lstmkit/train/reporter.h"

namespace lstmkit::jobs {

// The latest validation's results.
struct LastValidation {
  std::optional<double> loss;
  std::map<std::string, double> metrics;
};

// A task that keeps its latest validation's results.
template <typename Task>
class ObservedTask : public Task, public LastValidation {
 public:
  using Task::Task;
  std::optional<double> validate() override {
    LastValidation::loss = Task::validate();
    return LastValidation::loss;
  }
  std::map<std::string, double> validation_metrics() override {
    metrics = Task::validation_metrics();
    return metrics;
  }
};

// Passes everything on to `inner`, and calls `on_epoch` (when set) at each epoch's line.
class EpochObserver : public train::Reporter {
 public:
  EpochObserver(train::Reporter& inner, const LastValidation& last, std::function<void(const TrainEpoch&)> on_epoch);

  void progress(const train::Progress& p) override;
  void note(const std::string& line) override;

 private:
  train::Reporter& inner_;
  const LastValidation& last_validation_;
  std::function<void(const TrainEpoch&)> on_epoch_;
  std::chrono::steady_clock::time_point start_;
  train::Progress last_;
};

}  // namespace lstmkit::jobs
