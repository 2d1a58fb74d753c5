// The bf16 head (Dense on a oneDNN bf16 matmul) against the f32 one (itself checked against naive loops
// and finite differences in dense_test.cc) on the same parameters: outputs, dx and the weight and bias
// gradients, within bf16's rounding; weights re-read after an update; no primitive or buffer built by
// repeated calls of one shape. Skipped, with the reason, where oneDNN's ISA has no native bf16.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/nn/build_counts.h"
#include "lstmkit/nn/dense.h"
#include "support/compare.h"

namespace lstmkit::nn {
namespace {

using testing::all_close;
using testing::random_floats;

#define SKIP_WITHOUT_NATIVE_BF16()                                                                    \
  if (!has_native_bf16())                                                                             \
  GTEST_SKIP() << "oneDNN runs on " << cpu_isa_name() << " here, without native bf16 (AVX512-BF16 or AMX)"

// x, W and dy are rounded to 8 significant bits (2^-9 relative) before f32 accumulation over H (or rows)
// products: the sums' errors are random and partly cancel, well under 1% of the array's scale. A wrong
// layout or transposition is off by O(scale).
::testing::AssertionResult close(const std::vector<float>& got, const std::vector<float>& want) {
  double scale = 1.0;
  for (float v : want) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  return all_close(got, want, {.rel = 1e-2, .abs = 1e-2 * scale});
}

struct Products {
  std::vector<float> y, dx, grads;
};

// One Dense [rows, in] → [rows, out] in `precision` on parameters, x and dy drawn from `seed`.
Products run(Precision precision, int rows, int in, int out, uint64_t seed) {
  Parameters params;
  Dense dense(params, "head", in, out, precision);
  Rng rng(seed);
  const auto values = random_floats(params.size(), rng);
  std::copy(values.begin(), values.end(), params.values().begin());
  params.mark_updated();
  const auto x = random_floats(static_cast<size_t>(rows) * in, rng);
  const auto dy = random_floats(static_cast<size_t>(rows) * out, rng);
  Products r;
  r.y.resize(static_cast<size_t>(rows) * out);
  r.dx.resize(static_cast<size_t>(rows) * in);
  dense.forward(rows, x.data(), r.y.data());
  dense.backward(rows, x.data(), dy.data(), r.dx.data());
  r.grads.assign(params.grads().begin(), params.grads().end());
  return r;
}

TEST(DenseBf16, MatchesF32WithinBf16Rounding) {
  SKIP_WITHOUT_NATIVE_BF16();
  for (const auto [rows, in, out] : {std::array{1, 16, 7}, std::array{37, 33, 65}, std::array{64, 128, 300}}) {
    SCOPED_TRACE("rows " + std::to_string(rows) + " in " + std::to_string(in) + " out " + std::to_string(out));
    const Products f32 = run(Precision::f32, rows, in, out, 11), bf16 = run(Precision::bf16, rows, in, out, 11);
    EXPECT_TRUE(close(bf16.y, f32.y));
    EXPECT_TRUE(close(bf16.dx, f32.dx));
    EXPECT_TRUE(close(bf16.grads, f32.grads));
  }
}

TEST(DenseBf16, ReadsTheWeightsAgainAfterAnUpdate) {
  SKIP_WITHOUT_NATIVE_BF16();
  Parameters params;
  Dense dense(params, "head", 8, 4, Precision::bf16);
  std::vector<float> x(8, 1.0f), y(4);
  std::fill(params.values().begin(), params.values().end(), 0.5f);
  params.mark_updated();
  dense.forward(1, x.data(), y.data());
  EXPECT_FLOAT_EQ(y[0], 4.5f);  // 8 · 0.5 · 1 + 0.5, exact in bf16
  std::fill(params.values().begin(), params.values().end(), 0.25f);
  params.mark_updated();
  dense.forward(1, x.data(), y.data());
  EXPECT_FLOAT_EQ(y[0], 2.25f);
}

TEST(DenseBf16, RepeatedCallsOfOneShapeBuildNothing) {
  SKIP_WITHOUT_NATIVE_BF16();
  Parameters params;
  Dense dense(params, "head", 32, 10, Precision::bf16);
  std::vector<float> x(3 * 32, 0.1f), y(3 * 10), dy(3 * 10, 0.2f), dx(3 * 32);
  dense.forward(3, x.data(), y.data());
  dense.backward(3, x.data(), dy.data(), dx.data());
  const BuildCounts before = build_counts();
  for (int i = 0; i < 20; ++i) {
    dense.forward(3, x.data(), y.data());
    dense.backward(3, x.data(), dy.data(), dx.data());
  }
  const BuildCounts after = build_counts();
  EXPECT_EQ(after.primitives, before.primitives);
  EXPECT_EQ(after.buffers, before.buffers);
}

}  // namespace
}  // namespace lstmkit::nn
