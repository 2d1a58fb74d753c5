// The forecast job on a model of several series: each series is forecast exactly as the model of that
// series alone (the same weights, its own scaler and transform) forecasts it — one-step predictions,
// baselines, closed loop; one series can be chosen, an unknown id is one error naming the ids; the
// files have a series column and a plot per series.
#include <gtest/gtest.h>

#include <fstream>

#include "jobs/series_fixtures.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/forecast.h"
#include "lstmkit/jobs/series_files.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;
using testing::one_series_model;
using testing::store_values;
using testing::stores_checkpoint;
using testing::write_series_csv;

ForecastConfig own_data(const models::Regressor& model) {
  ForecastConfig c;
  c.source = model.spec().source;
  c.steps = 5;
  c.season = 12;
  return c;
}

void expect_same_forecast(const ForecastResult& got, const ForecastResult& want) {
  EXPECT_EQ(got.one_step.rows, want.one_step.rows);
  EXPECT_EQ(got.one_step.values, want.one_step.values);
  EXPECT_EQ(got.closed_loop.rows, want.closed_loop.rows);
  EXPECT_EQ(got.closed_loop.values, want.closed_loop.values);
  EXPECT_EQ(got.boundary, want.boundary);
  ASSERT_EQ(got.errors.size(), want.errors.size());
  for (size_t o = 0; o < got.errors.size(); ++o) {
    ASSERT_EQ(got.errors[o].size(), want.errors[o].size());
    for (size_t i = 0; i < got.errors[o].size(); ++i) {
      EXPECT_EQ(got.errors[o][i].part + " " + got.errors[o][i].predictor,
                want.errors[o][i].part + " " + want.errors[o][i].predictor);
      EXPECT_EQ(got.errors[o][i].errors.rmse, want.errors[o][i].errors.rmse);
    }
  }
}

TEST(ForecastEachSeries, EverySeriesAsTheModelOfItAloneWouldForecastIt) {
  TempDir dir;
  const std::filesystem::path checkpoint = stores_checkpoint(dir.path());
  auto model = models::Regressor::load(checkpoint);
  const ForecastResult r = forecast(*model, own_data(*model));
  ASSERT_EQ(r.series.size(), 2u);
  size_t lines = 0;
  for (size_t k = 0; k < 2; ++k) {
    const std::string id = k == 0 ? "low" : "high";
    const ForecastResult& got = r.series[k];
    EXPECT_EQ(got.series_id, id);
    EXPECT_TRUE(got.own_data);
    const std::vector<float> values = store_values(id);
    auto one = one_series_model(checkpoint, id, write_series_csv(dir / (id + ".csv"), values));
    const ForecastResult want = forecast(*one, own_data(*one));
    expect_same_forecast(got, want);
    // In data units: the series around 500 is predicted around 500, not around the other's 10.
    EXPECT_NEAR(got.one_step.values.back(), values.back(), 0.2 * std::abs(values.back())) << id;
    EXPECT_NE(r.report.find("series '" + id + "': " + std::to_string(values.size()) + " rows"), std::string::npos)
        << r.report;
    lines += values.size() + 5;
  }
  EXPECT_NE(r.data_description.find("2 series by column 'store'"), std::string::npos) << r.data_description;
  ASSERT_TRUE(r.table.by_series);
  ASSERT_EQ(r.table.lines.size(), lines);
  EXPECT_EQ(r.table.lines.front().series, "low");
  EXPECT_EQ(r.table.lines.back().series, "high");
  EXPECT_TRUE(r.table.lines.back().closed_loop);
}

TEST(ForecastEachSeries, OneSeriesChosenByIdAndUnknownIdsNamed) {
  TempDir dir;
  auto model = models::Regressor::load(stores_checkpoint(dir.path()));
  ForecastConfig c = own_data(*model);
  const ForecastResult all = forecast(*model, c);
  c.series = "high";
  const ForecastResult high = forecast(*model, c);
  ASSERT_EQ(high.series.size(), 1u);
  EXPECT_EQ(high.series[0].series_id, "high");
  expect_same_forecast(high.series[0], all.series[1]);
  EXPECT_EQ(high.report.find("series 'low'"), std::string::npos);
  c.series = "west";
  try {
    forecast(*model, c);
    FAIL() << "an unknown series was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`series`");
    EXPECT_NE(std::string(e.what()).find("'low', 'high'"), std::string::npos) << e.what();
  }
}

TEST(ForecastEachSeries, ASeriesOfAModelOfOneIsRefused) {
  TempDir dir;
  auto one = one_series_model(stores_checkpoint(dir.path()), "low", write_series_csv(dir / "low.csv", store_values("low")));
  ForecastConfig c = own_data(*one);
  c.series = "low";
  try {
    forecast(*one, c);
    FAIL() << "a series of a model of one series was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`series`");
  }
}

TEST(ForecastEachSeries, OneCsvWithASeriesColumnAndAPlotPerSeries) {
  TempDir dir;
  auto model = models::Regressor::load(stores_checkpoint(dir.path()));
  const ForecastResult r = forecast(*model, own_data(*model));
  const ForecastFiles files = write_forecast_files(r, dir / "out");
  std::ifstream csv(files.csv);
  std::string header, first;
  std::getline(csv, header);
  std::getline(csv, first);
  EXPECT_EQ(header, "series,t,truth,prediction");
  EXPECT_EQ(first.substr(0, 6), "low,0,");
  ASSERT_TRUE(files.plot_result.has_value());
  if (*files.plot_result) {
    EXPECT_EQ(files.series_plots, (std::vector<std::filesystem::path>{dir / "out" / "forecast-low.png",
                                                                      dir / "out" / "forecast-high.png"}));
    for (const auto& plot : files.series_plots) EXPECT_TRUE(std::filesystem::exists(plot));
  } else {
    EXPECT_EQ(files.plot_result->status, io::PlotStatus::no_gnuplot) << files.plot_result->message;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "forecast.png"));
}

TEST(ForecastEachSeries, PlotNamesAreFileNamesOfTheirOwn) {
  const std::vector<std::string> ids = {"north", "a/b", "a_b", "", "../x", "a_b"};
  EXPECT_EQ(series_plot_name("forecast", ids, 0), "forecast-north.png");
  EXPECT_EQ(series_plot_name("forecast", ids, 1), "forecast-a_b.png");
  EXPECT_EQ(series_plot_name("forecast", ids, 2), "forecast-a_b-3.png");
  EXPECT_EQ(series_plot_name("forecast", ids, 3), "forecast-4.png");
  EXPECT_EQ(series_plot_name("forecast", ids, 4), "forecast-.._x.png");
  EXPECT_EQ(series_plot_name("forecast", ids, 5), "forecast-a_b-6.png");
}

}  // namespace
}  // namespace lstmkit::jobs
