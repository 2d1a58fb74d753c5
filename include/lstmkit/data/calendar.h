#pragma once
// `--calendar month,dayofweek,...`: covariates computed from a series' times (data/time_column.h), which
// are known for future rows too, so a closed loop can keep feeding them. Each feature is a position in its
// cycle, phase ∈ [0, 1), given to the model as the pair sin(2π·phase), cos(2π·phase): December sits next
// to January and Sunday next to Monday, as one number 0..11 or 0..6 could not say.
//   month       (month − 1) / 12
//   dayofweek   weekday / 7, Monday = 0 (ISO 8601, pandas' dayofweek)
//   dayofmonth  (day − 1) / days in that month
//   dayofyear   (day of year − 1) / days in that year (365 or 366)
//   hour        (hour + minute / 60 + second / 3600) / 24
//   minute      (minute + second / 60) / 60
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/time_column.h"

namespace lstmkit::data {

enum class CalendarFeature { month, dayofweek, dayofmonth, dayofyear, hour, minute };

// Splits "month,dayofweek" at commas (spaces trimmed). Throws lstmkit::UsageError on `option` for an
// unknown name (listing the known ones), an empty name or a name given twice.
std::vector<CalendarFeature> parse_calendar(const std::string& list, const std::string& option = "`calendar`");
CalendarFeature parse_calendar_feature(const std::string& name, const std::string& option = "`calendar`");
std::string calendar_name(CalendarFeature feature);

// The position of `t` in the feature's cycle, in [0, 1).
double calendar_phase(CalendarFeature feature, const DateTime& t);

// [2K] column names: "<name>_sin", "<name>_cos" for each feature in order.
std::vector<std::string> calendar_column_names(std::span<const CalendarFeature> features);

// [2K][rows] values of those columns for the axis' rows first .. first + rows − 1 (past its end too).
std::vector<std::vector<float>> calendar_columns(std::span<const CalendarFeature> features, const TimeAxis& axis,
                                                 size_t first, size_t rows);

}  // namespace lstmkit::data
