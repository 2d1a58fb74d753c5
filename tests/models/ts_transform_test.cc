// Target transforms through the model's data path: the split stays where the data's is, training never
// sees a row past it, the transform travels in the checkpoint, and forecasts come back in data units.
#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"
#include "lstmkit/infer/forecaster.h"
#include "lstmkit/models/regressor.h"
#include "lstmkit/models/ts_data.h"
#include "lstmkit/models/ts_task.h"
#include "models/ts_fixtures.h"

namespace lstmkit::models {
namespace {

using testing::spec_for;
using testing::TempDir;

// 60 rows of a growing, positive series.
TsData growing(size_t rows = 60) {
  std::vector<float> x(rows);
  for (size_t t = 0; t < rows; ++t)
    x[t] = static_cast<float>(10.0 + 0.5 * static_cast<double>(t) + 3.0 * std::sin(static_cast<double>(t)));
  TsData d;
  d.series = data::univariate("value", std::move(x));
  return d;
}

std::unique_ptr<Regressor> model_with(const TsData& raw, const TsSpec& spec, const data::TargetTransform& t) {
  testing::use_one_thread();
  RegressorConfig c;
  c.hidden = 4;
  const data::Scaler scaler = fit_ts_scaler(apply_target_transform(raw, spec, t), spec);
  auto model = std::make_unique<Regressor>(c, spec, scaler, t);
  Rng rng(3);
  model->initialize(nn::InitScheme::keras, rng);
  return model;
}

TEST(TsTransform, DifferencingKeepsTheSplitOfTheData) {
  const TsData raw = growing();  // boundary 48
  const TsSpec spec = spec_for(raw, {5, 1, false});
  const data::TargetTransform t = fit_target_transform(raw, spec, {false, true, {1, 2}});
  const TsData z = apply_target_transform(raw, spec, t);
  EXPECT_EQ(z.first_row, 3u);
  EXPECT_EQ(z.series->rows(), 57u);
  EXPECT_EQ(split_ts(raw, spec).training_rows, std::vector<size_t>{48});
  EXPECT_EQ(split_ts(z, spec).training_rows, std::vector<size_t>{45});  // data rows 3 .. 47
  // The trend is fitted on data rows 0 .. 47 only.
  TsData changed = raw;
  for (size_t r = 48; r < 60; ++r) changed.series->columns[0][r] = 1e6f;
  EXPECT_EQ(fit_target_transform(changed, spec, {false, true, {1, 2}}).to_json(), t.to_json());

  auto model = model_with(raw, spec, t);
  TsTask task(*model, to_model_units(raw, spec, model->scaler(), model->transform()), 8);
  EXPECT_EQ(task.boundary(), 45u);
  for (size_t s : task.train_examples())
    for (size_t r : data::target_rows(spec.window, s)) EXPECT_LT(r + z.first_row, 48u) << "window " << s;
  for (size_t s : task.validation_examples())
    for (size_t r : data::target_rows(spec.window, s)) EXPECT_GE(r + z.first_row, 48u) << "window " << s;
}

TEST(TsTransform, RefusedWhereItCannotBeUndone) {
  const TsData raw = growing();
  EXPECT_THROW(fit_target_transform(raw, spec_for(raw, {5, 3, false}), {false, false, {2}}), UsageError);
  EXPECT_NO_THROW(fit_target_transform(raw, spec_for(raw, {5, 2, false}), {false, false, {2}}));
  TsData classes = growing();
  classes.series = data::Series{{"x", "label"}, {classes.series->columns[0], std::vector<float>(60, 1.0f)}, {0}, {1}};
  EXPECT_THROW(fit_target_transform(classes, spec_for(classes, {5, 0, false}, true), {true, false, {}}), UsageError);
}

TEST(TsTransform, TravelsInTheCheckpointAndIsChecked) {
  TempDir dir;
  const TsData raw = growing();
  const TsSpec spec = spec_for(raw, {5, 1, false});
  const auto model = model_with(raw, spec, fit_target_transform(raw, spec, {true, true, {1}}));
  const auto path = dir.path() / "model.safetensors";
  io::Checkpoint::save(path, model->parameters(), {}, model->metadata());
  const auto loaded = Regressor::load(path);
  EXPECT_EQ(loaded->transform().to_json(), model->transform().to_json());
  EXPECT_EQ(loaded->metadata(), model->metadata());

  // A transform of a column the model does not predict is a damaged checkpoint.
  io::Metadata m = model->metadata();
  m["transform"] = R"({"log": true, "detrend": "none", "lags": [], "columns": [{"name": "other", "intercept": 0, "slope": 0}]})";
  io::Checkpoint::save(path, model->parameters(), {}, m);
  EXPECT_THROW(Regressor::load(path), Error);
  m["transform"] = "{not json";
  io::Checkpoint::save(path, model->parameters(), {}, m);
  EXPECT_THROW(Regressor::load(path), Error);
  // Without the entry (an older checkpoint): the identity.
  m.erase("transform");
  io::Checkpoint::save(path, model->parameters(), {}, m);
  EXPECT_TRUE(Regressor::load(path)->transform().identity());
}

// One-step and closed-loop forecasts of a model with a transform come back in the data's units and rows.
TEST(TsTransform, ForecastsAreInTheDataUnits) {
  const TsData raw = growing();
  const TsSpec spec = spec_for(raw, {5, 1, false});
  auto model = model_with(raw, spec, fit_target_transform(raw, spec, {false, false, {1}}));
  const TsData units = to_model_units(raw, spec, model->scaler(), model->transform());
  infer::SeriesForecast f = infer::one_step_forecast(*model, *units.series);
  const std::vector<float> z = f.values;
  infer::original_units(*model, *raw.series, units.first_row, f);
  const std::vector<float>& x = raw.series->columns[0];
  ASSERT_EQ(f.rows.front(), 6u);  // data row 1 is the first difference; a window of 5 predicts row 6
  ASSERT_EQ(f.rows.back(), 59u);
  for (size_t i = 0; i < f.rows.size(); ++i) EXPECT_NEAR(f.values[i], x[f.rows[i] - 1] + z[i], 1e-4) << i;

  const std::vector<float> dz = infer::closed_loop_forecast(*model, *units.series, 4);
  const std::vector<float> loop = infer::original_continuation(*model, *raw.series, dz);
  float level = x.back();
  for (size_t k = 0; k < 4; ++k) {
    level += dz[k];
    EXPECT_NEAR(loop[k], level, 1e-4) << k;
  }
}

TEST(TsDefaults, BatchKeepsAtLeast64BatchesAnEpochWithin32To256) {
  EXPECT_EQ(default_batch(0), 32u);
  EXPECT_EQ(default_batch(91), 32u);      // a monthly series of a dozen years
  EXPECT_EQ(default_batch(4095), 32u);
  EXPECT_EQ(default_batch(4096), 64u);
  EXPECT_EQ(default_batch(10000), 128u);
  EXPECT_EQ(default_batch(16384), 256u);
  EXPECT_EQ(default_batch(10'000'000), kMaxDefaultBatch);
  const TsData raw = growing();
  EXPECT_EQ(split_ts(raw, spec_for(raw, {5, 1, false})).train.size(), 43u);  // windows ending before row 48
}

}  // namespace
}  // namespace lstmkit::models
