// Calendar covariates in the closed loop (computed for the new rows, never predicted), the coverage of a
// quantile head's intervals, and forecast.csv's time and quantile columns.
#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/infer/forecast_files.h"
#include "lstmkit/infer/forecast_table.h"
#include "lstmkit/infer/forecaster.h"
#include "models/ts_fixtures.h"

namespace lstmkit::infer {
namespace {

using models::testing::new_model;
using models::testing::sine_data;
using models::testing::spec_for;
using models::testing::TempDir;

// A sine with two calendar-like columns as extra features (their values are what matters, not their
// meaning): features [value, c_sin, c_cos], target value.
models::TsData with_calendar(size_t rows) {
  models::TsData d = sine_data(rows, 16);
  data::Series& s = *d.series;
  for (const char* name : {"c_sin", "c_cos"}) {
    s.names.push_back(name);
    s.columns.emplace_back(rows);
    for (size_t r = 0; r < rows; ++r) s.columns.back()[r] = static_cast<float>(std::sin(0.3 * r + s.columns.size()));
    s.features.push_back(s.columns.size() - 1);
  }
  return d;
}

TEST(ClosedLoopCalendar, FeedsPredictionsAndKnownColumns) {
  const models::TsData raw = with_calendar(60);
  const models::TsSpec spec = spec_for(raw, {8, 1, false});
  auto model = new_model(raw, spec, 5);
  const models::TsData units = models::to_model_units(raw, spec, model->scaler());
  data::Series known;
  known.names = {"c_sin", "c_cos"};
  known.columns = {{0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, {-0.1f, -0.2f, -0.3f, -0.4f, -0.5f}};
  const SeriesForecast loop = closed_loop(*model, *units.series, 4, known);
  ASSERT_EQ(loop.values.size(), 4u);
  EXPECT_EQ(loop.rows, (std::vector<size_t>{60, 61, 62, 63}));
  // By hand: rows [value, c_sin, c_cos]; each new row is the prediction and the known values of its row.
  const data::Series& s = *units.series;
  std::vector<float> history;
  for (size_t r = 52; r < 60; ++r)
    for (size_t c = 0; c < 3; ++c) history.push_back(s.columns[c][r]);
  const data::ColumnScale& scale = model->scaler().column("value");
  for (size_t k = 0; k < 4; ++k) {
    float y = 0;
    model->predict(8, 1, history.data() + history.size() - 24, &y);
    EXPECT_NEAR(loop.values[k], y * scale.scale + scale.offset, 1e-5) << k;
    history.insert(history.end(), {y, known.columns[0][k], known.columns[1][k]});
  }
  // Without the known columns the loop cannot go on, and says why.
  EXPECT_THROW(closed_loop(*model, *units.series, 4), UsageError);
  known.columns[0].resize(2);
  known.columns[1].resize(2);
  EXPECT_THROW(closed_loop(*model, *units.series, 4, known), Error);
}

TEST(QuantileForecast, CoverageCountsTheTruthInsideEachInterval) {
  const data::Series series = data::univariate("y", {0, 1, 2, 3, 4, 5});
  SeriesForecast f;
  f.rows = {2, 3, 4, 5};
  f.values = {2, 3, 4, 5};
  // Quantiles 0.05, 0.25, 0.75, 0.95 per row: the 90% interval holds rows 2, 3, 4; the 50% one row 2 only.
  f.quantiles = {1, 1.5f, 2.5f, 3,   2, 3.5f, 4, 4,   3, 4.5f, 5, 6,   6, 6, 7, 7};
  const std::vector<double> q{0.05, 0.25, 0.75, 0.95};
  const std::vector<CoverageRow> rows = interval_coverage(series, f, 0, q, 4);
  ASSERT_EQ(rows.size(), 4u);  // train and validation, two intervals each
  EXPECT_EQ(rows[0].part, "train");
  EXPECT_EQ(rows[0].count, 2u);
  EXPECT_EQ(rows[0].covered, 2u);  // 90%: rows 2 and 3
  EXPECT_EQ(rows[1].covered, 1u);  // 50%: row 2
  EXPECT_EQ(rows[2].part, "validation");
  EXPECT_EQ(rows[2].covered, 1u);  // 90%: row 4, not row 5
  EXPECT_EQ(format_coverage({rows[2]}), "validation: 90% interval (q0.05 to q0.95) covers 50.0% of 2 values\n");
}

TEST(ForecastCsv, TimeAndQuantileColumns) {
  TempDir dir;
  ForecastTable table;
  table.index_names = {"t"};
  table.targets = {"y"};
  table.quantiles = {0.1, 0.9};
  table.time_format = "%Y-%m";
  const float nan = std::nanf("");
  table.lines.push_back({{0}, {1.5f}, {nan}, false, {nan, nan}, "1949-01", 0});
  table.lines.push_back({{1}, {nan}, {2}, true, {1, 3}, "1949-02", 0});
  write_forecast_csv(dir / "f.csv", table);
  EXPECT_EQ(lstmkit::testing::read_bytes(dir / "f.csv"),
            "t,time,truth,prediction,y_q0.1,y_q0.9\n0,1949-01,1.5,,,\n1,1949-02,,2,1,3\n");
}

}  // namespace
}  // namespace lstmkit::infer
