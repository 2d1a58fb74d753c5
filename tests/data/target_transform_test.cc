#include "lstmkit/data/target_transform.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

std::string row_name(size_t row) { return "series.csv:" + std::to_string(row + 2); }

// 48 months of a positive series with a trend and a multiplicative yearly season.
std::vector<float> monthly(size_t n = 48) {
  std::vector<float> x(n);
  for (size_t t = 0; t < n; ++t)
    x[t] = static_cast<float>(100.0 * std::exp(0.02 * static_cast<double>(t)) *
                              (1.0 + 0.3 * std::sin(2.0 * M_PI * static_cast<double>(t % 12) / 12.0)));
  return x;
}

TargetTransform fitted(const TransformOptions& o, const std::vector<float>& x, size_t train_rows) {
  const std::vector<std::string> names{"y"};
  const std::vector<std::vector<float>> values{x};
  return TargetTransform::fit(o, names, values, train_rows, row_name);
}

TEST(LinearTrend, FitsALineExactly) {
  const std::vector<double> y{3, 5, 7, 9};
  const LinearTrend line = LinearTrend::fit(y);
  EXPECT_NEAR(line.intercept, 3.0, 1e-12);
  EXPECT_NEAR(line.slope, 2.0, 1e-12);
  EXPECT_NEAR(line.at(10), 23.0, 1e-12);
  EXPECT_NEAR(LinearTrend::fit(std::vector<double>{4}).at(7), 4.0, 1e-12);  // one value: flat
  EXPECT_THROW(LinearTrend::fit(std::vector<double>{}), Error);
}

TEST(Differencing, SeasonalAfterFirstIsTheProductPolynomial) {
  const Differencing d({1, 12});
  EXPECT_EQ(d.order(), 13u);
  std::vector<double> y(30);
  for (size_t t = 0; t < y.size(); ++t) y[t] = static_cast<double>(t * t) + std::sin(static_cast<double>(t));
  const std::vector<double> z = d.apply(y);
  ASSERT_EQ(z.size(), 17u);
  for (size_t t = 13; t < y.size(); ++t)
    EXPECT_NEAR(z[t - 13], (y[t] - y[t - 1]) - (y[t - 12] - y[t - 13]), 1e-9) << t;
  // Each value comes back from its difference and the 13 values before it.
  for (size_t t = 13; t < y.size(); ++t)
    EXPECT_NEAR(d.invert(z[t - 13], std::span<const double>(y).first(t)), y[t], 1e-9) << t;
  EXPECT_THROW(d.invert(0.0, std::span<const double>(y).first(5)), Error);
}

// Every transform and combination: apply, then invert each row from the true values before it.
TEST(TargetTransform, EveryCombinationRoundTrips) {
  const std::vector<float> x = monthly();
  const std::vector<TransformOptions> cases = {
      {true, false, {}}, {false, true, {}}, {false, false, {1}}, {false, false, {12}},
      {false, false, {1, 12}}, {true, true, {}}, {true, false, {12}}, {true, true, {1, 12}},
  };
  for (const TransformOptions& o : cases) {
    const TargetTransform t = fitted(o, x, 38);
    const std::vector<float> z = t.apply("y", x, row_name);
    const size_t d = t.dropped_rows();
    ASSERT_EQ(z.size(), x.size() - d);
    std::vector<size_t> rows(z.size());
    std::iota(rows.begin(), rows.end(), d);
    const std::vector<float> back = t.invert_one_step("y", x, rows, z);
    for (size_t i = 0; i < rows.size(); ++i)
      EXPECT_NEAR(back[i], x[rows[i]], 1e-3f * x[rows[i]]) << t.describe() << " row " << rows[i];
  }
}

// Counts: the square root with and without the other transforms, and its inverse of a negative
// prediction (the nearest count, 0).
TEST(TargetTransform, SquareRootRoundTripsAndClampsBelowZero) {
  std::vector<float> x = monthly();
  x[3] = 0.0f;  // a count may be 0
  for (const TransformOptions& o : std::vector<TransformOptions>{
           {false, false, {}, true}, {false, true, {}, true}, {false, false, {1, 12}, true}, {false, true, {11}, true}}) {
    const TargetTransform t = fitted(o, x, 38);
    const std::vector<float> z = t.apply("y", x, row_name);
    const size_t d = t.dropped_rows();
    ASSERT_EQ(z.size(), x.size() - d);
    if (o.lags.empty() && !o.detrend)
      for (size_t i = 0; i < z.size(); ++i) EXPECT_FLOAT_EQ(z[i], std::sqrt(x[i])) << i;
    std::vector<size_t> rows(z.size());
    std::iota(rows.begin(), rows.end(), d);
    const std::vector<float> back = t.invert_one_step("y", x, rows, z);
    for (size_t i = 0; i < rows.size(); ++i)
      EXPECT_NEAR(back[i], x[rows[i]], 1e-3f * x[rows[i]] + 1e-4f) << t.describe() << " row " << rows[i];
  }
  const TargetTransform t = fitted({false, false, {}, true}, x, 38);
  EXPECT_EQ(t.describe(), "square root");
  const std::vector<float> z{-2.0f, 0.0f, 3.0f};
  EXPECT_EQ(t.invert_continuation("y", x, z), (std::vector<float>{0.0f, 0.0f, 9.0f}));
  EXPECT_EQ(fitted({false, false, {1}, true}, x, 38).describe(), "square root, difference 1");
}

TEST(TargetTransform, SquareRootRefusesNegativeValuesAndLog) {
  std::vector<float> x = monthly();
  x[7] = -1.0f;
  try {
    fitted({false, false, {}, true}, x, 38);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("series.csv:9"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("negative"), std::string::npos) << e.what();
  }
  x[7] = std::nanf("");
  EXPECT_THROW(fitted({false, false, {}, true}, x, 38), Error);
  x[7] = 1.0f;
  EXPECT_THROW(fitted({true, false, {}, true}, x, 38), UsageError);
}

TEST(TargetTransform, LogOfAnExponentialTrendIsALine) {
  const std::vector<float> x = monthly();
  const std::vector<float> z = fitted({true, false, {12}}, x, 38).apply("y", x, row_name);
  for (float v : z) EXPECT_NEAR(v, 12 * 0.02, 1e-4);  // the season cancels, the growth is constant
}

// The trend is fitted on the training rows only: what comes after them changes nothing.
TEST(TargetTransform, FitsOnTheTrainingRowsOnly) {
  std::vector<float> x = monthly();
  const TargetTransform before = fitted({true, true, {1}}, x, 38);
  for (size_t t = 38; t < x.size(); ++t) x[t] *= 50.0f;
  const TargetTransform after = fitted({true, true, {1}}, x, 38);
  EXPECT_EQ(before.to_json(), after.to_json());
  x.resize(38);
  EXPECT_EQ(fitted({true, true, {1}}, x, 38).to_json(), before.to_json());
}

// A closed loop's predictions are inverted with the reconstructed values before them: feeding the true
// transformed future as the "predictions" gives back the true future.
TEST(TargetTransform, ContinuationUsesTheLastValuesAndItsOwnPredictions) {
  const std::vector<float> x = monthly(60);
  const std::vector<float> history(x.begin(), x.begin() + 40);
  const TargetTransform t = fitted({true, true, {1, 12}}, history, 32);
  const std::vector<float> z_all = t.apply("y", x, row_name);
  const std::vector<float> z_future(z_all.end() - 20, z_all.end());
  const std::vector<float> future = t.invert_continuation("y", history, z_future);
  ASSERT_EQ(future.size(), 20u);
  for (size_t k = 0; k < 20; ++k) EXPECT_NEAR(future[k], x[40 + k], 1e-3f * x[40 + k]) << k;
  // Differencing by 12 alone: a zero difference repeats the value of 12 rows before.
  const TargetTransform seasonal = fitted({false, false, {12}}, history, 32);
  const std::vector<float> repeat = seasonal.invert_continuation("y", history, std::vector<float>(24, 0.0f));
  for (size_t k = 0; k < 24; ++k) EXPECT_FLOAT_EQ(repeat[k], history[28 + k % 12]) << k;
}

TEST(TargetTransform, LogRefusesNonPositiveValuesWithTheirLine) {
  std::vector<float> x = monthly();
  x[7] = 0.0f;
  try {
    fitted({true, false, {}}, x, 38);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("series.csv:9"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not positive"), std::string::npos) << e.what();
  }
  x[7] = 1.0f;
  const TargetTransform t = fitted({true, false, {}}, x, 38);
  x[40] = -3.0f;  // a validation row is checked when the series is transformed
  EXPECT_THROW(t.apply("y", x, row_name), Error);
}

TEST(TargetTransform, DifferencingMustLeaveTrainingRows) {
  EXPECT_THROW(fitted({false, false, {12, 12}}, monthly(), 24), UsageError);
  EXPECT_NO_THROW(fitted({false, false, {12, 12}}, monthly(), 25));
}

TEST(TargetTransform, IdentityAndJsonRoundTrip) {
  const TargetTransform identity;
  EXPECT_TRUE(identity.identity());
  EXPECT_EQ(identity.dropped_rows(), 0u);
  EXPECT_EQ(identity.describe(), "");
  const TargetTransform t = fitted({true, true, {1, 12}}, monthly(), 38);
  EXPECT_EQ(t.describe(), "log, linear detrend, difference 1, 12");
  const TargetTransform back = TargetTransform::from_json(t.to_json(), "m.safetensors");
  EXPECT_EQ(back.to_json(), t.to_json());
  EXPECT_EQ(back.dropped_rows(), 13u);
  EXPECT_EQ(back.column_names(), std::vector<std::string>{"y"});
  const TargetTransform root = fitted({false, false, {12}, true}, monthly(), 38);
  const TargetTransform root_back = TargetTransform::from_json(root.to_json(), "m.safetensors");
  EXPECT_TRUE(root_back.options().sqrt);
  EXPECT_EQ(root_back.to_json(), root.to_json());
  // Written before --sqrt existed: no "sqrt", read as false.
  const TargetTransform old = TargetTransform::from_json(
      R"({"log": true, "detrend": "none", "lags": [12], "columns": [{"name": "y", "intercept": 0, "slope": 0}]})",
      "m.safetensors");
  EXPECT_FALSE(old.options().sqrt);
  EXPECT_TRUE(old.options().log);
}

TEST(TargetTransform, DamagedJsonIsAnErrorAtTheFile) {
  for (const char* bad : {"{", "[]", R"({"log": true})",
                          R"({"log": false, "detrend": "cubic", "lags": [], "columns": []})",
                          R"({"log": true, "sqrt": true, "detrend": "none", "lags": [], "columns": []})",
                          R"({"log": false, "sqrt": "yes", "detrend": "none", "lags": [], "columns": []})",
                          R"({"log": false, "detrend": "none", "lags": [0], "columns": []})",
                          R"({"log": false, "detrend": "none", "lags": [2000000], "columns": []})",
                          R"({"log": false, "detrend": "none", "lags": [-1], "columns": []})",
                          R"({"log": false, "detrend": "linear", "lags": [], "columns": [{"name": "y", "intercept": 1e400, "slope": 0}]})"}) {
    try {
      TargetTransform::from_json(bad, "m.safetensors");
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind("m.safetensors", 0), 0u) << e.what();
    }
  }
}

}  // namespace
}  // namespace lstmkit::data
