#pragma once
// A data-parallel job starts on every rank or on none. Each rank reads its options, data, model and
// checkpoint alone, so one may fail where the others succeed (its copy of the data is missing); the
// others would then wait for it in their first collective forever. Instead every rank reports once, in
// one collective, either that it is ready to train (the Trainer, dist::world()) or its failure (the
// CLI's error path), and every rank learns the first failing rank's message and status, so that rank 0
// says it and every rank exits alike.
#include <exception>
#include <optional>
#include <string>

#include "lstmkit/dist/communicator.h"

namespace lstmkit::dist {

struct StartupFailure {
  int rank = 0;
  int status = 0;       // the failing rank's code for it (its exit code, to the CLI), never 0
  std::string message;  // its error, one line
};

// Thrown by ready_to_train on a rank that started when another did not.
class StartupFailed : public std::exception {
 public:
  explicit StartupFailed(StartupFailure f) : failure_(std::move(f)) {}
  const char* what() const noexcept override { return failure_.message.c_str(); }
  const StartupFailure& failure() const { return failure_; }

 private:
  StartupFailure failure_;
};

// Whether this process has made its report (after which a failure is a rank failing alone, mid-run).
bool startup_reported();

// This rank is ready: returns when every rank is, throws StartupFailed otherwise. One rank: returns.
void ready_to_train(Communicator& comm);

// This rank failed with `status` (not 0) and `message`: the first failing rank's failure, on every rank.
StartupFailure failed_to_start(Communicator& comm, int status, const std::string& message);

}  // namespace lstmkit::dist
