#pragma once
// The training log <out>/log.csv, one row per optimiser step:
//
//   step,epoch,batch_loss,train_loss,val_loss,lr,tokens_per_s
//   99,1,2.40113,2.31452,,0.002,51234.5
//   100,1,2.19021,2.30975,2.10554,0.002,51240.3
//
// batch_loss is the step's own batch, train_loss the running mean of the epoch's batches so far (the
// number the epoch line shows), val_loss the validation that followed the step, if one did. The rate
// column is named for what it counts: <unit>_per_s, from the task's unit (tokens_per_s for language
// models and translators' target tokens, windows_per_s, sequences_per_s or steps_per_s for time series).
// A run that reports validation metrics (TrainTask::validation_metrics) has one more column per metric,
// named val_<metric> (`...,tokens_per_s,val_bleu,val_chrf`), filled where val_loss is.
// An absent value is an empty field. Every row is flushed as it is written, so a crash keeps what was
// logged; a row counts only once its '\n' is written, so a torn last line is ignored when reading.
//
// Logs of earlier versions (`step,epoch,train_loss,val_loss,lr,tokens_per_s`, a second row for each
// validation) are read too, their validation rows merged into their step's row; a resume rewrites them
// in this form.
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
  std::optional<double> batch_loss;  // the step's batch (absent in logs of earlier versions)
  std::optional<double> train_loss;  // running mean over the epoch so far
  std::optional<double> val_loss, lr, rate;
  std::vector<std::optional<double>> metrics;  // the log's val_<metric> columns, in order (absent: none)

  bool operator==(const LogRow&) const = default;
};

struct LogColumns {
  std::string rate = "tokens_per_s";  // <unit>_per_s (rate_column)
  std::vector<std::string> metrics;   // the val_<metric> columns
  bool operator==(const LogColumns&) const = default;
};

// The rate column for a TrainTask::unit(): "tok" → "tokens_per_s", "win" → "windows_per_s", "seq" →
// "sequences_per_s", "step" → "steps_per_s", "pairs" → "pairs_per_s"; another unit u → "u_per_s".
std::string rate_column(const std::string& unit);

class LogCsv {
 public:
  // resume = false: creates or truncates `path` and writes the header.
  // resume = true: keeps the rows of an existing log with step ≤ resume_step (dropping rows a crashed or
  // interrupted run logged after its last checkpoint), then appends; a missing log is started afresh.
  // Throws lstmkit::Error (where = path) when the file cannot be opened or an existing log is not ours
  // or has other metric columns.
  explicit LogCsv(std::filesystem::path path, LogColumns columns = {}, bool resume = false,
                  int64_t resume_step = 0);

  // A new log that leaves an existing `path` as it is until commit(): rows go to `path` + ".new", which
  // commit() renames over `path`. A log destroyed before commit() removes its .new file, so a run that
  // fails before its first checkpoint leaves the previous run's log untouched.
  static std::unique_ptr<LogCsv> staged(std::filesystem::path path, LogColumns columns = {});

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

  std::filesystem::path path_;
  LogColumns columns_;
  std::filesystem::path staged_;  // the .new file while uncommitted, else empty
  std::unique_ptr<io::UnfinishedFile> unfinished_;  // staged_, while uncommitted
  std::unique_ptr<std::FILE, Close> file_;
};

// A log's columns and every complete row, in this version's form. Throws lstmkit::Error (where =
// path:line) when the file cannot be read, has another header, or a row does not parse.
struct LogTable {
  LogColumns columns;
  std::vector<LogRow> rows;
};
LogTable read_log_table(const std::filesystem::path& path);
// read_log_table(path).rows.
std::vector<LogRow> read_log_csv(const std::filesystem::path& path);

}  // namespace lstmkit::train
