#include "lstmkit/train/loss_plot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lstmkit::train {

namespace {

// Two epochs of a loss falling from 4 to 2 with batch noise, logged as the trainer logs them: each
// step's batch loss beside the running mean of its epoch so far.
std::vector<LogRow> two_epochs(int64_t steps_per_epoch) {
  std::vector<LogRow> rows;
  for (int64_t epoch = 1, step = 1; epoch <= 2; ++epoch) {
    double sum = 0;
    for (int64_t k = 1; k <= steps_per_epoch; ++k, ++step) {
      const double batch = 4 - 2 * static_cast<double>(step) / static_cast<double>(2 * steps_per_epoch) +
                           (step % 2 ? 0.1 : -0.1);
      sum += batch;
      LogRow row{step, epoch, batch, sum / static_cast<double>(k), std::nullopt, 0.002, 100.0, {}};
      if (k == steps_per_epoch) row.val_loss = batch + 0.2;
      rows.push_back(row);
    }
  }
  return rows;
}

}  // namespace

TEST(LossPlotTest, MovingAverageIsTensorBoardsDebiasedEma) {
  const std::vector<double> ys = {4, 3, std::numeric_limits<double>::quiet_NaN(), 2, 5};
  const double w = 0.6;
  const std::vector<double> got = moving_average(ys, w);
  ASSERT_EQ(got.size(), ys.size());
  // Naive reference: the weighted mean of the finite values so far, weights w^(age), normalised.
  std::vector<double> finite;
  for (size_t i = 0; i < ys.size(); ++i) {
    if (std::isnan(ys[i])) {
      EXPECT_TRUE(std::isnan(got[i]));
      continue;
    }
    finite.push_back(ys[i]);
    double num = 0, den = 0;
    for (size_t j = 0; j < finite.size(); ++j) {
      const double weight = std::pow(w, static_cast<double>(finite.size() - 1 - j));
      num += weight * finite[j];
      den += weight;
    }
    EXPECT_NEAR(got[i], num / den, 1e-12) << "point " << i;
  }
  EXPECT_EQ(got[0], 4.0) << "debiased: starts at the first value, not near 0";
  EXPECT_EQ(moving_average(ys, 0)[3], 2.0) << "weight 0 leaves the values as they are";
}

TEST(LossPlotTest, TheTrainingCurveDoesNotPlungeAtTheEpochBoundary) {
  const std::vector<LogRow> rows = two_epochs(200);
  const io::PlotSpec spec = loss_plot_spec(rows, "runs/lm", "cross-entropy (nats per token)");
  EXPECT_EQ(spec.title, "lstmkit training: runs/lm");
  EXPECT_EQ(spec.y_label, "cross-entropy (nats per token)");
  ASSERT_EQ(spec.series.size(), 2u);
  const io::PlotSeries& train = spec.series[0];
  ASSERT_EQ(train.ys.size(), 400u);
  EXPECT_NE(train.name.find("moving average over ~8 steps"), std::string::npos) << train.name;
  // Step 200 → 201: the running mean restarts (from about 3.0 to about 2.9 minus the noise); the
  // plotted curve moves by no more than its steady fall.
  EXPECT_GT(rows[199].train_loss.value() - rows[200].train_loss.value(), 0.3);
  EXPECT_LT(std::abs(train.ys[200] - train.ys[199]), 0.05);
  EXPECT_NEAR(train.ys[399], 2.0, 0.1);
  const io::PlotSeries& val = spec.series[1];
  EXPECT_EQ(val.xs, (std::vector<double>{200, 400}));
}

TEST(LossPlotTest, AShortRunShowsEachBatchAndAnOldLogItsRunningMeans) {
  EXPECT_EQ(loss_plot_spec(two_epochs(10), "r", "y").series[0].name, "training loss (each batch)");
  std::vector<LogRow> old = two_epochs(10);
  for (LogRow& row : old) row.batch_loss.reset();
  const io::PlotSpec spec = loss_plot_spec(old, "r", "y");
  EXPECT_EQ(spec.series[0].name, "training loss (running mean of each epoch)");
  EXPECT_EQ(spec.series[0].ys[4], old[4].train_loss.value());
}

TEST(LossPlotTest, TheYAxisNamesTheLossAndItsUnit) {
  EXPECT_EQ(loss_axis_label({{"kind", "lm"}}), "cross-entropy (nats per token)");
  EXPECT_EQ(loss_axis_label({{"kind", "s2s"}}), "cross-entropy (nats per token)");
  EXPECT_EQ(loss_axis_label({{"kind", "ts"}, {"config", R"({"task": "regress", "scale": "none"})"}}), "MSE");
  EXPECT_EQ(loss_axis_label({{"kind", "ts"}, {"config", R"({"task": "regress", "scale": "zscore"})"}}),
            "MSE in scaled units");
  EXPECT_EQ(loss_axis_label({{"kind", "ts"}, {"config", R"({"task": "regress", "scale": "none"})"}, {"transform", "{}"}}),
            "MSE in scaled units");
  EXPECT_EQ(loss_axis_label({{"kind", "ts"}, {"config", R"({"task": "regress", "scale": "zscore", "quantiles": [0.1, 0.9]})"}}),
            "pinball loss in scaled units");
  EXPECT_EQ(loss_axis_label({{"kind", "ts"}, {"config", R"({"task": "classify", "scale": "zscore"})"}}),
            "cross-entropy (nats)");
  EXPECT_EQ(loss_axis_label({{"kind", "ts"}, {"config", "not json"}}), "loss");
}

}  // namespace lstmkit::train
