// The first layer's input padded to a block (RecurrentConfig::input_block; bf16's default is 32, AMX's
// block) against the same stack unpadded, on the same parameters and inputs: outputs, final states, dx,
// dinit and every parameter gradient agree to f32 rounding (the zero columns only change the order of
// the sums), in training, inference and one step at a time, for every cell and both directions. The
// parameters (the checkpoint's tensors) keep their true shapes. Padding is ISA-neutral, so this runs on
// every CPU in f32; the bf16 case runs where the CPU has native bf16.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/nn/recurrent_steps.h"
#include "support/compare.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;
using nn::Precision;

struct Case {
  CellKind cell;
  bool bidirectional;
  int I;
};

struct Outputs {
  std::vector<float> y, y_inf, y_steps, dx, dx_steps, grads, grads_steps;
  nn::RecurrentState final, final_inf, dinit;
};

constexpr int T = 5, N = 3, H = 8, L = 2;

Outputs run(const Case& c, Precision precision, int block) {
  nn::RecurrentConfig config{c.cell, c.I, H, L, 0.0f, precision, c.bidirectional};
  config.input_block = block;
  nn::Parameters params;
  nn::Recurrent rnn(params, "rnn", config);
  Rng rng(19);
  const float limit = 1.0f / std::sqrt(static_cast<float>(H));
  for (float& v : params.values()) v = rng.uniform(-limit, limit);
  params.mark_updated();
  const int D = c.bidirectional ? 2 : 1;
  const size_t state = static_cast<size_t>(L) * D * N * H, out = static_cast<size_t>(T) * N * D * H;
  const auto x = random_floats(static_cast<size_t>(T) * N * c.I, rng);
  const auto dy = random_floats(out, rng);
  nn::RecurrentState init;
  init.h = random_floats(state, rng, -0.8f, 0.8f);
  if (c.cell == CellKind::lstm) init.c = random_floats(state, rng, -1.5f, 1.5f);

  const int padded = block > 0 ? (c.I + block - 1) / block * block : (c.I + 31) / 32 * 32;
  EXPECT_EQ(rnn.stats().input_width, padded) << "the primitives' input width";
  Outputs r;
  r.y.resize(out);
  r.y_inf.resize(out);
  r.dx.resize(x.size());
  Rng dropout_rng(1);
  rnn.forward_training(T, N, x.data(), &init, r.y.data(), &r.final, dropout_rng);
  rnn.backward(dy.data(), nullptr, r.dx.data(), &r.dinit);
  r.grads.assign(params.grads().begin(), params.grads().end());
  rnn.forward_inference(T, N, x.data(), &init, r.y_inf.data(), &r.final_inf);
  if (c.bidirectional) return r;

  // The same sequence one step at a time (a decoder's path), gradients from zero again.
  std::fill(params.grads().begin(), params.grads().end(), 0.0f);
  nn::RecurrentSteps steps(rnn);
  steps.begin(N, &init);
  const size_t NI = static_cast<size_t>(N) * c.I, NH = static_cast<size_t>(N) * H;
  r.y_steps.resize(out);
  r.dx_steps.resize(x.size());
  for (int t = 0; t < T; ++t) steps.forward(x.data() + t * NI, r.y_steps.data() + t * NH, dropout_rng);
  steps.begin_backward(nullptr);
  for (int t = T - 1; t >= 0; --t) steps.backward(dy.data() + t * NH, r.dx_steps.data() + t * NI);
  r.grads_steps.assign(params.grads().begin(), params.grads().end());
  return r;
}

// f32: the padded GEMMs add exact zeros, but their blocking may sum the true terms in another order.
::testing::AssertionResult same(const std::vector<float>& got, const std::vector<float>& want, double tol) {
  return all_close(got, want, {.rel = tol, .abs = tol});
}

void expect_same(const Outputs& padded, const Outputs& plain, bool lstm, double tol) {
  EXPECT_TRUE(same(padded.y, plain.y, tol)) << "training y";
  EXPECT_TRUE(same(padded.final.h, plain.final.h, tol)) << "final h";
  EXPECT_TRUE(same(padded.dx, plain.dx, tol)) << "dx";
  EXPECT_TRUE(same(padded.dinit.h, plain.dinit.h, tol)) << "dh0";
  EXPECT_TRUE(same(padded.grads, plain.grads, tol)) << "parameter gradients (every tensor, flat)";
  EXPECT_TRUE(same(padded.y_inf, plain.y_inf, tol)) << "inference y";
  EXPECT_TRUE(same(padded.y_steps, plain.y_steps, tol)) << "stepped y";
  EXPECT_TRUE(same(padded.dx_steps, plain.dx_steps, tol)) << "stepped dx";
  EXPECT_TRUE(same(padded.grads_steps, plain.grads_steps, tol)) << "stepped parameter gradients";
  if (lstm) {
    EXPECT_TRUE(same(padded.final.c, plain.final.c, tol)) << "final c";
    EXPECT_TRUE(same(padded.dinit.c, plain.dinit.c, tol)) << "dc0";
    EXPECT_TRUE(same(padded.final_inf.c, plain.final_inf.c, tol)) << "inference final c";
  }
}

class RecurrentPadding : public ::testing::TestWithParam<Case> {};

TEST_P(RecurrentPadding, PaddedInputGivesTheUnpaddedResults) {
  const Case c = GetParam();
  expect_same(run(c, Precision::f32, 32), run(c, Precision::f32, 1), c.cell == CellKind::lstm, 1e-5);
}

TEST_P(RecurrentPadding, Bf16PadsTo32ByDefaultWithTheSameResults) {
  if (!nn::has_native_bf16())
    GTEST_SKIP() << "oneDNN runs on " << nn::cpu_isa_name() << " here, without native bf16 (AVX512-BF16 or AMX)";
  const Case c = GetParam();
  // bf16 rounds the same values either way; what differs is again only the order of f32 accumulation.
  expect_same(run(c, Precision::bf16, 0), run(c, Precision::bf16, 1), c.cell == CellKind::lstm, 1e-3);
}

std::vector<Case> cases() {
  std::vector<Case> all;
  for (CellKind cell : {CellKind::lstm, CellKind::gru, CellKind::rnn}) {
    all.push_back({cell, false, 13});  // odd, one-hot-like: padded to 32
    all.push_back({cell, false, 40});  // padded to 64
  }
  all.push_back({CellKind::lstm, true, 13});
  return all;
}

INSTANTIATE_TEST_SUITE_P(Shapes, RecurrentPadding, ::testing::ValuesIn(cases()), [](const auto& info) {
  return nn::cell_name(info.param.cell) + (info.param.bidirectional ? "_bidirectional" : "") + "_I" +
         std::to_string(info.param.I);
});

TEST(RecurrentPadding, ParametersKeepTheirTrueShapes) {
  nn::RecurrentConfig plain{CellKind::lstm, 13, H, L};
  nn::RecurrentConfig padded = plain;
  padded.input_block = 32;
  const auto a = nn::Recurrent::parameter_shapes("rnn", plain), b = nn::Recurrent::parameter_shapes("rnn", padded);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].shape, b[i].shape) << a[i].name;
  }
  EXPECT_EQ(a[0].shape, (std::vector<int64_t>{4 * H, 13}));
}

TEST(RecurrentPadding, RejectsANegativeOrHugeBlock) {
  for (int block : {-1, 1 << 20}) {
    nn::RecurrentConfig c{CellKind::lstm, 13, H, L};
    c.input_block = block;
    nn::Parameters params;
    EXPECT_THROW(nn::Recurrent(params, "rnn", c), Error) << block;
  }
}

}  // namespace
}  // namespace lstmkit::testing
