// A quantile head (--quantiles): Q outputs per target and output step, scored by the pinball loss.
#include <gtest/gtest.h>

#include <algorithm>

#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

TEST(TsQuantiles, HeadHasAQuantilePerTargetAndStep) {
  const TsData raw = testing::sine_data(80, 16);
  TsSpec spec = testing::spec_for(raw, {8, 1, false, 2});
  spec.quantiles = {0.1, 0.5, 0.9};
  auto model = testing::new_model(raw, spec, 4);
  EXPECT_EQ(model->config().outputs, 6);  // [S 2, Q 3, O 1]
  // Its loss is the pinball loss: a batch scores the same as nn::quantile_loss on its outputs.
  TsTask task(*model, to_model_units(raw, spec, model->scaler()), 8);
  const data::RegressionBatch b = task.batch_of(std::vector<size_t>{0, 5, 9});
  std::vector<float> y(3 * 6);
  model->predict(8, 3, b.inputs.data(), y.data());
  double want = 0;
  for (int n = 0; n < 3; ++n)
    for (int s = 0; s < 2; ++s)
      for (int q = 0; q < 3; ++q) {
        const double u = b.targets[n * 2 + s] - y[n * 6 + s * 3 + q];
        want += std::max(spec.quantiles[q] * u, (spec.quantiles[q] - 1) * u);
      }
  EXPECT_NEAR(model->evaluate_batch(b).loss, want / 6, 1e-6);
}

}  // namespace
}  // namespace lstmkit::models
