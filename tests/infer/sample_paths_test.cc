// Sample paths: the inverse CDF a quantile head's draws come from, the quantiles across paths, and the
// batch of N paths against N runs of one path with the same draws.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/infer/sample_paths.h"
#include "models/ts_fixtures.h"

namespace lstmkit::infer {
namespace {

using models::testing::new_model;
using models::testing::sine_data;
using models::testing::spec_for;

const std::vector<double> kLevels = {0.1, 0.5, 0.9};
const std::vector<float> kValues = {-1.0f, 0.5f, 3.0f};

TEST(InverseCdf, ReproducesTheQuantilesAndInterpolatesBetweenThem) {
  for (size_t q = 0; q < 3; ++q) EXPECT_FLOAT_EQ(inverse_cdf(kLevels, kValues, kLevels[q]), kValues[q]) << q;
  EXPECT_FLOAT_EQ(inverse_cdf(kLevels, kValues, 0.3), -0.25f);
  EXPECT_FLOAT_EQ(inverse_cdf(kLevels, kValues, 0.8), 2.375f);
  // Crossed quantiles are sorted: the draw is the same as from the sorted ones.
  EXPECT_FLOAT_EQ(inverse_cdf(kLevels, std::vector<float>{3.0f, 0.5f, -1.0f}, 0.3), -0.25f);
  // One quantile: its value whatever u is.
  EXPECT_EQ(inverse_cdf(std::vector<double>{0.5}, std::vector<float>{2.0f}, 0.01), 2.0f);
}

TEST(InverseCdf, TailsAreExponentialAndContinueTheEdgeDensity) {
  // Lower tail: b = 0.1 · 1.5 / 0.4; u = τ₁/e is one b below q₁.
  const double b_lo = 0.1 * 1.5 / 0.4, b_hi = 0.1 * 2.5 / 0.4;
  EXPECT_NEAR(inverse_cdf(kLevels, kValues, 0.1 / std::exp(1.0)), -1.0 - b_lo, 1e-5);
  EXPECT_NEAR(inverse_cdf(kLevels, kValues, 1 - 0.1 / std::exp(2.0)), 3.0 + 2 * b_hi, 1e-5);
  // The slope dx/du just inside and just outside each outer level agrees (no jump in the density).
  const double h = 1e-4;
  auto slope = [&](double u) { return (inverse_cdf(kLevels, kValues, u + h) - inverse_cdf(kLevels, kValues, u)) / h; };
  EXPECT_NEAR(slope(0.1 - h), slope(0.1), 0.05 * slope(0.1));
  EXPECT_NEAR(slope(0.9), slope(0.9 - h), 0.05 * slope(0.9 - h));
  // Finite at the most extreme uniforms drawn.
  EXPECT_TRUE(std::isfinite(inverse_cdf(kLevels, kValues, 0x1p-25)));
  EXPECT_TRUE(std::isfinite(inverse_cdf(kLevels, kValues, 1 - 0x1p-25)));
}

TEST(InverseCdf, IsMonotoneInU) {
  float previous = -INFINITY;
  for (int i = 1; i < 10000; ++i) {
    const float x = inverse_cdf(kLevels, kValues, i / 10000.0);
    ASSERT_GE(x, previous) << i;
    previous = x;
  }
}

// Draws through path_uniforms have the predicted quantiles as their quantiles: the share of draws below
// q_i is τ_i, and the share below the tail point at u = τ₁/10 is τ₁/10.
TEST(InverseCdf, ManyDrawsHaveThePredictedQuantiles) {
  const size_t n = 200000;
  const std::vector<float> u = path_uniforms(n, 1, 1, 11);
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = inverse_cdf(kLevels, kValues, u[i]);
  auto share_below = [&](float v) {
    return static_cast<double>(std::count_if(x.begin(), x.end(), [&](float d) { return d < v; })) / n;
  };
  for (size_t q = 0; q < 3; ++q) EXPECT_NEAR(share_below(kValues[q]), kLevels[q], 0.003) << q;
  EXPECT_NEAR(share_below(inverse_cdf(kLevels, kValues, 0.01)), 0.01, 0.001);
  EXPECT_NEAR(share_below(inverse_cdf(kLevels, kValues, 0.995)), 0.995, 0.001);
  // The same through across_paths: the draws' empirical quantiles are the predicted ones.
  const std::vector<float> q = across_paths(x, n, 1, kLevels);
  for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(q[i], kValues[i], 0.02) << i;
}

TEST(PathUniforms, AreSeededAndInsideTheOpenInterval) {
  const std::vector<float> u = path_uniforms(5, 7, 2, 3);
  ASSERT_EQ(u.size(), 70u);
  EXPECT_EQ(u, path_uniforms(5, 7, 2, 3));
  EXPECT_NE(u, path_uniforms(5, 7, 2, 4));
  for (float x : u) {
    EXPECT_GT(x, 0.0f);
    EXPECT_LT(x, 1.0f);
  }
}

TEST(AcrossPaths, InterpolatesBetweenOrderStatisticsPerStepAndTarget) {
  // 5 paths of 1 step and 2 targets: target 0 holds 0..4 shuffled, target 1 ten times that.
  const std::vector<float> paths = {3, 30, 0, 0, 4, 40, 1, 10, 2, 20};  // [N 5, K 1, O 2]
  const std::vector<double> levels = {0.1, 0.5, 1.0};
  const std::vector<float> q = across_paths(paths, 5, 2, levels);  // [K 1, Q 3, O 2]
  const std::vector<float> want = {0.4f, 4.0f, 2.0f, 20.0f, 4.0f, 40.0f};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_FLOAT_EQ(q[i], want[i]) << i;
  EXPECT_THROW(across_paths({}, 0, 1, levels), Error);
}

struct QuantileModel {
  models::TsData raw;
  std::unique_ptr<models::Regressor> model;
  models::TsData units;
};

QuantileModel quantile_model(size_t output_steps) {
  QuantileModel m;
  m.raw = sine_data(60, 16);
  models::TsSpec spec = spec_for(m.raw, {8, 1, false, output_steps});
  spec.quantiles = kLevels;
  m.model = new_model(m.raw, spec, 5);
  m.units = models::to_model_units(m.raw, spec, m.model->scaler());
  return m;
}

// N paths in one batch are N runs of one path, each with its own column of the draws, for a one-step
// head and for a multi-step head (chunks of 3 rows, the last one cut).
TEST(ClosedLoopPaths, ABatchOfPathsIsEachPathAlone) {
  for (size_t S : {1, 3}) {
    QuantileModel m = quantile_model(S);
    const size_t N = 4, steps = 7, C = (steps + S - 1) / S;
    const std::vector<float> u = path_uniforms(C, N, 1, 5);
    const std::vector<float> batch = closed_loop_paths(*m.model, *m.units.series, steps, N, u);
    ASSERT_EQ(batch.size(), N * steps);
    for (size_t n = 0; n < N; ++n) {
      std::vector<float> own(C);
      for (size_t c = 0; c < C; ++c) own[c] = u[c * N + n];
      const std::vector<float> alone = closed_loop_paths(*m.model, *m.units.series, steps, 1, own);
      for (size_t k = 0; k < steps; ++k) EXPECT_NEAR(batch[n * steps + k], alone[k], 1e-5) << S << " " << n << " " << k;
    }
    // Paths of different draws differ.
    EXPECT_NE(std::vector<float>(batch.begin(), batch.begin() + steps),
              std::vector<float>(batch.begin() + steps, batch.begin() + 2 * steps));
  }
}

// Drawing at u = 1/2 every time is feeding back the median: the closed loop of today (for a head whose
// quantiles do not cross, which the draws would sort: an untrained head's are pushed apart first).
TEST(ClosedLoopPaths, DrawsAtOneHalfAreTheMedianLoop) {
  QuantileModel m = quantile_model(1);
  float* bias = m.model->parameters().value(m.model->parameters().find("head.bias"));  // [Q 3]
  bias[0] -= 3.0f;
  bias[2] += 3.0f;
  const std::vector<float> paths = closed_loop_paths(*m.model, *m.units.series, 6, 2, std::vector<float>(12, 0.5f));
  const SeriesForecast median = closed_loop(*m.model, *m.units.series, 6);
  for (size_t k = 0; k < 6; ++k) {
    EXPECT_NEAR(paths[k], median.values[k], 1e-5) << k;
    EXPECT_NEAR(paths[6 + k], median.values[k], 1e-5) << k;
  }
}

TEST(ClosedLoopPaths, RefusesAHeadWithoutQuantilesAndDrawsOfTheWrongCount) {
  QuantileModel m = quantile_model(1);
  EXPECT_THROW(closed_loop_paths(*m.model, *m.units.series, 6, 2, std::vector<float>(11, 0.5f)), Error);
  const models::TsData raw = sine_data(60, 16);
  auto plain = new_model(raw, spec_for(raw, {8, 1, false}), 5);
  const models::TsData units = models::to_model_units(raw, plain->spec(), plain->scaler());
  EXPECT_THROW(closed_loop_paths(*plain, *units.series, 6, 2, std::vector<float>(12, 0.5f)), UsageError);
  EXPECT_THROW(sampled_closed_loop(*m.model, *m.units.series, *m.raw.series, 6, 0, 1), UsageError);
}

// With a differenced target each path accumulates its own draws from the last data value, and the
// quantiles are taken across those levels — not across the drawn differences.
TEST(SampledClosedLoop, InvertsEachPathBeforeTheQuantiles) {
  const models::TsData raw = sine_data(60, 16);
  models::TsSpec spec = spec_for(raw, {8, 1, false});
  spec.quantiles = kLevels;
  const data::TargetTransform t = models::fit_target_transform(raw, spec, {false, false, {1}});
  models::testing::use_one_thread();
  models::RegressorConfig c;
  c.hidden = 5;
  c.inputs = 1;
  c.outputs = static_cast<int>(models::output_count(spec));
  auto model = std::make_unique<models::Regressor>(
      c, spec, models::fit_ts_scaler(models::apply_target_transform(raw, spec, t), spec), t);
  Rng rng(3);
  model->initialize(nn::InitScheme::keras, rng);
  const models::TsData units = models::to_model_units(raw, spec, model->scaler(), model->transform());
  const size_t N = 50, steps = 5;
  const SeriesForecast f = sampled_closed_loop(*model, *units.series, *raw.series, steps, N, 9);
  const std::vector<float> dz = closed_loop_paths(*model, *units.series, steps, N, path_uniforms(steps, N, 1, 9));
  std::vector<float> levels(N * steps);
  for (size_t n = 0; n < N; ++n) {
    float level = raw.series->columns[0].back();
    for (size_t k = 0; k < steps; ++k) levels[n * steps + k] = level += dz[n * steps + k];
  }
  const std::vector<float> want = across_paths(levels, N, 1, kLevels);
  ASSERT_EQ(f.quantiles.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(f.quantiles[i], want[i], 1e-4) << i;
  for (size_t k = 0; k < steps; ++k) {
    EXPECT_EQ(f.rows[k], 60 + k);
    EXPECT_EQ(f.values[k], f.quantiles[k * 3 + 1]);
  }
  // Deterministic given the seed.
  EXPECT_EQ(sampled_closed_loop(*model, *units.series, *raw.series, steps, N, 9).quantiles, f.quantiles);
}

}  // namespace
}  // namespace lstmkit::infer
