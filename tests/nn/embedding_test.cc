// Embedding (nn.Embedding) against a naive one-hot matmul in double, finite differences, the
// scatter-add contract (repeated ids add up, gradients add into the buffer), the padding row, tying and
// the initialisers.
#include "lstmkit/nn/embedding.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/recurrent.h"
#include "support/compare.h"
#include "support/finite_differences.h"

namespace lstmkit::nn {
namespace {

using testing::all_close;
using testing::random_floats;

constexpr int V = 7, E = 5;

struct Fixture {
  Parameters params;
  Embedding embed;
  explicit Fixture(int padding_idx = kNoPadding, uint64_t seed = 3)
      : embed(params, "embed", V, E, padding_idx) {
    Rng rng(seed);
    const auto values = random_floats(params.size(), rng);
    const auto grads = random_floats(params.size(), rng);
    std::copy(values.begin(), values.end(), params.values().begin());
    std::copy(grads.begin(), grads.end(), params.grads().begin());
  }
  std::vector<float> table() const { return {params.value(embed.weight()), params.value(embed.weight()) + V * E}; }
  std::vector<float> grad() const { return {params.grad(embed.weight()), params.grad(embed.weight()) + V * E}; }
};

// x [rows, E] = onehot(ids) [rows, V] · W [V, E], the product the layer replaces.
std::vector<double> one_hot_product(const std::vector<int32_t>& ids, const std::vector<float>& w) {
  std::vector<double> x(ids.size() * E, 0.0);
  for (size_t r = 0; r < ids.size(); ++r)
    for (int v = 0; v < V; ++v) {
      const double hot = v == ids[r] ? 1.0 : 0.0;
      for (int e = 0; e < E; ++e) x[r * E + e] += hot * w[v * E + e];
    }
  return x;
}

// dW [V, E] = onehot(ids)ᵀ · dx, without the rows of `padding`.
std::vector<double> one_hot_gradient(const std::vector<int32_t>& ids, const std::vector<float>& dx, int padding) {
  std::vector<double> g(V * E, 0.0);
  for (int v = 0; v < V; ++v)
    for (size_t r = 0; r < ids.size(); ++r)
      if (ids[r] == v && v != padding)
        for (int e = 0; e < E; ++e) g[v * E + e] += dx[r * E + e];
  return g;
}

const std::vector<int32_t> kIds = {3, 0, 6, 3, 1, 3, 5, 0};  // 3 three times, 0 twice, 2 and 4 never

TEST(Embedding, RegistersPyTorchsTensor) {
  Parameters p;
  Embedding embed(p, "decoder.embed", V, E);
  ASSERT_EQ(p.views().size(), 1u);
  EXPECT_EQ(p.views()[0].name, "decoder.embed.weight");
  EXPECT_EQ(p.views()[0].shape, (std::vector<int64_t>{V, E}));
  EXPECT_EQ(Embedding::parameter_shapes("decoder.embed", V, E)[0].shape, p.views()[0].shape);
  EXPECT_THROW(Embedding::parameter_shapes("embed", 0, E), Error);
  EXPECT_THROW(Embedding::parameter_shapes("embed", V, 0), Error);
  EXPECT_THROW(Embedding::parameter_shapes("embed", V, kMaxWidth + 1), Error);
}

TEST(Embedding, ForwardIsTheOneHotProduct) {
  Fixture f;
  std::vector<float> x(kIds.size() * E);
  f.embed.forward(static_cast<int>(kIds.size()), kIds.data(), x.data());
  EXPECT_TRUE(all_close(x, one_hot_product(kIds, f.table()), {.rel = 0, .abs = 0}));
}

TEST(Embedding, BackwardScatterAddsIntoTheGradient) {
  Fixture f;
  Rng rng(11);
  const auto dx = random_floats(kIds.size() * E, rng);
  const std::vector<float> before = f.grad();
  f.embed.backward(static_cast<int>(kIds.size()), kIds.data(), dx.data());
  std::vector<double> want = one_hot_gradient(kIds, dx, kNoPadding);
  for (size_t i = 0; i < want.size(); ++i) want[i] += before[i];
  EXPECT_TRUE(all_close(f.grad(), want, {.rel = 1e-6, .abs = 1e-6}));
}

// loss = <forward(ids), dout> is linear in W, so central differences in double-checked floats are exact
// to rounding.
TEST(Embedding, GradientMatchesFiniteDifferences) {
  Fixture f;
  Rng rng(5);
  const auto dout = random_floats(kIds.size() * E, rng);
  const int rows = static_cast<int>(kIds.size());
  auto loss = [&] {
    std::vector<float> x(kIds.size() * E);
    f.embed.forward(rows, kIds.data(), x.data());
    double s = 0;
    for (size_t i = 0; i < x.size(); ++i) s += static_cast<double>(x[i]) * dout[i];
    return s;
  };
  f.params.zero_grads();
  f.embed.backward(rows, kIds.data(), dout.data());
  const std::vector<float> analytic = f.grad();
  const std::vector<double> numeric = testing::numeric_gradient(
      std::span<float>(f.params.value(f.embed.weight()), V * E), 1e-2f, loss, [&] { f.params.mark_updated(); });
  EXPECT_TRUE(all_close(analytic, numeric, {.rel = 1e-4, .abs = 1e-4}));
}

TEST(Embedding, PaddingRowStartsAtZeroAndGetsNoGradient) {
  for (InitScheme scheme : {InitScheme::keras, InitScheme::torch}) {
    Fixture f(/*padding_idx=*/0);
    Rng rng(1);
    f.embed.initialize(scheme, rng);
    const float* pad = f.params.value(f.embed.weight());
    for (int e = 0; e < E; ++e) EXPECT_EQ(pad[e], 0.0f);
    std::vector<float> x(kIds.size() * E, 1.0f);
    f.embed.forward(static_cast<int>(kIds.size()), kIds.data(), x.data());
    for (int e = 0; e < E; ++e) EXPECT_EQ(x[1 * E + e], 0.0f);  // kIds[1] is the padding id

    f.params.zero_grads();
    const auto dx = random_floats(kIds.size() * E, rng);
    f.embed.backward(static_cast<int>(kIds.size()), kIds.data(), dx.data());
    EXPECT_TRUE(all_close(f.grad(), one_hot_gradient(kIds, dx, 0), {.rel = 1e-6, .abs = 1e-6}));
  }
}

TEST(Embedding, InitialisersFollowKerasAndPyTorch) {
  Parameters p;
  Embedding big(p, "embed", 400, 50);
  Rng rng(2);
  big.initialize(InitScheme::keras, rng);
  const float* w = p.value(big.weight());
  double sum = 0, squares = 0, largest = 0;
  for (int i = 0; i < 400 * 50; ++i) largest = std::max(largest, std::fabs(static_cast<double>(w[i])));
  EXPECT_LE(largest, 0.05);
  EXPECT_GT(largest, 0.049);
  big.initialize(InitScheme::torch, rng);
  for (int i = 0; i < 400 * 50; ++i) {
    sum += w[i];
    squares += static_cast<double>(w[i]) * w[i];
  }
  const double mean = sum / (400 * 50), variance = squares / (400 * 50) - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.03);
  EXPECT_NEAR(variance, 1.0, 0.05);
}

TEST(Embedding, OutOfRangeIdsAreRefusedBeforeAnyWrite) {
  Fixture f;
  std::vector<float> x(3 * E, 9.0f);
  const std::vector<int32_t> bad = {1, V, 2}, negative = {-1};
  EXPECT_THROW(f.embed.forward(3, bad.data(), x.data()), Error);
  for (float v : x) EXPECT_EQ(v, 9.0f);
  const std::vector<float> before = f.grad();
  EXPECT_THROW(f.embed.backward(3, bad.data(), x.data()), Error);
  EXPECT_THROW(f.embed.backward(1, negative.data(), x.data()), Error);
  EXPECT_EQ(f.grad(), before);
}

// Tied to a head's weight [V, H]: the embedding reads the head's values, its gradient adds to the head's,
// and initialisation is the head's.
TEST(Embedding, TiedTableIsTheHeadsWeight) {
  Parameters p;
  Dense head(p, "head", E, V);
  Embedding embed(p, head.weight(), 0);
  EXPECT_TRUE(embed.tied());
  EXPECT_EQ(embed.vocab(), V);
  EXPECT_EQ(embed.width(), E);
  EXPECT_EQ(p.views().size(), 2u);  // head.weight and head.bias only
  Rng rng(4);
  head.initialize(InitScheme::torch, rng);
  const std::vector<float> w(p.value(head.weight()), p.value(head.weight()) + V * E);
  embed.initialize(InitScheme::keras, rng);
  EXPECT_EQ(std::vector<float>(p.value(head.weight()), p.value(head.weight()) + V * E), w);

  std::vector<float> x(kIds.size() * E);
  embed.forward(static_cast<int>(kIds.size()), kIds.data(), x.data());
  EXPECT_TRUE(all_close(x, one_hot_product(kIds, w), {.rel = 0, .abs = 0}));

  p.zero_grads();
  const auto dx = random_floats(kIds.size() * E, rng);
  embed.backward(static_cast<int>(kIds.size()), kIds.data(), dx.data());
  EXPECT_TRUE(all_close(std::vector<float>(p.grad(head.weight()), p.grad(head.weight()) + V * E),
                        one_hot_gradient(kIds, dx, 0), {.rel = 1e-6, .abs = 1e-6}));
}

}  // namespace
}  // namespace lstmkit::nn
