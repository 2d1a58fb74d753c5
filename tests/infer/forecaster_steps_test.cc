// A direct multi-step head (--output-steps S): the closed loop takes its S predictions at once and slides
// by S, the one-step forecast is its first step, and such a model learns.
#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/infer/forecaster.h"
#include "models/ts_fixtures.h"

namespace lstmkit::infer {
namespace {

using models::testing::new_model;
using models::testing::sine_data;
using models::testing::spec_for;
using models::testing::TempDir;

models::TsSpec three_steps(const models::TsData& raw) {
  models::TsSpec spec = spec_for(raw, {8, 1, false});
  spec.window.steps = 3;
  return spec;
}

TEST(MultiStepHead, ClosedLoopTakesTheStepsAtOnceAndSlidesByThem) {
  const models::TsData raw = sine_data(120, 16);
  const models::TsSpec spec = three_steps(raw);
  auto model = new_model(raw, spec, 6);
  const models::TsData units = models::to_model_units(raw, spec, model->scaler());
  const std::vector<float> loop = closed_loop_forecast(*model, *units.series, 7);
  ASSERT_EQ(loop.size(), 7u);
  // By hand: 3 values from the newest 8 rows, appended, then 3 more from the newest 8, and so on.
  const data::ColumnScale& c = model->scaler().column("value");
  const std::vector<float>& x = units.series->columns[0];
  std::vector<float> history(x.end() - 8, x.end()), want, y(3);
  while (want.size() < 7) {
    model->predict(8, 1, history.data() + history.size() - 8, y.data());
    for (float v : y) {
      want.push_back(static_cast<float>(v * c.scale + c.offset));
      history.push_back(v);
    }
  }
  for (size_t k = 0; k < 7; ++k) EXPECT_NEAR(loop[k], want[k], 1e-5f) << k;

  // The one-step forecast of each window is the head's first step.
  const SeriesForecast f = one_step_forecast(*model, *units.series);
  ASSERT_EQ(f.rows.front(), 8u);
  ASSERT_EQ(f.values.size(), f.rows.size());
  model->predict(8, 1, x.data(), y.data());
  EXPECT_NEAR(f.values[0], y[0] * c.scale + c.offset, 1e-5);
}

TEST(MultiStepHead, LearnsTheNextThreeValuesOfASine) {
  TempDir dir;
  const models::TsData raw = sine_data(320, 16);
  const models::TsSpec spec = three_steps(raw);
  auto model = new_model(raw, spec, 16);
  models::TsTask task(*model, models::to_model_units(raw, spec, model->scaler()), 32);
  const double untrained = *task.validate();
  models::testing::fit(task, dir.path(), 12);
  const double trained = *task.validate();
  std::printf("3-step head on a sine: validation MSE %.4g, untrained %.4g\n", trained, untrained);
  EXPECT_LT(trained, untrained / 20);
}

}  // namespace
}  // namespace lstmkit::infer
