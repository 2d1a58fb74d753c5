#include "lstmkit/data/time_column.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

using Texts = std::vector<std::string>;

TimeAxis axis(const Texts& texts) {
  std::vector<size_t> lines;
  for (size_t r = 0; r < texts.size(); ++r) lines.push_back(r + 2);  // a header on line 1
  return TimeAxis::parse(texts, lines, "f.csv", "date");
}

// Expects the axis to be refused at `where` with `what_part` in the message.
void expect_refused(const Texts& texts, const std::string& where, const std::string& what_part) {
  try {
    axis(texts);
    ADD_FAILURE() << "no error; expected " << where << ": " << what_part;
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_NE(e.what_is_wrong().find(what_part), std::string::npos) << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
}

// --- parsing every accepted form
TEST(ParseTime, EveryForm) {
  struct Case {
    const char* text;
    TimeFormat format;
    DateTime at;
    char separator;
  };
  const Case cases[] = {
      {"1949", TimeFormat::year, {1949, 1, 1, 0, 0, 0}, 'T'},
      {"1949-01", TimeFormat::month, {1949, 1, 1, 0, 0, 0}, 'T'},
      {" 2024-03-05 ", TimeFormat::day, {2024, 3, 5, 0, 0, 0}, 'T'},
      {"2024-03-05T10:00", TimeFormat::minutes, {2024, 3, 5, 10, 0, 0}, 'T'},
      {"2024-03-05 10:07", TimeFormat::minutes, {2024, 3, 5, 10, 7, 0}, ' '},
      {"2024-03-05 10:00:00", TimeFormat::seconds, {2024, 3, 5, 10, 0, 0}, ' '},
      {"2024-02-29T23:59:59", TimeFormat::seconds, {2024, 2, 29, 23, 59, 59}, 'T'},
  };
  for (const Case& c : cases) {
    const std::optional<ParsedTime> p = parse_time(c.text);
    ASSERT_TRUE(p) << c.text;
    EXPECT_EQ(p->format, c.format) << c.text;
    EXPECT_EQ(p->at.year, c.at.year) << c.text;
    EXPECT_EQ(p->at.month, c.at.month) << c.text;
    EXPECT_EQ(p->at.day, c.at.day) << c.text;
    EXPECT_EQ(p->at.hour, c.at.hour) << c.text;
    EXPECT_EQ(p->at.minute, c.at.minute) << c.text;
    EXPECT_EQ(p->at.second, c.at.second) << c.text;
    if (c.format >= TimeFormat::minutes) EXPECT_EQ(p->separator, c.separator) << c.text;
  }
}

TEST(ParseTime, RefusesWhatIsNoTime) {
  for (const char* text : {"", "  ", "49", "1949-1", "1949/01", "1949-13", "1949-00", "2023-02-29", "2024-04-31",
                           "2024-03-05T24:00", "2024-03-05T10:60", "2024-03-05T10", "2024-03-05X10:00",
                           "2024-03-05T10:00:61", "2024-03-05T10:00:00Z", "2024-03-05T10:00:00.5", "abcd",
                           "1949-01-01-01", "12.5"})
    EXPECT_FALSE(parse_time(text)) << text;
}

// --- calendar arithmetic, against dates Python's datetime gives
TEST(Civil, DaysAndWeekdays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 1, 1), 10957);
  EXPECT_EQ(days_from_civil(2024, 3, 5), 19787);
  EXPECT_EQ(days_from_civil(1600, 3, 1), -135080);
  EXPECT_EQ(day_of_week({1970, 1, 1}), 3);  // Thursday
  EXPECT_EQ(day_of_week({2000, 1, 1}), 5);  // Saturday
  EXPECT_EQ(day_of_week({2024, 3, 4}), 0);  // Monday
  EXPECT_EQ(day_of_week({1949, 1, 2}), 6);  // Sunday, before 1970
  EXPECT_EQ(day_of_year({2024, 3, 5}), 65);
  EXPECT_EQ(day_of_year({2023, 7, 2}), 183);
  EXPECT_EQ(day_of_year({2023, 12, 31}), 365);
  EXPECT_EQ(day_of_year({2024, 12, 31}), 366);
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2023, 2), 28);
}

TEST(Civil, SecondsRoundTrip) {
  for (const DateTime t : {DateTime{1970, 1, 1, 0, 0, 0}, DateTime{1949, 12, 31, 23, 59, 59},
                           DateTime{2024, 2, 29, 12, 30, 5}, DateTime{1600, 3, 1, 1, 2, 3}}) {
    const DateTime back = from_epoch_seconds(epoch_seconds(t));
    EXPECT_EQ(format_time(back, TimeFormat::seconds), format_time(t, TimeFormat::seconds));
  }
  EXPECT_EQ(epoch_seconds({2024, 3, 5, 10, 0, 0}), 19787LL * 86400 + 36000);
}

// --- spacing
TEST(TimeAxis, MonthlyStepsByCalendar) {
  const TimeAxis a = axis({"1949-01", "1949-02", "1949-03"});
  EXPECT_TRUE(a.steps_by_month());
  EXPECT_EQ(a.describe_step(), "1 month");
  EXPECT_EQ(a.text(2), "1949-03");
  EXPECT_EQ(a.text(12), "1950-01");  // extrapolated
  EXPECT_EQ(a.text(26), "1951-03");
}

TEST(TimeAxis, MonthlyDatesAndMonthEnds) {
  // Month lengths differ, so only a calendar step makes these even.
  const TimeAxis firsts = axis({"2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01"});
  EXPECT_EQ(firsts.describe_step(), "1 month");
  EXPECT_EQ(firsts.text(4), "2024-04-01");
  const TimeAxis ends = axis({"2023-10-31", "2024-01-31"});
  EXPECT_EQ(ends.describe_step(), "3 months");
  EXPECT_EQ(ends.text(2), "2024-04-30");  // the 31st continues on each month's last day
}

TEST(TimeAxis, YearlyAndQuarterly) {
  const TimeAxis years = axis({"1700", "1701", "1702"});
  EXPECT_EQ(years.describe_step(), "1 year");
  EXPECT_EQ(years.text(5), "1705");
  EXPECT_EQ(axis({"2020-01", "2020-04"}).describe_step(), "3 months");
}

TEST(TimeAxis, DailyWeeklyHourlyStepBySeconds) {
  const TimeAxis daily = axis({"2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"});
  EXPECT_FALSE(daily.steps_by_month());
  EXPECT_EQ(daily.describe_step(), "1 day");
  EXPECT_EQ(daily.text(5), "2024-03-03");
  EXPECT_EQ(axis({"1958-03-29", "1958-04-05", "1958-04-12"}).describe_step(), "7 days");
  const TimeAxis hourly = axis({"2024-03-05 23:00", "2024-03-06 00:00", "2024-03-06 01:00"});
  EXPECT_EQ(hourly.describe_step(), "1 hour");
  EXPECT_EQ(hourly.text(3), "2024-03-06 02:00");  // the data's separator
  EXPECT_EQ(axis({"2024-03-05T10:00:00", "2024-03-05T10:01:30"}).describe_step(), "90 seconds");
  EXPECT_EQ(axis({"2024-03-05T10:00", "2024-03-05T10:15"}).text(2), "2024-03-05T10:30");
}

TEST(TimeAxis, SecondsAreThePlotAxis) {
  const TimeAxis a = axis({"1970-01-02", "1970-01-03"});
  EXPECT_EQ(a.seconds(0), 86400.0);
  EXPECT_EQ(a.seconds(2), 3 * 86400.0);
}

// --- bad columns: one error naming the file and line
TEST(TimeAxis, GapsNameTheirLine) {
  expect_refused({"1949-01", "1949-02", "1949-04", "1949-05"}, "f.csv:4",
                 "'1949-04' comes 2 months after '1949-02' on line 3, but the series steps by 1 month");
  expect_refused({"2024-03-01", "2024-03-02", "2024-03-03", "2024-03-05"}, "f.csv:5", "comes 2 days after");
  expect_refused({"2024-03-05 10:00", "2024-03-05 11:00", "2024-03-05 11:30"}, "f.csv:4",
                 "comes 30 minutes after");
}

TEST(TimeAxis, DisorderAndDuplicatesNameTheirLine) {
  expect_refused({"1949-01", "1949-03", "1949-02"}, "f.csv:4", "'1949-02' is not after '1949-03' on line 3");
  // Swapped rows: disorder, though the first of them is also two steps on.
  expect_refused({"1949-01", "1949-02", "1949-04", "1949-03"}, "f.csv:5", "'1949-03' is not after '1949-04'");
  expect_refused({"2024-03-05", "2024-03-06", "2024-03-06"}, "f.csv:4", "is not after");
}

TEST(TimeAxis, UnparsableAndTooShort) {
  expect_refused({"1949-01", "Feb 1949"}, "f.csv:3", "'Feb 1949' is not a date or time");
  expect_refused({"1949-01"}, "f.csv", "at least 2 rows");
}

}  // namespace
}  // namespace lstmkit::data
