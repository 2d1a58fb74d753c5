#include "lstmkit/data/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

using Floats = std::vector<float>;
using Rows = std::vector<size_t>;

TEST(Metrics, HandComputedValues) {
  const Floats y = {2, 4, -5, 10};
  const Floats p = {3, 2, -5, 6};
  // errors 1, −2, 0, −4: squares 1 + 4 + 0 + 16 = 21.
  EXPECT_DOUBLE_EQ(rmse(y, p), std::sqrt(21.0 / 4.0));
  EXPECT_DOUBLE_EQ(mae(y, p), 7.0 / 4.0);
  // |1/2| + |−2/4| + 0 + |−4/10| = 1.4
  ASSERT_TRUE(mape(y, p).has_value());
  EXPECT_DOUBLE_EQ(*mape(y, p), 100.0 * 1.4 / 4.0);
  const ForecastErrors e = forecast_errors(y, p);
  EXPECT_EQ(e.count, 4u);
  EXPECT_DOUBLE_EQ(e.rmse, rmse(y, p));
  EXPECT_DOUBLE_EQ(e.mae, 1.75);
  EXPECT_DOUBLE_EQ(*e.mape, 35.0);
  EXPECT_EQ(rmse(y, y), 0.0);
}

TEST(Metrics, MapeIsNotDefinedWhenATruthIsZero) {
  const Floats y = {1, 0, 2};
  const Floats p = {1, 0, 2};
  EXPECT_FALSE(mape(y, p).has_value());
  EXPECT_FALSE(forecast_errors(y, p).mape.has_value());
  EXPECT_EQ(forecast_errors(y, p).mae, 0.0);
}

TEST(Metrics, MismatchedOrEmptyInputsAreErrors) {
  EXPECT_THROW(rmse(Floats{1, 2}, Floats{1}), Error);
  EXPECT_THROW(mae(Floats{}, Floats{}), Error);
  EXPECT_THROW(mape(Floats{1}, Floats{}), Error);
}

TEST(Metrics, PersistenceRepeatsTheValueHStepsBack) {
  const Floats y = {10, 11, 13, 16, 20, 25};
  EXPECT_EQ(persistence_forecast(y, Rows{1, 2, 5}, 1), (Floats{10, 11, 20}));
  EXPECT_EQ(persistence_forecast(y, Rows{3, 5}, 3), (Floats{10, 13}));
  // On a random walk's own definition the baseline's errors are the steps: 1, 2, 3, 4, 5.
  const Rows rows = {1, 2, 3, 4, 5};
  const Floats truth = {11, 13, 16, 20, 25};
  EXPECT_DOUBLE_EQ(mae(truth, persistence_forecast(y, rows, 1)), 3.0);
  EXPECT_THROW(persistence_forecast(y, Rows{2}, 3), Error);  // nothing 3 steps before row 2
  EXPECT_THROW(persistence_forecast(y, Rows{6}, 1), Error);  // past the end
  EXPECT_THROW(persistence_forecast(y, Rows{3}, 0), UsageError);
}

TEST(Metrics, SeasonalNaiveUsesTheLatestSameSeasonValueAtLeastHBack) {
  // Period 4 pattern plus a level shift in the second season.
  const Floats y = {1, 2, 3, 4, 11, 12, 13, 14, 21, 22};
  EXPECT_EQ(seasonal_naive_forecast(y, Rows{4, 7, 9}, 4, 1), (Floats{1, 4, 12}));
  EXPECT_EQ(seasonal_naive_forecast(y, Rows{9}, 4, 4), (Floats{12}));  // H = P: lag 4
  EXPECT_EQ(seasonal_naive_forecast(y, Rows{9}, 4, 5), (Floats{2}));   // H > P: lag 8
  EXPECT_THROW(seasonal_naive_forecast(y, Rows{3}, 4, 1), Error);
  EXPECT_THROW(seasonal_naive_forecast(y, Rows{9}, 0, 1), UsageError);
  // A pure seasonal series is predicted exactly.
  Floats s;
  for (size_t t = 0; t < 30; ++t) s.push_back(static_cast<float>(t % 6));
  const Rows late = {12, 17, 29};
  EXPECT_EQ(rmse(seasonal_naive_forecast(s, late, 6, 2), Floats{0, 5, 5}), 0.0);
}

}  // namespace
}  // namespace lstmkit::data
