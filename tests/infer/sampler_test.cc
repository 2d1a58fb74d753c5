#include "lstmkit/infer/sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "lstmkit/error.h"

namespace lstmkit::infer {

namespace {
// Reference softmax(logits / temperature) in double, with `banned` ids at zero.
std::vector<double> softmax(const std::vector<float>& logits, double temperature,
                            const std::vector<int32_t>& banned = {}) {
  std::vector<double> p(logits.size());
  for (size_t v = 0; v < logits.size(); ++v) p[v] = std::exp(logits[v] / temperature);
  for (int32_t id : banned) p[static_cast<size_t>(id)] = 0.0;
  const double sum = std::accumulate(p.begin(), p.end(), 0.0);
  for (double& x : p) x /= sum;
  return p;
}

std::vector<int> counts(Sampler& sampler, const std::vector<float>& logits, int draws, uint64_t seed) {
  Rng rng(seed);
  std::vector<int> n(logits.size(), 0);
  for (int i = 0; i < draws; ++i) ++n[static_cast<size_t>(sampler.sample(logits, rng))];
  return n;
}

// Pearson's statistic over the tokens with p > 0; a token with p = 0 must never be drawn.
double chi_square(const std::vector<int>& observed, const std::vector<double>& p, int draws) {
  double chi2 = 0.0;
  for (size_t v = 0; v < p.size(); ++v) {
    if (p[v] == 0.0) {
      EXPECT_EQ(observed[v], 0) << "token " << v << " has probability 0";
      continue;
    }
    const double expected = p[v] * draws;
    chi2 += (observed[v] - expected) * (observed[v] - expected) / expected;
  }
  return chi2;
}

SamplerOptions plain() {
  SamplerOptions o;
  o.banned.clear();
  return o;
}

std::vector<float> logs(const std::vector<double>& probs) {
  std::vector<float> l;
  for (double p : probs) l.push_back(static_cast<float>(std::log(p)));
  return l;
}

const std::vector<float> kLogits = {0.3f, 1.0f, 0.5f, 2.0f, -1.0f, 0.0f};  // V = 6
constexpr int kDraws = 20000;
// χ² with 5 degrees of freedom exceeds 20.5 with probability 0.001; seeds are fixed, so no flakes.
constexpr double kChi2Limit = 20.5;
}  // namespace

TEST(Sampler, GreedyPicksTheArgmaxAndTheLowestIdOnTies) {
  SamplerOptions o = plain();
  o.greedy = true;
  Sampler sampler(o);
  Rng rng(1);
  EXPECT_EQ(sampler.sample(kLogits, rng), 3);
  const std::vector<float> tie = {0.0f, 5.0f, 1.0f, 5.0f};
  EXPECT_EQ(sampler.sample(tie, rng), 1);
  const std::vector<double> d = sampler.distribution(tie);
  EXPECT_EQ(d, (std::vector<double>{0, 1, 0, 0}));
}

TEST(Sampler, SameSeedSameTokens) {
  Sampler a(plain()), b(plain());
  Rng ra(42), rb(42), rc(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const int32_t x = a.sample(kLogits, ra);
    EXPECT_EQ(x, b.sample(kLogits, rb));
    differs |= x != a.sample(kLogits, rc);
  }
  EXPECT_TRUE(differs);
}

TEST(Sampler, FrequenciesFollowSoftmaxAtEachTemperature) {
  double previous_top = 1.0;
  for (double temperature : {0.5, 1.0, 2.0}) {
    SamplerOptions o = plain();
    o.temperature = temperature;
    Sampler sampler(o);
    const std::vector<double> p = softmax(kLogits, temperature);
    const std::vector<double> d = sampler.distribution(kLogits);
    for (size_t v = 0; v < p.size(); ++v) EXPECT_NEAR(d[v], p[v], 1e-12) << "T " << temperature;
    const std::vector<int> n = counts(sampler, kLogits, kDraws, 7);
    EXPECT_LT(chi_square(n, p, kDraws), kChi2Limit) << "T " << temperature;
    // Lower temperature sharpens: the most likely token's share shrinks as T grows.
    EXPECT_LT(p[3], previous_top);
    previous_top = p[3];
  }
}

TEST(Sampler, TopKNeverLeavesTheKMostLikely) {
  SamplerOptions o = plain();
  o.top_k = 3;
  Sampler sampler(o);
  // Top 3 of kLogits: ids 3 (2.0), 1 (1.0), 2 (0.5).
  const std::vector<double> p = softmax(kLogits, 1.0, {0, 4, 5});
  const std::vector<double> d = sampler.distribution(kLogits);
  for (size_t v = 0; v < p.size(); ++v) EXPECT_NEAR(d[v], p[v], 1e-12) << "token " << v;
  EXPECT_LT(chi_square(counts(sampler, kLogits, kDraws, 3), p, kDraws), 11.0);  // 2 dof, p = 0.004
}

TEST(Sampler, TopOneIsGreedy) {
  SamplerOptions o = plain();
  o.top_k = 1;
  Sampler sampler(o);
  const std::vector<int> n = counts(sampler, kLogits, 1000, 5);
  EXPECT_EQ(n[3], 1000);
}

TEST(Sampler, TopPKeepsOnlyTheNucleus) {
  const std::vector<float> skewed = logs({0.1, 0.5, 0.15, 0.25});
  const std::vector<float> uniform = {0.0f, 0.0f, 0.0f, 0.0f};  // exactly 0.25 each
  struct Case {
    std::vector<float> logits;
    double p;
    std::vector<double> expected;
  };
  const Case cases[] = {
      {skewed, 0.4, {0, 1, 0, 0}},                     // the top token alone reaches p
      {skewed, 0.7, {0, 0.5 / 0.75, 0, 0.25 / 0.75}},  // 0.5 + 0.25 ≥ 0.7
      {skewed, 0.8, {0, 0.5 / 0.9, 0.15 / 0.9, 0.25 / 0.9}},
      {skewed, 1e-9, {0, 1, 0, 0}},             // at least one token always stays
      {uniform, 0.5, {0.5, 0.5, 0, 0}},         // exactly on the boundary: no extra token; ties by id
  };
  for (const Case& c : cases) {
    SamplerOptions o = plain();
    o.top_p = c.p;
    Sampler sampler(o);
    const std::vector<float>& logits = c.logits;
    const std::vector<double> d = sampler.distribution(logits);
    for (size_t v = 0; v < d.size(); ++v) EXPECT_NEAR(d[v], c.expected[v], 1e-6) << "p " << c.p << " token " << v;
    const std::vector<int> n = counts(sampler, logits, 5000, 11);
    for (size_t v = 0; v < d.size(); ++v) {
      if (c.expected[v] == 0) {
        EXPECT_EQ(n[v], 0) << "p " << c.p << " drew token " << v << " outside the nucleus";
      }
    }
  }
}

TEST(Sampler, TopKAppliesBeforeTopP) {
  // After top-2 the renormalised probabilities are 0.4/0.7 and 0.3/0.7, so top-p 0.5 keeps token 0 only;
  // top-p on the unfiltered distribution would have kept tokens 0 and 1.
  SamplerOptions o = plain();
  o.top_k = 2;
  o.top_p = 0.5;
  Sampler sampler(o);
  const std::vector<double> d = sampler.distribution(logs({0.4, 0.3, 0.2, 0.1}));
  EXPECT_NEAR(d[0], 1.0, 1e-12);
  EXPECT_EQ(d[1], 0.0);
}

TEST(Sampler, BannedIdsAreNeverDrawn) {
  // The default bans <pad> (0) and <s> (2), here the two most likely tokens by far.
  const std::vector<float> logits = {9.0f, 0.0f, 9.0f, 0.5f, 0.2f};
  Sampler sampler{SamplerOptions{}};
  const std::vector<int> n = counts(sampler, logits, kDraws, 9);
  EXPECT_EQ(n[0], 0);
  EXPECT_EQ(n[2], 0);
  EXPECT_LT(chi_square(n, softmax(logits, 1.0, {0, 2}), kDraws), 16.3);  // 2 dof, p = 0.0003
  SamplerOptions greedy;
  greedy.greedy = true;
  greedy.banned.push_back(100);  // outside this vocabulary: cannot be emitted anyway
  Sampler greedy_sampler(greedy);
  Rng rng(1);
  EXPECT_EQ(greedy_sampler.sample(logits, rng), 3);
}

TEST(Sampler, ExtremeLogitsStayFinite) {
  const std::vector<float> logits = {-1e4f, 1e4f, 1e4f, -1e4f, 0.0f, -std::numeric_limits<float>::infinity()};
  for (double temperature : {0.01, 1.0, 100.0, 1e6}) {
    SamplerOptions o = plain();
    o.temperature = temperature;
    Sampler sampler(o);
    const std::vector<double> d = sampler.distribution(logits);
    double sum = 0;
    for (double x : d) {
      ASSERT_TRUE(std::isfinite(x)) << "T " << temperature;
      sum += x;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12) << "T " << temperature;
    EXPECT_NEAR(d[1], d[2], 1e-12) << "T " << temperature;
    EXPECT_EQ(d[5], 0.0) << "T " << temperature;
    Rng rng(3);
    for (int i = 0; i < 100; ++i) EXPECT_NE(sampler.sample(logits, rng), 5);
  }
}

TEST(Sampler, RejectsBadOptions) {
  const auto where = [](SamplerOptions o) -> std::string {
    try {
      Sampler s(std::move(o));
    } catch (const UsageError& e) {
      return e.where();
    }
    return "accepted";
  };
  SamplerOptions o;
  for (double t : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    o = {};
    o.temperature = t;
    EXPECT_EQ(where(o), "`temperature`") << t;
  }
  for (double p : {0.0, -0.5, 1.01, std::nan("")}) {
    o = {};
    o.top_p = p;
    EXPECT_EQ(where(o), "`top_p`") << p;
  }
  o = {};
  o.top_k = -1;
  EXPECT_EQ(where(o), "`top_k`");
  o = {};
  o.banned = {-3};
  EXPECT_EQ(where(o), "banned ids");
  o = {};
  o.top_p = 1.0;
  o.top_k = 5;
  EXPECT_EQ(where(o), "accepted");
}

TEST(Sampler, NonFiniteOrUnusableLogitsThrow) {
  Sampler sampler(plain());
  Rng rng(1);
  const std::vector<float> nan = {0.0f, std::nanf(""), 1.0f};
  const std::vector<float> inf = {0.0f, std::numeric_limits<float>::infinity()};
  EXPECT_THROW(sampler.sample(nan, rng), Error);
  EXPECT_THROW(sampler.sample(inf, rng), Error);
  Sampler banning{SamplerOptions{}};  // bans 0 and 2: nothing left of V = 3 but a −inf token
  const std::vector<float> none = {1.0f, -std::numeric_limits<float>::infinity(), 1.0f};
  try {
    banning.sample(none, rng);
    FAIL() << "sampled from an empty distribution";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "logits");
  }
}

}  // namespace lstmkit::infer
