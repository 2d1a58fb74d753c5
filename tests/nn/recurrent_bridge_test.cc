// RecurrentBridge against naive double loops over layers, entries and widths, with the gradients on the
// encoder's final state and on every tensor from central finite differences of those loops; LSTM (h and
// c parts) and GRU (h only), two layers, H_enc ≠ H_dec. Also its tensor names and size checks.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent_bridge.h"
#include "support/compare.h"
#include "support/finite_differences.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;

constexpr Tolerance kTol{.rel = 1e-5, .abs = 1e-5};

std::vector<double> widen(std::span<const float> v) { return {v.begin(), v.end()}; }

class BridgeVsReference : public ::testing::TestWithParam<CellKind> {};

TEST_P(BridgeVsReference, ForwardAndEveryGradient) {
  const nn::BridgeConfig config{GetParam(), 2, 3, 4};
  const bool lstm = config.cell == CellKind::lstm;
  const int L = config.layers, He = config.encoder_hidden, Hd = config.decoder_hidden, N = 3;
  nn::Parameters params;
  nn::RecurrentBridge bridge(params, "bridge", config);
  Rng rng(8);
  bridge.initialize(nn::InitScheme::torch, rng);
  const size_t in = static_cast<size_t>(2 * L) * N * He, out = static_cast<size_t>(L) * N * Hd;
  nn::RecurrentState enc{random_floats(in, rng), lstm ? random_floats(in, rng) : std::vector<float>{}};
  nn::RecurrentState ddec{random_floats(out, rng), lstm ? random_floats(out, rng) : std::vector<float>{}};

  nn::RecurrentState dec, denc;
  params.zero_grads();
  bridge.forward(N, enc, dec);
  bridge.backward(ddec, denc);

  std::vector<double> w = widen(params.values()), eh = widen(enc.h), ec = widen(enc.c);
  auto tensor = [&](const std::string& name) { return w.data() + params.view(params.find(name)).offset; };
  // part "h" or "c" of the decoder state, from the encoder state `e`.
  auto reference = [&](const char* part, const std::vector<double>& e) {
    const double* W = tensor(std::string("bridge.") + part + ".weight");  // [Hd, 2He]
    const double* b = tensor(std::string("bridge.") + part + ".bias");
    std::vector<double> y;
    for (int l = 0; l < L; ++l)
      for (int n = 0; n < N; ++n)
        for (int i = 0; i < Hd; ++i) {
          double z = b[i];
          for (int d = 0; d < 2; ++d)
            for (int j = 0; j < He; ++j)
              z += W[i * 2 * He + d * He + j] * e[((2 * l + d) * N + n) * He + j];
          y.push_back(*part == 'h' ? std::tanh(z) : z);
        }
    return y;
  };
  EXPECT_TRUE(all_close(dec.h, reference("h", eh), kTol)) << "h";
  if (lstm) {
    EXPECT_TRUE(all_close(dec.c, reference("c", ec), kTol)) << "c";
  } else {
    EXPECT_TRUE(dec.c.empty());
  }

  auto loss = [&] {
    double s = 0.0;
    const auto h = reference("h", eh);
    for (size_t i = 0; i < h.size(); ++i) s += ddec.h[i] * h[i];
    if (lstm) {
      const auto c = reference("c", ec);
      for (size_t i = 0; i < c.size(); ++i) s += ddec.c[i] * c[i];
    }
    return s;
  };
  auto numeric = [&](std::vector<double>& x) { return numeric_gradient(x, 1e-6, loss); };
  EXPECT_TRUE(all_close(denc.h, numeric(eh), kTol)) << "d encoder h";
  if (lstm) {
    EXPECT_TRUE(all_close(denc.c, numeric(ec), kTol)) << "d encoder c";
  }
  EXPECT_TRUE(all_close(params.grads(), numeric(w), kTol)) << "parameter gradients";
}

INSTANTIATE_TEST_SUITE_P(Cells, BridgeVsReference, ::testing::Values(CellKind::lstm, CellKind::gru),
                         [](const auto& info) { return nn::cell_name(info.param); });

TEST(Bridge, NamesAndSizeChecks) {
  std::vector<std::string> names;
  for (const auto& s : nn::RecurrentBridge::parameter_shapes("bridge", {CellKind::lstm, 2, 3, 4})) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"bridge.h.weight", "bridge.h.bias", "bridge.c.weight", "bridge.c.bias"}));
  EXPECT_EQ(nn::RecurrentBridge::parameter_shapes("bridge", {CellKind::gru, 1, 3, 4}).size(), 2u);
  EXPECT_THROW(nn::RecurrentBridge::parameter_shapes("bridge", {CellKind::gru, 0, 3, 4}), Error);
  nn::Parameters params;
  nn::RecurrentBridge bridge(params, "bridge", {CellKind::gru, 1, 3, 4});
  nn::RecurrentState enc{std::vector<float>(3 * 2), {}}, dec;  // [L, N, H] instead of [2L, N, H]
  EXPECT_THROW(bridge.forward(2, enc, dec), Error);
  EXPECT_THROW(bridge.backward(dec, enc), Error) << "backward before forward";
}

}  // namespace
}  // namespace lstmkit::testing
