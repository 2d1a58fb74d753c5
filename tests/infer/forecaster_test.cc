#include "lstmkit/infer/forecaster.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>

#include "lstmkit/data/metrics.h"
#include "lstmkit/data/windows.h"
#include "lstmkit/error.h"
#include "models/ts_fixtures.h"
#include "support/compare.h"

namespace lstmkit::infer {
namespace {

using models::testing::learn_sine;
using models::testing::new_model;
using models::testing::sine_data;
using models::testing::spec_for;
using models::testing::TempDir;

// Window by window, the slow and obvious way: one forward pass per window, outputs scaled back by hand.
std::vector<float> one_window_at_a_time(models::Regressor& model, const data::Series& scaled) {
  const size_t T = model.spec().window.length, H = model.spec().window.horizon;
  const data::ColumnScale& c = model.scaler().column("value");
  std::vector<float> out;
  std::vector<float> y(model.return_sequences() ? T : 1);
  for (size_t s = 0; s + T + H <= scaled.rows(); ++s) {
    const std::vector<float> x = data::window_inputs(scaled, T, std::vector<size_t>{s});
    model.predict(static_cast<int>(T), 1, x.data(), y.data());
    out.push_back(static_cast<float>(y.back() * c.scale + c.offset));
  }
  return out;
}

TEST(OneStepForecast, BatchedWindowsEqualOneWindowAtATime) {
  for (const bool per_step : {false, true}) {
    SCOPED_TRACE(per_step ? "n-to-n" : "n-to-1");
    const models::TsData raw = sine_data(60, 16);
    const models::TsSpec spec = spec_for(raw, {12, 2, per_step});
    auto model = new_model(raw, spec, 8);  // untrained: any weights will do
    const models::TsData scaled = models::to_model_units(raw, spec, model->scaler());
    const std::vector<float> want = one_window_at_a_time(*model, *scaled.series);
    for (const size_t batch : {size_t{1}, size_t{7}, size_t{512}}) {
      const SeriesForecast f = one_step_forecast(*model, *scaled.series, batch);
      ASSERT_EQ(f.rows.size(), 60u - 12 - 2 + 1);
      EXPECT_EQ(f.rows.front(), 12u - 1 + 2);  // the first window's target row
      EXPECT_EQ(f.rows.back(), 59u);
      EXPECT_TRUE(testing::all_close(f.values, want, {.rel = 1e-5, .abs = 1e-6})) << "batch " << batch;
    }
  }
}

// One training run for both checks: training dominates the time of this binary.
TEST(Forecast, LearntSineBeatsPersistenceAndStaysCloseInClosedLoop) {
  TempDir dir;
  auto s = learn_sine(dir.path());
  const models::TsData scaled = models::to_model_units(s.raw, s.model->spec(), s.model->scaler());
  const std::vector<float>& y = s.raw.series->columns[0];

  const SeriesForecast f = one_step_forecast(*s.model, *scaled.series);
  std::vector<float> truth;
  for (size_t r : f.rows) truth.push_back(y[r]);
  const double model_rmse = data::rmse(truth, f.values);
  const double persistence = data::rmse(truth, data::persistence_forecast(y, f.rows, 1));
  EXPECT_LT(model_rmse, 0.05) << "persistence " << persistence;
  EXPECT_LT(model_rmse, persistence / 5) << "model " << model_rmse;

  const size_t R = y.size(), K = 16;  // one cycle past the end of the data
  const std::vector<float> loop = closed_loop_forecast(*s.model, *scaled.series, K);
  ASSERT_EQ(loop.size(), K);
  std::vector<float> future(K);
  for (size_t k = 0; k < K; ++k)
    future[k] = static_cast<float>(std::sin(2.0 * std::numbers::pi * static_cast<double>(R + k) / 16.0));
  EXPECT_LT(data::rmse(future, loop), 0.1);
  std::printf("one-step RMSE %.4f (persistence %.4f), closed loop %zu steps RMSE %.4f\n", model_rmse,
              persistence, K, data::rmse(future, loop));
}

TEST(ClosedLoopForecast, FeedsEachPredictionBackAsTheNewestInput) {
  const models::TsData raw = sine_data(40, 16);
  const models::TsSpec spec = spec_for(raw, {10, 1, false});
  auto model = new_model(raw, spec, 6);
  models::TsData scaled = models::to_model_units(raw, spec, model->scaler());
  const std::vector<float> loop = closed_loop_forecast(*model, *scaled.series, 3);
  // The same three steps by hand: predict from the last window, append the scaled prediction, repeat.
  const data::ColumnScale& c = model->scaler().column("value");
  std::vector<float>& x = scaled.series->columns[0];
  for (size_t k = 0; k < 3; ++k) {
    const std::vector<float> w = data::window_inputs(*scaled.series, 10, std::vector<size_t>{x.size() - 10});
    float y = 0;
    model->predict(10, 1, w.data(), &y);
    EXPECT_NEAR(loop[k], y * c.scale + c.offset, 1e-5) << "step " << k;
    x.push_back(y);
  }
}

TEST(ClosedLoopForecast, RefusesModelsWhoseOutputsAreNotTheirInputs) {
  models::TsData raw;
  raw.series = data::Series{{"a", "b"}, {std::vector<float>(40, 1.0f), std::vector<float>(40, 2.0f)}, {0}, {1}};
  for (size_t r = 0; r < 40; ++r) raw.series->columns[0][r] = static_cast<float>(r % 5);
  auto expect_usage_error = [](models::Regressor& model, const data::Series& series, const std::string& words) {
    try {
      closed_loop_forecast(model, series, 5);
      FAIL() << "no error";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`steps`");
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  const models::TsSpec other_target = spec_for(raw, {8, 1, false});
  auto regressor = new_model(raw, other_target, 4);
  expect_usage_error(*regressor, *models::to_model_units(raw, other_target, regressor->scaler()).series,
                     "reads [a] but predicts [b]");

  const models::TsData sine = sine_data(40, 16);
  const models::TsSpec far = spec_for(sine, {8, 3, false});
  auto ahead = new_model(sine, far, 4);
  expect_usage_error(*ahead, *models::to_model_units(sine, far, ahead->scaler()).series, "3 steps ahead");

  const models::TsSpec labels = spec_for(raw, {8, 0, false}, true);
  auto classifier = new_model(raw, labels, 4);
  expect_usage_error(*classifier, *models::to_model_units(raw, labels, classifier->scaler()).series, "classifier");
}

TEST(PredictSequences, SequenceMajorOutputsOfEveryStep) {
  data::SequenceDataset d{5, 4, 1, 1, true, {}, {}, {"x"}, {"sum"}};
  Rng rng(3);
  for (size_t i = 0; i < 20; ++i) {
    d.inputs.push_back(rng.uniform());
    d.targets.push_back(0.0f);
  }
  models::TsData raw;
  raw.sequences = d;
  const models::TsSpec spec = spec_for(raw, {4, 0, true});
  auto model = new_model(raw, spec, 5);
  const std::vector<size_t> ids = {4, 0, 2};
  const std::vector<float> got = predict_sequences(*model, d, ids, 2);  // [3, T, 1]
  ASSERT_EQ(got.size(), 3u * 4);
  for (size_t i = 0; i < ids.size(); ++i) {
    const data::RegressionBatch one = data::sequence_batch(d, std::vector<size_t>{ids[i]});
    std::vector<float> y(4);
    model->predict(4, 1, one.inputs.data(), y.data());
    for (size_t t = 0; t < 4; ++t) EXPECT_NEAR(got[i * 4 + t], y[t], 1e-6) << "sequence " << ids[i] << " step " << t;
  }
}

// Groups of lengths 3 to 7 over two random features, labels 0/1 by group; a classifier's spec for them.
struct GroupedToy {
  models::TsData units;
  data::Groups groups;
  std::unique_ptr<models::Regressor> model;
};

GroupedToy grouped_toy() {
  GroupedToy toy;
  const std::vector<size_t> lengths = {5, 3, 7, 5, 4, 5};
  models::TsData raw;
  raw.series = data::Series{{"a", "b", "label"}, {{}, {}, {}}, {0, 1}, {2}};
  std::vector<std::string> row_groups;
  Rng rng(12);
  for (size_t g = 0; g < lengths.size(); ++g)
    for (size_t t = 0; t < lengths[g]; ++t) {
      raw.series->columns[0].push_back(rng.uniform(-2, 2));
      raw.series->columns[1].push_back(rng.uniform(-2, 2));
      raw.series->columns[2].push_back(static_cast<float>(g % 2));
      row_groups.push_back(std::to_string(g));
    }
  raw.groups = data::group_rows(row_groups);
  models::TsSpec spec = spec_for(raw, {0, 0, false}, true);
  toy.model = new_model(raw, spec, 6);  // untrained: any weights will do
  toy.units = models::to_model_units(raw, spec, toy.model->scaler());
  toy.groups = *toy.units.groups;
  return toy;
}

// Each group is read as a sequence of its own length: the same probabilities alone as inside a call with
// longer and shorter groups, whatever the batch size.
TEST(ClassifyGroups, AGroupScoresTheSameAloneAndAmongLongerAndShorterGroups) {
  GroupedToy toy = grouped_toy();
  const std::vector<float> alone = classify_groups(*toy.model, *toy.units.series, toy.groups, std::vector<size_t>{0});
  ASSERT_EQ(alone.size(), 2u);
  EXPECT_NEAR(alone[0] + alone[1], 1.0f, 1e-6);
  for (const size_t batch : {size_t{1}, size_t{2}, size_t{512}}) {
    const std::vector<size_t> mixed = {2, 1, 0, 3, 4, 5, 0};  // lengths 7, 3, 5, 5, 4, 5, and group 0 again
    const std::vector<float> p = classify_groups(*toy.model, *toy.units.series, toy.groups, mixed, batch);
    ASSERT_EQ(p.size(), mixed.size() * 2);
    for (const size_t at : {size_t{2}, size_t{6}})
      for (size_t c = 0; c < 2; ++c)
        EXPECT_NEAR(p[at * 2 + c], alone[c], 1e-6) << "batch " << batch << ", position " << at;
    const std::vector<float> one =
        classify_groups(*toy.model, *toy.units.series, toy.groups, std::vector<size_t>{2});  // the longest alone
    EXPECT_NEAR(p[0], one[0], 1e-6);
  }
  // The test has teeth: group 0 padded with zero rows after its end, up to the longest length, would
  // score differently. (Zeros in front would not: from a zero state, zero inputs and the zero biases of
  // this untrained model leave the state at zero.)
  const data::RegressionBatch b = data::group_batch(*toy.units.series, toy.groups, std::vector<size_t>{0});
  std::vector<float> padded(7 * 2, 0.0f);  // [T = 7, N = 1, F = 2]
  std::copy(b.inputs.begin(), b.inputs.end(), padded.begin());
  std::vector<float> p(2);
  toy.model->predict(7, 1, padded.data(), p.data());
  EXPECT_GT(std::fabs(p[0] - alone[0]), 1e-4) << "padding changed nothing: the check above proves nothing";
}

TEST(ClassifyGroups, RefusesARegressor) {
  GroupedToy toy = grouped_toy();
  const models::TsData sine = sine_data(40, 16);
  const models::TsSpec spec = spec_for(sine, {8, 1, false});
  auto regressor = new_model(sine, spec, 4);
  try {
    classify_groups(*regressor, *models::to_model_units(sine, spec, regressor->scaler()).series, toy.groups,
                    std::vector<size_t>{0});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("is not a sequence classifier"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lstmkit::infer
