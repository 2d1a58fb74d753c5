#include "lstmkit/train/log_csv.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "lstmkit/error.h"
#include "lstmkit/io/input_file.h"
#include "lstmkit/io/unfinished_files.h"

namespace lstmkit::train {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHeader = "step,epoch,train_loss,val_loss,lr,tokens_per_s";

struct Line {
  LogRow row;
  std::string_view text;  // without its '\n'
};

template <class T>
bool parse_number(std::string_view field, T& value) {
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  return ec == std::errc() && end == field.data() + field.size();
}

bool parse_optional(std::string_view field, std::optional<double>& value) {
  if (field.empty()) {
    value.reset();
    return true;
  }
  double x = 0;
  if (!parse_number(field, x)) return false;
  value = x;
  return true;
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    const size_t comma = text.find(',', start);
    fields.push_back(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// `metrics` val_<metric> columns follow the six fixed ones.
bool parse_row(std::string_view text, size_t metrics, LogRow& row) {
  const std::vector<std::string_view> fields = split_fields(text);
  if (fields.size() != 6 + metrics) return false;
  row.metrics.assign(metrics, std::nullopt);
  for (size_t k = 0; k < metrics; ++k)
    if (!parse_optional(fields[6 + k], row.metrics[k])) return false;
  if (metrics > 0 && std::none_of(row.metrics.begin(), row.metrics.end(), [](const auto& m) { return m.has_value(); }))
    row.metrics.clear();  // a row without metrics reads back as written
  return parse_number(fields[0], row.step) && parse_number(fields[1], row.epoch) &&
         parse_optional(fields[2], row.train_loss) && parse_optional(fields[3], row.val_loss) &&
         parse_optional(fields[4], row.lr) && parse_optional(fields[5], row.tokens_per_s);
}

// The metric columns of a header, or nullopt when it is not a training log's.
std::optional<std::vector<std::string>> header_metrics(std::string_view line) {
  if (line.substr(0, kHeader.size()) != kHeader) return std::nullopt;
  std::vector<std::string> metrics;
  if (line.size() == kHeader.size()) return metrics;
  if (line[kHeader.size()] != ',') return std::nullopt;
  for (std::string_view field : split_fields(line.substr(kHeader.size() + 1))) {
    if (field.substr(0, 4) != "val_" || field.size() == 4) return std::nullopt;
    metrics.emplace_back(field.substr(4));
  }
  return metrics;
}


// The complete rows of `text` (views into it). A file without even a complete header line has no rows.
// `metrics` receives the header's metric columns.
std::vector<Line> parse_log(const fs::path& path, std::string_view text, std::vector<std::string>& metrics) {
  std::vector<Line> lines;
  size_t start = 0, number = 0;
  // Only lines ended by '\n' count: a missing newline means the write of that row was cut short.
  for (size_t end; (end = text.find('\n', start)) != std::string_view::npos; start = end + 1) {
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (number == 1) {
      const auto columns = header_metrics(line);
      if (!columns)
        throw Error(path.string() + ":1", "not an lstmkit training log (header '" + std::string(line) + "')",
                    "expected '" + std::string(kHeader) + "'; use another --out or move the file away");
      metrics = *columns;
      continue;
    }
    if (line.empty()) continue;
    Line parsed{{}, line};
    if (!parse_row(line, metrics.size(), parsed.row))
      throw Error(path.string() + ":" + std::to_string(number), "malformed row '" + std::string(line) + "'",
                  "fix or delete that row of the training log");
    lines.push_back(parsed);
  }
  return lines;
}

std::string field(const std::optional<double>& value, const char* format) {
  if (!value) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, *value);
  return buf;
}

std::string format_row(const LogRow& row, size_t metrics) {
  std::string line = std::to_string(row.step) + "," + std::to_string(row.epoch) + "," +
                     field(row.train_loss, "%.7g") + "," + field(row.val_loss, "%.7g") + "," +
                     field(row.lr, "%.7g") + "," + field(row.tokens_per_s, "%.1f");
  for (size_t k = 0; k < metrics; ++k)
    line += "," + (k < row.metrics.size() ? field(row.metrics[k], "%.7g") : std::string());
  return line + "\n";
}

[[noreturn]] void write_failed(const fs::path& path, int error) {
  throw Error(path.string(), std::string("cannot write the training log: ") + std::strerror(error),
              "check that --out is a writable directory with free space");
}

// Replaces `path` by `text` through a temporary file, so an interrupted resume keeps the old log.
void rewrite(const fs::path& path, const std::string& text) {
  fs::path staged = path;
  staged += ".tmp";
  const io::UnfinishedFile unfinished(staged);
  {
    std::ofstream f(staged, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f) write_failed(staged, errno);
  }
  std::error_code ec;
  fs::rename(staged, path, ec);
  if (ec) {
    const int error = ec.value();
    fs::remove(staged, ec);
    write_failed(path, error);
  }
}

}  // namespace

LogCsv::LogCsv(fs::path path, bool resume, int64_t resume_step, std::vector<std::string> metrics)
    : path_(std::move(path)), metrics_(std::move(metrics)) {
  std::error_code ec;
  if (resume && fs::exists(path_, ec)) {
    const std::string old = io::read_input_file(path_.string());
    std::vector<std::string> columns;
    const std::vector<Line> lines = parse_log(path_, old, columns);
    if (columns != metrics_)
      throw Error(path_.string(), "was written by a run with other validation metrics",
                  "resume with the --valid-metrics and --best-by the run was started with");
    std::string kept = header();
    for (const Line& line : lines)
      if (line.row.step <= resume_step) kept.append(line.text).append("\n");
    rewrite(path_, kept);
    file_.reset(std::fopen(path_.c_str(), "ab"));
    if (!file_) write_failed(path_, errno);
    return;
  }
  start(path_);
}

std::string LogCsv::header() const {
  std::string line(kHeader);
  for (const std::string& m : metrics_) line += ",val_" + m;
  return line + "\n";
}

void LogCsv::start(const fs::path& file) {
  file_.reset(std::fopen(file.c_str(), "wb"));
  if (!file_) write_failed(file, errno);
  if (std::fputs(header().c_str(), file_.get()) == EOF || std::fflush(file_.get()) != 0) write_failed(file, errno);
}

std::unique_ptr<LogCsv> LogCsv::staged(fs::path path, std::vector<std::string> metrics) {
  std::unique_ptr<LogCsv> log(new LogCsv());
  log->path_ = std::move(path);
  log->metrics_ = std::move(metrics);
  log->staged_ = log->path_;
  log->staged_ += ".new";
  log->unfinished_ = std::make_unique<io::UnfinishedFile>(log->staged_);
  log->start(log->staged_);
  return log;
}

LogCsv::~LogCsv() {
  if (staged_.empty()) return;
  std::error_code ignored;
  fs::remove(staged_, ignored);
}

void LogCsv::commit() {
  if (staged_.empty()) return;
  std::error_code ec;
  fs::rename(staged_, path_, ec);
  if (ec) write_failed(path_, ec.value());
  staged_.clear();  // the open stream now writes to path_: a rename keeps the file
  unfinished_.reset();
}

void LogCsv::append(const LogRow& row) {
  const std::string line = format_row(row, metrics_.size());
  // One fputs and a flush per row: the row reaches the OS whole or (after a crash) as a torn last line.
  if (std::fputs(line.c_str(), file_.get()) == EOF || std::fflush(file_.get()) != 0)
    write_failed(staged_.empty() ? path_ : staged_, errno);
}

std::vector<LogRow> read_log_csv(const fs::path& path) {
  const std::string text = io::read_input_file(path.string());
  std::vector<LogRow> rows;
  std::vector<std::string> metrics;
  for (const Line& line : parse_log(path, text, metrics)) rows.push_back(line.row);
  return rows;
}

}  // namespace lstmkit::train
