// The bf16 recurrent stack against the f32 one (itself checked against the double reference in
// recurrent_reference_test.cc) on the same parameters and inputs: forward training and inference
// outputs, final states, dx, dinit and every parameter gradient, for each cell, L ≥ 2. Skipped, with
// the reason, where oneDNN's ISA has no native bf16 (2.6.3's bf16 RNN crashes there).
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/nn/recurrent.h"
#include "support/compare.h"

namespace lstmkit::testing {
namespace {

using nn::CellKind;
using nn::Precision;

#define SKIP_WITHOUT_NATIVE_BF16()                                                           \
  if (!nn::has_native_bf16())                                                                \
  GTEST_SKIP() << "oneDNN runs on " << nn::cpu_isa_name()                                    \
               << " here, without native bf16 (AVX512-BF16 or AMX): its bf16 RNN would crash"

// bf16 keeps 8 significant bits: every input, weight and h entering a GEMM is rounded by up to 2^-9
// (0.2%) relative, in each of T steps and L layers, with f32 accumulation. The errors are random and
// partly cancel: measured here (AVX512-BF16), outputs and states are within 0.3% of the array's scale
// (its largest value, at least 1) and gradients within 1%. A real bug (a wrong gate, bias, layout or
// data type) is off by O(scale). So: 1% per element, plus 2% of the scale for entries near zero by
// cancellation (whose own relative error is unbounded).
Tolerance bf16_tol(std::span<const float> want) {
  double scale = 1.0;
  for (float v : want) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  return {.rel = 1e-2, .abs = 2e-2 * scale};
}

::testing::AssertionResult close(std::span<const float> got, std::span<const float> want) {
  return all_close(got, want, bf16_tol(want));
}

struct Case {
  CellKind cell;
  int T, N, I, H, L;
};

std::string describe(const Case& c) {
  return nn::cell_name(c.cell) + "_T" + std::to_string(c.T) + "_N" + std::to_string(c.N) + "_I" +
         std::to_string(c.I) + "_H" + std::to_string(c.H) + "_L" + std::to_string(c.L);
}

struct Outputs {
  std::vector<float> y, y_inf, dx, grads;
  nn::RecurrentState final, final_inf, dinit;
};

// One stack in a given precision, on parameters and inputs drawn from `seed` (so two precisions see
// the same numbers). Parameters uniform in ±1/√H, PyTorch's initialisation: a tanh RNN with much larger
// recurrent weights is chaotic and amplifies any rounding (f32's too) without bound over T.
struct Stack {
  nn::Parameters params;
  std::unique_ptr<nn::Recurrent> rnn;
  std::vector<float> x, dy;         // [T, N, I], [T, N, H]
  nn::RecurrentState init, dfinal;  // [L, N, H]
  Case c;

  Stack(Case cs, Precision precision, float dropout, uint64_t seed) : c(cs) {
    rnn = std::make_unique<nn::Recurrent>(params, "rnn",
                                          nn::RecurrentConfig{c.cell, c.I, c.H, c.L, dropout, precision});
    Rng rng(seed);
    const float limit = 1.0f / std::sqrt(static_cast<float>(c.H));
    for (float& v : params.values()) v = rng.uniform(-limit, limit);
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
  }

  Outputs run(uint64_t dropout_seed = 5) {
    Outputs r;
    r.y.resize(dy.size());
    r.y_inf.resize(dy.size());
    r.dx.resize(x.size());
    Rng dropout_rng(dropout_seed);
    rnn->forward_training(c.T, c.N, x.data(), &init, r.y.data(), &r.final, dropout_rng);
    rnn->backward(dy.data(), &dfinal, r.dx.data(), &r.dinit);
    r.grads.assign(params.grads().begin(), params.grads().end());
    rnn->forward_inference(c.T, c.N, x.data(), &init, r.y_inf.data(), &r.final_inf);
    return r;
  }
};

void expect_close(const Outputs& got, const Outputs& want, bool lstm) {
  EXPECT_TRUE(close(got.y, want.y)) << "training y";
  EXPECT_TRUE(close(got.final.h, want.final.h)) << "training final h";
  EXPECT_TRUE(close(got.dx, want.dx)) << "dx";
  EXPECT_TRUE(close(got.dinit.h, want.dinit.h)) << "dh0";
  EXPECT_TRUE(close(got.grads, want.grads)) << "parameter gradients (all tensors, flat)";
  if (lstm) {
    EXPECT_TRUE(close(got.final.c, want.final.c)) << "training final c";
    EXPECT_TRUE(close(got.dinit.c, want.dinit.c)) << "dc0";
    EXPECT_TRUE(close(got.final_inf.c, want.final_inf.c)) << "inference final c";
  }
}

class RecurrentBf16VsF32 : public ::testing::TestWithParam<Case> {};

TEST_P(RecurrentBf16VsF32, ForwardBackwardAndInferenceAgree) {
  SKIP_WITHOUT_NATIVE_BF16();
  const Case c = GetParam();
  const Outputs want = Stack(c, Precision::f32, 0.0f, 31).run();
  const Outputs got = Stack(c, Precision::bf16, 0.0f, 31).run();
  expect_close(got, want, c.cell == CellKind::lstm);
  EXPECT_TRUE(close(got.y_inf, want.y_inf)) << "inference y";
  EXPECT_TRUE(close(got.final_inf.h, want.final_inf.h)) << "inference final h";
  // The bf16 path really ran in bf16: rounding shows somewhere in the outputs.
  EXPECT_NE(got.y, want.y) << "bf16 outputs are bit-identical to f32: was bf16 used at all?";
}

std::vector<Case> cases() {
  std::vector<Case> all;
  for (CellKind cell : {CellKind::lstm, CellKind::gru, CellKind::rnn}) {
    all.push_back({cell, 12, 5, 13, 24, 2});  // I ≠ H ≠ N ≠ T, odd input width (one-hot-like)
    all.push_back({cell, 9, 3, 32, 32, 3});   // AMX-friendly widths, three layers
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Shapes, RecurrentBf16VsF32, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return describe(info.param); });

// With the same dropout draws, bf16 masks the same units as f32 (masks are f32, drawn in the same order).
TEST(RecurrentBf16, DropoutMatchesF32) {
  SKIP_WITHOUT_NATIVE_BF16();
  const Case c{CellKind::lstm, 8, 4, 10, 16, 3};
  Stack f32(c, Precision::f32, 0.3f, 7), bf16(c, Precision::bf16, 0.3f, 7);
  const Outputs want = f32.run(), got = bf16.run();
  expect_close(got, want, true);
  for (int k = 0; k + 1 < c.L; ++k) {
    const auto a = f32.rnn->dropout_mask(k), b = bf16.rnn->dropout_mask(k);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << "mask of layer " << k;
  }
}

// Weights are converted to bf16 once per parameter version, not per call; primitives once per shape.
TEST(RecurrentBf16, ConvertsWeightsOncePerVersion) {
  SKIP_WITHOUT_NATIVE_BF16();
  Stack s({CellKind::gru, 6, 3, 7, 16, 2}, Precision::bf16, 0.0f, 3);
  s.run();
  const nn::RecurrentStats first = s.rnn->stats();
  s.run();
  EXPECT_EQ(s.rnn->stats().weight_reorders, first.weight_reorders) << "same version, no weight work";
  EXPECT_EQ(s.rnn->stats().plans, first.plans);
  s.params.mark_updated();
  s.run();
  EXPECT_EQ(s.rnn->stats().weight_reorders, 2 * first.weight_reorders) << "one reorder per copy per version";
}

}  // namespace
}  // namespace lstmkit::testing
