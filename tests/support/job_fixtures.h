#pragma once
// What the training-job tests (tests/jobs: train_lm, train_s2s, …) share: a reporter that records, the
// field a config error names, and a run stopped by Ctrl-C before its first step.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/train/interrupt.h"
#include "lstmkit/train/reporter.h"

namespace lstmkit::testing {

// Records what a job reports: how many progress lines, and every note.
class RecordingReporter : public train::Reporter {
 public:
  void progress(const train::Progress&) override { ++progress_calls; }
  void note(const std::string& line) override { notes.push_back(line); }
  int progress_calls = 0;
  std::vector<std::string> notes;
};

// Where the lstmkit::UsageError that `f` throws says the problem is (a config field, for a job), or a
// failure when it throws none.
template <typename F>
std::string usage_error_at(F&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.where();
  }
  ADD_FAILURE() << "no UsageError";
  return "";
}

// `run()` with Ctrl-C already requested, so that it stops before its first step; the request is
// cleared afterwards, also when `run` throws.
template <typename F>
auto interrupted(F&& run) {
  struct Clear {
    ~Clear() { train::clear_interrupt(); }
  } clear;
  train::request_interrupt();
  return run();
}

}  // namespace lstmkit::testing
