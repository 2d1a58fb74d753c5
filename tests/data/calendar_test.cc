#include "lstmkit/data/calendar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

constexpr double kTol = 1e-6;

// Hand values at known dates: each feature's phase in [0, 1).
TEST(Calendar, PhasesAtKnownDates) {
  EXPECT_NEAR(calendar_phase(CalendarFeature::month, {1949, 1, 1}), 0.0, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::month, {1949, 4, 1}), 0.25, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::month, {1949, 12, 1}), 11 / 12.0, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::dayofweek, {2024, 3, 4}), 0.0, kTol);       // Monday
  EXPECT_NEAR(calendar_phase(CalendarFeature::dayofweek, {2024, 3, 7}), 3 / 7.0, kTol);   // Thursday
  EXPECT_NEAR(calendar_phase(CalendarFeature::dayofweek, {2024, 3, 10}), 6 / 7.0, kTol);  // Sunday
  EXPECT_NEAR(calendar_phase(CalendarFeature::dayofmonth, {2024, 2, 15}), 14 / 29.0, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::dayofmonth, {2023, 2, 15}), 14 / 28.0, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::dayofyear, {2023, 7, 2}), 182 / 365.0, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::dayofyear, {2024, 12, 31}), 365 / 366.0, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::hour, {2024, 3, 5, 18, 0, 0}), 0.75, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::hour, {2024, 3, 5, 6, 30, 0}), 6.5 / 24, kTol);
  EXPECT_NEAR(calendar_phase(CalendarFeature::minute, {2024, 3, 5, 10, 45, 30}), 45.5 / 60, kTol);
}

TEST(Calendar, SinCosColumnsOfAnAxis) {
  const std::vector<std::string> texts{"2024-03-07", "2024-03-08"};  // Thursday, Friday
  const std::vector<size_t> lines{2, 3};
  const TimeAxis axis = TimeAxis::parse(texts, lines, "f.csv", "date");
  const std::vector<CalendarFeature> features{CalendarFeature::dayofweek, CalendarFeature::dayofyear};
  EXPECT_EQ(calendar_column_names(features),
            (std::vector<std::string>{"dayofweek_sin", "dayofweek_cos", "dayofyear_sin", "dayofyear_cos"}));
  // Rows 0 and 4: row 4 is past the data (Monday 2024-03-11), as a closed loop asks.
  const auto at0 = calendar_columns(features, axis, 0, 1);
  EXPECT_NEAR(at0[0][0], 0.43388374, 1e-6);   // sin(2π·3/7)
  EXPECT_NEAR(at0[1][0], -0.90096887, 1e-6);  // cos(2π·3/7)
  EXPECT_NEAR(at0[2][0], std::sin(2 * std::numbers::pi * 66 / 366), 1e-6);
  const auto at4 = calendar_columns(features, axis, 4, 1);
  EXPECT_NEAR(at4[0][0], 0.0, 1e-6);
  EXPECT_NEAR(at4[1][0], 1.0, 1e-6);
  EXPECT_EQ(calendar_columns(features, axis, 0, 5)[0].size(), 5u);
}

TEST(Calendar, ParsesListsAndRefusesBadNames) {
  EXPECT_EQ(parse_calendar("month, dayofweek,hour"),
            (std::vector<CalendarFeature>{CalendarFeature::month, CalendarFeature::dayofweek, CalendarFeature::hour}));
  for (const char* bad : {"weekday", "month,month", "month,", "Month"}) {
    try {
      parse_calendar(bad);
      ADD_FAILURE() << bad;
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`calendar`") << e.what();
    }
  }
}

}  // namespace
}  // namespace lstmkit::data
