// Columns in memory are read as a CSV file of the same values is: the same series, times, fill policy and
// errors (at `source:R`, R the 0-based row); their fingerprint tells values apart.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "lstmkit/data/column_table.h"
#include "lstmkit/data/csv_reader.h"
#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

MemoryColumn numbers(std::string name, std::vector<float> values) { return {std::move(name), std::move(values), {}, false}; }
MemoryColumn texts(std::string name, std::vector<std::string> values) { return {std::move(name), {}, std::move(values), true}; }

// The table and the CSV text a file of the same values would hold read alike.
void expect_same(const ColumnTable& table, const std::string& csv, const CsvOptions& options) {
  const CsvTable memory = read_columns(table, "arrays", options);
  const CsvTable file = parse_csv(csv, "f.csv", options);
  EXPECT_EQ(memory.series.names, file.series.names);
  EXPECT_EQ(memory.series.features, file.series.features);
  EXPECT_EQ(memory.series.targets, file.series.targets);
  EXPECT_EQ(memory.series.columns, file.series.columns);
  EXPECT_EQ(memory.times, file.times);
  EXPECT_EQ(memory.rows_read, file.rows_read);
  EXPECT_EQ(memory.filled_values, file.filled_values);
  EXPECT_EQ(memory.dropped_rows, file.dropped_rows);
  ASSERT_EQ(memory.lines.size(), file.lines.size());
  // A file's line counts the header and from 1; a row's index counts from 0.
  for (size_t r = 0; r < memory.lines.size(); ++r) EXPECT_EQ(memory.lines[r] + 2, file.lines[r]);
}

TEST(ColumnTable, ReadsAsTheSameValuesInAFile) {
  const ColumnTable table{{texts("date", {"2024-01", "2024-02", "2024-03"}), numbers("x", {0.1f, -2.5f, 3e-8f}),
                           numbers("y", {1, 2, 3})}};
  CsvOptions options;
  options.features = {"x", "y"};
  options.time = "date";
  expect_same(table, "date,x,y\n2024-01,0.1,1\n2024-02,-2.5,2\n2024-03,3e-8,3\n", options);
  const CsvTable read = read_columns(table, "arrays", options);
  EXPECT_EQ(read.series.columns[0], (std::vector<float>{0.1f, -2.5f, 3e-8f}));  // the floats themselves
  EXPECT_EQ(read.times, (std::vector<std::string>{"2024-01", "2024-02", "2024-03"}));
}

TEST(ColumnTable, MissingValuesFollowTheFillPolicy) {
  const float inf = std::numeric_limits<float>::infinity();
  const ColumnTable table{{numbers("x", {1, kNaN, 3, 4}), numbers("y", {5, 6, inf, 8})}};
  CsvOptions options;
  options.features = {"x", "y"};
  for (FillPolicy fill : {FillPolicy::ffill, FillPolicy::drop}) {
    options.fill = fill;
    expect_same(table, "x,y\n1,5\n,6\n3,inf\n4,8\n", options);
  }
  options.fill = FillPolicy::none;
  try {
    read_columns(table, "arrays", options);
    ADD_FAILURE() << "a NaN was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "arrays:1");
    EXPECT_NE(e.what_is_wrong().find("column 'x': missing value"), std::string::npos) << e.what();
  }
  options.fill = FillPolicy::ffill;
  const ColumnTable first_missing{{numbers("x", {kNaN, 1})}};
  EXPECT_THROW(read_columns(first_missing, "arrays", options), Error);
}

TEST(ColumnTable, RefusesColumnsOfDifferentLengthsAndUnknownNames) {
  const ColumnTable uneven{{numbers("a", {1, 2, 3}), numbers("b", {1, 2})}};
  EXPECT_THROW(read_columns(uneven, "arrays", {}), Error);
  EXPECT_THROW(read_columns(ColumnTable{}, "arrays", {}), Error);
  CsvOptions options;
  options.target = "c";
  EXPECT_THROW(read_columns(ColumnTable{{numbers("a", {1})}}, "arrays", options), UsageError);
}

TEST(ColumnTable, FingerprintTellsValuesApart) {
  const ColumnTable a{{numbers("value", {1, 2, 3})}};
  EXPECT_EQ(fingerprint(a), fingerprint(ColumnTable{{numbers("value", {1, 2, 3})}}));
  EXPECT_EQ(fingerprint(a).rfind("3 rows, crc32 ", 0), 0u);
  EXPECT_NE(fingerprint(a), fingerprint(ColumnTable{{numbers("value", {1, 2, 4})}}));
  EXPECT_NE(fingerprint(a), fingerprint(ColumnTable{{numbers("other", {1, 2, 3})}}));
  EXPECT_NE(fingerprint(ColumnTable{{texts("t", {"ab", "c"})}}), fingerprint(ColumnTable{{texts("t", {"a", "bc"})}}));
}

}  // namespace
}  // namespace lstmkit::data
