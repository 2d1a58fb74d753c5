#include "lstmkit/data/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "lstmkit/error.h"
#include "support/special_files.h"
#include "support/temp_dir.h"

namespace lstmkit::data {
namespace {

using Floats = std::vector<float>;
using Names = std::vector<std::string>;

CsvTable parse(std::string_view text, CsvOptions options = {}) { return parse_csv(text, "f.csv", options); }

CsvOptions with_target(std::string target, std::vector<std::string> features = {}) {
  CsvOptions o;
  o.target = std::move(target);
  o.features = std::move(features);
  return o;
}

// Runs `body`, expecting an lstmkit::Error whose where() and what_is_wrong() are as given.
template <class E = Error, class F>
E expect_error(F body, const std::string& where, const std::string& what_part) {
  try {
    body();
  } catch (const E& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_NE(e.what_is_wrong().find(what_part), std::string::npos) << e.what();
    return e;
  }
  ADD_FAILURE() << "no error; expected " << where << ": " << what_part;
  return E("", "");
}

TEST(CsvReader, TargetByNameIsAloneByDefault) {
  const CsvTable t = parse("date,price,qty\n2020-01,1.5,3\n2020-02,-2e1,4\n", with_target("price"));
  EXPECT_EQ(t.series.names, (Names{"price"}));
  EXPECT_EQ(t.series.columns[0], (Floats{1.5f, -20.0f}));
  EXPECT_EQ(t.series.features, (std::vector<size_t>{0}));
  EXPECT_EQ(t.series.targets, (std::vector<size_t>{0}));
  EXPECT_EQ(t.rows_read, 2u);
}

TEST(CsvReader, TargetByIndexAndFeatureList) {
  CsvOptions o = with_target("2", parse_column_list("price, 0"));
  const CsvTable t = parse("a,price,qty\n1,2,3\n4,5,6\n", o);
  // Features in the order given, then the target.
  EXPECT_EQ(t.series.names, (Names{"price", "a", "qty"}));
  EXPECT_EQ(t.series.features, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(t.series.targets, (std::vector<size_t>{2}));
  EXPECT_EQ(t.series.columns[2], (Floats{3, 6}));
}

TEST(CsvReader, TargetAmongFeaturesIsStoredOnce) {
  const CsvTable t = parse("a,b\n1,2\n", with_target("b", {"b", "a"}));
  EXPECT_EQ(t.series.names, (Names{"b", "a"}));
  EXPECT_EQ(t.series.targets, (std::vector<size_t>{0}));
}

TEST(CsvReader, ExactNameWinsOverIndex) {
  const CsvTable t = parse("1,0\n10,20\n", with_target("0"));
  EXPECT_EQ(t.series.names, (Names{"0"}));
  EXPECT_EQ(t.series.columns[0], (Floats{20}));
}

TEST(CsvReader, EmptyTargetMeansTheLastColumn) {
  EXPECT_EQ(parse("month,passengers\n1949-01,112\n").series.names, (Names{"passengers"}));
}

TEST(CsvReader, QuotingCrlfBomAndMissingFinalBreak) {
  const std::string text = "\xEF\xBB\xBF\"Month\",\"Price, USD\"\r\n\"1949-01\",\"1,5\"\r\n";
  // "1,5" is one quoted field: a European decimal comma is not a number.
  expect_error([&] { parse(text, with_target("Price, USD")); }, "f.csv:2", "'1,5' is not a number");
  const CsvTable t = parse("\xEF\xBB\xBF\"Month\",\"Price, USD\"\r\n\"1949-01\",\" 112.5\"\r\nx,\"+7\"",
                           with_target("Price, USD"));
  EXPECT_EQ(t.series.names, (Names{"Price, USD"}));
  EXPECT_EQ(t.series.columns[0], (Floats{112.5f, 7.0f}));
}

TEST(CsvReader, HeaderNamesAreTrimmed) {
  EXPECT_EQ(parse("a , b\n1,2\n", with_target("b")).series.columns[0], (Floats{2}));
}

TEST(CsvReader, NoHeaderSingleColumn) {
  CsvOptions o;
  o.no_header = true;
  const CsvTable t = parse("1\n2.5\n-3\n", o);
  EXPECT_EQ(t.series.names, (Names{"value"}));
  EXPECT_EQ(t.series.columns[0], (Floats{1, 2.5f, -3}));
  o.target = std::string("0");  // not = "0": GCC 12 warns falsely on it (-Wrestrict, GCC bug 105329)
  EXPECT_EQ(parse("4\n5", o).series.columns[0], (Floats{4, 5}));
}

TEST(CsvReader, NoHeaderSeveralColumnsAreNumbered) {
  CsvOptions o;
  o.no_header = true;
  o.target = "column1";
  const CsvTable t = parse("1,2\n3,4\n", o);
  EXPECT_EQ(t.series.columns[0], (Floats{2, 4}));
  // Ragged relative to the first row.
  expect_error([&] { parse("1,2\n3\n", o); }, "f.csv:2", "1 fields where the first row has 2");
}

TEST(CsvReader, NumbersAreLocaleIndependentAndStrict) {
  const CsvTable t = parse("v\n1e3\n-0.25\n\t5\t\n.5\n", with_target("v"));
  EXPECT_EQ(t.series.columns[0], (Floats{1000, -0.25f, 5, 0.5f}));
  expect_error([] { parse("v\n1.5kg\n", with_target("v")); }, "f.csv:2",
               "column 'v': '1.5kg' is not a number");
  expect_error([] { parse("v\n0x10\n", with_target("v")); }, "f.csv:2", "'0x10' is not a number");
  expect_error([] { parse("v\n1 2\n", with_target("v")); }, "f.csv:2", "'1 2' is not a number");
  expect_error([] { parse("v\n+-1\n", with_target("v")); }, "f.csv:2", "'+-1' is not a number");
  expect_error([] { parse("v\n1e39\n", with_target("v")); }, "f.csv:2", "'1e39' is out of float range");
  expect_error([] { parse("v\n1e999\n", with_target("v")); }, "f.csv:2", "'1e999' is out of float range");
}

TEST(CsvReader, BadValueNamesFileLineColumnAndFillHint) {
  const std::string text = "date,price\n2020-01,1\n2020-02,\n";
  const Error e =
      expect_error([&] { parse(text, with_target("price")); }, "f.csv:3", "column 'price': missing value");
  EXPECT_NE(e.hint().find("`fill` ffill|drop"), std::string::npos);
  expect_error([] { parse("a,b\n1,2\n3,NaN\n", with_target("b")); }, "f.csv:3",
               "column 'b': 'NaN' is not a finite number");
  expect_error([] { parse("a,b\n1,inf\n", with_target("b")); }, "f.csv:2",
               "column 'b': 'inf' is not a finite number");
  expect_error([] { parse("a,b\n1,2\n3,-Infinity\n", with_target("b")); }, "f.csv:3",
               "'-Infinity' is not a finite number");
  expect_error([] { parse("a,b\n1,2\n3,n/a\n", with_target("b")); }, "f.csv:3",
               "column 'b': 'n/a' is not a number");
  // A feature column is checked as well; unselected columns are never parsed.
  expect_error([] { parse("a,b,c\n1,2,x\n?,3,y\n", with_target("b", {"a"})); }, "f.csv:3", "column 'a'");
}

TEST(CsvReader, LineNumbersCountQuotedLineBreaksAndCrlf) {
  const std::string text = "note,v\r\n\"multi\r\nline\",1\r\nok,x\r\n";
  expect_error([&] { parse(text, with_target("v")); }, "f.csv:4", "column 'v': 'x' is not a number");
}

TEST(CsvReader, RaggedRowNamesItsLine) {
  expect_error([] { parse("a,b\n1,2\n3,4,5\n", with_target("a")); }, "f.csv:3",
               "3 fields where the header has 2");
  expect_error([] { parse("a,b\n1,2\n\n3,4\n", with_target("a")); }, "f.csv:3",
               "1 fields where the header has 2");
}

bool has_control_bytes(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

// A binary file read as CSV used to put its raw bytes (NULs, terminal escapes) and whole megabyte-long
// fields into the error line.
TEST(CsvReader, FileTextInErrorsIsEscapedAndShort) {
  using namespace std::string_literals;
  Error e = expect_error([] { parse("v\n2\0\x1B[31m\n"s, with_target("v")); }, "f.csv:2", "is not a number");
  EXPECT_NE(e.what_is_wrong().find("'2\\u{0}\\u{1B}[31m'"), std::string::npos) << e.what();
  e = expect_error([] { parse("v\n1\xFF\n", with_target("v")); }, "f.csv:2", "'1\\xFF' is not a number");
  e = expect_error([] { parse("v\n" + std::string(100000, '7') + "x\n", with_target("v")); }, "f.csv:2",
                   "is not a number");
  EXPECT_LT(e.what_is_wrong().size(), 200u);
  const UsageError u = expect_error<UsageError>([] { parse("a\x1B]0;x\x07,b\n1,2\n", with_target("c")); },
                                                "`target`", "no column 'c'");
  EXPECT_FALSE(has_control_bytes(u.hint())) << u.hint();
  e = expect_error([] { parse("a\x07,b\n1\n", with_target("a\x07")); }, "f.csv:2", "fields where");
  for (const Error& error : {e, Error(u)}) EXPECT_FALSE(has_control_bytes(error.what())) << error.what();
  e = expect_error([] { parse("a,\x01" "b\n1,\n", with_target("\x01" "b")); }, "f.csv:2", "missing value");
  EXPECT_FALSE(has_control_bytes(e.what())) << e.what();
}

TEST(CsvReader, UnknownColumnListsTheAvailableOnes) {
  const UsageError e = expect_error<UsageError>([] { parse("date,price\n1,2\n", with_target("cost")); },
                                                "`target`", "no column 'cost' in f.csv");
  EXPECT_EQ(e.hint(), "available columns: date (0), price (1)");
  // A binary file read as CSV may have thousands of "columns": the list is cut short.
  std::string wide;
  for (int c = 0; c < 5000; ++c) wide += "column" + std::to_string(c) + ",";
  const UsageError w = expect_error<UsageError>([&] { parse(wide + "x\n", with_target("cost")); }, "`target`",
                                                "no column 'cost'");
  EXPECT_LT(w.hint().size(), 1000u);
  EXPECT_NE(w.hint().find("5001 columns"), std::string::npos) << w.hint();
  expect_error<UsageError>(
      [] {
        parse("a,b\n1,2\n", with_target("a", {"b", "c"}));
      },
      "`features`", "no column 'c'");
  expect_error<UsageError>([] { parse("a,b\n1,2\n", with_target("2")); }, "`target`",
                           "column index 2 is out of range");
  expect_error<UsageError>([] { parse("a,a\n1,2\n", with_target("a")); }, "`target`",
                           "appears more than once");
  expect_error<UsageError>([] { parse("a,a\n1,2\n", with_target("1", {"0"})); }, "`features`",
                           "columns 0 and 1 of f.csv are both called 'a'");
}

TEST(CsvReader, FfillCarriesThePreviousRowAndCounts) {
  CsvOptions o = with_target("b", {"a", "b"});
  o.fill = FillPolicy::ffill;
  const CsvTable t = parse("a,b\n1,10\n,x\nnan,12\n4,\n", o);
  EXPECT_EQ(t.series.columns[0], (Floats{1, 1, 1, 4}));
  EXPECT_EQ(t.series.columns[1], (Floats{10, 10, 12, 12}));
  EXPECT_EQ(t.filled_values, 4u);
  EXPECT_EQ(t.dropped_rows, 0u);
  EXPECT_EQ(t.rows_read, 4u);
}

TEST(CsvReader, FfillCannotFillTheFirstRow) {
  CsvOptions o = with_target("b");
  o.fill = FillPolicy::ffill;
  const Error e = expect_error([&] { parse("a,b\n1,\n2,3\n", o); }, "f.csv:2",
                               "column 'b': missing value in the first data row");
  EXPECT_NE(e.hint().find("`fill` drop"), std::string::npos);
}

TEST(CsvReader, DropRemovesRowsAndCounts) {
  CsvOptions o = with_target("b", {"a", "b"});
  o.fill = FillPolicy::drop;
  const CsvTable t = parse("a,b\n,1\n2,20\n3,inf\n4,40\n5,\n", o);
  EXPECT_EQ(t.series.columns[0], (Floats{2, 4}));
  EXPECT_EQ(t.series.columns[1], (Floats{20, 40}));
  EXPECT_EQ(t.dropped_rows, 3u);
  EXPECT_EQ(t.filled_values, 0u);
  EXPECT_EQ(t.rows_read, 5u);
  expect_error([&] { parse("a,b\n1,\n", o); }, "f.csv", "every data row was dropped");
}

TEST(CsvReader, EmptyFileAndHeaderOnly) {
  expect_error([] { parse(""); }, "f.csv", "the file is empty");
  expect_error([] { parse("\xEF\xBB\xBF"); }, "f.csv", "the file is empty");
  expect_error([] { parse("a,b\r\n"); }, "f.csv", "no data rows");
}

TEST(CsvReader, FillPolicyAndColumnListParsing) {
  EXPECT_EQ(parse_fill_policy("ffill"), FillPolicy::ffill);
  EXPECT_EQ(parse_fill_policy("drop"), FillPolicy::drop);
  EXPECT_EQ(parse_fill_policy("none"), FillPolicy::none);
  EXPECT_EQ(fill_policy_name(FillPolicy::drop), "drop");
  expect_error<UsageError>([] { parse_fill_policy("bfill"); }, "`fill`", "unknown fill policy 'bfill'");
  EXPECT_EQ(parse_column_list("a,b,c"), (Names{"a", "b", "c"}));
  EXPECT_EQ(parse_column_list(" x "), (Names{"x"}));
  expect_error<UsageError>([] { parse_column_list("a,,b"); }, "`features`", "empty column name");
}

TEST(CsvReader, ReadsAFileByteForByte) {
  lstmkit::testing::TempDir dir;
  const auto path = lstmkit::testing::write_bytes(dir / "in.csv", "\xEF\xBB\xBFt,\"y\"\r\n0,1.25\r\n1,\"2\"");
  const CsvTable t = read_csv(path.string(), with_target("y"));
  EXPECT_EQ(t.series.columns[0], (Floats{1.25f, 2.0f}));
  std::filesystem::remove(path);
  expect_error([&] { read_csv(path.string(), {}); }, path.string(), "cannot read the file");
}

// `--csv DIR` used to say "the file is empty"; `--csv FIFO` blocked in open; `--csv /dev/zero` never ended.
TEST(CsvReader, DirectoriesFifosAndDevicesAreRefused) {
  lstmkit::testing::TempDir dir;
  lstmkit::testing::expect_special_files_refused(dir.path(), [](const std::string& path) { read_csv(path, {}); });
}

// A classifier's label and group columns are read as text; features stay numbers.
CsvOptions labelled(std::string label, std::vector<std::string> features, std::string group = "") {
  CsvOptions o = with_target(std::move(label), std::move(features));
  o.label = true;
  o.group = std::move(group);
  return o;
}

TEST(CsvReader, WordLabelsBecomeIndicesIntoTheirSortedNames) {
  const CsvTable t = parse("x,activity\n1,walking\n2, sitting \n3,walking\n4,42\n", labelled("activity", {"x"}));
  EXPECT_EQ(t.label_names, (Names{"42", "sitting", "walking"}));  // byte order; a number among words is a word
  EXPECT_EQ(t.series.columns[1], (Floats{2, 1, 2, 0}));
  EXPECT_EQ(t.series.target_names(), Names{"activity"});
  EXPECT_EQ(t.lines, (std::vector<size_t>{2, 3, 4, 5}));
  EXPECT_TRUE(t.labelled);
}

TEST(CsvReader, NumericLabelsStayNumbers) {
  const CsvTable t = parse("x,label\n1,3\n2,8.0\n3,3\n", labelled("label", {"x"}));
  EXPECT_TRUE(t.label_names.empty());
  EXPECT_EQ(t.series.columns[1], (Floats{3, 8, 3}));
}

TEST(CsvReader, GroupNamesAreTextAndNeitherFeatureNorLabel) {
  const CsvTable t = parse("subject,x,label\nann,1,a\nbob,2,b\nann,3,a\n", labelled("label", {"x"}, "subject"));
  EXPECT_EQ(t.groups, (Names{"ann", "bob", "ann"}));
  EXPECT_EQ(t.series.names, (Names{"x", "label"}));
  const UsageError missing = expect_error<UsageError>(
      [] { parse("subject,x,label\n1,2,3\n", labelled("label", {"x"}, "person")); }, "`group`",
      "no column 'person' in f.csv");
  EXPECT_EQ(missing.hint(), "available columns: subject (0), x (1), label (2)");
  expect_error<UsageError>([] { parse("g,x,y\n1,2,3\n", labelled("y", {"x"}, "y")); }, "`group`",
                           "column 'y' is the label column as well");
  expect_error<UsageError>([] { parse("g,x,y\n1,2,3\n", labelled("y", {"x", "g"}, "g")); }, "`group`",
                           "column 'g' is the feature column as well");
  expect_error<UsageError>([] { parse("g,x,y\n1,2,3\n", labelled("y", {"x", "y"})); }, "`features`",
                           "the label column 'y' cannot also be a feature");
  expect_error<UsageError>([] { parse("g,x,y\n1,2,3\n", labelled("y", {})); }, "`features`",
                           "a classifier needs input columns besides its label");
  expect_error<UsageError>([] { parse("g,x,y\n1,2,3\n", labelled("z", {"x"})); }, "`label`", "no column 'z'");
}

TEST(CsvReader, FeaturesBesideTextColumnsMustStillBeNumbers) {
  expect_error([] { parse("g,x,y\na,1,p\na,oops,q\n", labelled("y", {"x"}, "g")); }, "f.csv:3",
               "column 'x': 'oops' is not a number");
}

TEST(CsvReader, MissingLabelsAndGroupsFollowTheFillPolicy) {
  expect_error([] { parse("g,x,y\na,1,p\na,2,\n", labelled("y", {"x"}, "g")); }, "f.csv:3",
               "column 'y': missing value");
  expect_error([] { parse("g,x,y\na,1,p\n ,2,q\n", labelled("y", {"x"}, "g")); }, "f.csv:3",
               "column 'g': missing value");
  CsvOptions ffill = labelled("y", {"x"}, "g");
  ffill.fill = FillPolicy::ffill;
  const CsvTable f = parse("g,x,y\na,1,p\n,2,\nb,3,q\n", ffill);
  EXPECT_EQ(f.groups, (Names{"a", "a", "b"}));
  EXPECT_EQ(f.series.columns[1], (Floats{0, 0, 1}));  // p p q
  EXPECT_EQ(f.filled_values, 2u);
  CsvOptions drop = labelled("y", {"x"}, "g");
  drop.fill = FillPolicy::drop;
  const CsvTable d = parse("g,x,y\na,1,p\n,2,q\nb,3,\nb,4,q\n", drop);
  EXPECT_EQ(d.groups, (Names{"a", "b"}));
  EXPECT_EQ(d.lines, (std::vector<size_t>{2, 5}));
  EXPECT_EQ(d.dropped_rows, 2u);
}

TEST(CsvReader, AnOptionalLabelColumnMayBeAbsent) {
  CsvOptions o = labelled("activity", {"x"}, "g");
  o.label_optional = true;
  const CsvTable t = parse("g,x\na,1\nb,2\n", o);
  EXPECT_FALSE(t.labelled);
  EXPECT_EQ(t.series.target_names(), Names{"activity"});
  ASSERT_EQ(t.series.columns[1].size(), 2u);
  EXPECT_TRUE(std::isnan(t.series.columns[1][0]));
  EXPECT_TRUE(parse("g,x,activity\na,1,run\n", o).labelled);
}

// Text kept from the file (column names, labels, group names) goes into checkpoints as JSON: it must be
// UTF-8, or saving would fail long after the file was read.
TEST(CsvReader, KeptTextMustBeUtf8) {
  expect_error([] { parse("a,\xFF\n1,2\n", with_target("1")); }, "f.csv:1", "invalid UTF-8");
  expect_error([] { parse("x,y\n1,walk\n2,r\xE9st\n", labelled("y", {"x"})); }, "f.csv:3", "invalid UTF-8");
  expect_error([] { parse("x,y,g\n1,2,\xC0\n", labelled("y", {"x"}, "g")); }, "f.csv:2", "invalid UTF-8");
  // Columns that are not read may hold anything.
  EXPECT_EQ(parse("\xFF,v\n\xFE,1\n", with_target("v")).series.columns[0], (Floats{1}));
}

}  // namespace
}  // namespace lstmkit::data
