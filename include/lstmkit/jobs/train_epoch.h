#pragma once
// An epoch of a training job as data, for a front end that shows it its own way (a Python callback).
// Every training job reports its epochs in this one shape.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lstmkit::jobs {

struct TrainEpoch {
  int epoch = 0;                   // 1-based
  int epochs = 0;
  int64_t step = 0;                // optimiser steps so far
  double loss = 0;                 // training loss, the mean over the epoch
  std::optional<double> val_loss;  // after the epoch; none without validation data
  std::map<std::string, double> metrics;  // the validation metrics asked for (a translator's "bleu", "chrf")
  bool best = false;               // the best validation so far by the run's criterion: model.safetensors was written
  double elapsed_seconds = 0;      // since the job was called
  double lr = 0;                   // the learning rate at the epoch's last step
};

}  // namespace lstmkit::jobs
