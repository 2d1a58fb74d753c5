#include "lstmkit/data/time_column.h"

#include <algorithm>
#include <cstdio>

#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

namespace {

constexpr int64_t kDay = 86'400;

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Months since year 0: the unit of a monthly step.
int64_t month_index(const DateTime& t) { return int64_t{t.year} * 12 + (t.month - 1); }

bool same_day_and_time(const DateTime& a, const DateTime& b) {
  return a.day == b.day && a.hour == b.hour && a.minute == b.minute && a.second == b.second;
}

std::string plural(int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

std::string quoted(std::string_view text) { return "'" + text::printable(text) + "'"; }

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html):
// exact for every proleptic Gregorian date, with 400-year eras so that no table is needed.
int64_t days_from_civil(int year, int month, int day) {
  const int64_t y = year - (month <= 2);
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;                                          // [0, 399]
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                  // [0, 146096]
  return era * 146'097 + doe - 719'468;
}

int64_t epoch_seconds(const DateTime& t) {
  return days_from_civil(t.year, t.month, t.day) * kDay + t.hour * 3600 + t.minute * 60 + t.second;
}

DateTime from_epoch_seconds(int64_t seconds) {
  const int64_t days = floor_div(seconds, kDay), rest = seconds - days * kDay;
  const int64_t z = days + 719'468;
  const int64_t era = floor_div(z, 146'097);
  const int64_t doe = z - era * 146'097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  DateTime t;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = static_cast<int>(yoe + era * 400 + (t.month <= 2));
  t.hour = static_cast<int>(rest / 3600);
  t.minute = static_cast<int>(rest / 60 % 60);
  t.second = static_cast<int>(rest % 60);
  return t;
}

int day_of_week(const DateTime& t) {
  const int64_t days = days_from_civil(t.year, t.month, t.day);
  return static_cast<int>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

int day_of_year(const DateTime& t) {
  return static_cast<int>(days_from_civil(t.year, t.month, t.day) - days_from_civil(t.year, 1, 1)) + 1;
}

std::optional<ParsedTime> parse_time(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  const std::string_view s = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  ParsedTime p;
  DateTime& t = p.at;
  if (!digits(s, 0, 4, t.year)) return std::nullopt;
  p.format = TimeFormat::year;
  if (s.size() > 4) {
    if (s[4] != '-' || !digits(s, 5, 2, t.month) || t.month < 1 || t.month > 12) return std::nullopt;
    p.format = TimeFormat::month;
  }
  if (s.size() > 7) {
    if (s[7] != '-' || !digits(s, 8, 2, t.day) || t.day < 1 || t.day > days_in_month(t.year, t.month))
      return std::nullopt;
    p.format = TimeFormat::day;
  }
  if (s.size() > 10) {
    p.separator = s[10];
    if ((p.separator != 'T' && p.separator != ' ') || !digits(s, 11, 2, t.hour) || s.size() < 16 || s[13] != ':' ||
        !digits(s, 14, 2, t.minute) || t.hour > 23 || t.minute > 59)
      return std::nullopt;
    p.format = TimeFormat::minutes;
  }
  if (s.size() > 16) {
    if (s[16] != ':' || !digits(s, 17, 2, t.second) || t.second > 59) return std::nullopt;
    p.format = TimeFormat::seconds;
  }
  const size_t lengths[] = {4, 7, 10, 16, 19};
  if (s.size() != lengths[static_cast<size_t>(p.format)]) return std::nullopt;
  return p;
}

std::string format_time(const DateTime& t, TimeFormat format, char separator) {
  char buf[40];
  switch (format) {
    case TimeFormat::year: std::snprintf(buf, sizeof buf, "%04d", t.year); break;
    case TimeFormat::month: std::snprintf(buf, sizeof buf, "%04d-%02d", t.year, t.month); break;
    case TimeFormat::day: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day); break;
    case TimeFormat::minutes:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d", t.year, t.month, t.day, separator, t.hour, t.minute);
      break;
    case TimeFormat::seconds:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", t.year, t.month, t.day, separator, t.hour,
                    t.minute, t.second);
      break;
  }
  return buf;
}

TimeAxis TimeAxis::parse(std::span<const std::string> texts, std::span<const size_t> lines, const std::string& source,
                         const std::string& column) {
  auto where = [&](size_t r) { return r < lines.size() ? source + ":" + std::to_string(lines[r]) : source; };
  auto line_of = [&](size_t r) { return r < lines.size() ? " on line " + std::to_string(lines[r]) : std::string(); };
  std::vector<ParsedTime> times;
  times.reserve(texts.size());
  for (size_t r = 0; r < texts.size(); ++r) {
    const std::optional<ParsedTime> p = parse_time(texts[r]);
    if (!p)
      throw Error(where(r), "time column " + quoted(column) + ": " + quoted(texts[r]) + " is not a date or time",
                  "write times as ISO 8601: 1949, 1949-01, 2024-03-05, 2024-03-05T10:00 or 2024-03-05 10:00:00");
    times.push_back(*p);
  }
  if (times.size() < 2)
    throw Error(source, "time column " + quoted(column) + ": a series needs at least 2 rows to have a time step",
                "give a longer series");
  TimeAxis axis;
  axis.rows_ = times.size();
  axis.first_ = times.front().at;
  // The finest form seen, so that extrapolated times lose nothing the data wrote.
  for (const ParsedTime& p : times)
    if (p.format >= TimeFormat::minutes) axis.separator_ = p.separator;
  axis.format_ = std::max_element(times.begin(), times.end(), [](const ParsedTime& a, const ParsedTime& b) {
                   return a.format < b.format;
                 })->format;
  axis.by_month_ = std::all_of(times.begin(), times.end(),
                               [&](const ParsedTime& p) { return same_day_and_time(p.at, axis.first_); });
  auto position = [&](const DateTime& t) { return axis.by_month_ ? month_index(t) : epoch_seconds(t); };
  axis.step_ = position(times[1].at) - position(times[0].at);
  // Order first: two swapped rows are disorder, though the first of them also looks like a gap.
  for (size_t r = 1; r < times.size(); ++r)
    if (epoch_seconds(times[r].at) <= epoch_seconds(times[r - 1].at))
      throw Error(where(r),
                  "time " + quoted(texts[r]) + " is not after " + quoted(texts[r - 1]) + line_of(r - 1),
                  "sort the rows by time, oldest first, with one row per time");
  for (size_t r = 1; r < times.size(); ++r) {
    const int64_t step = position(times[r].at) - position(times[r - 1].at);
    if (step != axis.step_) {
      TimeAxis gap = axis;
      gap.step_ = step;
      throw Error(where(r),
                  "time " + quoted(texts[r]) + " comes " + gap.describe_step() + " after " + quoted(texts[r - 1]) +
                      line_of(r - 1) + ", but the series steps by " + axis.describe_step() + " (" + quoted(texts[0]) +
                      " to " + quoted(texts[1]) + ")",
                  step > axis.step_ ? "fill in the missing rows, or give rows evenly spaced in time"
                                    : "give rows evenly spaced in time");
    }
  }
  return axis;
}

DateTime TimeAxis::at(size_t row) const {
  const int64_t offset = static_cast<int64_t>(row) * step_;
  if (!by_month_) return from_epoch_seconds(epoch_seconds(first_) + offset);
  DateTime t = first_;
  const int64_t m = month_index(first_) + offset;
  t.year = static_cast<int>(floor_div(m, 12));
  t.month = static_cast<int>(m - int64_t{t.year} * 12) + 1;
  // Rows on the 31st continue on each month's last day.
  t.day = std::min(first_.day, days_in_month(t.year, t.month));
  return t;
}

std::string TimeAxis::text(size_t row) const { return format_time(at(row), format_, separator_); }

std::string TimeAxis::describe_step() const {
  if (by_month_) return step_ % 12 == 0 ? plural(step_ / 12, "year") : plural(step_, "month");
  if (step_ % kDay == 0) return plural(step_ / kDay, "day");
  if (step_ % 3600 == 0) return plural(step_ / 3600, "hour");
  if (step_ % 60 == 0) return plural(step_ / 60, "minute");
  return plural(step_, "second");
}

}  // namespace lstmkit::data
