// Dense (nn.Linear) on oneDNN's SGEMM against naive double loops, finite differences, and the
// gradient-accumulation contract; plus its initialisers and the last-time-step helpers.
#include "lstmkit/nn/dense.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "support/compare.h"
#include "support/finite_differences.h"

namespace lstmkit::nn {
namespace {

using testing::all_close;
using testing::random_floats;
using testing::Tolerance;

// A layer with random weights and bias, and random non-zero gradients already in the buffers.
struct Fixture {
  Parameters params;
  Dense dense;
  Fixture(int in, int out, uint64_t seed) : dense(params, "head", in, out) {
    Rng rng(seed);
    const auto values = random_floats(params.size(), rng);
    const auto grads = random_floats(params.size(), rng);
    std::copy(values.begin(), values.end(), params.values().begin());
    std::copy(grads.begin(), grads.end(), params.grads().begin());
  }
  std::vector<float> weight() const {
    const float* w = params.value(dense.weight());
    return {w, w + static_cast<size_t>(dense.out()) * dense.in()};
  }
  std::vector<float> bias() const {
    const float* b = params.value(dense.bias());
    return {b, b + dense.out()};
  }
  std::vector<float> weight_grad() const {
    const float* g = params.grad(dense.weight());
    return {g, g + static_cast<size_t>(dense.out()) * dense.in()};
  }
  std::vector<float> bias_grad() const {
    const float* g = params.grad(dense.bias());
    return {g, g + dense.out()};
  }
};

// y [rows, O] = x [rows, H] · Wᵀ + b, in double.
std::vector<double> naive_forward(int rows, int H, int O, const std::vector<float>& x,
                                  const std::vector<float>& w, const std::vector<float>& b) {
  std::vector<double> y(static_cast<size_t>(rows) * O);
  for (int r = 0; r < rows; ++r)
    for (int o = 0; o < O; ++o) {
      double sum = b[o];
      for (int h = 0; h < H; ++h) sum += static_cast<double>(x[r * H + h]) * w[o * H + h];
      y[r * O + o] = sum;
    }
  return y;
}

TEST(Dense, RegistersPyTorchLinearTensors) {
  Parameters params;
  Dense dense(params, "head", 5, 3);
  EXPECT_EQ(params.find("head.weight"), dense.weight());
  EXPECT_EQ(params.find("head.bias"), dense.bias());
  EXPECT_EQ(params.view(dense.weight()).shape, (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(params.view(dense.bias()).shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(params.size(), 18u);
}

TEST(Dense, RejectsEmptyWidths) {
  Parameters params;
  EXPECT_THROW(Dense(params, "head", 0, 3), Error);
  EXPECT_THROW(Dense(params, "head", 4, -1), Error);
}

// Small odd shapes and the language model's own head shape ([640 rows of H = 256] → V = 65).
TEST(Dense, ForwardMatchesNaiveLoops) {
  for (auto [rows, H, O] : {std::array{7, 5, 3}, std::array{640, 256, 65}}) {
    Fixture f(H, O, 1);
    Rng rng(2);
    const auto x = random_floats(static_cast<size_t>(rows) * H, rng);
    std::vector<float> y(static_cast<size_t>(rows) * O, std::numeric_limits<float>::quiet_NaN());
    f.dense.forward(rows, x.data(), y.data());
    EXPECT_TRUE(all_close(y, naive_forward(rows, H, O, x, f.weight(), f.bias()), {.rel = 1e-5, .abs = 1e-5}))
        << rows << " rows, H " << H << ", O " << O;
  }
}

TEST(Dense, BackwardAddsIntoGradientsAndWritesDx) {
  for (auto [rows, H, O] : {std::array{7, 5, 3}, std::array{640, 256, 65}}) {
    Fixture f(H, O, 3);
    Rng rng(4);
    const auto x = random_floats(static_cast<size_t>(rows) * H, rng);
    const auto dy = random_floats(static_cast<size_t>(rows) * O, rng);
    const auto w = f.weight();
    // Expected: the gradients already in the buffers plus dW = dyᵀ x, db = Σ_rows dy; dx = dy W.
    const auto dw0 = f.weight_grad(), db0 = f.bias_grad();
    std::vector<double> dw(dw0.begin(), dw0.end()), db(db0.begin(), db0.end());
    std::vector<double> dx(static_cast<size_t>(rows) * H, 0.0);
    for (int r = 0; r < rows; ++r)
      for (int o = 0; o < O; ++o) {
        const double d = dy[r * O + o];
        db[o] += d;
        for (int h = 0; h < H; ++h) {
          dw[o * H + h] += d * x[r * H + h];
          dx[r * H + h] += d * w[o * H + h];
        }
      }
    // dx starts as NaN: it must be overwritten, never read (SGEMM with beta = 0).
    std::vector<float> got_dx(dx.size(), std::numeric_limits<float>::quiet_NaN());
    f.dense.backward(rows, x.data(), dy.data(), got_dx.data());
    const Tolerance tol{.rel = 1e-4, .abs = 1e-4};
    EXPECT_TRUE(all_close(f.weight_grad(), dw, tol)) << rows << " rows: weight grad";
    EXPECT_TRUE(all_close(f.bias_grad(), db, tol)) << rows << " rows: bias grad";
    EXPECT_TRUE(all_close(got_dx, dx, tol)) << rows << " rows: dx";
  }
}

TEST(Dense, TwoBackwardsAccumulateTwice) {
  Fixture f(6, 4, 5);
  f.params.zero_grads();
  Rng rng(6);
  const auto x = random_floats(9 * 6, rng);
  const auto dy = random_floats(9 * 4, rng);
  f.dense.backward(9, x.data(), dy.data(), nullptr);
  const auto w1 = f.weight_grad(), b1 = f.bias_grad();
  f.dense.backward(9, x.data(), dy.data(), nullptr);
  std::vector<float> w2(w1), b2(b1);
  for (auto& v : w2) v *= 2.0f;
  for (auto& v : b2) v *= 2.0f;
  EXPECT_TRUE(all_close(f.weight_grad(), w2, {.rel = 1e-6, .abs = 1e-7}));
  EXPECT_TRUE(all_close(f.bias_grad(), b2, {.rel = 1e-6, .abs = 1e-7}));
}

// L = <dy, forward(x)> is linear in W, b and x separately, so central differences are exact up to float
// rounding of y (≈1e-7·Σ|y|/eps): eps = 1e-2 keeps that near 1e-5.
TEST(Dense, GradientsMatchFiniteDifferences) {
  const int rows = 4, H = 3, O = 2;
  Fixture f(H, O, 7);
  f.params.zero_grads();
  Rng rng(8);
  auto x = random_floats(rows * H, rng);
  const auto dy = random_floats(rows * O, rng);
  auto loss = [&] {
    std::vector<float> y(rows * O);
    f.dense.forward(rows, x.data(), y.data());
    double sum = 0.0;
    for (size_t i = 0; i < y.size(); ++i) sum += static_cast<double>(dy[i]) * y[i];
    return sum;
  };
  auto numeric = [&](float* v, size_t n) {
    return testing::numeric_gradient(std::span<float>(v, n), 1e-2f, loss, [&] { f.params.mark_updated(); });
  };
  std::vector<float> dx(rows * H);
  f.dense.backward(rows, x.data(), dy.data(), dx.data());
  const Tolerance tol{.rel = 1e-3, .abs = 1e-4};
  EXPECT_TRUE(all_close(f.weight_grad(), numeric(f.params.value(f.dense.weight()), H * O), tol));
  EXPECT_TRUE(all_close(f.bias_grad(), numeric(f.params.value(f.dense.bias()), O), tol));
  EXPECT_TRUE(all_close(dx, numeric(x.data(), x.size()), tol));
}

TEST(Dense, ZeroRowsTouchNothing) {
  Fixture f(3, 2, 9);
  const auto before = std::vector<float>(f.params.grads().begin(), f.params.grads().end());
  f.dense.forward(0, nullptr, nullptr);
  f.dense.backward(0, nullptr, nullptr, nullptr);
  EXPECT_TRUE(all_close(f.params.grads(), before, {.rel = 0, .abs = 0}));
}

TEST(Dense, KerasInitIsGlorotUniformWithZeroBias) {
  Parameters params;
  Dense dense(params, "head", 256, 65);
  const uint64_t version = params.version();
  Rng rng(10);
  dense.initialize(InitScheme::keras, rng);
  EXPECT_GT(params.version(), version);
  const float limit = std::sqrt(6.0f / (256 + 65));
  const float* w = params.value(dense.weight());
  float largest = 0.0f;
  for (int i = 0; i < 256 * 65; ++i) {
    ASSERT_LE(std::fabs(w[i]), limit) << "weight " << i;
    largest = std::max(largest, std::fabs(w[i]));
  }
  EXPECT_GT(largest, 0.95f * limit);  // 16,640 draws fill the interval
  const float* b = params.value(dense.bias());
  for (int o = 0; o < 65; ++o) EXPECT_EQ(b[o], 0.0f) << "bias " << o;
}

TEST(Dense, TorchInitIsUniformOverFanIn) {
  Parameters params;
  Dense dense(params, "head", 100, 400);
  Rng rng(11);
  dense.initialize(InitScheme::torch, rng);
  const float limit = 1.0f / std::sqrt(100.0f);  // nn.Linear: ±1/√in for weight and bias alike
  for (ParamId id : {dense.weight(), dense.bias()}) {
    const float* v = params.value(id);
    float largest = 0.0f;
    for (size_t i = 0; i < params.view(id).size; ++i) {
      ASSERT_LE(std::fabs(v[i]), limit) << params.view(id).name << " " << i;
      largest = std::max(largest, std::fabs(v[i]));
    }
    EXPECT_GT(largest, 0.95f * limit) << params.view(id).name;
  }
}

TEST(Dense, LastStepReadsAndScattersTheFinalTimeStep) {
  const int T = 3, N = 2, H = 4;
  std::vector<float> seq(T * N * H);
  for (size_t i = 0; i < seq.size(); ++i) seq[i] = static_cast<float>(i);
  const float* last = last_step(T, N, H, seq.data());
  EXPECT_EQ(last[0], 16.0f);  // t = 2, n = 0, h = 0 in [T, N, H]
  EXPECT_EQ(last[N * H - 1], 23.0f);

  const std::vector<float> dlast{1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<float> dseq(T * N * H, std::numeric_limits<float>::quiet_NaN());
  scatter_last_step(T, N, H, dlast.data(), dseq.data());
  std::vector<float> expected(T * N * H, 0.0f);
  std::copy(dlast.begin(), dlast.end(), expected.begin() + (T - 1) * N * H);
  EXPECT_TRUE(all_close(dseq, expected, {.rel = 0, .abs = 0}));
}

}  // namespace
}  // namespace lstmkit::nn
