// --time-column in the CSV reader: the times of the kept rows, read as text beside the numbers.
#include <gtest/gtest.h>

#include "lstmkit/data/csv_reader.h"
#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

CsvOptions timed(std::string time, FillPolicy fill = FillPolicy::none) {
  CsvOptions o;
  o.target = "y";
  o.time = std::move(time);
  o.fill = fill;
  return o;
}

TEST(CsvTime, TimesOfTheKeptRows) {
  const CsvTable t = parse_csv("date,y\n1949-01,1\n1949-02,x\n1949-03,3\n", "f.csv", timed("date", FillPolicy::drop));
  EXPECT_EQ(t.times, (std::vector<std::string>{"1949-01", "1949-03"}));
  EXPECT_EQ(t.series.names, (std::vector<std::string>{"y"}));
  EXPECT_EQ(t.lines, (std::vector<size_t>{2, 4}));
}

TEST(CsvTime, ByIndexAndMissingTimes) {
  EXPECT_EQ(parse_csv("date,y\n1949-01,1\n1949-02,2\n", "f.csv", timed("0")).times.size(), 2u);
  try {
    parse_csv("date,y\n1949-01,1\n,2\n", "f.csv", timed("date"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "f.csv:3");
    EXPECT_NE(e.what_is_wrong().find("'date': missing value"), std::string::npos) << e.what();
  }
}

TEST(CsvTime, RefusesUnknownOrTakenColumns) {
  for (const char* column : {"when", "y"}) {
    try {
      parse_csv("date,y\n1949-01,1\n", "f.csv", timed(column));
      FAIL() << column;
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`time_column`") << e.what();
    }
  }
}

}  // namespace
}  // namespace lstmkit::data
