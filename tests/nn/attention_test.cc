// GlobalAttention against the naive double-precision reference (tests/support/reference_attention), with every gradient — dh, d(memory) and each parameter
// tensor — taken from central finite differences of that reference. Luong and Bahdanau, unequal source
// lengths (masked positions), one step (rows = N) and several steps in one call (rows = T·N), and steps
// called one by one accumulating the memory gradient.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/attention.h"
#include "support/compare.h"
#include "support/finite_differences.h"
#include "support/reference_attention.h"

namespace lstmkit::testing {
namespace {

using nn::AttentionKind;

struct AttnCase {
  AttentionKind kind;
  int H, M, S, N, T;  // rows = T·N
  std::vector<int> lengths;
};

// The reference on a flat double copy of the parameters (same views as the layer's).
struct Reference {
  const nn::Parameters& params;
  AttnCase c;

  const double* tensor(const std::vector<double>& values, const std::string& name) const {
    return values.data() + params.view(params.find("attn." + name)).offset;
  }

  // out [rows, H] (and align [rows, S] if given) for h [rows, H], memory [S, N, M].
  std::vector<double> forward(const std::vector<double>& w, const std::vector<double>& h,
                              const std::vector<double>& mem, std::vector<double>* align = nullptr) const {
    const int H = c.H, M = c.M, S = c.S, N = c.N, rows = c.T * c.N;
    const bool luong = c.kind == AttentionKind::luong;
    std::vector<double> out(static_cast<size_t>(rows) * H);
    if (align) align->assign(static_cast<size_t>(rows) * S, 0.0);
    for (int r = 0; r < rows; ++r) {
      const int n = r % N, len = c.lengths[n];
      const double* ht = &h[static_cast<size_t>(r) * H];
      auto hs = [&](int s) { return &mem[(static_cast<size_t>(s) * N + n) * M]; };
      std::vector<double> score(len);
      for (int s = 0; s < len; ++s) {
        double sc = 0.0;
        if (luong) {
          const double* W = tensor(w, "linear_in.weight");  // [M, H]
          for (int i = 0; i < M; ++i) {
            double q = 0.0;
            for (int j = 0; j < H; ++j) q += W[i * H + j] * ht[j];
            sc += q * hs(s)[i];
          }
        } else {
          const double *Wq = tensor(w, "linear_query.weight"), *bq = tensor(w, "linear_query.bias"),
                       *Wk = tensor(w, "linear_context.weight"), *v = tensor(w, "v.weight");
          for (int i = 0; i < H; ++i) {
            double pre = bq[i];
            for (int j = 0; j < H; ++j) pre += Wq[i * H + j] * ht[j];
            for (int j = 0; j < M; ++j) pre += Wk[i * M + j] * hs(s)[j];
            sc += v[i] * std::tanh(pre);
          }
        }
        score[s] = sc;
      }
      double top = score[0], sum = 0.0;
      for (double v : score) top = std::max(top, v);
      for (double& v : score) sum += v = std::exp(v - top);
      std::vector<double> ctx(M, 0.0);
      for (int s = 0; s < len; ++s) {
        score[s] /= sum;
        if (align) (*align)[static_cast<size_t>(r) * S + s] = score[s];
        for (int i = 0; i < M; ++i) ctx[i] += score[s] * hs(s)[i];
      }
      const double* Wc = tensor(w, "linear_out.weight");  // [H, M + H]
      for (int i = 0; i < H; ++i) {
        double z = luong ? 0.0 : tensor(w, "linear_out.bias")[i];
        for (int j = 0; j < M; ++j) z += Wc[i * (M + H) + j] * ctx[j];
        for (int j = 0; j < H; ++j) z += Wc[i * (M + H) + M + j] * ht[j];
        out[static_cast<size_t>(r) * H + i] = luong ? std::tanh(z) : z;
      }
    }
    return out;
  }
};

double inner(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// The step of the differences of the double-precision reference.
constexpr double kStep = 1e-6;

std::vector<double> widen(std::span<const float> v) { return {v.begin(), v.end()}; }

constexpr Tolerance kTol{.rel = 1e-5, .abs = 1e-5};

struct Problem {
  AttnCase c;
  nn::Parameters params;
  nn::GlobalAttention attn;
  std::vector<float> h, mem, dout;
  Problem(const AttnCase& s, uint64_t seed) : c(s), attn(params, "attn", {s.kind, s.H, s.M}) {
    Rng rng(seed);
    attn.initialize(nn::InitScheme::torch, rng);
    for (float& v : params.values()) v *= 2.0f;  // scores far enough from 0 that the softmax is not flat
    params.mark_updated();
    const size_t rows = static_cast<size_t>(s.T) * s.N;
    h = random_floats(rows * s.H, rng);
    mem = random_floats(static_cast<size_t>(s.S) * s.N * s.M, rng);
    dout = random_floats(rows * s.H, rng);
  }
};

class AttentionVsReference : public ::testing::TestWithParam<AttnCase> {};

TEST_P(AttentionVsReference, ForwardAndEveryGradient) {
  Problem p(GetParam(), 17);
  const AttnCase& c = p.c;
  const int rows = c.T * c.N;
  std::vector<double> w = widen(p.params.values()), h = widen(p.h), mem = widen(p.mem), dout = widen(p.dout);
  const RefAttentionShape shape{c.kind, c.H, c.M, c.S, c.N, c.lengths};
  const RefTensors tensor = [&](const std::string& name) {
    return w.data() + p.params.view(p.params.find("attn." + name)).offset;
  };
  std::vector<double> want_align;
  const std::vector<double> want_out = reference_attention(shape, tensor, rows, h.data(), mem, &want_align);

  std::vector<float> out(rows * c.H), align(rows * c.S, -1.0f), context(rows * c.M), dh(rows * c.H);
  std::vector<float> dmem(p.mem.size());
  p.params.zero_grads();
  p.attn.set_memory(c.S, c.N, p.mem.data(), c.lengths.data());
  p.attn.forward(rows, p.h.data(), out.data(), align.data(), context.data());
  EXPECT_TRUE(all_close(out, want_out, kTol)) << "out";
  EXPECT_TRUE(all_close(align, want_align, kTol)) << "align (zeros beyond each length)";
  p.attn.backward(rows, p.h.data(), align.data(), context.data(), out.data(), p.dout.data(), dh.data());
  p.attn.memory_gradient(dmem.data());

  auto loss = [&] { return inner(dout, reference_attention(shape, tensor, rows, h.data(), mem)); };
  EXPECT_TRUE(all_close(dh, numeric_gradient(h, kStep, loss), kTol)) << "dh";
  EXPECT_TRUE(all_close(dmem, numeric_gradient(mem, kStep, loss), kTol)) << "d memory";
  const std::vector<double> dw = numeric_gradient(w, kStep, loss);
  for (const auto& v : p.params.views()) {
    std::span<const float> got(p.params.grad(p.params.find(v.name)), v.size);
    std::span<const double> want(dw.data() + v.offset, v.size);
    EXPECT_TRUE(all_close(got, want, kTol)) << "d " << v.name;
  }
}

// T calls of N rows, backward in reverse, equal one call of T·N rows — the decoder's way of calling.
TEST_P(AttentionVsReference, StepByStepEqualsOneCall) {
  Problem p(GetParam(), 23);
  const AttnCase& c = p.c;
  const int rows = c.T * c.N;
  const size_t NH = static_cast<size_t>(c.N) * c.H, NS = static_cast<size_t>(c.N) * c.S,
               NM = static_cast<size_t>(c.N) * c.M;
  std::vector<float> out(rows * c.H), align(rows * c.S), context(rows * c.M), dh(rows * c.H), dmem(p.mem.size());
  p.params.zero_grads();
  p.attn.set_memory(c.S, c.N, p.mem.data(), c.lengths.data());
  p.attn.forward(rows, p.h.data(), out.data(), align.data(), context.data());
  p.attn.backward(rows, p.h.data(), align.data(), context.data(), out.data(), p.dout.data(), dh.data());
  p.attn.memory_gradient(dmem.data());
  const std::vector<float> grads(p.params.grads().begin(), p.params.grads().end());

  std::vector<float> out1(out.size()), align1(align.size()), context1(context.size()), dh1(dh.size()),
      dmem1(dmem.size());
  p.params.zero_grads();
  p.attn.set_memory(c.S, c.N, p.mem.data(), c.lengths.data());
  for (int t = 0; t < c.T; ++t)
    p.attn.forward(c.N, p.h.data() + t * NH, out1.data() + t * NH, align1.data() + t * NS, context1.data() + t * NM);
  for (int t = c.T - 1; t >= 0; --t)
    p.attn.backward(c.N, p.h.data() + t * NH, align1.data() + t * NS, context1.data() + t * NM,
                    out1.data() + t * NH, p.dout.data() + t * NH, dh1.data() + t * NH);
  p.attn.memory_gradient(dmem1.data());
  EXPECT_TRUE(all_close(out1, out, kTol));
  EXPECT_TRUE(all_close(align1, align, kTol));
  EXPECT_TRUE(all_close(dh1, dh, kTol));
  EXPECT_TRUE(all_close(dmem1, dmem, kTol));
  EXPECT_TRUE(all_close(p.params.grads(), grads, kTol));
}

std::vector<AttnCase> setups() {
  std::vector<AttnCase> all;
  for (AttentionKind kind : {AttentionKind::luong, AttentionKind::bahdanau}) {
    all.push_back({kind, 4, 6, 5, 3, 1, {5, 2, 3}});  // one step, M ≠ H, unequal lengths
    all.push_back({kind, 5, 3, 4, 2, 3, {1, 4}});     // three steps, a one-position source
    all.push_back({kind, 3, 3, 1, 1, 2, {1}});        // S = 1, batch 1
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Shapes, AttentionVsReference, ::testing::ValuesIn(setups()), [](const auto& info) {
  const AttnCase& c = info.param;
  return nn::attention_name(c.kind) + "_H" + std::to_string(c.H) + "_M" + std::to_string(c.M) + "_S" +
         std::to_string(c.S) + "_N" + std::to_string(c.N) + "_T" + std::to_string(c.T);
});

TEST(Attention, TensorNamesAreOpenNMTs) {
  auto names = [](AttentionKind kind) {
    std::vector<std::string> n;
    for (const auto& s : nn::GlobalAttention::parameter_shapes("decoder.attn", {kind, 4, 6})) n.push_back(s.name);
    return n;
  };
  EXPECT_EQ(names(AttentionKind::luong),
            (std::vector<std::string>{"decoder.attn.linear_in.weight", "decoder.attn.linear_out.weight"}));
  EXPECT_EQ(names(AttentionKind::bahdanau),
            (std::vector<std::string>{"decoder.attn.linear_context.weight", "decoder.attn.linear_query.weight",
                                      "decoder.attn.linear_query.bias", "decoder.attn.v.weight",
                                      "decoder.attn.linear_out.weight", "decoder.attn.linear_out.bias"}));
  EXPECT_EQ(nn::parse_attention("bahdanau"), AttentionKind::bahdanau);
  EXPECT_THROW(nn::parse_attention("dot"), UsageError);
  EXPECT_THROW(nn::GlobalAttention::parameter_shapes("a", {AttentionKind::luong, 0, 4}), Error);
}

TEST(Attention, BadCallsAreErrors) {
  Problem p({AttentionKind::luong, 3, 3, 4, 2, 1, {4, 2}}, 3);
  std::vector<float> out(6), align(8), context(6);
  EXPECT_THROW(p.attn.forward(2, p.h.data(), out.data(), align.data(), context.data()), Error) << "no memory";
  const std::vector<int> zero{4, 0}, too_long{5, 1};
  EXPECT_THROW(p.attn.set_memory(4, 2, p.mem.data(), zero.data()), Error);
  EXPECT_THROW(p.attn.set_memory(4, 2, p.mem.data(), too_long.data()), Error);
  EXPECT_THROW(p.attn.set_memory(0, 2, p.mem.data(), p.c.lengths.data()), Error);
  p.attn.set_memory(4, 2, p.mem.data(), p.c.lengths.data());
  EXPECT_THROW(p.attn.forward(3, p.h.data(), out.data(), align.data(), context.data()), Error) << "rows % N";
  EXPECT_THROW(p.attn.forward(2, p.h.data(), nullptr, align.data(), context.data()), Error) << "null output";
}

}  // namespace
}  // namespace lstmkit::testing
