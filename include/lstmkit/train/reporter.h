#pragma once
// How training talks to a person without the library printing: the trainer hands progress and events to
// a Reporter; the command-line program decides how they look (a bar on a terminal, plain lines in a log).
#include <cstdint>
#include <optional>
#include <string>

namespace lstmkit::train {

struct Progress {
  int epoch = 0;                 // 1-based
  int epochs = 0;
  int64_t batch = 0;             // batches done in this epoch
  int64_t batches = 0;           // per epoch
  int64_t step = 0;              // optimiser steps since the run began (resumes included)
  double train_loss = 0;         // running mean over this epoch
  std::optional<double> val_loss;  // the last validation loss, if any yet
  double rate = 0;               // units (tokens, pairs, windows) per second
  std::string unit;              // "tok", "pairs", "win"
  double eta_seconds = 0;        // to the end of the run
  float lr = 0;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void progress(const Progress& p) = 0;
  // One line worth keeping: an epoch's result, a saved checkpoint, early stopping, a warning.
  virtual void note(const std::string& line) = 0;
};

// Reports nothing (tests, --quiet).
class SilentReporter : public Reporter {
 public:
  void progress(const Progress&) override {}
  void note(const std::string&) override {}
};

}  // namespace lstmkit::train
