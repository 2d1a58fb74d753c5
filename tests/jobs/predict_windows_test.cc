// Predictions for windows the caller cut: the same values as the one-step forecast of the series they
// were cut from, shapes [N, S, O], refusals; and the in-memory model's summary, the same as its
// checkpoint's.
#include "lstmkit/jobs/predict_windows.h"

#include <gtest/gtest.h>

#include "jobs/jobs_fixtures.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/forecaster.h"
#include "lstmkit/jobs/summary.h"

namespace lstmkit::jobs {
namespace {

using lstmkit::testing::TempDir;
using testing::rising_sine;

std::unique_ptr<models::Regressor> trained(const TempDir& dir, bool differenced, size_t output_steps = 1) {
  return models::Regressor::load(testing::rising_sine_checkpoint(dir.path(), [&](TsTrainConfig& c) {
    if (!differenced) c.transform.lags.clear();
    c.spec.window.steps = output_steps;
  }));
}

// Windows [N, T, 1] starting at rows 0, 1, ... of x.
std::vector<float> windows(const std::vector<float>& x, size_t N, size_t T) {
  std::vector<float> w;
  for (size_t n = 0; n < N; ++n) w.insert(w.end(), x.begin() + static_cast<std::ptrdiff_t>(n), x.begin() + static_cast<std::ptrdiff_t>(n + T));
  return w;
}

TEST(PredictWindows, MatchTheOneStepForecastOfTheSeries) {
  TempDir dir;
  auto model = trained(dir, false);
  const std::vector<float> x = rising_sine(100);
  const WindowPrediction p = predict_windows(*model, windows(x, 10, 6), 10, 6, 1);
  EXPECT_EQ(p.windows, 10u);
  EXPECT_EQ(p.steps, 1u);
  EXPECT_EQ(p.outputs, 1u);
  EXPECT_TRUE(p.quantiles.empty());
  data::Series series = data::univariate("value", x);
  model->scaler().transform(series);
  const infer::SeriesForecast f = infer::one_step_forecast(*model, series);
  ASSERT_GE(f.values.size(), 10u);
  for (size_t n = 0; n < 10; ++n) EXPECT_NEAR(p.values[n], f.values[n], 1e-5f * std::abs(f.values[n])) << n;
}

TEST(PredictWindows, MultiStepHeadGivesEveryStep) {
  TempDir dir;
  auto model = trained(dir, false, 3);
  const WindowPrediction p = predict_windows(*model, windows(rising_sine(20), 4, 6), 4, 6, 1);
  EXPECT_EQ(p.steps, 3u);
  EXPECT_EQ(p.values.size(), 4u * 3);
}

TEST(PredictWindows, Refusals) {
  TempDir dir;
  auto plain = trained(dir, false);
  const std::vector<float> w = windows(rising_sine(20), 2, 6);
  EXPECT_THROW(predict_windows(*plain, w, 1, 6, 2), UsageError);
  EXPECT_THROW(predict_windows(*plain, {}, 0, 6, 1), UsageError);
  TempDir other;
  auto differenced = trained(other, true);
  try {
    predict_windows(*differenced, w, 2, 6, 1);
    FAIL() << "a differenced model's windows were turned into values";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "model");
  }
}

TEST(RegressorSummary, IsTheCheckpointsSummary) {
  TempDir dir;
  const auto best = testing::rising_sine_checkpoint(dir.path(), [](TsTrainConfig& c) { c.trainer.epochs = 1; });
  auto model = models::Regressor::load(best);
  const models::ModelSummary memory = summary(*model), file = summary(best.string());
  EXPECT_EQ(models::format_summary(memory), models::format_summary(file));
  EXPECT_EQ(memory.keras_total(), 4 * (4 * 1 + 4 * 4 + 4) + 5);
}

}  // namespace
}  // namespace lstmkit::jobs
