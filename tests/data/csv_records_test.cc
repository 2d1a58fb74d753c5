#include "lstmkit/data/csv_records.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

std::vector<CsvRecord> all(std::string_view text) {
  CsvRecords records(text, "t.csv");
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (records.next(r)) out.push_back(r);
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvRecords, PlainLinesAndLastLineWithoutBreak) {
  const auto r = all("a,b\n1,2\n3,4");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(r[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ(r[2].line, 3u);
}

TEST(CsvRecords, CrlfAndLoneCrEndRecords) {
  const auto r = all("a,b\r\n1,2\r\n3,4\r5,6\r\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[1].fields, (Fields{"1", "2"}));
  EXPECT_EQ(r[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ(r[3].fields, (Fields{"5", "6"}));
  EXPECT_EQ(r[3].line, 4u);
}

TEST(CsvRecords, ByteOrderMarkIsSkipped) {
  const auto r = all("\xEF\xBB\xBFprice,qty\n1,2\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"price", "qty"}));
}

TEST(CsvRecords, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const auto r = all("\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n\"\",x,\"\"\"\"\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (Fields{"a,b", "say \"hi\"", "two\r\nlines"}));
  EXPECT_EQ(r[1].fields, (Fields{"", "x", "\""}));
  // The record after a quoted line break starts on line 3.
  EXPECT_EQ(r[1].line, 3u);
}

TEST(CsvRecords, EmptyFieldsAndTrailingComma) {
  const auto r = all("a,,c,\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (Fields{"a", "", "c", ""}));
}

TEST(CsvRecords, TrailingBlankLinesAreNotRecordsButInnerOnesAre) {
  const auto r = all("v\n1\n\n2\n\r\n\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[2].fields, (Fields{""}));
  EXPECT_EQ(r[2].line, 3u);
  EXPECT_EQ(r[3].fields, (Fields{"2"}));
  EXPECT_TRUE(all("").empty());
  EXPECT_TRUE(all("\xEF\xBB\xBF\r\n").empty());
}

TEST(CsvRecords, UnclosedQuoteNamesTheLineWhereItOpened) {
  try {
    all("a\n1\n\"2\n3\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "t.csv:3");
    EXPECT_NE(e.what_is_wrong().find("never closed"), std::string::npos);
  }
}

TEST(CsvRecords, TextAfterClosingQuoteIsAnError) {
  try {
    all("a,b\n\"1\"x,2\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "t.csv:2");
    EXPECT_NE(e.what_is_wrong().find("'x' after a closing quote"), std::string::npos);
  }
  try {
    all("a\n\"1\"\x1B\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.what_is_wrong().find("'\\u{1B}' after a closing quote"), std::string::npos) << e.what();
  }
}

// Each record used to search the whole rest of the text for something besides line breaks: a file of
// blank lines (read with --fill drop) took time quadratic in its length.
TEST(CsvRecords, BlankLinesAreReadInLinearTime) {
  const size_t blank = 300000;
  const std::string text = "v\n" + std::string(blank, '\n') + "1\n";
  ::alarm(10);  // quadratic: minutes; linear: milliseconds
  const auto r = all(text);
  ::alarm(0);
  ASSERT_EQ(r.size(), blank + 2);
  EXPECT_EQ(r.back().fields, (Fields{"1"}));
  EXPECT_EQ(r.back().line, blank + 2);
}

}  // namespace
}  // namespace lstmkit::data
