#include "lstmkit/data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include "lstmkit/data/column_table.h"
#include "lstmkit/data/csv_records.h"
#include "lstmkit/error.h"
#include "lstmkit/io/input_file.h"
#include "lstmkit/text/utf8_reader.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

namespace {

std::string_view trimmed(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// File text as an error quotes it: escaped, cut short.
std::string quote(std::string_view text) {
  std::string quoted(1, '\'');  // appended piecewise: GCC 12 misreports `"'" + str + "'"` (-Wrestrict)
  quoted.append(text::printable(text)).push_back('\'');
  return quoted;
}

// Text kept from the file (column names, labels, group names) is stored in checkpoints as JSON, which
// holds UTF-8 only: better refused here, at its line, than when the model is saved.
void require_utf8(std::string_view text, const std::string& where, const std::string& what) {
  if (text::find_invalid_utf8(text) != std::string_view::npos)
    throw Error(where, what + " " + quote(text) + " is invalid UTF-8",
                "convert the file to UTF-8, e.g. with `iconv -f LATIN1 -t UTF-8`");
}

// Parses one field as a finite float, locale-independently; returns what is wrong with it, if anything.
// Spaces and tabs around the number and one leading '+' are accepted; anything after it is not.
std::optional<std::string> parse_value(std::string_view field, float& out) {
  const std::string_view s = trimmed(field);
  if (s.empty()) return "missing value";
  std::string_view digits = s;
  if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-' && digits[1] != '+') digits.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  const std::string quoted = quote(s);
  // Text after a number makes it no number, however large the number is.
  if (ec == std::errc::invalid_argument || end != digits.data() + digits.size()) return quoted + " is not a number";
  if (ec == std::errc::result_out_of_range) return quoted + " is out of float range";
  if (!std::isfinite(value)) return quoted + " is not a finite number";
  if (std::fabs(value) > std::numeric_limits<float>::max()) return quoted + " is out of float range";
  out = static_cast<float>(value);
  return std::nullopt;
}

// The first columns, enough to recognise the file: a binary file read as CSV may have thousands.
std::string column_list(const std::vector<std::string>& names) {
  constexpr size_t kShown = 20;
  std::string out;
  for (size_t c = 0; c < std::min(names.size(), kShown); ++c)
    out += (c ? ", " : "") + text::printable(names[c], 40) + " (" + std::to_string(c) + ")";
  if (names.size() > kShown) out += ", \xE2\x80\xA6 (" + std::to_string(names.size()) + " columns)";
  return out;
}

// An exact header name wins; otherwise an all-digit spec is a 0-based index.
size_t resolve_column(const std::string& spec, const std::vector<std::string>& names,
                      const std::string& option, const std::string& source) {
  const std::string available = "available columns: " + column_list(names);
  std::optional<size_t> found;
  for (size_t c = 0; c < names.size(); ++c) {
    if (names[c] != spec) continue;
    if (found)
      throw UsageError(option, "column name " + quote(spec) + " appears more than once in " + source,
                       "select the column by its 0-based index; " + available);
    found = c;
  }
  if (found) return *found;
  size_t index = 0;
  const auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
  if (!spec.empty() && ec == std::errc() && end == spec.data() + spec.size()) {
    if (index < names.size()) return index;
    throw UsageError(option,
                     "column index " + text::printable(spec) + " is out of range: " + source + " has " +
                         std::to_string(names.size()) + " columns",
                     available);
  }
  throw UsageError(option, "no column " + quote(spec) + " in " + source, available);
}

std::vector<std::string> header_names(const CsvRecord& first, bool no_header) {
  std::vector<std::string> names;
  for (size_t c = 0; c < first.fields.size(); ++c) {
    if (!no_header)
      names.emplace_back(trimmed(first.fields[c]));
    else
      names.push_back(first.fields.size() == 1 ? "value" : "column" + std::to_string(c));
  }
  return names;
}

const char* target_option(const CsvOptions& options) { return options.label ? "`label`" : "`target`"; }

// Whether `spec` names a column (by name, or by an index in range): a label_optional label may be absent.
bool names_a_column(const std::string& spec, const std::vector<std::string>& names) {
  if (std::find(names.begin(), names.end(), spec) != names.end()) return true;
  size_t index = 0;
  const auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
  return !spec.empty() && ec == std::errc() && end == spec.data() + spec.size() && index < names.size();
}

// Where each series column comes from: the file column of each, and the text columns.
struct Layout {
  std::vector<size_t> selected;       // [K] file column of each series column; npos: an absent label
  size_t label = std::string::npos;   // series column of a text-read label
  size_t group = std::string::npos;   // file column of the group names
  size_t time = std::string::npos;    // file column of the times
  size_t series = std::string::npos;  // file column of the series ids
};

// Column indices to read: the features in the order given, then the target unless it is one of them.
Series select_columns(const std::vector<std::string>& names, const CsvOptions& options,
                      const std::string& source, Layout& layout) {
  std::vector<size_t>& selected = layout.selected;
  const bool absent_label = options.label && options.label_optional && !options.target.empty() &&
                            !names_a_column(options.target, names);
  const size_t target = absent_label ? std::string::npos
                         : options.target.empty()
                             ? names.size() - 1
                             : resolve_column(options.target, names, target_option(options), source);
  if (options.label && options.features.empty())
    throw UsageError("`features`", "a classifier needs input columns besides its label",
                     "list them with `features` a,b,c");
  std::vector<size_t> wanted;
  for (const auto& f : options.features) wanted.push_back(resolve_column(f, names, "`features`", source));
  if (wanted.empty()) wanted.push_back(target);
  if (options.label && std::find(wanted.begin(), wanted.end(), target) != wanted.end())
    throw UsageError("`features`", "the label column " + quote(names[target]) + " cannot also be a feature",
                     "list the input columns with `features` a,b,c, without the label");
  if (!options.group.empty()) {
    layout.group = resolve_column(options.group, names, "`group`", source);
    const bool is_label = layout.group == target;
    if (is_label || std::find(wanted.begin(), wanted.end(), layout.group) != wanted.end())
      throw UsageError("`group`",
                       "column " + quote(names[layout.group]) + " is the " + (is_label ? "label" : "feature") +
                           " column as well",
                       "the group column only names each row's sequence: give another `group`, and leave it "
                       "out of `features`");
  }
  if (!options.time.empty()) {
    layout.time = resolve_column(options.time, names, "`time_column`", source);
    const bool taken = layout.time == target || layout.time == layout.group ||
                       std::find(wanted.begin(), wanted.end(), layout.time) != wanted.end();
    if (taken)
      throw UsageError("`time_column`", "column " + quote(names[layout.time]) + " is also a target, feature or group column",
                       "the time column only dates each row: give another `time_column`, and leave it out of "
                       "`features`");
  }
  if (!options.series.empty()) {
    layout.series = resolve_column(options.series, names, "`series_column`", source);
    const bool taken = layout.series == target || layout.series == layout.group || layout.series == layout.time ||
                       std::find(wanted.begin(), wanted.end(), layout.series) != wanted.end();
    if (taken)
      throw UsageError("`series_column`",
                       "column " + quote(names[layout.series]) + " is also a target, feature, group or time column",
                       "the series column only names each row's series: give another `series_column`, and leave it "
                       "out of `features`");
  }
  Series series;
  // Series columns are addressed by name (the scaler, the checkpoint), so two chosen columns may not share
  // one.
  auto add = [&](size_t c) {
    for (size_t j = 0; j < selected.size(); ++j) {
      if (selected[j] == c) return j;
      if (names[selected[j]] == names[c])
        throw UsageError(options.features.empty() ? target_option(options) : "`features`",
                         "columns " + std::to_string(selected[j]) + " and " + std::to_string(c) + " of " +
                             source + " are both called " + quote(names[c]),
                         "rename one of them in the header");
    }
    selected.push_back(c);
    series.names.push_back(names[c]);
    series.columns.emplace_back();
    return selected.size() - 1;
  };
  for (size_t c : wanted) series.features.push_back(add(c));
  if (absent_label) {
    selected.push_back(std::string::npos);
    series.names.push_back(options.target);
    series.columns.emplace_back();
    series.targets.push_back(selected.size() - 1);
  } else {
    series.targets.push_back(add(target));
  }
  if (options.label) layout.label = series.targets.front();
  return series;
}

// The label column's values from the label texts of the kept rows: the numbers, when every label is
// one; otherwise each label's index into the sorted distinct texts, which become `names`.
std::vector<float> label_values(const std::vector<std::string>& labels, std::vector<std::string>& names) {
  std::vector<float> values(labels.size());
  bool numeric = true;
  for (size_t r = 0; r < labels.size() && numeric; ++r) numeric = !parse_value(labels[r], values[r]);
  if (numeric) return values;
  names = labels;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (size_t r = 0; r < labels.size(); ++r)
    values[r] = static_cast<float>(std::lower_bound(names.begin(), names.end(), labels[r]) - names.begin());
  return values;
}

// A CSV file's rows, one record at a time: every field is text.
class FileRows {
 public:
  static constexpr char kFix[] = "fix the file";

  // `first`: the header record, which is the first data row when `first_is_data` (no header).
  FileRows(CsvRecords& records, CsvRecord first, bool first_is_data, size_t fields, const std::string& source)
      : records_(records), record_(std::move(first)), pending_(first_is_data), fields_(fields), source_(source) {}

  bool next() {
    if (pending_)
      pending_ = false;
    else if (!records_.next(record_))
      return false;
    if (record_.fields.size() != fields_)
      throw Error(where(),
                  std::to_string(record_.fields.size()) + " fields where " +
                      (no_header_ ? "the first row" : "the header") + " has " + std::to_string(fields_),
                  "every row needs the same number of comma-separated fields; quote a field that contains a comma");
    return true;
  }
  size_t line() const { return record_.line; }
  std::string where() const { return source_ + ":" + std::to_string(record_.line); }
  std::optional<std::string> number(size_t column, float& out) const { return parse_value(record_.fields[column], out); }
  std::string text(size_t column) const { return std::string(trimmed(record_.fields[column])); }

 private:
  CsvRecords& records_;
  CsvRecord record_;
  bool pending_;
  const bool no_header_ = pending_;
  size_t fields_;
  const std::string& source_;
};

// Columns in memory, row by row: a number column's values are used as they are (no text in between, so a
// float reads back exactly); a row is named `source:R`, R counted from 0 as an array index is.
class MemoryRows {
 public:
  static constexpr char kFix[] = "fix the values";

  MemoryRows(const ColumnTable& table, const std::string& source) : table_(table), source_(source) {}

  bool next() {
    row_ = started_ ? row_ + 1 : 0;
    started_ = true;
    return row_ < table_.columns.front().rows();
  }
  size_t line() const { return row_; }
  std::string where() const { return source_ + ":" + std::to_string(row_); }
  std::optional<std::string> number(size_t column, float& out) const {
    const MemoryColumn& c = table_.columns[column];
    if (c.is_text) return parse_value(c.texts[row_], out);
    const float value = c.numbers[row_];
    if (std::isnan(value)) return "missing value (NaN)";
    if (!std::isfinite(value)) return quote(value > 0 ? "inf" : "-inf") + " is not a finite number";
    out = value;
    return std::nullopt;
  }
  std::string text(size_t column) const {
    const MemoryColumn& c = table_.columns[column];
    if (c.is_text) return std::string(trimmed(c.texts[row_]));
    const float value = c.numbers[row_];
    if (!std::isfinite(value)) return "";
    char buf[32];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
  }

 private:
  const ColumnTable& table_;
  const std::string& source_;
  size_t row_ = 0;
  bool started_ = false;
};

// The selected columns of every row, under the fill policy. `Rows`: FileRows or MemoryRows; `names`
// its columns; `header_where` where a column name is, for errors about it.
template <typename Rows>
CsvTable read_rows(Rows& rows, const std::vector<std::string>& names, const std::string& header_where,
                   const std::string& source, const CsvOptions& options) {
  Layout layout;
  CsvTable table;
  table.series = select_columns(names, options, source, layout);
  const std::vector<size_t>& selected = layout.selected;
  for (size_t c : selected)
    if (c != std::string::npos) require_utf8(names[c], header_where, "column name");
  for (size_t c : {layout.group, layout.series})
    if (c != std::string::npos) require_utf8(names[c], header_where, "column name");
  const bool labels_read = layout.label != std::string::npos && selected[layout.label] != std::string::npos;
  table.labelled = !options.label || labels_read;

  // The current row and the last kept one: numbers [K] (a text label's slot unused), label, group.
  std::vector<float> row(selected.size()), previous(selected.size());
  std::string label, group, time, id, previous_label, previous_group, previous_time, previous_id;
  std::vector<std::string> labels;  // [R] label text of each kept row
  bool have_previous = false;
  while (rows.next()) {
    ++table.rows_read;
    const std::string where = rows.where();
    // A bad value follows the fill policy: an error, or true to carry the previous row's value, or false
    // to drop the row.
    auto carry = [&](size_t file_column, const std::string& problem) {
      const std::string what = "column " + quote(names[file_column]) + ": " + problem;
      switch (options.fill) {
        case FillPolicy::none:
          throw Error(where, what,
                      std::string(Rows::kFix) +
                          ", or pass `fill` ffill|drop to carry the previous row's value or drop the row");
        case FillPolicy::ffill:
          if (!have_previous)
            throw Error(where, what + " in the first data row",
                        "`fill` ffill has no earlier value to carry; " + std::string(Rows::kFix) + " or use `fill` drop");
          ++table.filled_values;
          return true;
        case FillPolicy::drop: return false;
      }
      return false;
    };
    // The label and group are text: only an empty field is missing.
    auto read_text = [&](size_t file_column, std::string& text, const std::string& previous_text) {
      text = rows.text(file_column);
      require_utf8(text, where, "column " + quote(names[file_column]) + ":");
      if (!text.empty()) return true;
      if (!carry(file_column, "missing value")) return false;
      text = previous_text;
      return true;
    };
    bool keep = true;
    for (size_t j = 0; j < selected.size() && keep; ++j) {
      if (j == layout.label) {
        if (labels_read) keep = read_text(selected[j], label, previous_label);
        continue;
      }
      const std::optional<std::string> problem = rows.number(selected[j], row[j]);
      if (!problem) continue;
      keep = carry(selected[j], *problem);
      if (keep) row[j] = previous[j];
    }
    if (keep && layout.group != std::string::npos) keep = read_text(layout.group, group, previous_group);
    if (keep && layout.time != std::string::npos) keep = read_text(layout.time, time, previous_time);
    if (keep && layout.series != std::string::npos) keep = read_text(layout.series, id, previous_id);
    if (!keep) {
      ++table.dropped_rows;
      continue;
    }
    for (size_t j = 0; j < selected.size(); ++j)
      if (j != layout.label) table.series.columns[j].push_back(row[j]);
    if (labels_read) labels.push_back(label);
    if (layout.group != std::string::npos) table.groups.push_back(group);
    if (layout.time != std::string::npos) table.times.push_back(time);
    if (layout.series != std::string::npos) table.series_ids.push_back(id);
    table.lines.push_back(rows.line());
    previous = row;
    previous_label = label;
    previous_group = group;
    previous_time = time;
    previous_id = id;
    have_previous = true;
  }
  if (table.lines.empty())
    throw Error(source, table.dropped_rows ? "every data row was dropped for a bad value" : "no data rows",
                "give at least one row of numbers after the header");
  if (layout.label != std::string::npos)
    table.series.columns[layout.label] =
        labels_read ? label_values(labels, table.label_names)
                    : std::vector<float>(table.lines.size(), std::numeric_limits<float>::quiet_NaN());
  return table;
}

}  // namespace

FillPolicy parse_fill_policy(const std::string& name, const std::string& option) {
  if (name == "none") return FillPolicy::none;
  if (name == "ffill") return FillPolicy::ffill;
  if (name == "drop") return FillPolicy::drop;
  throw UsageError(option, "unknown fill policy '" + name + "'", "use none, ffill or drop");
}

std::string fill_policy_name(FillPolicy policy) {
  switch (policy) {
    case FillPolicy::none: return "none";
    case FillPolicy::ffill: return "ffill";
    case FillPolicy::drop: return "drop";
  }
  return "";
}

std::vector<std::string> parse_column_list(const std::string& list, const std::string& option) {
  std::vector<std::string> names;
  size_t begin = 0;
  while (true) {
    const size_t comma = list.find(',', begin);
    const std::string_view name = trimmed(
        std::string_view(list).substr(begin, comma == std::string::npos ? std::string::npos : comma - begin));
    if (name.empty())
      throw UsageError(option, "empty column name in '" + list + "'",
                       "list column names or 0-based indices separated by commas, e.g. a,b,c");
    names.emplace_back(name);
    if (comma == std::string::npos) return names;
    begin = comma + 1;
  }
}

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
  return parse_csv(io::read_input_file(path), path, options);
}

CsvTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
  CsvRecords records(text, source);
  CsvRecord header;
  if (!records.next(header))
    throw Error(source, "the file is empty", "give a CSV file with a header line and rows of numbers");
  const std::vector<std::string> names = header_names(header, options.no_header);
  FileRows rows(records, std::move(header), options.no_header, names.size(), source);
  return read_rows(rows, names, source + ":" + std::to_string(rows.line()), source, options);
}

CsvTable read_columns(const ColumnTable& table, const std::string& source, const CsvOptions& options) {
  if (table.columns.empty()) throw Error(source, "no columns", "give at least one named column of values");
  std::vector<std::string> names;
  for (const MemoryColumn& column : table.columns) {
    if (column.rows() != table.columns.front().rows())
      throw Error(source,
                  "column " + quote(column.name) + " has " + std::to_string(column.rows()) + " rows, column " +
                      quote(table.columns.front().name) + " " + std::to_string(table.columns.front().rows()),
                  "give columns of one length");
    names.push_back(column.name);
  }
  MemoryRows rows(table, source);
  return read_rows(rows, names, source, source, options);
}

}  // namespace lstmkit::data
