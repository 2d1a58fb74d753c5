// RecurrentSteps: the stack's layers and weights on T = 1 plans of its own (never the Recurrent's cached
// ones, so a pending whole-sequence backward is not disturbed), bound to one StackBuffers per step. The
// state is carried between steps by copying step t's final state into step t+1's initial state, and its
// gradient back the same way.
#include "lstmkit/nn/recurrent_steps.h"

#include <cstring>
#include <map>
#include <vector>

#include "lstmkit/error.h"
#include "recurrent_impl.h"

namespace lstmkit::nn {

struct RecurrentSteps::Impl {
  Recurrent::Impl& m;
  std::map<int, std::unique_ptr<ShapePlan>> plans;  // T = 1 training plans by N
  std::vector<std::unique_ptr<StackBuffers>> buffers;  // [steps], grow-only
  ShapePlan* plan = nullptr;  // of the current sequence
  int count = 0;              // steps taken
  int backward_left = -1;     // steps still to walk back; -1 before begin_backward

  explicit Impl(Recurrent::Impl& stack) : m(stack) {}

  Where where(const char* call) const { return {m.prefix, call}; }
  const RnnShape& shape() const { return plan->shape; }
  size_t state_size() const { return static_cast<size_t>(shape().L) * shape().N * shape().H; }

  // Step t's buffers, bound to the plan (cheap: re-points the memories).
  StackBuffers& bound(int t) {
    while (static_cast<int>(buffers.size()) <= t) buffers.push_back(std::make_unique<StackBuffers>());
    m.bind(*plan, *buffers[t]);
    return *buffers[t];
  }

  void require_sequence(const char* call) const {
    if (!plan) throw Error(where(call), "no sequence started", "call begin(N, init) first");
  }
};

RecurrentSteps::RecurrentSteps(Recurrent& rnn) : impl_(std::make_unique<Impl>(*rnn.impl_)) {
  // A right-to-left direction needs the whole sequence before its first output.
  if (rnn.config().bidirectional)
    throw Error(impl_->where(""), "a bidirectional stack cannot run one time step at a time",
                "step a unidirectional stack (a decoder); run an encoder with forward_training");
}

RecurrentSteps::~RecurrentSteps() = default;

void RecurrentSteps::begin(int N, const RecurrentState* init) {
  Impl& s = *impl_;
  const Where where = s.where("begin");
  if (N <= 0) throw Error(where, "batch must be positive, got N=" + std::to_string(N), "pass N >= 1");
  const RnnShape& g = s.m.geometry;
  check_state(init, static_cast<size_t>(g.L) * N * g.H, g.has_cell_state(), where, "initial state");
  s.plan = nullptr;
  s.count = 0;
  s.backward_left = -1;
  translating_onednn_errors(where, [&] {
    auto& p = s.plans[N];
    if (!p) p = s.m.build_plan(1, N, true);
    s.plan = p.get();
  });
  StackBuffers& b = s.bound(0);
  const size_t LNH = s.state_size();
  load(init ? &init->h : nullptr, b.h0.bytes(), LNH, g.precision);
  if (g.has_cell_state()) load(init ? &init->c : nullptr, b.c0.bytes(), LNH, Precision::f32);
}

void RecurrentSteps::forward(const float* x, float* y, Rng& dropout_rng) {
  Impl& s = *impl_;
  s.require_sequence("forward");
  if (!x || !y) throw Error(s.where("forward"), "input or output buffer is null", "pass x [N, I] and y [N, H]");
  if (s.backward_left >= 0)
    throw Error(s.where("forward"), "the sequence is already being walked back",
                "call begin() to start a new sequence");
  const RnnShape& sh = s.shape();
  const size_t LNH = s.state_size();
  const int t = s.count;
  StackBuffers& b = s.bound(t);
  if (t > 0) {
    const StackBuffers& prev = *s.buffers[t - 1];
    std::memcpy(b.h0.bytes(), prev.hT.bytes(), LNH * sh.data_bytes());
    if (sh.has_cell_state()) std::memcpy(b.c0.bytes(), prev.cT.bytes(), LNH * sizeof(float));
  }
  load_input(x, b.src[0].bytes(), static_cast<size_t>(sh.N), sh);
  translating_onednn_errors(s.where("forward"), [&] { s.m.run_forward(*s.plan, b, &dropout_rng); });
  from_data(b.dst[sh.L - 1].bytes(), y, static_cast<size_t>(sh.N) * sh.H, sh.precision);
  s.count = t + 1;
}

int RecurrentSteps::steps() const { return impl_->count; }

void RecurrentSteps::final_state(RecurrentState& out) const {
  const Impl& s = *impl_;
  s.require_sequence("final_state");
  if (s.count == 0) throw Error(s.where("final_state"), "no step taken", "call forward() first");
  const StackBuffers& last = *s.buffers[s.count - 1];
  store(last.hT.bytes(), s.state_size(), s.shape().precision, out.h);
  if (s.shape().has_cell_state()) store(last.cT.bytes(), s.state_size(), Precision::f32, out.c);
  else out.c.clear();
}

void RecurrentSteps::begin_backward(const RecurrentState* dfinal) {
  Impl& s = *impl_;
  const Where where = s.where("begin_backward");
  s.require_sequence("begin_backward");
  if (s.count == 0 || s.backward_left >= 0)
    throw Error(where, "no steps to walk back", "call begin() and forward() for each step first");
  const bool lstm = s.shape().has_cell_state();
  check_state(dfinal, s.state_size(), lstm, where, "gradient on the final state");
  StackBuffers& b = s.bound(s.count - 1);
  load(dfinal ? &dfinal->h : nullptr, b.dhT.bytes(), s.state_size(), Precision::f32);
  if (lstm) load(dfinal ? &dfinal->c : nullptr, b.dcT.bytes(), s.state_size(), Precision::f32);
  s.backward_left = s.count;
}

void RecurrentSteps::backward(const float* dy, float* dx) {
  Impl& s = *impl_;
  const Where where = s.where("backward");
  if (s.backward_left <= 0)
    throw Error(where, "no step left to walk back", "call begin_backward() after the forward steps, once");
  if (!dy) throw Error(where, "output gradient dy is null", "pass dy [N, H]");
  const RnnShape& sh = s.shape();
  const size_t LNH = s.state_size(), NH = static_cast<size_t>(sh.N) * sh.H;
  const int t = s.backward_left - 1;
  StackBuffers& b = s.bound(t);
  if (t + 1 < s.count) {
    const StackBuffers& next = *s.buffers[t + 1];
    std::memcpy(b.dhT.bytes(), next.dh0.bytes(), LNH * sizeof(float));
    if (sh.has_cell_state()) std::memcpy(b.dcT.bytes(), next.dc0.bytes(), LNH * sizeof(float));
  }
  std::memcpy(b.dy.bytes(), dy, NH * sizeof(float));
  translating_onednn_errors(where, [&] { s.m.run_backward(*s.plan, b, false); });
  if (dx) store_input_gradient(b.dsrc[0].floats(), dx, static_cast<size_t>(sh.N), sh);
  s.backward_left = t;
}

void RecurrentSteps::initial_state_gradient(RecurrentState& dinit) const {
  const Impl& s = *impl_;
  if (s.backward_left != 0)
    throw Error(s.where("initial_state_gradient"), "the steps have not all been walked back",
                "call backward() once per step first");
  const StackBuffers& first = *s.buffers[0];
  store(first.dh0.bytes(), s.state_size(), Precision::f32, dinit.h);
  if (s.shape().has_cell_state()) store(first.dc0.bytes(), s.state_size(), Precision::f32, dinit.c);
  else dinit.c.clear();
}

}  // namespace lstmkit::nn
