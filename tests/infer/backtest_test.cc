// Backtest origins, the naive baselines and the pooled metrics, against values worked out by hand.
#include "lstmkit/infer/backtest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "lstmkit/error.h"

namespace lstmkit::infer {
namespace {

using V = std::vector<float>;

TEST(BacktestOrigins, FromTheStartFractionEveryStrideWhileTheStepsFit) {
  // 20 rows, start 0.5 → row 10; stride 3; 4 steps need t + 4 ≤ 20.
  EXPECT_EQ(backtest_origins(20, 0.5, 3, 4, 1), (std::vector<size_t>{10, 13, 16}));
  // ⌈0.72·25⌉ = 18; one step each: 18..24.
  EXPECT_EQ(backtest_origins(25, 0.72, 1, 1, 1), (std::vector<size_t>{18, 19, 20, 21, 22, 23, 24}));
}

TEST(BacktestOrigins, NeverBeforeTheHistoryTheMethodsNeed) {
  EXPECT_EQ(backtest_origins(20, 0.1, 5, 2, 12), (std::vector<size_t>{12, 17}));
}

TEST(BacktestOrigins, RefusesBadFieldsAndNoOrigin) {
  EXPECT_THROW(backtest_origins(20, 0.0, 1, 1, 1), UsageError);
  EXPECT_THROW(backtest_origins(20, 1.0, 1, 1, 1), UsageError);
  EXPECT_THROW(backtest_origins(20, std::numeric_limits<double>::quiet_NaN(), 1, 1, 1), UsageError);
  EXPECT_THROW(backtest_origins(20, 0.5, 0, 1, 1), UsageError);
  EXPECT_THROW(backtest_origins(20, 0.5, 1, 0, 1), UsageError);
  try {
    backtest_origins(20, 0.9, 1, 5, 1);  // row 18 + 5 steps > 20
    FAIL() << "no origin fits";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`start`");
  }
}

TEST(Baselines, HandValues) {
  const V x = {1, 2, 4, 3, 5, 7};  // 6 rows of history
  EXPECT_EQ(baseline_forecast(Baseline::persistence, x, 3, 0), (V{7, 7, 7}));
  // Season 4: the last season is x[2..5] = 4, 3, 5, 7, repeated.
  EXPECT_EQ(baseline_forecast(Baseline::seasonal_naive, x, 6, 4), (V{4, 3, 5, 7, 4, 3}));
  // Drift: slope (7 − 1)/5 = 1.2 → 8.2, 9.4.
  const V drift = baseline_forecast(Baseline::drift, x, 2, 0);
  EXPECT_FLOAT_EQ(drift[0], 8.2f);
  EXPECT_FLOAT_EQ(drift[1], 9.4f);
  EXPECT_EQ(baseline_forecast(Baseline::mean, x, 2, 0), (V{11.0f / 3, 11.0f / 3}));
}

TEST(Baselines, NeedTheirHistory) {
  EXPECT_THROW(baseline_forecast(Baseline::seasonal_naive, V{1, 2, 3}, 1, 4), Error);
  EXPECT_THROW(baseline_forecast(Baseline::seasonal_naive, V{1, 2, 3}, 1, 0), UsageError);
  EXPECT_THROW(baseline_forecast(Baseline::drift, V{1}, 1, 0), Error);
  EXPECT_THROW(baseline_forecast(Baseline::persistence, V{}, 1, 0), Error);
  EXPECT_EQ(baseline_name(Baseline::seasonal_naive, 12), "seasonal naive (12)");
}

TEST(NaiveScale, MeanAbsoluteLagDifference) {
  const V x = {1, 2, 4, 3, 5, 7};
  // |1| + |2| + |−1| + |2| + |2| = 8 over 5.
  EXPECT_DOUBLE_EQ(*naive_scale(x, 1), 8.0 / 5);
  // Lag 4: |5 − 1| + |7 − 2| = 9 over 2.
  EXPECT_DOUBLE_EQ(*naive_scale(x, 4), 9.0 / 2);
  EXPECT_FALSE(naive_scale(x, 6));
  EXPECT_FALSE(naive_scale(x, 0));
}

TEST(BacktestScore, PooledOverOriginsHandValues) {
  BacktestScore s;
  s.add(V{2, 4}, V{1, 5}, 2.0);  // errors 1, 1 scaled by 2
  s.add(V{10}, V{7}, 1.0);       // error 3 scaled by 1
  const BacktestErrors e = s.errors();
  EXPECT_EQ(e.count, 3u);
  EXPECT_DOUBLE_EQ(e.mae, 5.0 / 3);
  EXPECT_DOUBLE_EQ(e.rmse, std::sqrt(11.0 / 3));
  // |1/2| + |1/4| + |3/10| = 1.05 → 35%.
  EXPECT_NEAR(*e.mape, 35.0, 1e-12);
  // 2·1/3 + 2·1/9 + 2·3/17, mean, percent.
  EXPECT_NEAR(e.smape, 100.0 * (2.0 / 3 + 2.0 / 9 + 6.0 / 17) / 3, 1e-12);
  EXPECT_NEAR(*e.mase, (0.5 + 0.5 + 3.0) / 3, 1e-12);
}

TEST(BacktestScore, UndefinedMapeAndMaseAndZeroSmapeTerms) {
  BacktestScore s;
  s.add(V{0, 1}, V{0, 2}, 0.0);  // a zero truth: no MAPE; a zero scale: no MASE; 0/0 counts 0 in sMAPE
  const BacktestErrors e = s.errors();
  EXPECT_FALSE(e.mape);
  EXPECT_FALSE(e.mase);
  EXPECT_NEAR(e.smape, 100.0 * (0 + 2.0 / 3) / 2, 1e-12);
  BacktestScore t;
  t.add(V{1}, V{1}, std::nullopt);
  EXPECT_FALSE(t.errors().mase);
  EXPECT_THROW(t.add(V{1, 2}, V{1}, 1.0), Error);
}

}  // namespace
}  // namespace lstmkit::infer
