#pragma once
// `--csv FILE`: reads the chosen numeric columns of a CSV file into a Series. Only the selected columns
// are parsed, so a date or label column elsewhere in the file does no harm. A classifier's label column
// and a sequence classifier's group column are read as text; every other selected column holds numbers.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lstmkit/data/column_table.h"
#include "lstmkit/data/series.h"

namespace lstmkit::data {

// What to do with a missing, non-numeric, NaN or infinite value in a selected column.
enum class FillPolicy {
  none,   // it is an error naming FILE:line and the column
  ffill,  // carry the previous row's value (the first data row has none: still an error)
  drop,   // drop the whole row
};

// Parses "none" | "ffill" | "drop"; throws lstmkit::UsageError naming `option` otherwise.
FillPolicy parse_fill_policy(const std::string& name, const std::string& option = "`fill`");
std::string fill_policy_name(FillPolicy policy);

struct CsvOptions {
  // A column is named by its header name or by its 0-based index; an exact name match wins over an
  // index, so a header "0" still means that column. Empty target: the last column.
  std::string target;
  std::vector<std::string> features;  // empty: the target alone
  // No header line: the columns are called "value" (one column) or "column0", "column1", ...
  bool no_header = false;
  FillPolicy fill = FillPolicy::none;
  // The target is a class label, read as text so that labels may be words ("walking") or numbers: when
  // every label is a number the label column holds the numbers (as a numeric target would), otherwise
  // it holds each row's index into CsvTable::label_names. A missing label follows `fill`.
  bool label = false;
  // The column naming each row's sequence (`--group`), read as text; neither a feature nor the label.
  // Empty: no groups. A missing group name follows `fill`.
  std::string group;
  // The column of each row's date or time (`--time-column`), read as text (data/time_column.h); neither a
  // feature, the target nor the group. Empty: none. A missing time follows `fill`.
  std::string time;
  // The column naming each row's series (`--series-column`), read as text (data/series_runs.h); neither a
  // feature, the target, the group nor the time. Empty: one series. A missing id follows `fill`.
  std::string series;
  // With `label`: a file without the label column is read all the same, its labels unknown (NaN), so a
  // classifier can be run on new data. A reading choice, not part of a model's stored source.
  bool label_optional = false;
};

struct CsvTable {
  Series series;             // columns: the features in the order given, then the target if not one
  size_t rows_read = 0;      // data records in the file (header excluded), kept or dropped
  size_t filled_values = 0;  // values replaced under FillPolicy::ffill
  size_t dropped_rows = 0;   // rows removed under FillPolicy::drop
  std::vector<size_t> lines;             // [R] 1-based line of each kept row in the file
  std::vector<std::string> label_names;  // options.label with a word among the labels: distinct labels, ascending
  bool labelled = true;                  // false: options.label_optional and the file has no label column
  std::vector<std::string> groups;       // [R] options.group: each kept row's group name
  std::vector<std::string> times;        // [R] options.time: each kept row's time, as written
  std::vector<std::string> series_ids;   // [R] options.series: each kept row's series id
};

// Splits a `--features a,b,c` value at commas (spaces around names trimmed, empty names rejected with
// lstmkit::UsageError naming `option`).
std::vector<std::string> parse_column_list(const std::string& list, const std::string& option = "`features`");

// Reads `path`. Errors (lstmkit::Error): unreadable or empty file, malformed quoting, a row with the
// wrong number of fields (FILE:line), a bad value (FILE:line, column name, a hint about --fill), no
// data rows left. An unknown column is an lstmkit::UsageError on "`target`" / "`features`" / "`group`" /
// "`time_column`" / "`series_column`" listing the available columns; so is a group, time or series column
// that is also the target, a feature or another of them.
CsvTable read_csv(const std::string& path, const CsvOptions& options);
// The same for text already in memory; `source` stands for the file name in errors.
CsvTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options);
// The same for columns in memory, as a file holding them (a header of their names, no_header ignored)
// would be read; a row is named `source:R`, R its 0-based index. Also an lstmkit::Error at `source` for
// no columns or columns of different lengths.
CsvTable read_columns(const ColumnTable& table, const std::string& source, const CsvOptions& options);

}  // namespace lstmkit::data
