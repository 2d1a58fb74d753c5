// The bidirectional stack (oneDNN bidirectional_concat) against the naive double reference composed by
// hand: per layer, the left-to-right direction on the input and the right-to-left one on the
// time-reversed input, outputs concatenated [T, N, 2H] and fed to the next layer; backward the same way
// down. Outputs, final states [2L, N, H], dx, dh0, dc0 and all eight tensors of every layer, for each
// cell, one to three layers and batch 1; with dropout, the reference applies the masks the stack reports
// ([T, N, 2H] per layer) between its layers, forward and backward. Also PyTorch's tensor names and shapes.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/nn/recurrent_steps.h"
#include "support/compare.h"
#include "support/reference_rnn.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;

struct BiCase {
  CellKind cell;
  int T, N, I, H, L;
  float dropout = 0.0f;
};

constexpr Tolerance kTol{.rel = 1e-5, .abs = 1e-5};

std::vector<double> widen(std::span<const float> v) { return {v.begin(), v.end()}; }

// [T, N, W] with the time axis reversed (its own inverse).
std::vector<double> reversed(const std::vector<double>& v, int T, size_t NW) {
  std::vector<double> r(v.size());
  for (int t = 0; t < T; ++t) std::copy_n(v.begin() + t * NW, NW, r.begin() + (T - 1 - t) * NW);
  return r;
}

// Block i of NH values of an [L·D, N, H] state (empty stays empty: zeros).
std::vector<double> block(const std::vector<double>& v, int i, size_t NH) {
  return v.empty() ? v : std::vector<double>(v.begin() + i * NH, v.begin() + (i + 1) * NH);
}

void append(std::vector<double>& to, const std::vector<double>& v) { to.insert(to.end(), v.begin(), v.end()); }

class BidirectionalVsReference : public ::testing::TestWithParam<BiCase> {};

TEST_P(BidirectionalVsReference, ForwardBackwardAndStates) {
  const BiCase c = GetParam();
  const bool lstm = c.cell == CellKind::lstm;
  nn::RecurrentConfig config{c.cell, c.I, c.H, c.L, c.dropout};
  config.bidirectional = true;
  nn::Parameters params;
  nn::Recurrent rnn(params, "rnn", config);
  Rng rng(404);
  // Between layers: the mask layer k's output was multiplied by, or nothing without dropout.
  auto masked = [&](std::vector<double> v, int k) {
    const std::span<const float> mask = rnn.dropout_mask(k);
    if (c.dropout > 0.0f) {
      EXPECT_EQ(mask.size(), v.size()) << "mask of layer " << k;
      for (size_t i = 0; i < v.size() && i < mask.size(); ++i) v[i] *= mask[i];
    }
    return v;
  };
  for (float& v : params.values()) v = rng.uniform(-0.6f, 0.6f);
  params.mark_updated();
  const size_t NH = static_cast<size_t>(c.N) * c.H, state = 2 * c.L * NH;
  const auto x = random_floats(static_cast<size_t>(c.T) * c.N * c.I, rng);
  const auto dy = random_floats(static_cast<size_t>(c.T) * c.N * 2 * c.H, rng);
  nn::RecurrentState init{random_floats(state, rng), lstm ? random_floats(state, rng) : std::vector<float>{}};
  nn::RecurrentState dfinal{random_floats(state, rng), lstm ? random_floats(state, rng) : std::vector<float>{}};

  std::vector<float> y(dy.size()), dx(x.size());
  nn::RecurrentState final, dinit;
  params.zero_grads();
  rnn.forward_training(c.T, c.N, x.data(), &init, y.data(), &final, rng);
  rnn.backward(dy.data(), &dfinal, dx.data(), &dinit);

  auto weights = [&](int k, const char* suffix) {
    auto get = [&](const char* name) {
      const auto id = params.find("rnn." + std::string(name) + std::to_string(k) + suffix);
      return widen({params.value(id), params.view(id).size});
    };
    return RefLayerWeights{get("weight_ih_l"), get("weight_hh_l"), get("bias_ih_l"), get("bias_hh_l")};
  };
  const std::vector<double> h0 = widen(init.h), c0 = widen(init.c), dhT = widen(dfinal.h), dcT = widen(dfinal.c);
  const char* suffixes[2] = {"", "_reverse"};

  // Forward, layer by layer; inputs[k] is layer k's input [T, N, I_k].
  std::vector<std::vector<double>> inputs{widen(x)};
  std::vector<double> h_final, c_final;
  for (int k = 0; k < c.L; ++k) {
    const int in = k == 0 ? c.I : 2 * c.H;
    const RefShape one{c.cell, c.T, c.N, in, c.H, 1};
    std::vector<double> out[2];
    for (int d = 0; d < 2; ++d) {
      const auto input = d == 0 ? inputs[k] : reversed(inputs[k], c.T, static_cast<size_t>(c.N) * in);
      const RefForward f = reference_forward(one, {weights(k, suffixes[d])}, input, block(h0, 2 * k + d, NH),
                                             block(c0, 2 * k + d, NH));
      out[d] = d == 0 ? f.y : reversed(f.y, c.T, NH);
      append(h_final, f.h_final);
      append(c_final, f.c_final);
    }
    std::vector<double> concat;
    for (size_t row = 0; row < static_cast<size_t>(c.T) * c.N; ++row)
      for (int d = 0; d < 2; ++d)
        concat.insert(concat.end(), out[d].begin() + row * c.H, out[d].begin() + (row + 1) * c.H);
    inputs.push_back(k + 1 < c.L ? masked(concat, k) : concat);
  }
  EXPECT_TRUE(all_close(y, inputs.back(), kTol)) << "y";
  EXPECT_TRUE(all_close(final.h, h_final, kTol)) << "final h";
  EXPECT_TRUE(all_close(final.c, c_final, kTol)) << "final c";

  // Backward, top layer down.
  std::vector<double> dout = widen(dy), dh0(state), dc0(lstm ? state : 0);
  for (int k = c.L - 1; k >= 0; --k) {
    const int in = k == 0 ? c.I : 2 * c.H;
    const size_t NI = static_cast<size_t>(c.N) * in;
    const RefShape one{c.cell, c.T, c.N, in, c.H, 1};
    std::vector<double> din(inputs[k].size(), 0.0);
    for (int d = 0; d < 2; ++d) {
      std::vector<double> dy_d;
      for (size_t row = 0; row < static_cast<size_t>(c.T) * c.N; ++row)
        dy_d.insert(dy_d.end(), dout.begin() + (row * 2 + d) * c.H, dout.begin() + (row * 2 + d + 1) * c.H);
      const auto input = d == 0 ? inputs[k] : reversed(inputs[k], c.T, NI);
      const RefGradients g = reference_backward(
          one, {weights(k, suffixes[d])}, input, block(h0, 2 * k + d, NH), block(c0, 2 * k + d, NH),
          d == 0 ? dy_d : reversed(dy_d, c.T, NH), block(dhT, 2 * k + d, NH), block(dcT, 2 * k + d, NH));
      const auto dx_d = d == 0 ? g.dx : reversed(g.dx, c.T, NI);
      for (size_t i = 0; i < din.size(); ++i) din[i] += dx_d[i];
      std::copy(g.dh0.begin(), g.dh0.end(), dh0.begin() + (2 * k + d) * NH);
      // Only an LSTM has a cell state: an offset into the empty dc0 of the others is undefined.
      if (lstm) std::copy(g.dc0.begin(), g.dc0.end(), dc0.begin() + (2 * k + d) * NH);
      const RefLayerWeights& want = g.dweights[0];
      const std::string layer = std::to_string(k) + suffixes[d];
      auto grad = [&](const char* name) {
        const auto id = params.find("rnn." + std::string(name) + layer);
        return std::span<const float>(params.grad(id), params.view(id).size);
      };
      EXPECT_TRUE(all_close(grad("weight_ih_l"), want.w_ih, kTol)) << "d weight_ih_l" << layer;
      EXPECT_TRUE(all_close(grad("weight_hh_l"), want.w_hh, kTol)) << "d weight_hh_l" << layer;
      EXPECT_TRUE(all_close(grad("bias_ih_l"), want.b_ih, kTol)) << "d bias_ih_l" << layer;
      EXPECT_TRUE(all_close(grad("bias_hh_l"), want.b_hh, kTol)) << "d bias_hh_l" << layer;
    }
    dout = k > 0 ? masked(din, k - 1) : din;
  }
  EXPECT_TRUE(all_close(dx, dout, kTol)) << "dx";
  EXPECT_TRUE(all_close(dinit.h, dh0, kTol)) << "dh0";
  EXPECT_TRUE(all_close(dinit.c, dc0, kTol)) << "dc0";

  if (c.dropout > 0.0f) return;  // inference has no dropout
  // Inference gives the training forward's numbers.
  std::vector<float> y_inf(y.size());
  nn::RecurrentState final_inf;
  rnn.forward_inference(c.T, c.N, x.data(), &init, y_inf.data(), &final_inf);
  EXPECT_TRUE(all_close(y_inf, y, kTol)) << "inference y";
  EXPECT_TRUE(all_close(final_inf.h, final.h, kTol)) << "inference final h";
}

std::vector<BiCase> bi_cases() {
  return {{CellKind::lstm, 5, 3, 4, 6, 2}, {CellKind::lstm, 1, 1, 3, 2, 1}, {CellKind::gru, 4, 2, 5, 3, 3},
          {CellKind::rnn, 3, 2, 2, 4, 2}, {CellKind::lstm, 4, 2, 3, 5, 3, 0.4f}};
}

INSTANTIATE_TEST_SUITE_P(Shapes, BidirectionalVsReference, ::testing::ValuesIn(bi_cases()), [](const auto& info) {
  const BiCase& c = info.param;
  return nn::cell_name(c.cell) + "_T" + std::to_string(c.T) + "_N" + std::to_string(c.N) + "_L" +
         std::to_string(c.L) + (c.dropout > 0.0f ? "_dropout" : "");
});

TEST(Bidirectional, PyTorchTensorNamesAndShapes) {
  nn::RecurrentConfig config{CellKind::lstm, 3, 5, 2};
  config.bidirectional = true;
  const auto shapes = nn::Recurrent::parameter_shapes("encoder.rnn", config);
  ASSERT_EQ(shapes.size(), 16u);
  EXPECT_EQ(shapes[0].name, "encoder.rnn.weight_ih_l0");
  EXPECT_EQ(shapes[4].name, "encoder.rnn.weight_ih_l0_reverse");
  EXPECT_EQ(shapes[7].name, "encoder.rnn.bias_hh_l0_reverse");
  EXPECT_EQ(shapes[12].name, "encoder.rnn.weight_ih_l1_reverse");
  EXPECT_EQ(shapes[12].shape, (std::vector<int64_t>{20, 10})) << "layer 1 reads both directions: 2H";
  EXPECT_EQ(shapes[13].shape, (std::vector<int64_t>{20, 5}));
}

TEST(Bidirectional, WrongStateSizeAndSteppingAreErrors) {
  nn::RecurrentConfig config{CellKind::gru, 3, 4, 1};
  config.bidirectional = true;
  nn::Parameters params;
  nn::Recurrent rnn(params, "rnn", config);
  EXPECT_THROW(nn::RecurrentSteps steps(rnn), Error);
  std::vector<float> x(2 * 3), y(2 * 8);
  nn::RecurrentState one_direction{std::vector<float>(4), {}};  // [L, N, H] instead of [2L, N, H]
  EXPECT_THROW(rnn.forward_inference(2, 1, x.data(), &one_direction, y.data(), nullptr), Error);
}

}  // namespace
}  // namespace lstmkit::testing
