// The double-precision reference recurrent stack is what the oneDNN layer is judged against, so it is
// checked twice over: forward values computed by hand for one tiny case per cell, and every gradient of
// the backward pass against central finite differences of the forward pass.
#include "support/reference_rnn.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "support/compare.h"
#include "support/finite_differences.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;

RefLayerWeights one_layer(std::vector<double> w_ih, std::vector<double> w_hh, std::vector<double> b_ih,
                          std::vector<double> b_hh) {
  return {std::move(w_ih), std::move(w_hh), std::move(b_ih), std::move(b_hh)};
}

// ---- hand-computed forward values (T = N = I = H = L = 1) ----

TEST(ReferenceRnn, LstmHandComputedStep) {
  // x = 1, h0 = 1, c0 = 0.5; rows i, f, g, o.
  //   i = σ(ln3·1 + 0.5 − 1·1 + 0.5) = σ(ln 3) = 3/4
  //   f = σ(0) = 1/2
  //   g = tanh(0 + ln2·1) = (2 − 1/2)/(2 + 1/2) = 3/5
  //   o = σ(−ln3·1) = 1/4
  //   c' = f·c0 + i·g = 1/4 + 9/20 = 0.7;  h' = o·tanh(0.7) = tanh(0.7)/4
  const double ln2 = std::log(2.0), ln3 = std::log(3.0);
  const RefShape s{CellKind::lstm, 1, 1, 1, 1, 1};
  const std::vector<RefLayerWeights> w{
      one_layer({ln3, 0, 0, 0}, {-1, 0, ln2, -ln3}, {0.5, 0, 0, 0}, {0.5, 0, 0, 0})};
  const RefForward f = reference_forward(s, w, {1.0}, {1.0}, {0.5});
  EXPECT_NEAR(f.c_final.at(0), 0.7, 1e-15);
  EXPECT_NEAR(f.h_final.at(0), std::tanh(0.7) / 4.0, 1e-15);
  EXPECT_NEAR(f.y.at(0), 0.15109194427929, 1e-13);
}

TEST(ReferenceRnn, GruHandComputedStep) {
  // x = 1, h0 = 1; rows r, z, n (PyTorch: the reset gate scales W_hn h + b_hn, after the product).
  //   r = σ(ln3·1 + 0 + 0.25·1 − 0.25) = 3/4
  //   z = σ(1·1 − 1·1) = 1/2
  //   n = tanh((ln2 − 0.5)·1 + 0 + r·(1·1 − 1/3)) = tanh(ln2 − 0.5 + 0.5) = 3/5
  //   h' = (1 − z)·n + z·h0 = 0.3 + 0.5 = 0.8
  // (Resetting before the product, r ⊙ h, would give tanh(ln2 − 0.5 + 3/4 − 1/3) ≠ 3/5.)
  const double ln2 = std::log(2.0), ln3 = std::log(3.0);
  const RefShape s{CellKind::gru, 1, 1, 1, 1, 1};
  const std::vector<RefLayerWeights> w{
      one_layer({ln3, 1, ln2 - 0.5}, {0.25, -1, 1}, {0, 0, 0}, {-0.25, 0, -1.0 / 3.0})};
  const RefForward f = reference_forward(s, w, {1.0}, {1.0}, {});
  EXPECT_NEAR(f.y.at(0), 0.8, 1e-15);
  EXPECT_NEAR(f.h_final.at(0), 0.8, 1e-15);
  EXPECT_TRUE(f.c_final.empty());
}

TEST(ReferenceRnn, TanhRnnHandComputedStep) {
  // x = 2, h0 = 1: h' = tanh(0.5·2 + 0.25 + (ln2 − 1)·1 − 0.25) = tanh(ln 2) = 3/5
  const double ln2 = std::log(2.0);
  const RefShape s{CellKind::rnn, 1, 1, 1, 1, 1};
  const std::vector<RefLayerWeights> w{one_layer({0.5}, {ln2 - 1}, {0.25}, {-0.25})};
  const RefForward f = reference_forward(s, w, {2.0}, {1.0}, {});
  EXPECT_NEAR(f.y.at(0), 0.6, 1e-15);
  EXPECT_NEAR(f.h_final.at(0), 0.6, 1e-15);
}

// ---- random problems: I ≠ H ≠ N ≠ T, two layers, non-zero initial state ----

struct Problem {
  RefShape s;
  std::vector<RefLayerWeights> w;
  std::vector<double> x, h0, c0;              // [T, N, I], [L, N, H], [L, N, H] (LSTM)
  std::vector<double> dy, dh_final, dc_final;  // [T, N, H], [L, N, H], [L, N, H] (LSTM)
};

Problem random_problem(CellKind cell, uint64_t seed) {
  Problem p;
  p.s = RefShape{cell, /*T=*/4, /*N=*/2, /*I=*/5, /*H=*/3, /*L=*/2};
  Rng rng(seed);
  const size_t GH = static_cast<size_t>(nn::gate_count(cell)) * p.s.H;
  const size_t state = static_cast<size_t>(p.s.L) * p.s.N * p.s.H;
  for (int k = 0; k < p.s.L; ++k) {
    const size_t in = k == 0 ? p.s.I : p.s.H;
    p.w.push_back(one_layer(random_doubles(GH * in, rng, -0.6, 0.6),
                            random_doubles(GH * p.s.H, rng, -0.6, 0.6),
                            random_doubles(GH, rng, -0.5, 0.5), random_doubles(GH, rng, -0.5, 0.5)));
  }
  p.x = random_doubles(static_cast<size_t>(p.s.T) * p.s.N * p.s.I, rng);
  p.h0 = random_doubles(state, rng, -0.8, 0.8);
  p.dy = random_doubles(static_cast<size_t>(p.s.T) * p.s.N * p.s.H, rng);
  p.dh_final = random_doubles(state, rng);
  if (cell == CellKind::lstm) {
    p.c0 = random_doubles(state, rng, -1.5, 1.5);
    p.dc_final = random_doubles(state, rng);
  }
  return p;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) sum += a[i] * b[i];
  return sum;
}

// The scalar whose gradient reference_backward computes.
double loss(const Problem& p) {
  const RefForward f = reference_forward(p.s, p.w, p.x, p.h0, p.c0);
  return dot(p.dy, f.y) + dot(p.dh_final, f.h_final) + dot(p.dc_final, f.c_final);
}

// Central differences of loss(p) with respect to every entry of `v`, which must live inside `p`.
std::vector<double> differences(Problem& p, std::vector<double>& v) {
  return numeric_gradient(v, 1e-6, [&] { return loss(p); });
}

class ReferenceRnnGradient : public ::testing::TestWithParam<CellKind> {};

TEST_P(ReferenceRnnGradient, MatchesFiniteDifferences) {
  Problem p = random_problem(GetParam(), 17 + static_cast<uint64_t>(GetParam()));
  const RefGradients g = reference_backward(p.s, p.w, p.x, p.h0, p.c0, p.dy, p.dh_final, p.dc_final);
  // Rounding in the differences is about 1e-16·|loss|/eps ≈ 1e-10; truncation eps² ≈ 1e-12.
  const Tolerance tol{.rel = 1e-6, .abs = 1e-8};
  for (int k = 0; k < p.s.L; ++k) {
    const std::string layer = " layer " + std::to_string(k);
    EXPECT_TRUE(all_close(g.dweights[k].w_ih, differences(p, p.w[k].w_ih), tol)) << "w_ih" << layer;
    EXPECT_TRUE(all_close(g.dweights[k].w_hh, differences(p, p.w[k].w_hh), tol)) << "w_hh" << layer;
    EXPECT_TRUE(all_close(g.dweights[k].b_ih, differences(p, p.w[k].b_ih), tol)) << "b_ih" << layer;
    EXPECT_TRUE(all_close(g.dweights[k].b_hh, differences(p, p.w[k].b_hh), tol)) << "b_hh" << layer;
  }
  EXPECT_TRUE(all_close(g.dx, differences(p, p.x), tol)) << "dx";
  EXPECT_TRUE(all_close(g.dh0, differences(p, p.h0), tol)) << "dh0";
  if (GetParam() == CellKind::lstm) {
    EXPECT_TRUE(all_close(g.dc0, differences(p, p.c0), tol)) << "dc0";
  } else {
    EXPECT_TRUE(g.dc0.empty());
  }
}

// Stacking and recurrence, checked by composition rather than by the same loops: two layers equal layer
// 0 then layer 1 run separately on its outputs, and T steps equal 1 step then T−1 steps from its state.
TEST_P(ReferenceRnnGradient, ForwardComposesOverLayersAndTime) {
  const Problem p = random_problem(GetParam(), 5);
  const RefShape& s = p.s;
  const bool lstm = s.cell == CellKind::lstm;
  const size_t NH = static_cast<size_t>(s.N) * s.H;
  const RefForward whole = reference_forward(s, p.w, p.x, p.h0, p.c0);
  auto slice = [&](const std::vector<double>& v, int k) {
    return v.empty() ? v : std::vector<double>(v.begin() + k * NH, v.begin() + (k + 1) * NH);
  };

  RefShape one = s;
  one.L = 1;
  const RefForward l0 = reference_forward(one, {p.w[0]}, p.x, slice(p.h0, 0), slice(p.c0, 0));
  one.I = s.H;
  const RefForward l1 = reference_forward(one, {p.w[1]}, l0.y, slice(p.h0, 1), slice(p.c0, 1));
  EXPECT_TRUE(all_close(whole.y, l1.y, {.rel = 0, .abs = 0}));
  EXPECT_TRUE(all_close(slice(whole.h_final, 0), l0.h_final, {.rel = 0, .abs = 0}));
  if (lstm) {
    EXPECT_TRUE(all_close(slice(whole.c_final, 1), l1.c_final, {.rel = 0, .abs = 0}));
  }

  RefShape first = s, rest = s;
  first.T = 1;
  rest.T = s.T - 1;
  const size_t step = static_cast<size_t>(s.N) * s.I;
  const RefForward a = reference_forward(first, p.w, {p.x.begin(), p.x.begin() + step}, p.h0, p.c0);
  const RefForward b = reference_forward(rest, p.w, {p.x.begin() + step, p.x.end()}, a.h_final, a.c_final);
  EXPECT_TRUE(all_close(std::vector<double>(whole.y.begin() + NH, whole.y.end()), b.y, {.rel = 0, .abs = 0}));
  EXPECT_TRUE(all_close(whole.h_final, b.h_final, {.rel = 0, .abs = 0}));
}

TEST_P(ReferenceRnnGradient, EmptyStateAndFinalGradientsMeanZero) {
  Problem p = random_problem(GetParam(), 9);
  const size_t state = p.h0.size();
  const std::vector<double> zeros(state, 0.0);
  const RefForward empty = reference_forward(p.s, p.w, p.x, {}, {});
  const RefForward zero = reference_forward(p.s, p.w, p.x, zeros, p.c0.empty() ? p.c0 : zeros);
  EXPECT_TRUE(all_close(empty.y, zero.y, {.rel = 0, .abs = 0}));

  const RefGradients ge = reference_backward(p.s, p.w, p.x, p.h0, p.c0, p.dy, {}, {});
  const RefGradients gz = reference_backward(p.s, p.w, p.x, p.h0, p.c0, p.dy, zeros,
                                             p.dc_final.empty() ? p.dc_final : zeros);
  EXPECT_TRUE(all_close(ge.dx, gz.dx, {.rel = 0, .abs = 0}));
  EXPECT_TRUE(all_close(ge.dh0, gz.dh0, {.rel = 0, .abs = 0}));
}

TEST(ReferenceRnn, RejectsWrongShapes) {
  Problem p = random_problem(CellKind::gru, 3);
  p.x.pop_back();
  EXPECT_THROW(reference_forward(p.s, p.w, p.x, p.h0, p.c0), Error);
}

INSTANTIATE_TEST_SUITE_P(Cells, ReferenceRnnGradient,
                         ::testing::Values(CellKind::lstm, CellKind::gru, CellKind::rnn),
                         [](const auto& info) { return nn::cell_name(info.param); });

}  // namespace
}  // namespace lstmkit::testing
