// A quantile head in forecasting: the one-step forecast reads every quantile and takes the median as its
// point, and the closed loop feeds the median back.
#include <gtest/gtest.h>

#include "lstmkit/infer/forecaster.h"
#include "models/ts_fixtures.h"

namespace lstmkit::infer {
namespace {

using models::testing::new_model;
using models::testing::sine_data;
using models::testing::spec_for;

TEST(QuantileForecast, MedianIsThePointAndTheLoopFeedsItBack) {
  const models::TsData raw = sine_data(60, 16);
  models::TsSpec spec = spec_for(raw, {8, 1, false});
  spec.quantiles = {0.1, 0.5, 0.9};
  auto model = new_model(raw, spec, 5);
  const models::TsData units = models::to_model_units(raw, spec, model->scaler());
  const data::ColumnScale& c = model->scaler().column("value");
  const SeriesForecast f = one_step_forecast(*model, *units.series, 7);
  ASSERT_EQ(f.quantiles.size(), f.rows.size() * 3);
  std::vector<float> y(3);
  model->predict(8, 1, units.series->columns[0].data() + 4, y.data());  // window 4 predicts row 12
  ASSERT_EQ(f.rows[4], 12u);
  for (size_t q = 0; q < 3; ++q) EXPECT_NEAR(f.quantiles[4 * 3 + q], y[q] * c.scale + c.offset, 1e-5) << q;
  EXPECT_EQ(f.values[4], f.quantiles[4 * 3 + 1]);

  const SeriesForecast loop = closed_loop(*model, *units.series, 3);
  ASSERT_EQ(loop.quantiles.size(), 9u);
  std::vector<float> history(units.series->columns[0].end() - 8, units.series->columns[0].end());
  for (size_t k = 0; k < 3; ++k) {
    model->predict(8, 1, history.data() + history.size() - 8, y.data());
    EXPECT_NEAR(loop.values[k], y[1] * c.scale + c.offset, 1e-5) << k;
    EXPECT_NEAR(loop.quantiles[k * 3 + 2], y[2] * c.scale + c.offset, 1e-5) << k;
    history.push_back(y[1]);
  }
}

}  // namespace
}  // namespace lstmkit::infer
