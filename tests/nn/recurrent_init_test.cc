// Recurrent::initialize: Keras' scheme (glorot_uniform input kernels, orthogonal recurrent kernels, zero
// biases with LSTM's forget bias 1) and PyTorch's (every tensor uniform(±1/√H)), and the tensors the
// layer registers (names and shapes of PyTorch's state_dict).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/nn/recurrent.h"

namespace lstmkit::nn {
namespace {

constexpr int I = 7, H = 5, L = 3;

std::span<const float> tensor(const Parameters& p, const std::string& name) {
  const ParamId id = p.find(name);
  return {p.value(id), p.view(id).size};
}

std::string layer_name(const char* name, int k) { return "enc." + std::string(name) + std::to_string(k); }

float max_abs(std::span<const float> v) {
  float m = 0.0f;
  for (float x : v) m = std::max(m, std::fabs(x));
  return m;
}

class RecurrentInit : public ::testing::TestWithParam<CellKind> {
 protected:
  int G() const { return gate_count(GetParam()); }
};

TEST_P(RecurrentInit, RegistersPyTorchTensors) {
  Parameters p;
  Recurrent rnn(p, "enc", {GetParam(), I, H, L, 0.0f});
  const int64_t GH = G() * H;
  for (int k = 0; k < L; ++k) {
    EXPECT_EQ(p.view(p.find(layer_name("weight_ih_l", k))).shape, (std::vector<int64_t>{GH, k == 0 ? I : H}));
    EXPECT_EQ(p.view(p.find(layer_name("weight_hh_l", k))).shape, (std::vector<int64_t>{GH, H}));
    EXPECT_EQ(p.view(p.find(layer_name("bias_ih_l", k))).shape, (std::vector<int64_t>{GH}));
    EXPECT_EQ(p.view(p.find(layer_name("bias_hh_l", k))).shape, (std::vector<int64_t>{GH}));
  }
  // PyTorch's count: G·H·(I + H + 2) for layer 0, G·H·(2H + 2) above.
  EXPECT_EQ(p.size(), static_cast<size_t>(GH * (I + H + 2) + (L - 1) * GH * (2 * H + 2)));
}

TEST_P(RecurrentInit, KerasScheme) {
  Parameters p;
  Recurrent rnn(p, "enc", {GetParam(), I, H, L, 0.0f});
  std::fill(p.values().begin(), p.values().end(), 3.0f);  // initialize must overwrite everything
  const uint64_t version = p.version();
  Rng rng(1);
  rnn.initialize(InitScheme::keras, rng);
  EXPECT_GT(p.version(), version) << "initialize must mark the parameters updated";
  for (int k = 0; k < L; ++k) {
    const int in = k == 0 ? I : H;
    // glorot_uniform on Keras' [I_k, G·H] kernel.
    const auto w_ih = tensor(p, layer_name("weight_ih_l", k));
    const float limit = std::sqrt(6.0f / static_cast<float>(in + G() * H));
    EXPECT_LE(max_abs(w_ih), limit) << "layer " << k;
    EXPECT_GT(max_abs(w_ih), 0.7f * limit) << "layer " << k << ": drawn from far too narrow a range";

    // Orthogonal [G·H, H]: its H columns are orthonormal.
    const auto w_hh = tensor(p, layer_name("weight_hh_l", k));
    for (int a = 0; a < H; ++a)
      for (int b = 0; b < H; ++b) {
        double dot = 0.0;
        for (int r = 0; r < G() * H; ++r) dot += static_cast<double>(w_hh[r * H + a]) * w_hh[r * H + b];
        EXPECT_NEAR(dot, a == b ? 1.0 : 0.0, 1e-5) << "layer " << k << " columns " << a << ", " << b;
      }

    // Zero biases, but LSTM's forget block (PyTorch's second) of bias_ih is 1, so b_ih + b_hh is 1.
    const auto b_ih = tensor(p, layer_name("bias_ih_l", k));
    const auto b_hh = tensor(p, layer_name("bias_hh_l", k));
    for (int i = 0; i < G() * H; ++i) {
      const bool forget = GetParam() == CellKind::lstm && i >= H && i < 2 * H;
      EXPECT_EQ(b_ih[i], forget ? 1.0f : 0.0f) << "layer " << k << " bias_ih[" << i << "]";
      EXPECT_EQ(b_hh[i], 0.0f) << "layer " << k << " bias_hh[" << i << "]";
    }
  }
}

TEST_P(RecurrentInit, TorchScheme) {
  Parameters p;
  Recurrent rnn(p, "enc", {GetParam(), I, H, L, 0.0f});
  Rng rng(2);
  rnn.initialize(InitScheme::torch, rng);
  const float limit = 1.0f / std::sqrt(static_cast<float>(H));
  for (const ParamView& v : p.views()) {
    const std::span<const float> t{p.value(p.find(v.name)), v.size};
    EXPECT_LE(max_abs(t), limit) << v.name;
    EXPECT_GT(max_abs(t), 0.5f * limit) << v.name << ": drawn from far too narrow a range";
  }
}

TEST_P(RecurrentInit, SameSeedSameParameters) {
  for (InitScheme scheme : {InitScheme::keras, InitScheme::torch}) {
    Parameters a, b, c;
    Recurrent ra(a, "enc", {GetParam(), I, H, L, 0.0f}), rb(b, "enc", {GetParam(), I, H, L, 0.0f}),
        rc(c, "enc", {GetParam(), I, H, L, 0.0f});
    Rng sa(11), sb(11), sc(12);
    ra.initialize(scheme, sa);
    rb.initialize(scheme, sb);
    rc.initialize(scheme, sc);
    const std::vector<float> va(a.values().begin(), a.values().end());
    EXPECT_EQ(va, std::vector<float>(b.values().begin(), b.values().end())) << init_name(scheme);
    EXPECT_NE(va, std::vector<float>(c.values().begin(), c.values().end())) << init_name(scheme);
  }
}

INSTANTIATE_TEST_SUITE_P(Cells, RecurrentInit,
                         ::testing::Values(CellKind::lstm, CellKind::gru, CellKind::rnn),
                         [](const auto& info) { return cell_name(info.param); });

}  // namespace
}  // namespace lstmkit::nn
