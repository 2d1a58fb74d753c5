// AttentionDecoder against a naive double-precision decoder built from the reference stack
// (tests/support/reference_rnn, one step at a time) and the reference attention
// (tests/support/reference_attention) with input feeding written out by hand; every gradient — the
// embeddings, the encoder outputs, the initial state and each parameter tensor — against central finite
// differences of that reference. Luong and Bahdanau, LSTM and GRU, unequal source lengths. Inference
// steps equal the training forward without dropout; with dropout, the gradients match finite differences
// of the layer itself under the same masks.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "lstmkit/nn/attention_decoder.h"
#include "support/compare.h"
#include "support/finite_differences.h"
#include "support/reference_attention.h"
#include "support/reference_rnn.h"

namespace lstmkit::testing {
namespace {

using nn::AttentionKind;
using nn::CellKind;

struct DecCase {
  CellKind cell;
  AttentionKind kind;
  int T, N, E, H, L, M, S;
  std::vector<int> lengths;
};

constexpr Tolerance kTol{.rel = 1e-5, .abs = 2e-5};

std::vector<double> widen(std::span<const float> v) { return {v.begin(), v.end()}; }

double inner(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// The step of the differences of the double-precision reference.
constexpr double kStep = 1e-6;

struct Problem {
  DecCase c;
  nn::Parameters params;
  nn::AttentionDecoder dec;
  std::vector<float> emb, mem, dout;
  nn::RecurrentState init;

  Problem(const DecCase& cs, uint64_t seed, float dropout = 0.0f)
      : c(cs), dec(params, "dec", {cs.cell, cs.E, cs.H, cs.L, cs.M, cs.kind, dropout}) {
    Rng rng(seed);
    for (float& v : params.values()) v = rng.uniform(-0.7f, 0.7f);
    params.mark_updated();
    emb = random_floats(static_cast<size_t>(c.T) * c.N * c.E, rng);
    mem = random_floats(static_cast<size_t>(c.S) * c.N * c.M, rng);
    dout = random_floats(static_cast<size_t>(c.T) * c.N * c.H, rng);
    const size_t state = static_cast<size_t>(c.L) * c.N * c.H;
    init.h = random_floats(state, rng);
    if (c.cell == CellKind::lstm) init.c = random_floats(state, rng);
  }
};

// The decoder in double: values w (the flat parameters), emb, mem, h0, c0 → out [T, N, H], align.
struct Reference {
  const Problem& p;
  std::vector<double> forward(const std::vector<double>& w, const std::vector<double>& emb,
                              const std::vector<double>& mem, const std::vector<double>& h0,
                              const std::vector<double>& c0, std::vector<double>* align = nullptr) const {
    const DecCase& c = p.c;
    auto tensor = [&](const std::string& name) { return w.data() + p.params.view(p.params.find(name)).offset; };
    auto copy = [&](const std::string& name) {
      const auto& v = p.params.view(p.params.find(name));
      return std::vector<double>(w.begin() + v.offset, w.begin() + v.offset + v.size);
    };
    std::vector<RefLayerWeights> layers;
    for (int k = 0; k < c.L; ++k) {
      const std::string s = std::to_string(k);
      layers.push_back({copy("dec.rnn.weight_ih_l" + s), copy("dec.rnn.weight_hh_l" + s),
                        copy("dec.rnn.bias_ih_l" + s), copy("dec.rnn.bias_hh_l" + s)});
    }
    const RefShape step{c.cell, 1, c.N, c.E + c.H, c.H, c.L};
    const RefAttentionShape attn{c.kind, c.H, c.M, c.S, c.N, c.lengths};
    const RefTensors attn_tensor = [&](const std::string& name) { return tensor("dec.attn." + name); };
    const size_t NE = static_cast<size_t>(c.N) * c.E, NH = static_cast<size_t>(c.N) * c.H;
    std::vector<double> out, h = h0, cs = c0, feed(NH, 0.0);
    if (align) align->clear();
    for (int t = 0; t < c.T; ++t) {
      std::vector<double> x;
      for (int n = 0; n < c.N; ++n) {
        x.insert(x.end(), emb.begin() + t * NE + n * c.E, emb.begin() + t * NE + (n + 1) * c.E);
        x.insert(x.end(), feed.begin() + n * c.H, feed.begin() + (n + 1) * c.H);
      }
      const RefForward f = reference_forward(step, layers, x, h, cs);
      h = f.h_final;
      cs = f.c_final;
      std::vector<double> a;
      feed = reference_attention(attn, attn_tensor, c.N, f.y.data(), mem, &a);
      out.insert(out.end(), feed.begin(), feed.end());
      if (align) align->insert(align->end(), a.begin(), a.end());
    }
    return out;
  }
};

class DecoderVsReference : public ::testing::TestWithParam<DecCase> {};

TEST_P(DecoderVsReference, ForwardAndEveryGradient) {
  Problem p(GetParam(), 71);
  const DecCase& c = p.c;
  std::vector<float> out(p.dout.size()), align(static_cast<size_t>(c.T) * c.N * c.S), demb(p.emb.size()),
      dmem(p.mem.size());
  nn::RecurrentState dinit;
  Rng rng(1);
  p.params.zero_grads();
  p.dec.forward_training(c.T, c.N, p.emb.data(), c.S, p.mem.data(), c.lengths.data(), &p.init, out.data(),
                         align.data(), rng);
  p.dec.backward(p.dout.data(), demb.data(), dmem.data(), &dinit);

  const Reference ref{p};
  std::vector<double> w = widen(p.params.values()), emb = widen(p.emb), mem = widen(p.mem),
                      h0 = widen(p.init.h), c0 = widen(p.init.c), dout = widen(p.dout), want_align;
  EXPECT_TRUE(all_close(out, ref.forward(w, emb, mem, h0, c0, &want_align), kTol)) << "out";
  EXPECT_TRUE(all_close(align, want_align, kTol)) << "align";
  auto loss = [&] { return inner(dout, ref.forward(w, emb, mem, h0, c0)); };
  EXPECT_TRUE(all_close(demb, numeric_gradient(emb, kStep, loss), kTol)) << "d emb";
  EXPECT_TRUE(all_close(dmem, numeric_gradient(mem, kStep, loss), kTol)) << "d memory";
  EXPECT_TRUE(all_close(dinit.h, numeric_gradient(h0, kStep, loss), kTol)) << "d h0";
  if (c.cell == CellKind::lstm) {
    EXPECT_TRUE(all_close(dinit.c, numeric_gradient(c0, kStep, loss), kTol)) << "d c0";
  }
  const std::vector<double> dw = numeric_gradient(w, kStep, loss);
  for (const auto& v : p.params.views()) {
    std::span<const float> got(p.params.grad(p.params.find(v.name)), v.size);
    EXPECT_TRUE(all_close(got, std::span<const double>(dw.data() + v.offset, v.size), kTol)) << "d " << v.name;
  }
}

TEST_P(DecoderVsReference, InferenceStepsEqualTrainingForward) {
  Problem p(GetParam(), 72);
  const DecCase& c = p.c;
  const size_t NE = static_cast<size_t>(c.N) * c.E, NH = static_cast<size_t>(c.N) * c.H,
               NS = static_cast<size_t>(c.N) * c.S;
  std::vector<float> out(p.dout.size()), align(static_cast<size_t>(c.T) * NS);
  Rng rng(1);
  p.dec.forward_training(c.T, c.N, p.emb.data(), c.S, p.mem.data(), c.lengths.data(), &p.init, out.data(),
                         align.data(), rng);
  std::vector<float> step_out(out.size()), step_align(align.size());
  nn::AttentionDecoderState state{p.init, {}};
  p.dec.begin_inference(c.S, c.N, p.mem.data(), c.lengths.data());
  for (int t = 0; t < c.T; ++t)
    p.dec.step(p.emb.data() + t * NE, state, step_out.data() + t * NH, step_align.data() + t * NS);
  EXPECT_TRUE(all_close(step_out, out, kTol));
  EXPECT_TRUE(all_close(step_align, align, kTol));
  EXPECT_THROW(p.dec.backward(p.dout.data(), nullptr, nullptr, nullptr), Error) << "inference spent the forward";
}

std::vector<DecCase> cases() {
  std::vector<DecCase> all;
  for (AttentionKind kind : {AttentionKind::luong, AttentionKind::bahdanau}) {
    all.push_back({CellKind::lstm, kind, 3, 2, 3, 4, 2, 5, 4, {4, 2}});
    all.push_back({CellKind::gru, kind, 4, 3, 2, 3, 1, 3, 3, {1, 3, 2}});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Shapes, DecoderVsReference, ::testing::ValuesIn(cases()), [](const auto& info) {
  const DecCase& c = info.param;
  return nn::cell_name(c.cell) + "_" + nn::attention_name(c.kind) + "_T" + std::to_string(c.T) + "_L" +
         std::to_string(c.L);
});

// <dout, out> of the layer itself, masks drawn from `seed`.
double layer_loss(Problem& p, uint64_t seed) {
  const DecCase& c = p.c;
  std::vector<float> out(p.dout.size());
  Rng rng(seed);
  p.dec.forward_training(c.T, c.N, p.emb.data(), c.S, p.mem.data(), c.lengths.data(), &p.init, out.data(),
                         nullptr, rng);
  double loss = 0.0;
  for (size_t i = 0; i < out.size(); ++i) loss += static_cast<double>(p.dout[i]) * out[i];
  return loss;
}

TEST(DecoderDropout, GradientsMatchFiniteDifferencesUnderTheSameMasks) {
  Problem p({CellKind::lstm, AttentionKind::luong, 4, 2, 3, 5, 2, 4, 3, {3, 2}}, 5, 0.3f);
  const DecCase& c = p.c;
  std::vector<float> out(p.dout.size()), demb(p.emb.size()), dmem(p.mem.size());
  Rng rng(9);
  p.params.zero_grads();
  p.dec.forward_training(c.T, c.N, p.emb.data(), c.S, p.mem.data(), c.lengths.data(), &p.init, out.data(),
                         nullptr, rng);
  p.dec.backward(p.dout.data(), demb.data(), dmem.data(), nullptr);
  const std::vector<float> grads(p.params.grads().begin(), p.params.grads().end());
  const double eps = 1e-2;
  const Tolerance tol{.rel = 1e-2, .abs = 2e-3};
  const Loss loss = [&] { return layer_loss(p, 9); };
  Rng pick(4);
  std::vector<size_t> entries;
  for (int i = 0; i < 16; ++i)
    entries.push_back(static_cast<size_t>(pick.uniform() * p.params.size()) % p.params.size());
  expect_gradient(p.params, grads, entries, eps, tol, loss);
  auto check = [&](float& x, float analytic, const std::string& what) {
    const double fd = central_difference(x, eps, loss);
    EXPECT_NEAR(analytic, fd, tol.abs + tol.rel * std::fabs(fd)) << what;
  };
  for (size_t i = 0; i < p.emb.size(); i += 3) check(p.emb[i], demb[i], "emb " + std::to_string(i));
  for (size_t i = 0; i < p.mem.size(); i += 4) check(p.mem[i], dmem[i], "memory " + std::to_string(i));
}

TEST(Decoder, MisuseIsAnError) {
  Problem p({CellKind::lstm, AttentionKind::luong, 2, 2, 3, 4, 1, 4, 3, {3, 1}}, 6);
  std::vector<float> out(p.dout.size());
  nn::AttentionDecoderState state;
  EXPECT_THROW(p.dec.backward(p.dout.data(), nullptr, nullptr, nullptr), Error) << "backward first";
  EXPECT_THROW(p.dec.step(p.emb.data(), state, out.data(), nullptr), Error) << "step before begin_inference";
  const std::vector<int> bad{4, 1};
  Rng rng(1);
  EXPECT_THROW(p.dec.forward_training(2, 2, p.emb.data(), 3, p.mem.data(), bad.data(), nullptr, out.data(),
                                      nullptr, rng), Error) << "length beyond S";
  p.dec.begin_inference(3, 2, p.mem.data(), p.c.lengths.data());
  state.feed.resize(3);
  EXPECT_THROW(p.dec.step(p.emb.data(), state, out.data(), nullptr), Error) << "fed-back vector of the wrong size";
  EXPECT_THROW(nn::AttentionDecoder::parameter_shapes("d", {CellKind::lstm, 0, 4, 1, 4}), Error) << "E = 0";
}

}  // namespace
}  // namespace lstmkit::testing
