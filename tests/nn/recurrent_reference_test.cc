// The oneDNN recurrent stack against the naive double-precision reference (tests/support/reference_rnn):
// forward (training and inference), final states, and every gradient — dx, dh0, dc0 and all four
// tensors of every layer — for each cell on shapes chosen to expose transposition and indexing bugs
// (I ≠ H ≠ N ≠ T, batch 1, a single time step, three layers). Dropout is checked by chaining the
// reference layer by layer through the masks the layer reports.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/nn/recurrent.h"
#include "support/compare.h"
#include "support/reference_rnn.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;

// f32 against f64: a few ulps per operation, accumulated over T steps and L layers and summed over T·N
// terms for weight gradients, so the error scales with the array's largest value, not with each entry:
// 1e-5 relative per element plus a floor of 2e-6 of the array's scale for entries near zero by
// cancellation. A real bug (a wrong gate, bias or mask) is off by O(scale).
Tolerance tol(std::span<const double> want) {
  double scale = 1.0;
  for (double v : want) scale = std::max(scale, std::fabs(v));
  return {.rel = 1e-5, .abs = 2e-6 * scale};
}

::testing::AssertionResult matches(std::span<const float> got, const std::vector<double>& want) {
  return all_close(got, want, tol(want));
}

struct Case {
  CellKind cell;
  int T, N, I, H, L;
};

std::vector<double> widen(std::span<const float> v) { return {v.begin(), v.end()}; }

// A layer with random weights (both bias vectors distinct, so the bias routing is visible) and the
// random inputs of one problem; the same values in double for the reference.
struct Problem {
  Case c;
  nn::Parameters params;
  std::unique_ptr<nn::Recurrent> rnn;
  std::vector<float> x, dy;            // [T, N, I], [T, N, H]
  nn::RecurrentState init, dfinal;     // [L, N, H]
  RefShape shape;

  Problem(Case cs, uint64_t seed, float dropout = 0.0f) : c(cs) {
    rnn = std::make_unique<nn::Recurrent>(params, "rnn", nn::RecurrentConfig{c.cell, c.I, c.H, c.L, dropout});
    Rng rng(seed);
    for (float& v : params.values()) v = rng.uniform(-0.6f, 0.6f);
    params.mark_updated();
    const size_t state = static_cast<size_t>(c.L) * c.N * c.H;
    x = random_floats(static_cast<size_t>(c.T) * c.N * c.I, rng);
    dy = random_floats(static_cast<size_t>(c.T) * c.N * c.H, rng);
    init.h = random_floats(state, rng, -0.8f, 0.8f);
    dfinal.h = random_floats(state, rng);
    if (c.cell == CellKind::lstm) {
      init.c = random_floats(state, rng, -1.5f, 1.5f);
      dfinal.c = random_floats(state, rng);
    }
    shape = RefShape{c.cell, c.T, c.N, c.I, c.H, c.L};
  }

  RefLayerWeights layer_weights(int k) const {
    auto get = [&](const char* name) {
      const auto id = params.find("rnn." + std::string(name) + std::to_string(k));
      return widen({params.value(id), params.view(id).size});
    };
    return {get("weight_ih_l"), get("weight_hh_l"), get("bias_ih_l"), get("bias_hh_l")};
  }
  std::vector<RefLayerWeights> weights() const {
    std::vector<RefLayerWeights> w;
    for (int k = 0; k < c.L; ++k) w.push_back(layer_weights(k));
    return w;
  }
  std::span<const float> grad(const char* name, int k) const {
    const auto id = params.find("rnn." + std::string(name) + std::to_string(k));
    return {params.grad(id), params.view(id).size};
  }
};

std::string describe(const Case& c) {
  return nn::cell_name(c.cell) + "_T" + std::to_string(c.T) + "_N" + std::to_string(c.N) + "_I" +
         std::to_string(c.I) + "_H" + std::to_string(c.H) + "_L" + std::to_string(c.L);
}

void expect_grads(const Problem& p, int k, const RefLayerWeights& want) {
  const std::string layer = " of layer " + std::to_string(k);
  EXPECT_TRUE(matches(p.grad("weight_ih_l", k), want.w_ih)) << "d weight_ih" << layer;
  EXPECT_TRUE(matches(p.grad("weight_hh_l", k), want.w_hh)) << "d weight_hh" << layer;
  EXPECT_TRUE(matches(p.grad("bias_ih_l", k), want.b_ih)) << "d bias_ih" << layer;
  EXPECT_TRUE(matches(p.grad("bias_hh_l", k), want.b_hh)) << "d bias_hh" << layer;
}

class RecurrentVsReference : public ::testing::TestWithParam<Case> {};

TEST_P(RecurrentVsReference, ForwardBackwardAndStates) {
  Problem p(GetParam(), 1234);
  const Case& c = p.c;
  const auto w = p.weights();
  const RefForward want = reference_forward(p.shape, w, widen(p.x), widen(p.init.h), widen(p.init.c));

  std::vector<float> y(p.dy.size());
  nn::RecurrentState final;
  Rng dropout_rng(1);
  p.rnn->forward_training(c.T, c.N, p.x.data(), &p.init, y.data(), &final, dropout_rng);
  EXPECT_TRUE(matches(y, want.y)) << "training y";
  EXPECT_TRUE(matches(final.h, want.h_final)) << "training final h";
  EXPECT_TRUE(matches(final.c, want.c_final)) << "training final c";

  std::vector<float> y_inf(y.size());
  nn::RecurrentState final_inf;
  p.rnn->forward_inference(c.T, c.N, p.x.data(), &p.init, y_inf.data(), &final_inf);
  EXPECT_TRUE(matches(y_inf, want.y)) << "inference y";
  EXPECT_TRUE(matches(final_inf.h, want.h_final)) << "inference final h";
  EXPECT_TRUE(matches(final_inf.c, want.c_final)) << "inference final c";

  const RefGradients g = reference_backward(p.shape, w, widen(p.x), widen(p.init.h), widen(p.init.c),
                                            widen(p.dy), widen(p.dfinal.h), widen(p.dfinal.c));
  std::vector<float> dx(p.x.size());
  nn::RecurrentState dinit;
  p.rnn->backward(p.dy.data(), &p.dfinal, dx.data(), &dinit);
  EXPECT_TRUE(matches(dx, g.dx)) << "dx";
  EXPECT_TRUE(matches(dinit.h, g.dh0)) << "dh0";
  EXPECT_TRUE(matches(dinit.c, g.dc0)) << "dc0";
  for (int k = 0; k < c.L; ++k) expect_grads(p, k, g.dweights[k]);
}

// Null initial state and null final-state gradient mean zeros; a null dx is simply not written.
TEST_P(RecurrentVsReference, NullStatesMeanZero) {
  Problem p(GetParam(), 99);
  const Case& c = p.c;
  const auto w = p.weights();
  const RefForward want = reference_forward(p.shape, w, widen(p.x), {}, {});
  std::vector<float> y(p.dy.size());
  Rng dropout_rng(1);
  p.rnn->forward_training(c.T, c.N, p.x.data(), nullptr, y.data(), nullptr, dropout_rng);
  EXPECT_TRUE(matches(y, want.y));

  const RefGradients g = reference_backward(p.shape, w, widen(p.x), {}, {}, widen(p.dy), {}, {});
  nn::RecurrentState dinit;
  p.rnn->backward(p.dy.data(), nullptr, nullptr, &dinit);
  EXPECT_TRUE(matches(dinit.h, g.dh0)) << "dh0";
  for (int k = 0; k < c.L; ++k) expect_grads(p, k, g.dweights[k]);
}

std::vector<Case> cases() {
  std::vector<Case> all;
  for (CellKind cell : {CellKind::lstm, CellKind::gru, CellKind::rnn}) {
    all.push_back({cell, 6, 3, 5, 4, 2});     // I ≠ H ≠ N ≠ T
    all.push_back({cell, 5, 1, 3, 7, 2});     // batch 1, I < H
    all.push_back({cell, 1, 4, 9, 6, 2});     // one time step
    all.push_back({cell, 9, 5, 13, 19, 3});   // odd widths (padding, packing), three layers
    all.push_back({cell, 2, 1, 1, 1, 2});     // every width 1
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Shapes, RecurrentVsReference, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return describe(info.param); });

// ---- dropout: the stack equals the reference run one layer at a time on masked inputs ----

// y_k = layer_k(y_{k-1} ∘ mask_{k-1}) forward; backward dy_{k-1} = dx_k ∘ mask_{k-1}. A mask applied
// to the wrong tensor, not scaled, not reapplied in backward or not the one reported fails here.
class RecurrentDropoutVsReference : public ::testing::TestWithParam<CellKind> {};

TEST_P(RecurrentDropoutVsReference, MatchesLayerByLayerReferenceOnMaskedInputs) {
  const float p_drop = 0.4f;
  Problem p({GetParam(), 5, 3, 6, 8, 3}, 77, p_drop);
  const Case& c = p.c;
  const size_t NH = static_cast<size_t>(c.N) * c.H;
  auto slice = [&](const std::vector<float>& v, int k) {
    return v.empty() ? std::vector<double>{} : widen({v.data() + k * NH, NH});
  };

  std::vector<float> y(p.dy.size());
  nn::RecurrentState final;
  Rng dropout_rng(2024);
  p.rnn->forward_training(c.T, c.N, p.x.data(), &p.init, y.data(), &final, dropout_rng);
  std::vector<float> dx(p.x.size());
  nn::RecurrentState dinit;
  p.rnn->backward(p.dy.data(), &p.dfinal, dx.data(), &dinit);

  // Forward, one reference layer at a time.
  std::vector<std::vector<double>> inputs{widen(p.x)};  // [L] each layer's (masked) input
  std::vector<double> h_final, c_final;
  for (int k = 0; k < c.L; ++k) {
    const RefShape one{c.cell, c.T, c.N, k == 0 ? c.I : c.H, c.H, 1};
    const RefForward f = reference_forward(one, {p.layer_weights(k)}, inputs[k], slice(p.init.h, k),
                                           slice(p.init.c, k));
    h_final.insert(h_final.end(), f.h_final.begin(), f.h_final.end());
    c_final.insert(c_final.end(), f.c_final.begin(), f.c_final.end());
    if (k + 1 == c.L) {
      EXPECT_TRUE(matches(y, f.y)) << "y";
      EXPECT_TRUE(p.rnn->dropout_mask(k).empty()) << "the top layer has no mask";
      break;
    }
    const auto mask = p.rnn->dropout_mask(k);
    ASSERT_EQ(mask.size(), f.y.size());
    std::vector<double> next(f.y.size());
    for (size_t i = 0; i < next.size(); ++i) next[i] = f.y[i] * mask[i];
    inputs.push_back(next);
  }
  EXPECT_TRUE(matches(final.h, h_final)) << "final h";
  EXPECT_TRUE(matches(final.c, c_final)) << "final c (empty unless LSTM)";

  // Backward, top layer first.
  std::vector<double> dy = widen(p.dy), dh0, dc0;
  std::vector<RefGradients> per_layer(c.L);
  for (int k = c.L - 1; k >= 0; --k) {
    const RefShape one{c.cell, c.T, c.N, k == 0 ? c.I : c.H, c.H, 1};
    per_layer[k] = reference_backward(one, {p.layer_weights(k)}, inputs[k], slice(p.init.h, k),
                                      slice(p.init.c, k), dy, slice(p.dfinal.h, k), slice(p.dfinal.c, k));
    expect_grads(p, k, per_layer[k].dweights[0]);
    if (k == 0) break;
    const auto mask = p.rnn->dropout_mask(k - 1);
    dy = per_layer[k].dx;
    for (size_t i = 0; i < dy.size(); ++i) dy[i] *= mask[i];
  }
  for (int k = 0; k < c.L; ++k) {
    dh0.insert(dh0.end(), per_layer[k].dh0.begin(), per_layer[k].dh0.end());
    dc0.insert(dc0.end(), per_layer[k].dc0.begin(), per_layer[k].dc0.end());
  }
  EXPECT_TRUE(matches(dx, per_layer[0].dx)) << "dx";
  EXPECT_TRUE(matches(dinit.h, dh0)) << "dh0";
  EXPECT_TRUE(matches(dinit.c, dc0)) << "dc0 (empty unless LSTM)";
}

INSTANTIATE_TEST_SUITE_P(Cells, RecurrentDropoutVsReference,
                         ::testing::Values(CellKind::lstm, CellKind::gru, CellKind::rnn),
                         [](const auto& info) { return nn::cell_name(info.param); });

}  // namespace
}  // namespace lstmkit::testing
