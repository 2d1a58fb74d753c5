// A time column, calendar covariates and quantiles in the model layer: the spec stores them (and a spec
// without them reads as before), the data gains the calendar columns and their future values are computed.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

using testing::TempDir;

// 30 months from 1949-01 of y = row number.
std::string monthly_csv(size_t rows = 30) {
  std::string text = "month,y\n";
  for (size_t r = 0; r < rows; ++r) {
    char line[32];
    std::snprintf(line, sizeof line, "%04zu-%02zu,%zu\n", 1949 + r / 12, r % 12 + 1, r);
    text += line;
  }
  return text;
}

TsSource timed_source(const std::string& path, std::vector<data::CalendarFeature> calendar = {}) {
  TsSource s;
  s.csv = path;
  s.csv_options.target = "y";
  s.csv_options.time = "month";
  s.calendar = std::move(calendar);
  return s;
}

TEST(TsTimeSpec, StoresTimeCalendarAndQuantiles) {
  TsSpec spec;
  spec.source = timed_source("a.csv", {data::CalendarFeature::month, data::CalendarFeature::dayofweek});
  spec.window = {12, 1, false, 1};
  spec.features = {"y", "month_sin", "month_cos", "dayofweek_sin", "dayofweek_cos"};
  spec.targets = {"y"};
  spec.quantiles = {0.1, 0.5, 0.9};
  const TsSpec back = ts_spec_from_json(ts_spec_json(spec), "m");
  EXPECT_EQ(back.source.csv_options.time, "month");
  EXPECT_EQ(back.source.calendar, spec.source.calendar);
  EXPECT_EQ(back.quantiles, spec.quantiles);
  EXPECT_EQ(back.median_quantile(), 1u);
  EXPECT_EQ(output_count(back), 3u);
}

TEST(TsTimeSpec, ASpecWithoutThemReadsAsBefore) {
  TsSpec spec;
  spec.source.csv = "a.csv";
  spec.features = spec.targets = {"y"};
  const std::string text = ts_spec_json(spec);
  // Nothing new is written for a model without them, so its checkpoint is the same as before.
  EXPECT_EQ(text.find("time"), std::string::npos);
  EXPECT_EQ(text.find("calendar"), std::string::npos);
  EXPECT_EQ(text.find("quantiles"), std::string::npos);
  const TsSpec back = ts_spec_from_json(text, "m");
  EXPECT_TRUE(back.quantiles.empty());
  EXPECT_EQ(back.quantile_count(), 1u);
  EXPECT_TRUE(back.source.calendar.empty());
}

TEST(TsTimeSpec, DamagedEntriesAreErrorsAtTheFile) {
  TsSpec spec;
  spec.source = timed_source("a.csv", {data::CalendarFeature::month});
  spec.features = spec.targets = {"y"};
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"quantiles", {0.5, 0.1}}, {"quantiles", {1.5}}}) {
    nlohmann::json j = nlohmann::json::parse(ts_spec_json(spec));
    j[key] = value;
    EXPECT_THROW(ts_spec_from_json(j.dump(), "m.safetensors"), Error) << value;
  }
  nlohmann::json j = nlohmann::json::parse(ts_spec_json(spec));
  j["source"]["calendar"] = {"fortnight"};
  try {
    ts_spec_from_json(j.dump(), "m.safetensors");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "m.safetensors");
  }
  j["source"]["calendar"] = {"month"};
  j["source"].erase("time");
  EXPECT_THROW(ts_spec_from_json(j.dump(), "m.safetensors"), Error);
}

TEST(TsTimeData, CalendarColumnsJoinTheFeatures) {
  TempDir dir;
  const auto path = lstmkit::testing::write_bytes(dir / "m.csv", monthly_csv());
  const TsData d = read_ts_data(timed_source(path.string(), {data::CalendarFeature::month}));
  ASSERT_TRUE(d.times);
  EXPECT_EQ(d.times->describe_step(), "1 month");
  EXPECT_EQ(d.series->feature_names(), (std::vector<std::string>{"y", "month_sin", "month_cos"}));
  EXPECT_EQ(d.series->target_names(), (std::vector<std::string>{"y"}));
  const std::vector<float>& sin = d.series->column("month_sin");
  EXPECT_NEAR(sin[0], 0.0, 1e-6);  // January
  EXPECT_NEAR(sin[3], 1.0, 1e-6);  // April
  EXPECT_NEAR(d.series->column("month_cos")[6], -1.0, 1e-6);  // July

  // The rows after the data (1951-07 on), scaled as the model sees its inputs.
  TsSpec spec = testing::spec_for(d, {6, 1, false});
  spec.source = timed_source(path.string(), {data::CalendarFeature::month});
  const data::Scaler scaler = fit_ts_scaler(d, spec);
  const data::Series future = known_future(d, spec, scaler, 4);
  ASSERT_EQ(future.names, (std::vector<std::string>{"month_sin", "month_cos"}));
  ASSERT_EQ(future.rows(), 4u);
  const data::ColumnScale& c = scaler.column("month_cos");
  EXPECT_NEAR(future.columns[1][0], (std::cos(2 * std::numbers::pi * 6 / 12) - c.offset) / c.scale, 1e-5);
}

TEST(TsTimeData, CalendarFeaturesThatNeverChangeAreRefused) {
  TempDir dir;
  const auto path = lstmkit::testing::write_bytes(dir / "m.csv", monthly_csv());
  try {
    read_ts_data(timed_source(path.string(), {data::CalendarFeature::hour}));
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`calendar`");
    EXPECT_NE(e.what_is_wrong().find("'hour' is the same in every row (the series steps by 1 month)"),
              std::string::npos)
        << e.what();
  }
  const auto clash = lstmkit::testing::write_bytes(dir / "c.csv", "month,y,month_sin\n1949-01,1,0\n1949-02,2,0\n");
  TsSource source = timed_source(clash.string(), {data::CalendarFeature::month});
  source.csv_options.features = {"y", "month_sin"};
  EXPECT_THROW(read_ts_data(source), UsageError);
}

TEST(TsTimeData, GapsInTheFileNameTheLine) {
  TempDir dir;
  const auto path = lstmkit::testing::write_bytes(dir / "g.csv", "month,y\n1949-01,1\n1949-02,2\n1949-04,3\n");
  try {
    read_ts_data(timed_source(path.string()));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path.string() + ":4");
  }
}

}  // namespace
}  // namespace lstmkit::models
