#include "lstmkit/data/csv_reader.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "lstmkit/data/csv_records.h"
#include "lstmkit/error.h"

namespace lstmkit::data {

namespace {

std::string_view trimmed(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
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
  std::string quoted(1, '\'');  // appended piecewise: GCC 12 misreports `"'" + str + "'"` (-Wrestrict)
  quoted.append(s).push_back('\'');
  if (ec == std::errc::result_out_of_range) return quoted + " is out of float range";
  if (ec != std::errc() || end != digits.data() + digits.size()) return quoted + " is not a number";
  if (!std::isfinite(value)) return quoted + " is not a finite number";
  if (std::fabs(value) > std::numeric_limits<float>::max()) return quoted + " is out of float range";
  out = static_cast<float>(value);
  return std::nullopt;
}

std::string column_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t c = 0; c < names.size(); ++c)
    out += (c ? ", " : "") + names[c] + " (" + std::to_string(c) + ")";
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
      throw UsageError(option, "column name '" + spec + "' appears more than once in " + source,
                       "select the column by its 0-based index; " + available);
    found = c;
  }
  if (found) return *found;
  size_t index = 0;
  const auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
  if (!spec.empty() && ec == std::errc() && end == spec.data() + spec.size()) {
    if (index < names.size()) return index;
    throw UsageError(option,
                     "column index " + spec + " is out of range: " + source + " has " +
                         std::to_string(names.size()) + " columns",
                     available);
  }
  throw UsageError(option, "no column '" + spec + "' in " + source, available);
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

// Column indices to read: the features in the order given, then the target unless it is one of them.
Series select_columns(const std::vector<std::string>& names, const CsvOptions& options,
                      const std::string& source, std::vector<size_t>& selected) {
  const size_t target =
      options.target.empty() ? names.size() - 1 : resolve_column(options.target, names, "--target", source);
  std::vector<size_t> wanted;
  for (const auto& f : options.features) wanted.push_back(resolve_column(f, names, "--features", source));
  if (wanted.empty()) wanted.push_back(target);
  Series series;
  // Series columns are addressed by name (the scaler, the checkpoint), so two chosen columns may not share
  // one.
  auto add = [&](size_t c) {
    for (size_t j = 0; j < selected.size(); ++j) {
      if (selected[j] == c) return j;
      if (names[selected[j]] == names[c])
        throw UsageError(options.features.empty() ? "--target" : "--features",
                         "columns " + std::to_string(selected[j]) + " and " + std::to_string(c) + " of " +
                             source + " are both called '" + names[c] + "'",
                         "rename one of them in the header");
    }
    selected.push_back(c);
    series.names.push_back(names[c]);
    series.columns.emplace_back();
    return selected.size() - 1;
  };
  for (size_t c : wanted) series.features.push_back(add(c));
  series.targets.push_back(add(target));
  return series;
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
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(path, std::string("cannot open the file: ") + std::strerror(errno),
                "check the path given to --csv");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(path, "read error", "check that the file is readable");
  return parse_csv(text.str(), path, options);
}

CsvTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
  CsvRecords records(text, source);
  CsvRecord record;
  if (!records.next(record))
    throw Error(source, "the file is empty", "give a CSV file with a header line and rows of numbers");
  const std::vector<std::string> names = header_names(record, options.no_header);
  std::vector<size_t> selected;  // [K] file column of each series column
  CsvTable table;
  table.series = select_columns(names, options, source, selected);

  std::vector<float> row(selected.size());       // [K] values of the current row
  std::vector<float> previous(selected.size());  // [K] values of the last kept row
  bool have_previous = false;
  bool pending = options.no_header;  // without a header, the first record is already data
  while (pending || records.next(record)) {
    pending = false;
    ++table.rows_read;
    const std::string where = source + ":" + std::to_string(record.line);
    if (record.fields.size() != names.size())
      throw Error(where,
                  std::to_string(record.fields.size()) + " fields where " +
                      (options.no_header ? "the first row" : "the header") + " has " +
                      std::to_string(names.size()),
                  "every row needs the same number of comma-separated fields; quote a field that "
                  "contains a comma");
    bool drop = false;
    for (size_t j = 0; j < selected.size() && !drop; ++j) {
      const std::optional<std::string> problem = parse_value(record.fields[selected[j]], row[j]);
      if (!problem) continue;
      const std::string what = "column '" + names[selected[j]] + "': " + *problem;
      switch (options.fill) {
        case FillPolicy::none:
          throw Error(where, what,
                      "fix the file, or pass --fill ffill|drop to carry the previous row's value or "
                      "drop the row");
        case FillPolicy::ffill:
          if (!have_previous)
            throw Error(where, what + " in the first data row",
                        "--fill ffill has no earlier value to carry; fix the file or use --fill drop");
          row[j] = previous[j];
          ++table.filled_values;
          break;
        case FillPolicy::drop: drop = true; break;
      }
    }
    if (drop) {
      ++table.dropped_rows;
      continue;
    }
    for (size_t j = 0; j < selected.size(); ++j) table.series.columns[j].push_back(row[j]);
    previous = row;
    have_previous = true;
  }
  if (table.series.rows() == 0)
    throw Error(source, table.dropped_rows ? "every data row was dropped for a bad value" : "no data rows",
                "give at least one row of numbers after the header");
  return table;
}

}  // namespace lstmkit::data
