// Recurrent's public calls: checking arguments, copying inputs into the mode's StackBuffers and outputs
// out of them (so callers may alias init and final, or reuse x), and the initialisers. The math runs in
// recurrent_run.cc on plans from recurrent_plan.cc.
#include "lstmkit/nn/recurrent.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "lstmkit/error.h"
#include "lstmkit/nn/bf16.h"
#include "lstmkit/nn/dnnl_context.h"
#include "recurrent_impl.h"

namespace lstmkit::nn {

namespace {

constexpr int kAmxBlock = 32;          // bf16 values in one row of an AMX tile (64 bytes)
constexpr int kMaxInputBlock = 4096;   // far above any useful block: keeps padded widths bounded

std::string tensor_name(const std::string& prefix, const char* name, int layer) {
  return (prefix.empty() ? "" : prefix + ".") + name + std::to_string(layer);
}

void check_config(const Where& where, const RecurrentConfig& c) {
  auto in_range = [&](int value, int maximum, const char* what, const char* hint) {
    if (value <= 0)
      throw Error(where, std::string(what) + " must be positive, got " + std::to_string(value), hint);
    if (value > maximum)
      throw Error(where, std::string(what) + " " + std::to_string(value) + " is over the limit of " +
                             std::to_string(maximum), hint);
  };
  in_range(c.input, kMaxWidth, "input width", "set the input size I");
  in_range(c.hidden, kMaxWidth, "hidden width", "use `hidden` with a positive value");
  in_range(c.layers, kMaxLayers, "layer count", "use `layers` 1 or more");
  if (c.input_block < 0 || c.input_block > kMaxInputBlock)
    throw Error(where, "input block must be in [0, " + std::to_string(kMaxInputBlock) + "], got " +
                           std::to_string(c.input_block), "use 0 for the precision's default");
  if (!(c.dropout >= 0.0f && c.dropout < 1.0f))
    throw Error(where, "dropout must be in [0, 1), got " + std::to_string(c.dropout),
                "use e.g. `dropout` 0.2");
}

void check_call(const Where& where, int T, int N, const float* x, const float* y) {
  if (T <= 0 || N <= 0)
    throw Error(where, "sequence length and batch must be positive, got T=" + std::to_string(T) +
                           ", N=" + std::to_string(N), "pass at least one time step and one sequence");
  if (!x || !y) throw Error(where, "input or output buffer is null", "pass x [T, N, I] and y [T, N, H]");
}

}  // namespace

void check_state(const RecurrentState* st, size_t n, bool lstm, const Where& where, const char* what) {
  if (!st) return;
  auto check = [&](const std::vector<float>& v, const char* part) {
    if (!v.empty() && v.size() != n)
      throw Error(where, std::string(what) + " " + part + " has " + std::to_string(v.size()) +
                             " values, expected " + std::to_string(n) + " = L·D·N·H",
                  "pass [L·D, N, H] for the call's batch N (D = 2 if bidirectional), or leave it empty for zeros");
  };
  check(st->h, "h");
  if (lstm) check(st->c, "c");
  else if (!st->c.empty())
    throw Error(where, std::string(what) + " c is set but only LSTM has a cell state", "leave c empty");
}

void to_data(const float* src, void* dst, size_t n, Precision p) {
  if (p == Precision::bf16) to_bf16(src, static_cast<bf16_t*>(dst), n);
  else std::memcpy(dst, src, n * sizeof(float));
}

void from_data(const void* src, float* dst, size_t n, Precision p) {
  if (p == Precision::bf16) from_bf16(static_cast<const bf16_t*>(src), dst, n);
  else std::memcpy(dst, src, n * sizeof(float));
}

void load_input(const float* x, void* src, size_t rows, const RnnShape& s) {
  const size_t I = static_cast<size_t>(s.I), Ip = static_cast<size_t>(s.padded_input(0));
  if (I == Ip) return to_data(x, src, rows * I, s.precision);
  const size_t bytes = s.data_bytes();
  auto* out = static_cast<char*>(src);
  for (size_t r = 0; r < rows; ++r) {
    char* row = out + r * Ip * bytes;
    to_data(x + r * I, row, I, s.precision);
    std::memset(row + I * bytes, 0, (Ip - I) * bytes);
  }
}

void store_input_gradient(const float* dsrc, float* dx, size_t rows, const RnnShape& s) {
  const size_t I = static_cast<size_t>(s.I), Ip = static_cast<size_t>(s.padded_input(0));
  if (I == Ip) return (void)std::memcpy(dx, dsrc, rows * I * sizeof(float));
  for (size_t r = 0; r < rows; ++r) std::memcpy(dx + r * I, dsrc + r * Ip, I * sizeof(float));
}

void load(const std::vector<float>* v, void* dst, size_t n, Precision p) {
  if (!v || v->empty()) std::memset(dst, 0, n * (p == Precision::bf16 ? sizeof(bf16_t) : sizeof(float)));
  else to_data(v->data(), dst, n, p);
}

void store(const void* src, size_t n, Precision p, std::vector<float>& out) {
  out.resize(n);
  from_data(src, out.data(), n, p);
}

std::vector<ParamShape> Recurrent::parameter_shapes(const std::string& prefix, const RecurrentConfig& c) {
  check_config(Where{prefix, ""}, c);
  const int64_t GH = static_cast<int64_t>(gate_count(c.cell)) * c.hidden;
  std::vector<ParamShape> shapes;
  const int64_t D = c.bidirectional ? 2 : 1;
  for (int k = 0; k < c.layers; ++k) {
    const int64_t input = k == 0 ? c.input : D * c.hidden;  // I_k
    for (const char* suffix : {"", "_reverse"}) {  // PyTorch's order: a layer's forward tensors first
      if (*suffix && !c.bidirectional) break;
      shapes.push_back({tensor_name(prefix, "weight_ih_l", k) + suffix, {GH, input}});
      shapes.push_back({tensor_name(prefix, "weight_hh_l", k) + suffix, {GH, c.hidden}});
      shapes.push_back({tensor_name(prefix, "bias_ih_l", k) + suffix, {GH}});
      shapes.push_back({tensor_name(prefix, "bias_hh_l", k) + suffix, {GH}});
    }
  }
  return shapes;
}

Recurrent::Impl::Impl(Parameters& p, const std::string& prefix_, const RecurrentConfig& c)
    : params(p), prefix(prefix_), dropout(c.dropout) {
  geometry.cell = c.cell;
  geometry.I = c.input;
  geometry.H = c.hidden;
  geometry.L = c.layers;
  geometry.D = c.bidirectional ? 2 : 1;
  geometry.precision = c.precision;
  geometry.input_block = c.input_block > 0 ? c.input_block : c.precision == Precision::bf16 ? kAmxBlock : 1;
  // Refused here, with a clear error, where oneDNN's bf16 RNN would crash (no native bf16).
  if (c.precision == Precision::bf16) resolve_precision(PrecisionRequest::bf16);
  std::vector<ParamShape> shapes = parameter_shapes(prefix, c);
  size_t next = 0;  // into shapes: four tensors per layer and direction, in parameter_shapes' order
  auto add = [&] {
    ParamShape& s = shapes[next++];
    return params.add(std::move(s.name), std::move(s.shape));
  };
  for (int k = 0; k < c.layers; ++k) {
    std::vector<LayerParamIds> layer_ids;
    for (int d = 0; d < geometry.D; ++d) {
      LayerParamIds id;
      id.w_ih = add();
      id.w_hh = add();
      id.b_ih = add();
      id.b_hh = add();
      layer_ids.push_back(id);
      ids.push_back(id);
    }
    weights.push_back(std::make_unique<LayerWeights>(geometry, k, std::move(layer_ids), DnnlContext::get().engine()));
  }
}

Recurrent::Recurrent(Parameters& params, const std::string& prefix, const RecurrentConfig& config)
    : config_(config) {
  // The Impl registers parameter_shapes(), which checks the config first.
  translating_onednn_errors(Where{prefix, ""}, [&] { impl_ = std::make_unique<Impl>(params, prefix, config); });
}

Recurrent::~Recurrent() = default;

void Recurrent::initialize(InitScheme scheme, Rng& rng) {
  Parameters& p = impl_->params;
  const int H = config_.hidden, GH = gate_count(config_.cell) * H;
  for (size_t i = 0; i < impl_->ids.size(); ++i) {
    const LayerParamIds& id = impl_->ids[i];
    const int in = impl_->geometry.input(static_cast<int>(i) / impl_->geometry.D);
    if (scheme == InitScheme::torch) {
      const float limit = 1.0f / std::sqrt(static_cast<float>(H));
      for (ParamId t : {id.w_ih, id.w_hh, id.b_ih, id.b_hh})
        init_uniform(p.value(t), p.view(t).size, limit, rng);
      continue;
    }
    init_glorot_uniform(p.value(id.w_ih), GH, in, rng);
    init_orthogonal(p.value(id.w_hh), GH, H, rng);
    std::fill_n(p.value(id.b_ih), GH, 0.0f);
    std::fill_n(p.value(id.b_hh), GH, 0.0f);
    // Keras' unit_forget_bias: the forget block (PyTorch's second, f) starts at 1; b_hh stays 0.
    if (config_.cell == CellKind::lstm) std::fill_n(p.value(id.b_ih) + H, H, 1.0f);
  }
  p.mark_updated();
}

void Recurrent::Impl::forward(const char* call, bool training, int T, int N, const float* x,
                              const RecurrentState* init, float* y, RecurrentState* final, Rng* rng) {
  const RnnShape& g = geometry;
  const size_t LNH = static_cast<size_t>(g.L) * g.D * N * g.H;
  const Where where{prefix, call};
  check_call(where, T, N, x, y);
  check_state(init, LNH, g.has_cell_state(), where, "initial state");
  if (training) pending = last_training = nullptr;  // its buffers are about to be overwritten
  ShapePlan& p = plan(T, N, training);
  StackBuffers& b = training ? train : infer;
  bind(p, b);
  const Precision dt = g.precision;  // of x, y and h inside; c is always f32
  load_input(x, b.src[0].bytes(), static_cast<size_t>(T) * N, g);
  load(init ? &init->h : nullptr, b.h0.bytes(), LNH, dt);
  if (g.has_cell_state()) load(init ? &init->c : nullptr, b.c0.bytes(), LNH, Precision::f32);
  run_forward(p, b, rng);
  if (training) pending = last_training = &p;
  from_data(b.dst[g.L - 1].bytes(), y, static_cast<size_t>(T) * N * g.output(), dt);
  if (!final) return;
  store(b.hT.bytes(), LNH, dt, final->h);
  if (g.has_cell_state()) store(b.cT.bytes(), LNH, Precision::f32, final->c);
  else final->c.clear();
}

void Recurrent::forward_training(int T, int N, const float* x, const RecurrentState* init, float* y,
                                 RecurrentState* final, Rng& dropout_rng) {
  const char* call = "forward_training";
  translating_onednn_errors({impl_->prefix, call},
                            [&] { impl_->forward(call, true, T, N, x, init, y, final, &dropout_rng); });
}

void Recurrent::forward_inference(int T, int N, const float* x, const RecurrentState* init, float* y,
                                  RecurrentState* final) {
  const char* call = "forward_inference";
  translating_onednn_errors({impl_->prefix, call},
                            [&] { impl_->forward(call, false, T, N, x, init, y, final, nullptr); });
}

void Recurrent::backward(const float* dy, const RecurrentState* dfinal, float* dx, RecurrentState* dinit) {
  Impl& m = *impl_;
  const Where where{m.prefix, "backward"};
  if (!m.pending)
    throw Error(where, "no forward_training to backpropagate through",
                "call forward_training before each backward (one backward per forward)");
  if (!dy) throw Error(where, "output gradient dy is null", "pass dy [T, N, H]");
  ShapePlan& plan = *m.pending;
  StackBuffers& b = m.train;
  const RnnShape& s = plan.shape;
  const size_t LNH = static_cast<size_t>(s.L) * s.D * s.N * s.H;
  check_state(dfinal, LNH, s.has_cell_state(), where, "gradient on the final state");
  std::memcpy(b.dy.bytes(), dy, static_cast<size_t>(s.T) * s.N * s.output() * sizeof(float));
  // Gradients are f32 in either precision.
  load(dfinal ? &dfinal->h : nullptr, b.dhT.bytes(), LNH, Precision::f32);
  if (s.has_cell_state()) load(dfinal ? &dfinal->c : nullptr, b.dcT.bytes(), LNH, Precision::f32);
  m.pending = nullptr;  // oneDNN's workspace is spent after one backward
  translating_onednn_errors(where, [&] { m.run_backward(plan, b, true); });
  if (dx) store_input_gradient(b.dsrc[0].floats(), dx, static_cast<size_t>(s.T) * s.N, s);
  if (!dinit) return;
  store(b.dh0.bytes(), LNH, Precision::f32, dinit->h);
  if (s.has_cell_state()) store(b.dc0.bytes(), LNH, Precision::f32, dinit->c);
  else dinit->c.clear();
}

std::span<const float> Recurrent::dropout_mask(int layer) const {
  const ShapePlan* plan = impl_->last_training;
  if (!plan || !plan->dropout || layer < 0 || layer + 1 >= config_.layers) return {};
  const size_t THN = static_cast<size_t>(plan->shape.T) * plan->shape.N * plan->shape.output();
  return {impl_->train.mask[layer].floats(), THN};
}

RecurrentStats Recurrent::stats() const {
  RecurrentStats s;
  s.plans = impl_->plans.size();
  s.input_width = impl_->geometry.padded_input(0);
  for (const auto& w : impl_->weights) s.weight_reorders += w->reorders();
  return s;
}

}  // namespace lstmkit::nn
