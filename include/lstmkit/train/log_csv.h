#pragma once
// The training log <out>/log.csv, one row per report:
//
//   step,epoch,train_loss,val_loss,lr,tokens_per_s
//   100,1,2.31452,,0.002,51234.5
//   200,1,2.01377,2.10554,0.002,50987.1
//
// A run that reports validation metrics (TrainTask::validation_metrics) has one more column per metric,
// named val_<metric> (`...,tokens_per_s,val_bleu,val_chrf`), filled on validation rows.
// An absent value is an empty field. Every row is flushed as it is written, so a crash keeps what was
// logged; a row counts only once its '\n' is written, so a torn last line is ignored when reading.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lstmkit::io {
class UnfinishedFile;
}

namespace lstmkit::train {

struct LogRow {
  int64_t step = 0;  // optimiser steps since the run began
  int64_t epoch = 0;  // 1-based
  std::optional<double> train_loss, val_loss, lr, tokens_per_s;
  std::vector<std::optional<double>> metrics;  // the log's val_<metric> columns, in order (absent: none)

  bool operator==(const LogRow&) const = default;
};

class LogCsv {
 public:
  // resume = false: creates or truncates `path` and writes the header.
  // resume = true: keeps the rows of an existing log with step ≤ resume_step (dropping rows a crashed or
  // interrupted run logged after its last checkpoint), then appends; a missing log is started afresh.
  // `metrics` names the val_<metric> columns. Throws lstmkit::Error (where = path) when the file cannot
  // be opened or an existing log is not ours or has other metric columns.
  explicit LogCsv(std::filesystem::path path, bool resume = false, int64_t resume_step = 0,
                  std::vector<std::string> metrics = {});

  // A new log that leaves an existing `path` as it is until commit(): rows go to `path` + ".new", which
  // commit() renames over `path`. A log destroyed before commit() removes its .new file, so a run that
  // fails before its first checkpoint leaves the previous run's log untouched.
  static std::unique_ptr<LogCsv> staged(std::filesystem::path path, std::vector<std::string> metrics = {});

  LogCsv(const LogCsv&) = delete;
  LogCsv& operator=(const LogCsv&) = delete;
  ~LogCsv();

  // Writes and flushes one row (its metrics: none, or one per metric column). Throws lstmkit::Error when
  // the write fails (e.g. the disk is full).
  void append(const LogRow& row);

  // Makes a staged log the log at path(); does nothing for one that is not staged (or no longer).
  // Throws lstmkit::Error when the rename fails.
  void commit();

  const std::filesystem::path& path() const { return path_; }

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  LogCsv() = default;
  void start(const std::filesystem::path& file);

  std::string header() const;

  std::filesystem::path path_;
  std::vector<std::string> metrics_;
  std::filesystem::path staged_;  // the .new file while uncommitted, else empty
  std::unique_ptr<io::UnfinishedFile> unfinished_;  // staged_, while uncommitted
  std::unique_ptr<std::FILE, Close> file_;
};

// Every complete row of a log written by LogCsv. Throws lstmkit::Error (where = path:line) when the file
// cannot be read, has another header, or a row does not parse.
std::vector<LogRow> read_log_csv(const std::filesystem::path& path);

}  // namespace lstmkit::train
