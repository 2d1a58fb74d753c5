// Every forecast path checks the data's columns against the model's before any math: a sequence model
// given a dataset of other columns (adding ↔ cumsum) once read past its input buffer or answered
// nonsense with exit 0.
#include <gtest/gtest.h>

#include "lstmkit/data/synthetic.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/forecaster.h"
#include "models/ts_fixtures.h"

namespace lstmkit::infer {
namespace {

data::SequenceDataset sequences(data::SyntheticKind kind) {
  return data::make_sequences({kind, 12, 0.1, 3, 5});
}

// A model of `kind`'s sequences, as train-ts would describe it.
std::unique_ptr<models::Regressor> model_for(data::SyntheticKind kind) {
  models::TsData raw;
  raw.sequences = sequences(kind);
  models::TsSpec spec;
  spec.source.synthetic = data::SyntheticOptions{kind, 12, 0.1, 3, 5};
  spec.scale = data::ScaleKind::none;
  models::describe_columns(raw, false, spec);
  return models::testing::new_model(raw, spec, 4);
}

void expect_column_error(data::SyntheticKind model_kind, data::SyntheticKind data_kind, const std::string& message) {
  auto model = model_for(model_kind);
  const data::SequenceDataset d = sequences(data_kind);
  const std::vector<size_t> ids = {0, 1, 2};
  try {
    predict_sequences(*model, d, ids);
    ADD_FAILURE() << "predicted; expected an error naming both sets of columns";
  } catch (const UsageError& e) {
    ADD_FAILURE() << "a usage error for bad data: " << e.what();
  } catch (const Error& e) {
    EXPECT_NE(e.what_is_wrong().find(message), std::string::npos) << e.what();
  }
}

TEST(PredictSequences, AddingModelOnCumsumDataIsRefused) {
  expect_column_error(data::SyntheticKind::adding, data::SyntheticKind::cumsum,
                      "the sequences have features [x] and targets [sum] (every step), the model reads "
                      "[value, mask] and predicts [sum] (once per sequence)");
}

TEST(PredictSequences, CumsumModelOnAddingDataIsRefused) {
  expect_column_error(data::SyntheticKind::cumsum, data::SyntheticKind::adding, "the model reads [x]");
}

TEST(PredictSequences, OwnKindPredicts) {
  auto model = model_for(data::SyntheticKind::adding);
  const std::vector<size_t> ids = {0, 4};
  EXPECT_EQ(predict_sequences(*model, sequences(data::SyntheticKind::adding), ids).size(), 2u);
}

TEST(OneStepForecast, WindowModelOnSequenceDataIsRefused) {
  // The window model reads one column "value"; a dataset of sequences with other columns is refused too.
  const models::TsData raw = models::testing::sine_data(60, 12);
  auto model = models::testing::new_model(raw, models::testing::spec_for(raw, {6, 1, false}), 4);
  const std::vector<size_t> ids = {0};
  EXPECT_THROW(predict_sequences(*model, sequences(data::SyntheticKind::adding), ids), Error);
}

}  // namespace
}  // namespace lstmkit::infer
