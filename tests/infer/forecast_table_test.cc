#include "lstmkit/infer/forecast_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::infer {
namespace {

// y = 1, 2, ..., 10 (row r holds r + 1).
data::Series ramp() { return data::univariate("y", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); }

TEST(OneStepErrors, SplitsAtTheBoundaryAndScoresTheBaselines) {
  const data::Series s = ramp();
  // Rows 4 .. 9 predicted, each 0.5 too high.
  SeriesForecast f{{4, 5, 6, 7, 8, 9}, {5.5f, 6.5f, 7.5f, 8.5f, 9.5f, 10.5f}};
  const std::vector<ErrorRow> rows = one_step_errors(s, f, 0, 1, 7, 3);
  ASSERT_EQ(rows.size(), 6u);  // model, persistence, seasonal naive for train and for validation
  EXPECT_EQ(rows[0].part, "train");
  EXPECT_EQ(rows[0].predictor, "model");
  EXPECT_EQ(rows[0].errors.count, 3u);  // rows 4, 5, 6
  EXPECT_NEAR(rows[0].errors.rmse, 0.5, 1e-9);
  EXPECT_EQ(rows[1].predictor, "persistence");
  EXPECT_NEAR(rows[1].errors.mae, 1.0, 1e-9);  // the previous value is 1 lower
  EXPECT_EQ(rows[2].predictor, "seasonal naive (3)");
  EXPECT_NEAR(rows[2].errors.mae, 3.0, 1e-9);
  EXPECT_EQ(rows[3].part, "validation");
  EXPECT_EQ(rows[3].errors.count, 3u);  // rows 7, 8, 9
  ASSERT_TRUE(rows[3].errors.mape);
  EXPECT_NEAR(*rows[3].errors.mape, 100.0 * (0.5 / 8 + 0.5 / 9 + 0.5 / 10) / 3, 1e-4);

  // Boundary 0: one part; horizon 2 lags persistence by two rows; a season longer than the early rows
  // scores only the rows that reach back that far.
  const std::vector<ErrorRow> all = one_step_errors(s, f, 0, 2, 0, 6);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].part, "all");
  EXPECT_NEAR(all[1].errors.mae, 2.0, 1e-9);
  EXPECT_EQ(all[2].errors.count, 4u);  // rows 6 .. 9 have a value 6 back
}

TEST(OneStepErrors, HorizonZeroHasNoPersistence) {
  SeriesForecast f{{2, 3}, {3, 4}};
  const auto rows = one_step_errors(ramp(), f, 0, 0, 0, 2);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].errors.rmse, 0.0);
}

TEST(SequenceErrors, ComparesWithTheTrainingMeanPerStep) {
  // Two steps, targets per step: sequence s has targets (s, 2s).
  data::SequenceDataset d{4, 2, 1, 1, true, std::vector<float>(8, 0.0f), {0, 0, 1, 2, 2, 4, 3, 6}, {"x"}, {"sum"}};
  const std::vector<size_t> train = {0, 1, 2}, ids = {3};
  const std::vector<float> predictions = {3, 5};  // [1, 2, 1]
  const auto rows = sequence_errors(d, train, ids, predictions, 0);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NEAR(rows[0].errors.mae, 0.5, 1e-9);  // |3−3|, |5−6|
  EXPECT_EQ(rows[1].predictor, "training mean per step");
  EXPECT_NEAR(rows[1].errors.mae, (2.0 + 4.0) / 2, 1e-9);  // means (1, 2) against (3, 6)
}

TEST(OneStepAccuracy, CountsAgainstTheMostFrequentTrainingLabel) {
  const data::Series s = data::univariate("label", {4, 4, 4, 9, 9, 9, 9, 4});
  SeriesForecast f{{1, 2, 3, 4, 5, 6, 7}, {4, 9, 9, 9, 4, 9, 4}};
  const auto rows = one_step_accuracy(s, f, 5, {});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].correct, 3u);  // rows 1 .. 4: 4✓ 9✗ 9✓ 9✓
  EXPECT_EQ(rows[0].count, 4u);
  EXPECT_EQ(rows[1].predictor, "most frequent label (4)");  // rows 0 .. 4: three 4s, two 9s
  EXPECT_EQ(rows[1].correct, 2u);                           // rows 1, 2
  EXPECT_EQ(rows[2].part, "validation");
  EXPECT_EQ(rows[2].correct, 2u);  // rows 5 .. 7: 4✗ 9✓ 4✓
  EXPECT_EQ(rows[3].correct, 1u);
}

TEST(AccuracyRows, NameTheMostFrequentTrainingClass) {
  const std::vector<LabelledPart> parts = {{"train", {0, 1, 1, 2}, {0, 1, 2, 2}}, {"validation", {2, 1}, {2, 2}}};
  const std::vector<float> training = {0, 1, 1, 2};
  const std::vector<std::string> names = {"down", "flat", "up"};
  const auto rows = accuracy_rows(parts, training, names);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].correct, 3u);
  EXPECT_EQ(rows[1].predictor, "most frequent label (flat)");
  EXPECT_EQ(rows[1].correct, 2u);
  EXPECT_EQ(rows[2].part, "validation");
  EXPECT_EQ(rows[2].correct, 1u);
  EXPECT_EQ(rows[3].correct, 1u);
  EXPECT_THROW(accuracy_rows(parts, std::vector<float>{}, names), Error);
}

TEST(FormatTables, AlignsColumnsAndMarksUndefinedMape) {
  const std::vector<ErrorRow> rows = {{"validation", "model", {10, 0.5, 0.25, std::nullopt}},
                                      {"validation", "persistence", {10, 2, 1.5, 12.5}}};
  EXPECT_EQ(format_error_table(rows),
            "part        predictor    rows   MSE  RMSE   MAE   MAPE\n"
            "validation  model          10  0.25   0.5  0.25    n/a\n"
            "validation  persistence    10     4     2   1.5  12.5%\n");
  EXPECT_EQ(format_accuracy_table({{"all", "model", 9, 12}}),
            "part  predictor  rows  correct  accuracy\n"
            "all   model        12        9    75.00%\n");
}

}  // namespace
}  // namespace lstmkit::infer
