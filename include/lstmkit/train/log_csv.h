#pragma once
// The training log <out>/log.csv, one row per report:
//
//   step,epoch,train_loss,val_loss,lr,tokens_per_s
//   100,1,2.31452,,0.002,51234.5
//   200,1,2.01377,2.10554,0.002,50987.1
//
// An absent value is an empty field. Every row is flushed as it is written, so a crash keeps what was
// logged; a row counts only once its '\n' is written, so a torn last line is ignored when reading.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace lstmkit::train {

struct LogRow {
  int64_t step = 0;  // optimiser steps since the run began
  int64_t epoch = 0;  // 1-based
  std::optional<double> train_loss, val_loss, lr, tokens_per_s;

  bool operator==(const LogRow&) const = default;
};

class LogCsv {
 public:
  // resume = false: creates or truncates `path` and writes the header.
  // resume = true: keeps the rows of an existing log with step ≤ resume_step (dropping rows a crashed or
  // interrupted run logged after its last checkpoint), then appends; a missing log is started afresh.
  // Throws lstmkit::Error (where = path) when the file cannot be opened or an existing log is not ours.
  explicit LogCsv(std::filesystem::path path, bool resume = false, int64_t resume_step = 0);

  // Writes and flushes one row. Throws lstmkit::Error when the write fails (e.g. the disk is full).
  void append(const LogRow& row);

  const std::filesystem::path& path() const { return path_; }

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::filesystem::path path_;
  std::unique_ptr<std::FILE, Close> file_;
};

// Every complete row of a log written by LogCsv. Throws lstmkit::Error (where = path:line) when the file
// cannot be read, has another header, or a row does not parse.
std::vector<LogRow> read_log_csv(const std::filesystem::path& path);

}  // namespace lstmkit::train
