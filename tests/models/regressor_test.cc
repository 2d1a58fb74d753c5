#include "lstmkit/models/regressor.h"

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "models/ts_fixtures.h"
#include "support/compare.h"
#include "support/finite_differences.h"

namespace lstmkit::models {
namespace {

using testing::new_model;
using testing::spec_for;
using testing::TempDir;

// Two features, two targets: F ≠ O ≠ H ≠ T ≠ N, so a transposition cannot hide.
TsData two_column_data(size_t rows) {
  TsData d;
  d.series = data::Series{{"a", "b"}, {{}, {}}, {0, 1}, {1, 0}};
  for (size_t r = 0; r < rows; ++r) {
    d.series->columns[0].push_back(static_cast<float>(std::sin(0.3 * static_cast<double>(r))) * 4 + 10);
    d.series->columns[1].push_back(static_cast<float>(r % 7) - 2);
  }
  return d;
}

// A batch of random inputs and targets: regression targets in [-1, 1), or class ids of C classes.
data::RegressionBatch random_batch(size_t T, size_t N, size_t F, size_t O, bool per_step, int classes, Rng& rng) {
  data::RegressionBatch b{T, N, F, classes ? size_t{1} : O, per_step, {}, {}};
  b.inputs = lstmkit::testing::random_floats(T * N * F, rng);
  const size_t rows = (per_step ? T : 1) * N;
  for (size_t i = 0; i < rows * b.outputs; ++i)
    b.targets.push_back(classes ? static_cast<float>(rng.below(classes)) : rng.uniform(-1, 1));
  return b;
}

// Central differences of evaluate_batch's loss against train_batch's gradient, for every parameter.
void check_gradient(Regressor& model, const data::RegressionBatch& b) {
  nn::Parameters& p = model.parameters();
  Rng unused(0);
  p.zero_grads();
  model.train_batch(b, unused);
  const std::vector<float> analytic(p.grads().begin(), p.grads().end());
  const std::vector<double> numeric =
      lstmkit::testing::numeric_gradient(p, 5e-3f, [&] { return model.evaluate_batch(b).loss; });
  EXPECT_TRUE(lstmkit::testing::all_close(analytic, numeric, {.rel = 2e-2, .abs = 1e-3}));
}

TEST(Regressor, GradientsMatchFiniteDifferences) {
  Rng rng(11);
  const TsData raw = two_column_data(40);
  for (const bool per_step : {false, true}) {
    SCOPED_TRACE(per_step ? "regression, n-to-n" : "regression, n-to-1");
    auto model = new_model(raw, spec_for(raw, {5, 1, per_step}), 4, 3, nn::CellKind::gru);
    check_gradient(*model, random_batch(5, 3, 2, 2, per_step, 0, rng));
  }
  TsData labelled = two_column_data(40);
  labelled.series->features = {0};
  labelled.series->targets = {1};  // values -2 .. 4: seven classes
  for (const bool per_step : {false, true}) {
    SCOPED_TRACE(per_step ? "classification, n-to-n" : "classification, n-to-1");
    auto model = new_model(labelled, spec_for(labelled, {5, 0, per_step}, true), 4, 5);
    ASSERT_EQ(model->config().outputs, 7);
    check_gradient(*model, random_batch(5, 3, 1, 1, per_step, 7, rng));
  }
}

TEST(Regressor, ScoresMeanSquaredErrorAndAccuracy) {
  Rng rng(5);
  TsData labelled = two_column_data(40);
  labelled.series->features = {0};
  labelled.series->targets = {1};
  auto classifier = new_model(labelled, spec_for(labelled, {4, 0, false}, true), 3);
  const data::RegressionBatch b = random_batch(4, 6, 1, 1, false, 7, rng);
  std::vector<float> probabilities(6 * 7);
  classifier->predict(4, 6, b.inputs.data(), probabilities.data());
  int64_t correct = 0;
  double nll = 0;
  for (size_t n = 0; n < 6; ++n) {
    const float* p = probabilities.data() + n * 7;
    const auto target = static_cast<size_t>(b.targets[n]);
    correct += std::max_element(p, p + 7) - p == static_cast<ptrdiff_t>(target);
    nll -= std::log(p[target]);
  }
  const TsScore s = classifier->evaluate_batch(b);
  EXPECT_EQ(s.count, 6);
  EXPECT_EQ(s.correct, correct);
  EXPECT_NEAR(s.loss, nll / 6, 1e-5);

  const TsData raw = two_column_data(40);
  auto regressor = new_model(raw, spec_for(raw, {4, 1, true}), 3);
  const data::RegressionBatch r = random_batch(4, 6, 2, 2, true, 0, rng);
  std::vector<float> y(4 * 6 * 2);
  regressor->predict(4, 6, r.inputs.data(), y.data());
  double sse = 0;
  for (size_t i = 0; i < y.size(); ++i) sse += (y[i] - r.targets[i]) * (y[i] - r.targets[i]);
  const TsScore m = regressor->evaluate_batch(r);
  EXPECT_EQ(m.count, 4 * 6);  // every step of every window is a target row
  EXPECT_NEAR(m.loss, sse / static_cast<double>(y.size()), 1e-6);
}

TEST(Regressor, CheckpointReloadReproducesPredictionsAndScalerExactly) {
  TempDir dir;
  const TsData raw = two_column_data(50);
  TsSpec spec = spec_for(raw, {6, 2, false}, false, 0.3);
  spec.scale = data::ScaleKind::minmax;
  spec.source = {};
  spec.source.synthetic = data::SyntheticOptions{data::SyntheticKind::noisy_sine, 500, 0.25, 42, 10};
  auto model = new_model(raw, spec, 5, 9);
  const auto path = dir.path() / "model.safetensors";
  io::Checkpoint::save(path, model->parameters(), {}, model->metadata());

  const auto loaded = Regressor::load(path);
  EXPECT_EQ(loaded->metadata(), model->metadata());  // config (spec and source included) and scaler
  EXPECT_EQ(loaded->scaler().to_json(), model->scaler().to_json());
  EXPECT_EQ(loaded->scaler().column("a").offset, model->scaler().column("a").offset);
  EXPECT_EQ(loaded->spec().source.synthetic->seed, 42u);
  EXPECT_EQ(loaded->spec().window.horizon, 2u);
  EXPECT_EQ(ts_source_json(loaded->spec().source), ts_source_json(spec.source));
  Rng rng(2);
  const std::vector<float> x = lstmkit::testing::random_floats(6 * 9 * 2, rng);
  std::vector<float> want(9 * 2), got(9 * 2);
  model->predict(6, 9, x.data(), want.data());
  loaded->predict(6, 9, x.data(), got.data());
  EXPECT_EQ(got, want);
}

TEST(Regressor, RejectsOtherModelsAndMismatchedShapes) {
  TempDir dir;
  nn::Parameters other;
  other.add("rnn.weight_ih_l0", {4, 3});
  const auto lm = dir.path() / "lm.safetensors";
  io::Checkpoint::save(lm, other, {}, {{"kind", "lm"}, {"config", "{}"}});
  try {
    Regressor::load(lm);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a time-series model"), std::string::npos) << e.what();
  }

  const TsData raw = two_column_data(30);
  const TsSpec spec = spec_for(raw, {5, 1, false});
  RegressorConfig wrong;
  wrong.inputs = 3;  // the data has two features
  wrong.outputs = 2;
  EXPECT_THROW(std::make_unique<Regressor>(wrong, spec, data::Scaler()), Error);

  auto model = new_model(raw, spec, 4);
  Rng rng(1);
  EXPECT_THROW(model->evaluate_batch(random_batch(5, 2, 2, 2, true, 0, rng)), Error);   // per-step targets
  EXPECT_THROW(model->evaluate_batch(random_batch(5, 2, 1, 2, false, 0, rng)), Error);  // one feature
}

}  // namespace
}  // namespace lstmkit::models
