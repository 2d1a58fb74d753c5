// AttentionDecoder: the recurrent stack stepped by RecurrentSteps (each step's input needs the previous
// step's attention output) and GlobalAttention called once per step on N rows; backward walks the steps
// in reverse, handing the gradient on the fed-back h̃_{t-1} from step t to step t-1.
#include "lstmkit/nn/attention_decoder.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "recurrent_impl.h"

namespace lstmkit::nn {
namespace {

RecurrentConfig stack_config(const AttentionDecoderConfig& c) {
  // Input feeding: the stack reads [e_t; h̃_{t-1}]. Widths are checked by Recurrent::parameter_shapes;
  // only their sum could overflow here.
  const int64_t input = static_cast<int64_t>(c.embed) + c.hidden;
  if (c.embed <= 0 || input > kMaxWidth)
    throw Error("attention decoder", "embedding width " + std::to_string(c.embed) + " plus hidden width " +
                                         std::to_string(c.hidden) + " is outside [1, " + std::to_string(kMaxWidth) + "]",
                "use a positive `embed` and smaller widths");
  return {c.cell, static_cast<int>(input), c.hidden, c.layers, c.dropout, c.precision};
}

AttentionConfig attention_config(const AttentionDecoderConfig& c) { return {c.attention, c.hidden, c.memory}; }

float* grow(std::vector<float>& v, size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

// x [N, E + H] = [e; feed], feed null meaning zeros.
void feed_input(int N, int E, int H, const float* e, const float* feed, float* x) {
  for (size_t n = 0; n < static_cast<size_t>(N); ++n) {
    float* row = x + n * (E + H);
    std::copy(e + n * E, e + (n + 1) * E, row);
    if (feed) std::copy(feed + n * H, feed + (n + 1) * H, row + E);
    else std::fill(row + E, row + E + H, 0.0f);
  }
}

}  // namespace

std::vector<ParamShape> AttentionDecoder::parameter_shapes(const std::string& prefix,
                                                           const AttentionDecoderConfig& c) {
  std::vector<ParamShape> shapes = Recurrent::parameter_shapes(prefix + ".rnn", stack_config(c));
  for (ParamShape& s : GlobalAttention::parameter_shapes(prefix + ".attn", attention_config(c)))
    shapes.push_back(std::move(s));
  return shapes;
}

AttentionDecoder::AttentionDecoder(Parameters& params, const std::string& prefix,
                                   const AttentionDecoderConfig& config)
    : config_(config),
      rnn_(params, prefix + ".rnn", stack_config(config)),
      attn_(params, prefix + ".attn", attention_config(config)),
      steps_(rnn_) {}

void AttentionDecoder::initialize(InitScheme scheme, Rng& rng) {
  rnn_.initialize(scheme, rng);
  attn_.initialize(scheme, rng);
}

void AttentionDecoder::forward_training(int T, int N, const float* emb, int S, const float* memory,
                                        const int* lengths, const RecurrentState* init, float* out,
                                        float* align, Rng& dropout_rng) {
  if (T <= 0 || !emb || !out)
    throw Error("attention decoder forward_training", "needs T >= 1 steps, embeddings and an output buffer",
                "pass emb [T, N, E] and out [T, N, H]");
  pending_ = false;
  attn_.set_memory(S, N, memory, lengths);  // checks S, N and the lengths
  steps_.begin(N, init);
  T_ = T, N_ = N, S_ = S;
  const int E = config_.embed, H = config_.hidden, M = config_.memory;
  const size_t NE = static_cast<size_t>(N) * E, NH = static_cast<size_t>(N) * H,
               NM = static_cast<size_t>(N) * M, NS = static_cast<size_t>(N) * S;
  float* x = grow(x_, static_cast<size_t>(N) * (E + H));
  float* h = grow(h_, T * NH);
  float* tilde = grow(tilde_, T * NH);
  float* context = grow(context_, T * NM);
  float* a = grow(align_, T * NS);
  const bool dropout = config_.dropout > 0.0f;
  float* mask = dropout ? grow(mask_, T * NH) : nullptr;
  for (int t = 0; t < T; ++t) {
    feed_input(N, E, H, emb + t * NE, t > 0 ? out + (t - 1) * NH : nullptr, x);
    steps_.forward(x, h + t * NH, dropout_rng);
    attn_.forward(N, h + t * NH, tilde + t * NH, a + t * NS, context + t * NM);
    if (dropout) {
      draw_dropout_mask(mask + t * NH, NH, config_.dropout, dropout_rng);
      apply_mask(tilde + t * NH, mask + t * NH, out + t * NH, NH);
    } else {
      std::copy(tilde + t * NH, tilde + (t + 1) * NH, out + t * NH);
    }
  }
  if (align) std::copy(a, a + T * NS, align);
  pending_ = true;
}

void AttentionDecoder::backward(const float* dout, float* demb, float* dmemory, RecurrentState* dinit) {
  if (!pending_)
    throw Error("attention decoder backward", "no forward_training to backpropagate through",
                "call forward_training before each backward (one backward per forward)");
  if (!dout) throw Error("attention decoder backward", "output gradient is null", "pass dout [T, N, H]");
  pending_ = false;
  const int T = T_, N = N_, S = S_, E = config_.embed, H = config_.hidden, M = config_.memory;
  const size_t NE = static_cast<size_t>(N) * E, NH = static_cast<size_t>(N) * H,
               NM = static_cast<size_t>(N) * M, NS = static_cast<size_t>(N) * S;
  float* dtilde = grow(dtilde_, NH);
  float* dh = grow(dh_, NH);
  float* dx = grow(dx_, static_cast<size_t>(N) * (E + H));
  steps_.begin_backward(nullptr);
  for (int t = T - 1; t >= 0; --t) {
    // d(out_t): from the head, plus from step t+1's input when t+1 exists (dx still holds it).
    for (size_t n = 0; n < static_cast<size_t>(N); ++n)
      for (size_t j = 0; j < static_cast<size_t>(H); ++j)
        dtilde[n * H + j] = dout[t * NH + n * H + j] + (t + 1 < T ? dx[n * (E + H) + E + j] : 0.0f);
    if (config_.dropout > 0.0f) apply_mask(dtilde, mask_.data() + t * NH, dtilde, NH);
    attn_.backward(N, h_.data() + t * NH, align_.data() + t * NS, context_.data() + t * NM,
                   tilde_.data() + t * NH, dtilde, dh);
    steps_.backward(dh, dx);
    if (demb)
      for (size_t n = 0; n < static_cast<size_t>(N); ++n)
        std::copy(dx + n * (E + H), dx + n * (E + H) + E, demb + t * NE + n * E);
  }
  if (dinit) steps_.initial_state_gradient(*dinit);
  // Always called: for bahdanau it also adds linear_context's gradient.
  attn_.memory_gradient(dmemory ? dmemory : grow(dmemory_, static_cast<size_t>(S) * NM));
}

void AttentionDecoder::begin_inference(int S, int N, const float* memory, const int* lengths) {
  pending_ = false;  // the bank the pending backward needed is replaced
  attn_.set_memory(S, N, memory, lengths);
  N_ = N, S_ = S;
}

void AttentionDecoder::step(const float* emb, AttentionDecoderState& state, float* out, float* align) {
  const int N = N_, E = config_.embed, H = config_.hidden;
  const size_t NH = static_cast<size_t>(N) * H;
  if (N == 0) throw Error("attention decoder step", "no memory bank set", "call begin_inference first");
  pending_ = false;  // the buffers a pending backward needs are about to be reused
  if (!emb || !out) throw Error("attention decoder step", "embeddings or output buffer is null", "pass emb [N, E] and out [N, H]");
  if (!state.feed.empty() && state.feed.size() != NH)
    throw Error("attention decoder step", "fed-back vector has " + std::to_string(state.feed.size()) +
                                              " values, expected N·H = " + std::to_string(NH),
                "pass the state of the previous step, or an empty one for the first");
  float* x = grow(x_, static_cast<size_t>(N) * (E + H));
  feed_input(N, E, H, emb, state.feed.empty() ? nullptr : state.feed.data(), x);
  float* h = grow(h_, NH);
  rnn_.forward_inference(1, N, x, &state.rnn, h, &state.rnn);
  attn_.forward(N, h, out, align ? align : grow(align_, static_cast<size_t>(N) * S_),
                grow(context_, static_cast<size_t>(N) * config_.memory));
  state.feed.assign(out, out + NH);
}

}  // namespace lstmkit::nn
