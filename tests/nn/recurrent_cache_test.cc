// What the layer caches and when: primitives once per (T, N, mode), weights reordered once per
// Parameters::version(), diff weights zeroed before every backward (oneDNN accumulates into them), and
// runs that are bit-for-bit repeatable. Also the call contract: one backward per forward_training,
// state sizes checked, init and final may be the same object.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent.h"
#include "support/compare.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;
constexpr Tolerance kExact{.rel = 0, .abs = 0};
constexpr int T = 5, N = 3, I = 4, H = 6, L = 2;

struct Outputs {
  std::vector<float> y, dx;
  nn::RecurrentState final, dinit;
  std::vector<float> grads;
};

class Fixture {
 public:
  explicit Fixture(CellKind cell, float dropout = 0.0f, uint64_t seed = 1)
      : rnn_(params, "rnn", {cell, I, H, L, dropout}) {
    Rng init(seed);
    rnn_.initialize(nn::InitScheme::torch, init);
    Rng data(seed + 100);
    x = random_floats(T * N * I, data);
    dy = random_floats(T * N * H, data);
    state.h = random_floats(L * N * H, data);
    if (cell == CellKind::lstm) state.c = random_floats(L * N * H, data);
  }

  Outputs train(uint64_t dropout_seed = 9) {
    Outputs r;
    r.y.resize(dy.size());
    r.dx.resize(x.size());
    Rng rng(dropout_seed);
    rnn_.forward_training(T, N, x.data(), &state, r.y.data(), &r.final, rng);
    rnn_.backward(dy.data(), &state, r.dx.data(), &r.dinit);
    r.grads.assign(params.grads().begin(), params.grads().end());
    return r;
  }

  std::vector<float> infer(int t, int n, const std::vector<float>& input) {
    std::vector<float> y(static_cast<size_t>(t) * n * H);
    rnn_.forward_inference(t, n, input.data(), nullptr, y.data(), nullptr);
    return y;
  }

  nn::Recurrent& rnn() { return rnn_; }

  nn::Parameters params;
  std::vector<float> x, dy;
  nn::RecurrentState state;

 private:
  nn::Recurrent rnn_;
};

void expect_same(const Outputs& a, const Outputs& b) {
  EXPECT_TRUE(all_close(a.y, b.y, kExact)) << "y";
  EXPECT_TRUE(all_close(a.final.h, b.final.h, kExact)) << "final h";
  EXPECT_TRUE(all_close(a.final.c, b.final.c, kExact)) << "final c";
  EXPECT_TRUE(all_close(a.dx, b.dx, kExact)) << "dx";
  EXPECT_TRUE(all_close(a.dinit.h, b.dinit.h, kExact)) << "dh0";
  EXPECT_TRUE(all_close(a.grads, b.grads, kExact)) << "parameter gradients";
}

class RecurrentCache : public ::testing::TestWithParam<CellKind> {};

TEST_P(RecurrentCache, RepeatedCallsAreIdenticalAndBuildNothing) {
  Fixture f(GetParam());
  const Outputs first = f.train();
  const nn::RecurrentStats after_first = f.rnn().stats();
  EXPECT_EQ(after_first.plans, 1u);
  for (int i = 0; i < 3; ++i) {
    f.params.zero_grads();
    expect_same(first, f.train());
  }
  EXPECT_EQ(f.rnn().stats().plans, 1u);
  EXPECT_EQ(f.rnn().stats().weight_reorders, after_first.weight_reorders) << "weights reordered per call";
}

// oneDNN adds into its diff weights; the layer zeroes them per backward and adds into params.grads().
TEST_P(RecurrentCache, TwoBackwardsAddUpToTwiceTheGradient) {
  Fixture f(GetParam());
  const Outputs once = f.train();
  const Outputs twice = f.train();
  std::vector<float> doubled(once.grads.size());
  for (size_t i = 0; i < doubled.size(); ++i) doubled[i] = 2.0f * once.grads[i];
  EXPECT_TRUE(all_close(twice.grads, doubled, kExact));
}

TEST_P(RecurrentCache, UpdatedWeightsAreReorderedOncePerUpdate) {
  Fixture f(GetParam());
  const Outputs before = f.train();
  const uint64_t reorders = f.rnn().stats().weight_reorders;

  // Change one recurrent weight of the top layer; until mark_updated() the cached copies stand.
  f.params.value(f.params.find("rnn.weight_hh_l1"))[3] += 0.25f;
  f.params.zero_grads();
  expect_same(before, f.train());
  f.params.mark_updated();
  f.params.zero_grads();
  const Outputs after = f.train();
  EXPECT_GT(f.rnn().stats().weight_reorders, reorders);
  const uint64_t once = f.rnn().stats().weight_reorders;
  f.params.zero_grads();
  f.train();
  EXPECT_EQ(f.rnn().stats().weight_reorders, once) << "reordered again without an update";

  // The re-reordered layer computes exactly what a fresh layer with the new values computes.
  Fixture fresh(GetParam());
  std::copy(f.params.values().begin(), f.params.values().end(), fresh.params.values().begin());
  fresh.params.mark_updated();
  expect_same(after, fresh.train());
  EXPECT_FALSE(all_close(after.y, before.y, kExact)) << "the new weight changed nothing";
}

TEST_P(RecurrentCache, ShapesAndModesHaveTheirOwnPlans) {
  Fixture f(GetParam());
  const Outputs a = f.train();
  Rng rng(5);
  const auto x2 = random_floats(2 * 7 * I, rng);
  const auto y2 = f.infer(2, 7, x2);
  const auto y_same = f.infer(T, N, f.x);  // the training shape, inference mode
  EXPECT_EQ(f.rnn().stats().plans, 3u);
  f.params.zero_grads();
  expect_same(a, f.train());
  EXPECT_TRUE(all_close(f.infer(2, 7, x2), y2, kExact));
  EXPECT_EQ(f.rnn().stats().plans, 3u);
}

// Inference has its own buffers: running it between forward_training and backward changes nothing.
TEST_P(RecurrentCache, InferenceBetweenForwardAndBackwardIsHarmless) {
  Fixture f(GetParam(), 0.3f);
  const Outputs plain = f.train();
  f.params.zero_grads();
  Outputs r;
  r.y.resize(f.dy.size());
  r.dx.resize(f.x.size());
  Rng rng(9);
  f.rnn().forward_training(T, N, f.x.data(), &f.state, r.y.data(), &r.final, rng);
  f.infer(T, N, f.x);
  f.infer(1, 2, std::vector<float>(2 * I, 0.5f));
  f.rnn().backward(f.dy.data(), &f.state, r.dx.data(), &r.dinit);
  r.grads.assign(f.params.grads().begin(), f.params.grads().end());
  expect_same(plain, r);
}

// Same seeds and thread count: two independently built layers agree bit for bit, dropout included.
TEST_P(RecurrentCache, SameSeedsGiveBitIdenticalRuns) {
  Fixture a(GetParam(), 0.25f, 42), b(GetParam(), 0.25f, 42);
  expect_same(a.train(), b.train());
}

// Sampling carries the state in one object: init and final may alias, and T single steps equal one
// T-step call.
TEST_P(RecurrentCache, StepwiseInferenceWithAliasedStateMatchesWholeSequence) {
  Fixture f(GetParam());
  std::vector<float> whole(static_cast<size_t>(T) * N * H);
  nn::RecurrentState final;
  f.rnn().forward_inference(T, N, f.x.data(), &f.state, whole.data(), &final);
  nn::RecurrentState state = f.state;
  std::vector<float> steps;
  std::vector<float> y(static_cast<size_t>(N) * H);
  for (int t = 0; t < T; ++t) {
    f.rnn().forward_inference(1, N, f.x.data() + static_cast<size_t>(t) * N * I, &state, y.data(), &state);
    steps.insert(steps.end(), y.begin(), y.end());
  }
  const Tolerance tol{.rel = 1e-5, .abs = 1e-6};
  EXPECT_TRUE(all_close(steps, whole, tol));
  EXPECT_TRUE(all_close(state.h, final.h, tol));
  EXPECT_TRUE(all_close(state.c, final.c, tol));
}

TEST_P(RecurrentCache, BackwardNeedsItsOwnForward) {
  Fixture f(GetParam());
  EXPECT_THROW(f.rnn().backward(f.dy.data(), nullptr, nullptr, nullptr), Error);
  f.train();
  EXPECT_THROW(f.rnn().backward(f.dy.data(), nullptr, nullptr, nullptr), Error) << "second backward";
}

TEST_P(RecurrentCache, RejectsWrongStateSizes) {
  Fixture f(GetParam());
  std::vector<float> y(f.dy.size());
  nn::RecurrentState bad = f.state;
  bad.h.pop_back();
  try {
    f.rnn().forward_inference(T, N, f.x.data(), &bad, y.data(), nullptr);
    ADD_FAILURE() << "a short initial h was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "rnn forward_inference");
    EXPECT_NE(e.what_is_wrong().find("initial state h has 35 values, expected 36"), std::string::npos)
        << e.what_is_wrong();
  }
  Rng rng(1);
  EXPECT_THROW(f.rnn().forward_training(T, N + 1, f.x.data(), &f.state, y.data(), nullptr, rng), Error)
      << "state for another batch size";
  EXPECT_THROW(f.rnn().forward_inference(0, N, f.x.data(), nullptr, y.data(), nullptr), Error);
}

INSTANTIATE_TEST_SUITE_P(Cells, RecurrentCache,
                         ::testing::Values(CellKind::lstm, CellKind::gru, CellKind::rnn),
                         [](const auto& info) { return nn::cell_name(info.param); });

TEST(RecurrentConfig, RejectsBadConfigs) {
  nn::Parameters params;
  EXPECT_THROW(nn::Recurrent(params, "rnn", {CellKind::lstm, 3, 0, 1, 0.0f}), Error);
  EXPECT_THROW(nn::Recurrent(params, "rnn", {CellKind::lstm, 0, 4, 1, 0.0f}), Error);
  EXPECT_THROW(nn::Recurrent(params, "rnn", {CellKind::gru, 3, 4, 0, 0.0f}), Error);
  EXPECT_THROW(nn::Recurrent(params, "rnn", {CellKind::rnn, 3, 4, 2, 1.0f}), Error);
  EXPECT_THROW(nn::Recurrent(params, "rnn", {CellKind::rnn, 3, 4, 2, -0.1f}), Error);
  EXPECT_EQ(params.size(), 0u) << "a rejected config registers no tensors";
}

}  // namespace
}  // namespace lstmkit::testing
