#include "lstmkit/data/synthetic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

constexpr double kPi = std::numbers::pi;

SyntheticOptions options(SyntheticKind kind, size_t length = 0, uint64_t seed = 0) {
  SyntheticOptions o;
  o.kind = kind;
  o.length = length;
  o.seed = seed;
  return o;
}

TEST(Synthetic, NamesRoundTripAndUnknownNameListsThem) {
  for (const auto& name : synthetic_names()) EXPECT_EQ(synthetic_name(parse_synthetic_kind(name)), name);
  EXPECT_EQ(parse_synthetic_kind("noisy-sine"), SyntheticKind::noisy_sine);
  try {
    parse_synthetic_kind("cosine");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.where(), "`synthetic`");
    EXPECT_NE(e.what_is_wrong().find("'cosine'"), std::string::npos);
    EXPECT_EQ(e.hint(), "use one of: sine, sincos, damped, noisy-sine, linear, lorenz, cumsum, adding");
  }
}

TEST(Synthetic, SineHasPeriod80AndKnownValues) {
  const Series s = make_series(options(SyntheticKind::sine));
  ASSERT_EQ(s.rows(), default_length(SyntheticKind::sine));
  EXPECT_EQ(s.names, std::vector<std::string>{"value"});
  EXPECT_EQ(s.features, std::vector<size_t>{0});
  EXPECT_EQ(s.targets, std::vector<size_t>{0});
  const auto& x = s.columns[0];
  EXPECT_EQ(x[0], 0.0f);
  EXPECT_EQ(x[20], 1.0f);
  EXPECT_EQ(x[60], -1.0f);
  EXPECT_NEAR(x[40], 0.0f, 1e-6f);
  EXPECT_FLOAT_EQ(x[10], static_cast<float>(std::sqrt(0.5)));
  for (size_t t = 0; t + 80 < x.size(); ++t) {
    ASSERT_EQ(x[t + 80], x[t]) << "t=" << t;  // exactly periodic
    ASSERT_NEAR(x[t], std::sin(2.0 * kPi * static_cast<double>(t) / 80.0), 1e-6) << "t=" << t;
  }
}

TEST(Synthetic, SinCosFollowsItsFormulaWithPeriod200) {
  const auto x = make_series(options(SyntheticKind::sincos, 450)).columns[0];
  ASSERT_EQ(x.size(), 450u);
  EXPECT_EQ(x[0], -5.0f);  // 3 sin 0 − 5 cos 0
  for (size_t t = 0; t < x.size(); ++t) {
    const double u = static_cast<double>(t) * 2.0 * kPi / 200.0;
    ASSERT_NEAR(x[t], 3.0 * std::sin(5.0 * u) - 5.0 * std::cos(3.0 * u), 2e-6) << "t=" << t;
    if (t + 200 < x.size()) {
      ASSERT_EQ(x[t + 200], x[t]);
    }
  }
}

TEST(Synthetic, DampedHas200PointsOverZeroToFivePi) {
  const auto x = make_series(options(SyntheticKind::damped)).columns[0];
  ASSERT_EQ(x.size(), 200u);
  EXPECT_EQ(x.front(), 1.0f);                                      // e^0 cos 0
  EXPECT_FLOAT_EQ(x.back(), static_cast<float>(-std::exp(-kPi)));  // e^{−π} cos 5π
  const double du = 5.0 * kPi / 199.0;
  EXPECT_FLOAT_EQ(x[100], static_cast<float>(std::exp(-100 * du / 5.0) * std::cos(100 * du)));
  // --length changes the number of points, not the interval.
  const auto y = make_series(options(SyntheticKind::damped, 51)).columns[0];
  ASSERT_EQ(y.size(), 51u);
  EXPECT_FLOAT_EQ(y.back(), x.back());
  EXPECT_FLOAT_EQ(y[10], static_cast<float>(-std::exp(-kPi / 5.0)));  // u = π
}

TEST(Synthetic, NoisySineHasRequestedNoiseAndIsReproducible) {
  SyntheticOptions o = options(SyntheticKind::noisy_sine, 20000, 5);
  o.noise = 0.3;
  const auto a = make_series(o).columns[0];
  const auto clean = make_series(options(SyntheticKind::sine, 20000)).columns[0];
  double sum = 0.0, squares = 0.0;
  for (size_t t = 0; t < a.size(); ++t) {
    const double e = static_cast<double>(a[t]) - clean[t];
    sum += e;
    squares += e * e;
  }
  const double mean = sum / a.size();
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(std::sqrt(squares / a.size() - mean * mean), 0.3, 0.3 * 0.03);
  EXPECT_EQ(make_series(o).columns[0], a);
  o.seed = 6;
  EXPECT_NE(make_series(o).columns[0], a);
  // Default noise is 0.1.
  EXPECT_EQ(SyntheticOptions{}.noise, 0.1);
}

TEST(Synthetic, LinearIsAStraightLine) {
  const auto x = make_series(options(SyntheticKind::linear)).columns[0];
  ASSERT_EQ(x.size(), 1000u);
  EXPECT_EQ(x[0], 0.0f);
  EXPECT_FLOAT_EQ(x[999], 9.99f);
  EXPECT_NEAR(x[500] - x[499], 0.01f, 1e-6f);
}

// Reference values from an independent RK4 in Python (double precision, same step and start).
TEST(Synthetic, LorenzIsTheChaoticXComponent) {
  EXPECT_EQ(parse_synthetic_kind("lorenz"), SyntheticKind::lorenz);
  EXPECT_FALSE(is_sequence_kind(SyntheticKind::lorenz));
  const auto x = make_series(options(SyntheticKind::lorenz)).columns[0];
  ASSERT_EQ(x.size(), 3000u);
  EXPECT_NEAR(x[0], -4.9028195f, 1e-5f);
  EXPECT_NEAR(x[1], -4.7988133f, 1e-5f);
  EXPECT_NEAR(x[100], -11.662533f, 1e-4f);
  // Both wings of the attractor, within its known range.
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  EXPECT_NEAR(*lo, -17.39f, 0.05f);
  EXPECT_NEAR(*hi, 17.09f, 0.05f);
  // A longer run continues the same trajectory, so forecast can score a closed loop against it.
  const auto longer = make_series(options(SyntheticKind::lorenz, 3100)).columns[0];
  EXPECT_TRUE(std::equal(x.begin(), x.end(), longer.begin()));
}

TEST(Synthetic, CumsumTargetsAreRunningSumsOfUniformInputs) {
  SyntheticOptions o = options(SyntheticKind::cumsum, 0, 3);
  o.sequences = 50;
  const SequenceDataset d = make_sequences(o);
  ASSERT_EQ(d.sequences, 50u);
  ASSERT_EQ(d.steps, 10u);
  ASSERT_EQ(d.features, 1u);
  ASSERT_EQ(d.outputs, 1u);
  EXPECT_TRUE(d.per_step_targets);
  ASSERT_EQ(d.inputs.size(), 500u);
  ASSERT_EQ(d.targets.size(), 500u);
  for (size_t s = 0; s < d.sequences; ++s) {
    double sum = 0.0;  // every sequence starts its own sum
    for (size_t t = 0; t < d.steps; ++t) {
      const float x = d.input(s, t, 0);
      ASSERT_GE(x, 0.0f);
      ASSERT_LT(x, 1.0f);
      sum += x;
      ASSERT_NEAR(d.target(s, t, 0), sum, 1e-5);
    }
  }
  EXPECT_EQ(make_sequences(o).inputs, d.inputs);
}

TEST(Synthetic, AddingMaskHasTwoOnesOneInEachHalfAndTargetIsTheirSum) {
  SyntheticOptions o = options(SyntheticKind::adding, 0, 11);
  o.sequences = 200;
  const SequenceDataset d = make_sequences(o);
  ASSERT_EQ(d.steps, 250u);
  ASSERT_EQ(d.features, 2u);
  ASSERT_EQ(d.outputs, 1u);
  EXPECT_FALSE(d.per_step_targets);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"value", "mask"}));
  ASSERT_EQ(d.inputs.size(), 200u * 250u * 2u);
  ASSERT_EQ(d.targets.size(), 200u);
  size_t first_half_hits = 0;
  for (size_t s = 0; s < d.sequences; ++s) {
    std::vector<size_t> marked;
    for (size_t t = 0; t < d.steps; ++t) {
      const float m = d.input(s, t, 1);
      ASSERT_TRUE(m == 0.0f || m == 1.0f);
      if (m == 1.0f) marked.push_back(t);
      ASSERT_GE(d.input(s, t, 0), 0.0f);
      ASSERT_LT(d.input(s, t, 0), 1.0f);
    }
    ASSERT_EQ(marked.size(), 2u) << "sequence " << s;
    ASSERT_LT(marked[0], 125u);
    ASSERT_GE(marked[1], 125u);
    first_half_hits += marked[0] < 10;
    ASSERT_EQ(d.target(s, 0, 0), d.input(s, marked[0], 0) + d.input(s, marked[1], 0));
  }
  // Positions are spread over the whole half, not stuck at its start.
  EXPECT_LT(first_half_hits, 50u);
  // Shortest legal length: the two marks are the two steps.
  o.length = 2;
  const SequenceDataset tiny = make_sequences(o);
  for (size_t s = 0; s < tiny.sequences; ++s) {
    ASSERT_EQ(tiny.input(s, 0, 1), 1.0f);
    ASSERT_EQ(tiny.input(s, 1, 1), 1.0f);
  }
}

TEST(Synthetic, BadParametersAreUsageErrors) {
  EXPECT_THROW(make_series(options(SyntheticKind::sine, 1)), UsageError);
  SyntheticOptions o = options(SyntheticKind::noisy_sine);
  o.noise = -0.1;
  EXPECT_THROW(make_series(o), UsageError);
  o = options(SyntheticKind::adding);
  o.sequences = 0;
  EXPECT_THROW(make_sequences(o), UsageError);
  EXPECT_TRUE(is_sequence_kind(SyntheticKind::adding));
  EXPECT_FALSE(is_sequence_kind(SyntheticKind::damped));
  EXPECT_THROW(make_series(options(SyntheticKind::cumsum)), Error);
  EXPECT_THROW(make_sequences(options(SyntheticKind::sine)), Error);
}

}  // namespace
}  // namespace lstmkit::data
