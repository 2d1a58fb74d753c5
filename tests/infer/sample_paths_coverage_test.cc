// The proof that sample paths give bands that widen: a small quantile model trained on a Gaussian random
// walk (differenced, so it learns the step's distribution), forecast 20 steps from 200 independent
// held-out walks. The true h-step spread of a random walk is √h times the one-step spread, so an 80%
// band must cover about 80% of the truths at horizon 1 and at horizon 20, and be about √20 ≈ 4.5 times
// as wide at 20 as at 1. Feeding back the median gives every horizon the one-step band, which covers
// about 22% at horizon 20: the same checks must fail for it.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "lstmkit/infer/sample_paths.h"
#include "lstmkit/models/ts_task.h"
#include "models/ts_fixtures.h"

namespace lstmkit::infer {
namespace {

using models::testing::TempDir;

constexpr size_t kHistory = 12, kSteps = 20, kWalks = 200, kPaths = 200;
// Binomial noise of a coverage over 200 independent walks is 0.028 (one sigma); the tolerance leaves
// room for that and for the model's own calibration error.
constexpr double kCoverageTolerance = 0.08;

std::vector<float> random_walk(size_t rows, std::mt19937& rng) {
  std::normal_distribution<float> step(0.0f, 1.0f);
  std::vector<float> x(rows);
  float level = 0;
  for (float& v : x) v = level += step(rng);
  return x;
}

models::TsData series_of(std::vector<float> x) {
  models::TsData d;
  d.series = data::univariate("value", std::move(x));
  return d;
}

std::unique_ptr<models::Regressor> learn_random_walk(const std::filesystem::path& out) {
  std::mt19937 rng(17);
  const models::TsData raw = series_of(random_walk(1200, rng));
  models::TsSpec spec = models::testing::spec_for(raw, {8, 1, false});
  spec.quantiles = {0.1, 0.5, 0.9};
  const data::TargetTransform t = models::fit_target_transform(raw, spec, {false, false, {1}});
  models::testing::use_one_thread();
  models::RegressorConfig c;
  c.hidden = 8;
  c.inputs = 1;
  c.outputs = static_cast<int>(models::output_count(spec));
  auto model = std::make_unique<models::Regressor>(
      c, spec, models::fit_ts_scaler(models::apply_target_transform(raw, spec, t), spec), t);
  Rng init(5);
  model->initialize(nn::InitScheme::keras, init);
  models::TsTask task(*model, models::to_model_units(raw, spec, model->scaler(), model->transform()), 32);
  models::testing::fit(task, out, 8);
  return model;
}

struct BandCheck {
  double coverage_1 = 0, coverage_20 = 0;  // share of the truths inside the 10%..90% band
  double width_ratio = 0;                  // mean band width at horizon 20 over that at horizon 1
};

// `forecast` (model, series in model units, the series as read) → the closed loop's quantiles [20, 3].
template <class Forecast>
BandCheck check_bands(models::Regressor& model, Forecast forecast) {
  std::mt19937 rng(99);
  BandCheck b;
  double width_1 = 0, width_20 = 0;
  for (size_t w = 0; w < kWalks; ++w) {
    const std::vector<float> walk = random_walk(kHistory + kSteps, rng);
    const models::TsData raw = series_of({walk.begin(), walk.begin() + kHistory});
    const models::TsData units = models::to_model_units(raw, model.spec(), model.scaler(), model.transform());
    const std::vector<float> q = forecast(model, *units.series, *raw.series);
    auto inside = [&](size_t h) {
      const float truth = walk[kHistory + h - 1];
      return q[(h - 1) * 3] <= truth && truth <= q[(h - 1) * 3 + 2] ? 1.0 : 0.0;
    };
    b.coverage_1 += inside(1) / kWalks;
    b.coverage_20 += inside(kSteps) / kWalks;
    width_1 += q[2] - q[0];
    width_20 += q[(kSteps - 1) * 3 + 2] - q[(kSteps - 1) * 3];
  }
  b.width_ratio = width_20 / width_1;
  return b;
}

bool looks_like_a_random_walk(const BandCheck& b) {
  return std::abs(b.coverage_1 - 0.8) <= kCoverageTolerance && std::abs(b.coverage_20 - 0.8) <= kCoverageTolerance &&
         b.width_ratio >= 0.75 * std::sqrt(20.0) && b.width_ratio <= 1.25 * std::sqrt(20.0);
}

TEST(SamplePathBands, CoverAndWidenLikeARandomWalksWhereTheMedianLoopDoesNot) {
  TempDir dir;
  auto model = learn_random_walk(dir.path());
  const BandCheck sampled = check_bands(*model, [](models::Regressor& m, const data::Series& units, const data::Series& raw) {
    return sampled_closed_loop(m, units, raw, kSteps, kPaths, 3).quantiles;
  });
  EXPECT_TRUE(looks_like_a_random_walk(sampled)) << "coverage at 1: " << sampled.coverage_1 << ", at 20: "
                                                 << sampled.coverage_20 << ", width ratio " << sampled.width_ratio;
  const BandCheck median = check_bands(*model, [](models::Regressor& m, const data::Series& units, const data::Series& raw) {
    SeriesForecast f = closed_loop(m, units, kSteps);
    original_loop_units(m, raw, f);
    return f.quantiles;
  });
  EXPECT_FALSE(looks_like_a_random_walk(median)) << "coverage at 1: " << median.coverage_1 << ", at 20: "
                                                 << median.coverage_20 << ", width ratio " << median.width_ratio;
  std::cout << "sampled: coverage " << sampled.coverage_1 << " / " << sampled.coverage_20 << ", width ratio "
            << sampled.width_ratio << "; median loop: " << median.coverage_1 << " / " << median.coverage_20
            << ", " << median.width_ratio << "\n";
}

}  // namespace
}  // namespace lstmkit::infer
