#include "lstmkit/data/calendar.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "lstmkit/data/csv_reader.h"
#include "lstmkit/error.h"
#include "lstmkit/text/visible_token.h"

namespace lstmkit::data {

namespace {

constexpr CalendarFeature kAll[] = {CalendarFeature::month,     CalendarFeature::dayofweek, CalendarFeature::dayofmonth,
                                    CalendarFeature::dayofyear, CalendarFeature::hour,      CalendarFeature::minute};

std::string known_names() {
  std::string out;
  for (CalendarFeature f : kAll) out += (out.empty() ? "" : ", ") + calendar_name(f);
  return out;
}

}  // namespace

std::string calendar_name(CalendarFeature feature) {
  switch (feature) {
    case CalendarFeature::month: return "month";
    case CalendarFeature::dayofweek: return "dayofweek";
    case CalendarFeature::dayofmonth: return "dayofmonth";
    case CalendarFeature::dayofyear: return "dayofyear";
    case CalendarFeature::hour: return "hour";
    case CalendarFeature::minute: return "minute";
  }
  return "";
}

CalendarFeature parse_calendar_feature(const std::string& name, const std::string& option) {
  for (CalendarFeature f : kAll)
    if (calendar_name(f) == name) return f;
  throw UsageError(option, "unknown calendar feature '" + text::printable(name) + "'", "use " + known_names());
}

std::vector<CalendarFeature> parse_calendar(const std::string& list, const std::string& option) {
  std::vector<CalendarFeature> features;
  for (const std::string& name : parse_column_list(list, option)) {
    const CalendarFeature f = parse_calendar_feature(name, option);
    if (std::find(features.begin(), features.end(), f) != features.end())
      throw UsageError(option, "calendar feature '" + name + "' is given twice", "list each feature once");
    features.push_back(f);
  }
  return features;
}

double calendar_phase(CalendarFeature feature, const DateTime& t) {
  switch (feature) {
    case CalendarFeature::month: return (t.month - 1) / 12.0;
    case CalendarFeature::dayofweek: return day_of_week(t) / 7.0;
    case CalendarFeature::dayofmonth: return (t.day - 1) / static_cast<double>(days_in_month(t.year, t.month));
    case CalendarFeature::dayofyear: return (day_of_year(t) - 1) / (is_leap_year(t.year) ? 366.0 : 365.0);
    case CalendarFeature::hour: return (t.hour + t.minute / 60.0 + t.second / 3600.0) / 24.0;
    case CalendarFeature::minute: return (t.minute + t.second / 60.0) / 60.0;
  }
  return 0;
}

std::vector<std::string> calendar_column_names(std::span<const CalendarFeature> features) {
  std::vector<std::string> names;
  for (CalendarFeature f : features) {
    names.push_back(calendar_name(f) + "_sin");
    names.push_back(calendar_name(f) + "_cos");
  }
  return names;
}

std::vector<std::vector<float>> calendar_columns(std::span<const CalendarFeature> features, const TimeAxis& axis,
                                                 size_t first, size_t rows) {
  std::vector<std::vector<float>> columns(2 * features.size(), std::vector<float>(rows));
  for (size_t r = 0; r < rows; ++r) {
    const DateTime t = axis.at(first + r);
    for (size_t k = 0; k < features.size(); ++k) {
      const double angle = 2 * std::numbers::pi * calendar_phase(features[k], t);
      columns[2 * k][r] = static_cast<float>(std::sin(angle));
      columns[2 * k + 1][r] = static_cast<float>(std::cos(angle));
    }
  }
  return columns;
}

}  // namespace lstmkit::data
