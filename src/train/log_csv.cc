#include "lstmkit/train/log_csv.h"

#include <algorithm>
#include <array>
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

// The columns before the rate; the rate's name varies with the task.
constexpr std::array<std::string_view, 6> kFixed = {"step", "epoch", "batch_loss", "train_loss", "val_loss", "lr"};
constexpr std::string_view kRateSuffix = "_per_s";
// Logs of earlier versions: no batch loss, the rate always called tokens_per_s, and a second row for
// each validation.
constexpr std::array<std::string_view, 6> kLegacy = {"step", "epoch", "train_loss", "val_loss", "lr", "tokens_per_s"};

struct Header {
  LogColumns columns;
  bool legacy = false;
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

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The columns of a header, or nullopt when it is not a training log's.
std::optional<Header> parse_header(std::string_view line) {
  const std::vector<std::string_view> fields = split_fields(line);
  Header h;
  size_t first_metric = 0;
  if (fields.size() >= kLegacy.size() && std::equal(kLegacy.begin(), kLegacy.end(), fields.begin())) {
    h.legacy = true;
    first_metric = kLegacy.size();
  } else if (fields.size() > kFixed.size() && std::equal(kFixed.begin(), kFixed.end(), fields.begin()) &&
             ends_with(fields[kFixed.size()], kRateSuffix)) {
    h.columns.rate = fields[kFixed.size()];
    first_metric = kFixed.size() + 1;
  } else {
    return std::nullopt;
  }
  for (size_t k = first_metric; k < fields.size(); ++k) {
    if (fields[k].substr(0, 4) != "val_" || fields[k].size() == 4) return std::nullopt;
    h.columns.metrics.emplace_back(fields[k].substr(4));
  }
  return h;
}

// One row in the header's form; a legacy row has no batch loss.
bool parse_row(std::string_view text, const Header& h, LogRow& row) {
  const std::vector<std::string_view> fields = split_fields(text);
  const size_t metrics = h.columns.metrics.size();
  const size_t fixed = h.legacy ? kLegacy.size() : kFixed.size() + 1;
  if (fields.size() != fixed + metrics) return false;
  row.metrics.assign(metrics, std::nullopt);
  for (size_t k = 0; k < metrics; ++k)
    if (!parse_optional(fields[fixed + k], row.metrics[k])) return false;
  if (metrics > 0 && std::none_of(row.metrics.begin(), row.metrics.end(), [](const auto& m) { return m.has_value(); }))
    row.metrics.clear();  // a row without metrics reads back as written
  size_t f = 2;
  if (!parse_number(fields[0], row.step) || !parse_number(fields[1], row.epoch)) return false;
  if (!h.legacy && !parse_optional(fields[f++], row.batch_loss)) return false;
  return parse_optional(fields[f], row.train_loss) && parse_optional(fields[f + 1], row.val_loss) &&
         parse_optional(fields[f + 2], row.lr) && parse_optional(fields[f + 3], row.rate);
}

// An earlier version's validation row joins the training row of its step.
bool merge_legacy_validation(std::vector<LogRow>& rows, const LogRow& row) {
  if (!row.val_loss || rows.empty() || rows.back().step != row.step || rows.back().val_loss) return false;
  rows.back().val_loss = row.val_loss;
  rows.back().metrics = row.metrics;
  return true;
}

// The complete rows of `text`. A file without even a complete header line has no rows and the default
// columns, and reads as legacy = false.
std::pair<Header, std::vector<LogRow>> parse_log(const fs::path& path, std::string_view text) {
  Header header;
  std::vector<LogRow> rows;
  size_t start = 0, number = 0;
  // Only lines ended by '\n' count: a missing newline means the write of that row was cut short.
  for (size_t end; (end = text.find('\n', start)) != std::string_view::npos; start = end + 1) {
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (number == 1) {
      const std::optional<Header> parsed = parse_header(line);
      if (!parsed)
        throw Error(path.string() + ":1", "not an lstmkit training log (header '" + std::string(line) + "')",
                    "expected 'step,epoch,batch_loss,train_loss,val_loss,lr,<unit>_per_s'; use another `out` or "
                    "move the file away");
      header = *parsed;
      continue;
    }
    if (line.empty()) continue;
    LogRow row;
    if (!parse_row(line, header, row))
      throw Error(path.string() + ":" + std::to_string(number), "malformed row '" + std::string(line) + "'",
                  "fix or delete that row of the training log");
    if (!(header.legacy && merge_legacy_validation(rows, row))) rows.push_back(std::move(row));
  }
  return {header, rows};
}

std::string field(const std::optional<double>& value, const char* format) {
  if (!value) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, *value);
  return buf;
}

std::string header_line(const LogColumns& columns) {
  std::string line;
  for (std::string_view name : kFixed) line.append(name).append(",");
  line += columns.rate;
  for (const std::string& m : columns.metrics) line += ",val_" + m;
  return line + "\n";
}

std::string format_row(const LogRow& row, size_t metrics) {
  std::string line = std::to_string(row.step) + "," + std::to_string(row.epoch) + "," +
                     field(row.batch_loss, "%.7g") + "," + field(row.train_loss, "%.7g") + "," +
                     field(row.val_loss, "%.7g") + "," + field(row.lr, "%.7g") + "," + field(row.rate, "%.1f");
  for (size_t k = 0; k < metrics; ++k)
    line += "," + (k < row.metrics.size() ? field(row.metrics[k], "%.7g") : std::string());
  return line + "\n";
}

[[noreturn]] void write_failed(const fs::path& path, int error) {
  throw Error(path.string(), std::string("cannot write the training log: ") + std::strerror(error),
              "check that `out` is a writable directory with free space");
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

std::string rate_column(const std::string& unit) {
  if (unit == "tok") return "tokens_per_s";
  if (unit == "win") return "windows_per_s";
  if (unit == "seq") return "sequences_per_s";
  if (unit == "step") return "steps_per_s";
  return unit + std::string(kRateSuffix);
}

LogCsv::LogCsv(fs::path path, LogColumns columns, bool resume, int64_t resume_step)
    : path_(std::move(path)), columns_(std::move(columns)) {
  std::error_code ec;
  if (resume && fs::exists(path_, ec)) {
    const std::string old = io::read_input_file(path_.string());
    const auto [header, rows] = parse_log(path_, old);
    if (header.columns.metrics != columns_.metrics)
      throw Error(path_.string(), "was written by a run with other validation metrics",
                  "resume with the `valid_metrics` and `best_by` the run was started with");
    // An earlier version called every rate tokens_per_s; its rows are rewritten under the right name.
    if (!header.legacy && header.columns.rate != columns_.rate)
      throw Error(path_.string(), "counts its rate in " + header.columns.rate + ", this run in " + columns_.rate,
                  "resume the run in the `out` it was started in");
    std::string kept = header_line(columns_);
    for (const LogRow& row : rows)
      if (row.step <= resume_step) kept += format_row(row, columns_.metrics.size());
    rewrite(path_, kept);
    file_.reset(std::fopen(path_.c_str(), "ab"));
    if (!file_) write_failed(path_, errno);
    return;
  }
  start(path_);
}

void LogCsv::start(const fs::path& file) {
  file_.reset(std::fopen(file.c_str(), "wb"));
  if (!file_) write_failed(file, errno);
  if (std::fputs(header_line(columns_).c_str(), file_.get()) == EOF || std::fflush(file_.get()) != 0)
    write_failed(file, errno);
}

std::unique_ptr<LogCsv> LogCsv::staged(fs::path path, LogColumns columns) {
  std::unique_ptr<LogCsv> log(new LogCsv());
  log->path_ = std::move(path);
  log->columns_ = std::move(columns);
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
  const std::string line = format_row(row, columns_.metrics.size());
  // One fputs and a flush per row: the row reaches the OS whole or (after a crash) as a torn last line.
  if (std::fputs(line.c_str(), file_.get()) == EOF || std::fflush(file_.get()) != 0)
    write_failed(staged_.empty() ? path_ : staged_, errno);
}

LogTable read_log_table(const fs::path& path) {
  const std::string text = io::read_input_file(path.string());
  auto [header, rows] = parse_log(path, text);
  return {std::move(header.columns), std::move(rows)};
}

std::vector<LogRow> read_log_csv(const fs::path& path) { return read_log_table(path).rows; }

}  // namespace lstmkit::train
