#pragma once
// `--time-column NAME`: the dates and times of a series' rows, parsed from ISO 8601 text and checked to
// step evenly forward, so that the rows can be plotted against their times, written beside forecasts, and
// extended past the end of the data (a closed loop's future rows; calendar covariates, data/calendar.h).
// Accepted forms (no time zone: the times are the data's own wall-clock times):
//   1949            a year
//   1949-01         a month
//   2024-03-05      a day
//   2024-03-05T10:00, 2024-03-05 10:00, 2024-03-05T10:00:30, 2024-03-05 10:00:30
// Spacing: rows that all fall on the same day of the month at the same time of day step by whole months
// (monthly and yearly data: months differ in length), any other rows by a fixed number of seconds.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lstmkit::data {

struct DateTime {
  int year = 1970, month = 1, day = 1;  // month 1..12, day 1..31
  int hour = 0, minute = 0, second = 0;
};

// How a time was written, so that extrapolated times are written the same way.
enum class TimeFormat { year, month, day, minutes, seconds };

struct ParsedTime {
  DateTime at;
  TimeFormat format = TimeFormat::day;
  char separator = 'T';  // between date and time: 'T' or ' '
};

// Parses one of the forms above (spaces around it ignored); nullopt for anything else, including
// impossible dates (2023-02-29, month 13, hour 24).
std::optional<ParsedTime> parse_time(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
int64_t days_from_civil(int year, int month, int day);
// Seconds since 1970-01-01 00:00:00 of a wall-clock time, as if it were UTC; and back.
int64_t epoch_seconds(const DateTime& t);
DateTime from_epoch_seconds(int64_t seconds);
int days_in_month(int year, int month);
bool is_leap_year(int year);
// 0 = Monday .. 6 = Sunday (ISO 8601, pandas' dayofweek).
int day_of_week(const DateTime& t);
// 1 = January 1st.
int day_of_year(const DateTime& t);

// The rows' times: the first one and a fixed step, checked against every row.
class TimeAxis {
 public:
  // Parses texts [R] of a column `column` read from `source`, lines [R] their file lines (for errors).
  // Throws lstmkit::Error at `source:line` for text that is no time, a time not after the row before
  // (disorder, duplicates) or a step that differs from the first one (a gap or uneven spacing), and at
  // `source` for fewer than 2 rows.
  static TimeAxis parse(std::span<const std::string> texts, std::span<const size_t> lines,
                        const std::string& source, const std::string& column);

  size_t rows() const { return rows_; }
  // The time of row r, for any r ≥ 0: past the last row the step continues.
  DateTime at(size_t row) const;
  // Row r's time written in the data's form ("1949-01", "2024-03-05T10:00").
  std::string text(size_t row) const;
  // Seconds since 1970 as if UTC, for a plot's axis.
  double seconds(size_t row) const { return static_cast<double>(epoch_seconds(at(row))); }
  // "1 month", "12 months", "7 days", "1 hour", "90 seconds".
  std::string describe_step() const;
  // Whether the step is in whole months (monthly, quarterly, yearly data).
  bool steps_by_month() const { return by_month_; }
  TimeFormat format() const { return format_; }

 private:
  size_t rows_ = 0;
  DateTime first_;
  bool by_month_ = false;
  int64_t step_ = 0;  // months, or seconds
  TimeFormat format_ = TimeFormat::day;
  char separator_ = 'T';
};

// The form's text of a time.
std::string format_time(const DateTime& t, TimeFormat format, char separator = 'T');

}  // namespace lstmkit::data
