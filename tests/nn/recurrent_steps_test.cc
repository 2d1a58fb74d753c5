// RecurrentSteps: T single steps and their reverse walk give the numbers of one whole-sequence
// forward_training + backward (outputs, final state, dx, dh0, dc0 and every parameter gradient) for each
// cell, several layers and batch 1; buffers are reused across sequences of other lengths; with dropout the
// per-step masks are applied consistently in forward and backward (finite differences with the masks
// redrawn from the same seed); misuse is an lstmkit::Error.
#include <algorithm>
#include <cmath>
#include <utility>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/nn/recurrent_steps.h"
#include "support/compare.h"
#include "support/finite_differences.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;

struct Case {
  CellKind cell;
  int T, N, I, H, L;
};

constexpr Tolerance kTol{.rel = 1e-5, .abs = 1e-5};

struct Problem {
  Case c;
  nn::Parameters params;
  nn::Recurrent rnn;
  std::vector<float> x, dy;
  nn::RecurrentState init, dfinal;

  Problem(Case cs, uint64_t seed, float dropout = 0.0f)
      : c(cs), rnn(params, "rnn", nn::RecurrentConfig{c.cell, c.I, c.H, c.L, dropout}) {
    Rng rng(seed);
    for (float& v : params.values()) v = rng.uniform(-0.6f, 0.6f);
    params.mark_updated();
    const size_t state = static_cast<size_t>(c.L) * c.N * c.H;
    x = random_floats(static_cast<size_t>(c.T) * c.N * c.I, rng);
    dy = random_floats(static_cast<size_t>(c.T) * c.N * c.H, rng);
    init.h = random_floats(state, rng);
    dfinal.h = random_floats(state, rng);
    if (c.cell == CellKind::lstm) {
      init.c = random_floats(state, rng);
      dfinal.c = random_floats(state, rng);
    }
  }
  size_t NI() const { return static_cast<size_t>(c.N) * c.I; }
  size_t NH() const { return static_cast<size_t>(c.N) * c.H; }
};

struct Result {
  std::vector<float> y, dx, grads;
  nn::RecurrentState final, dinit;
};

Result run_sequence(Problem& p) {
  Result r;
  r.y.resize(p.dy.size());
  r.dx.resize(p.x.size());
  Rng rng(1);
  p.params.zero_grads();
  p.rnn.forward_training(p.c.T, p.c.N, p.x.data(), &p.init, r.y.data(), &r.final, rng);
  p.rnn.backward(p.dy.data(), &p.dfinal, r.dx.data(), &r.dinit);
  r.grads.assign(p.params.grads().begin(), p.params.grads().end());
  return r;
}

Result run_steps(Problem& p, nn::RecurrentSteps& steps, uint64_t seed = 1) {
  Result r;
  r.y.resize(p.dy.size());
  r.dx.resize(p.x.size());
  Rng rng(seed);
  p.params.zero_grads();
  steps.begin(p.c.N, &p.init);
  for (int t = 0; t < p.c.T; ++t) steps.forward(p.x.data() + t * p.NI(), r.y.data() + t * p.NH(), rng);
  EXPECT_EQ(steps.steps(), p.c.T);
  steps.final_state(r.final);
  steps.begin_backward(&p.dfinal);
  for (int t = p.c.T - 1; t >= 0; --t) steps.backward(p.dy.data() + t * p.NH(), r.dx.data() + t * p.NI());
  steps.initial_state_gradient(r.dinit);
  r.grads.assign(p.params.grads().begin(), p.params.grads().end());
  return r;
}

void expect_same(const Result& got, const Result& want) {
  EXPECT_TRUE(all_close(got.y, want.y, kTol)) << "y";
  EXPECT_TRUE(all_close(got.final.h, want.final.h, kTol)) << "final h";
  EXPECT_TRUE(all_close(got.final.c, want.final.c, kTol)) << "final c";
  EXPECT_TRUE(all_close(got.dx, want.dx, kTol)) << "dx";
  EXPECT_TRUE(all_close(got.dinit.h, want.dinit.h, kTol)) << "dh0";
  EXPECT_TRUE(all_close(got.dinit.c, want.dinit.c, kTol)) << "dc0";
  EXPECT_TRUE(all_close(got.grads, want.grads, kTol)) << "parameter gradients";
}

class RecurrentStepsVsSequence : public ::testing::TestWithParam<Case> {};

TEST_P(RecurrentStepsVsSequence, SameNumbersAsOneSequenceCall) {
  Problem p(GetParam(), 31);
  const Result want = run_sequence(p);
  nn::RecurrentSteps steps(p.rnn);
  expect_same(run_steps(p, steps), want);
}

// After a longer sequence (and a longer backward) through the same object, the original problem gives
// the sequence call's numbers again: the per-step buffers are reused, and nothing stale leaks in.
TEST_P(RecurrentStepsVsSequence, ReusedAfterALongerSequence) {
  Problem p(GetParam(), 32);
  const Result want = run_sequence(p);
  Case longer = p.c;
  longer.T += 3;
  Problem other(longer, 33);
  std::swap(p.x, other.x);
  std::swap(p.dy, other.dy);
  std::swap(p.c, other.c);
  nn::RecurrentSteps steps(p.rnn);
  run_steps(p, steps);
  std::swap(p.x, other.x);
  std::swap(p.dy, other.dy);
  std::swap(p.c, other.c);
  expect_same(run_steps(p, steps), want);
}

std::vector<Case> cases() {
  return {{CellKind::lstm, 5, 3, 4, 6, 2}, {CellKind::lstm, 3, 1, 7, 5, 1}, {CellKind::gru, 4, 2, 3, 5, 2},
          {CellKind::rnn, 6, 3, 5, 4, 3}};
}

INSTANTIATE_TEST_SUITE_P(Shapes, RecurrentStepsVsSequence, ::testing::ValuesIn(cases()), [](const auto& info) {
  const Case& c = info.param;
  return nn::cell_name(c.cell) + "_T" + std::to_string(c.T) + "_N" + std::to_string(c.N) + "_L" +
         std::to_string(c.L);
});

// <dy, y> + <dfinal, final> of a stepped run whose masks are drawn from `seed`.
double stepped_loss(Problem& p, nn::RecurrentSteps& steps, uint64_t seed) {
  std::vector<float> y(p.NH());
  Rng rng(seed);
  double loss = 0.0;
  steps.begin(p.c.N, &p.init);
  for (int t = 0; t < p.c.T; ++t) {
    steps.forward(p.x.data() + t * p.NI(), y.data(), rng);
    for (size_t i = 0; i < y.size(); ++i) loss += static_cast<double>(p.dy[t * p.NH() + i]) * y[i];
  }
  nn::RecurrentState final;
  steps.final_state(final);
  for (size_t i = 0; i < final.h.size(); ++i) loss += static_cast<double>(p.dfinal.h[i]) * final.h[i];
  for (size_t i = 0; i < final.c.size(); ++i) loss += static_cast<double>(p.dfinal.c[i]) * final.c[i];
  return loss;
}

TEST(RecurrentStepsDropout, GradientsMatchFiniteDifferencesUnderTheSameMasks) {
  Problem p({CellKind::lstm, 4, 2, 3, 5, 3}, 41, 0.4f);
  nn::RecurrentSteps steps(p.rnn);
  const Result r = run_steps(p, steps, 7);
  const double eps = 1e-2;
  const Tolerance tol{.rel = 1e-2, .abs = 2e-3};
  const Loss loss = [&] { return stepped_loss(p, steps, 7); };
  Rng pick(3);
  std::vector<size_t> entries;
  for (int trial = 0; trial < 12; ++trial)
    entries.push_back(static_cast<size_t>(pick.uniform() * p.params.size()) % p.params.size());
  expect_gradient(p.params, r.grads, entries, eps, tol, loss);
  for (size_t i = 0; i < p.x.size(); i += 5) {
    const double fd = central_difference(p.x[i], eps, loss);
    EXPECT_NEAR(r.dx[i], fd, tol.abs + tol.rel * std::fabs(fd)) << "x " << i;
  }
  // The masks were really drawn: without dropout the same weights and inputs give other outputs.
  Problem plain({CellKind::lstm, 4, 2, 3, 5, 3}, 41, 0.0f);
  EXPECT_FALSE(all_close(r.y, run_sequence(plain).y, kTol)) << "dropout changed nothing";
}

TEST(RecurrentStepsMisuse, IsAnErrorNotACrash) {
  Problem p({CellKind::gru, 2, 2, 3, 4, 1}, 5);
  nn::RecurrentSteps steps(p.rnn);
  std::vector<float> y(p.NH()), dx(p.NI());
  Rng rng(1);
  EXPECT_THROW(steps.forward(p.x.data(), y.data(), rng), Error) << "forward before begin";
  EXPECT_THROW(steps.begin(0, nullptr), Error) << "empty batch";
  nn::RecurrentState wrong{std::vector<float>(3), {}};
  EXPECT_THROW(steps.begin(p.c.N, &wrong), Error) << "wrong state size";
  steps.begin(p.c.N, nullptr);
  EXPECT_THROW(steps.begin_backward(nullptr), Error) << "backward with no steps";
  steps.forward(p.x.data(), y.data(), rng);
  EXPECT_THROW(steps.backward(p.dy.data(), dx.data()), Error) << "backward before begin_backward";
  nn::RecurrentState dinit;
  steps.begin_backward(nullptr);
  EXPECT_THROW(steps.initial_state_gradient(dinit), Error) << "not walked back yet";
  EXPECT_THROW(steps.forward(p.x.data(), y.data(), rng), Error) << "forward while walking back";
  steps.backward(p.dy.data(), dx.data());
  EXPECT_THROW(steps.backward(p.dy.data(), dx.data()), Error) << "more backward steps than forward";
  steps.initial_state_gradient(dinit);
  EXPECT_EQ(dinit.h.size(), static_cast<size_t>(p.c.L) * p.c.N * p.c.H);
}

}  // namespace
}  // namespace lstmkit::testing
