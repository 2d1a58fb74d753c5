#pragma once
// The attention decoder of OpenNMT-py's InputFeedRNNDecoder: at each step t
//   x_t = [e_t; h̃_{t-1}]            (input feeding, h̃_0 = 0)
//   h_t = the recurrent stack's step on x_t
//   h̃_t = dropout(GlobalAttention(h_t, encoder outputs))
// and h̃_t [T, N, H] is the output a head projects to the vocabulary. Tensors, under `prefix`:
// `<prefix>.rnn.*` (a Recurrent of input E + H, recurrent.h) and `<prefix>.attn.*` (attention.h).
// Dropout p applies between the stack's layers and to h̃_t (the fed-back vector is the dropped-out one,
// as in OpenNMT). Working buffers grow to the largest batch and are reused; one thread at a time.
#include <memory>
#include <string>
#include <vector>

#include "lstmkit/nn/attention.h"
#include "lstmkit/nn/cell_kind.h"
#include "lstmkit/nn/init.h"
#include "lstmkit/nn/parameters.h"
#include "lstmkit/nn/precision.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/nn/recurrent_steps.h"
#include "lstmkit/rng.h"

namespace lstmkit::nn {

struct AttentionDecoderConfig {
  CellKind cell = CellKind::lstm;
  int embed = 0;   // E: width of a target embedding e_t
  int hidden = 0;  // H
  int layers = 1;  // L
  int memory = 0;  // M: width of an encoder output
  AttentionKind attention = AttentionKind::luong;
  float dropout = 0.0f;  // in [0, 1), training only
  Precision precision = Precision::f32;  // of the recurrent stack
};

// What inference carries from one step to the next, per batch entry; beam search reorders both parts
// by entry. Empty vectors mean zeros (the first step).
struct AttentionDecoderState {
  RecurrentState rnn;       // [L, N, H]
  std::vector<float> feed;  // h̃_{t-1} [N, H]
};

class AttentionDecoder {
 public:
  AttentionDecoder(Parameters& params, const std::string& prefix, const AttentionDecoderConfig& config);

  // The stack's tensors then the attention's. Throws lstmkit::Error on a bad config.
  static std::vector<ParamShape> parameter_shapes(const std::string& prefix, const AttentionDecoderConfig& config);

  const AttentionDecoderConfig& config() const { return config_; }
  Recurrent& rnn() { return rnn_; }
  GlobalAttention& attention() { return attn_; }

  // Initialises both parts with `scheme` (recurrent.h, attention.h).
  void initialize(InitScheme scheme, Rng& rng);

  // T steps for batch N: emb [T, N, E]; memory [S, N, M] and lengths [N] as GlobalAttention::set_memory
  // (not copied: valid until backward returns); init the stack's initial state (null = zeros). Writes
  // out = h̃ [T, N, H] and, unless null, the attention weights align [T, N, S].
  void forward_training(int T, int N, const float* emb, int S, const float* memory, const int* lengths,
                        const RecurrentState* init, float* out, float* align, Rng& dropout_rng);

  // Backward of the last forward_training: dout [T, N, H]. Writes demb [T, N, E], dmemory [S, N, M] and
  // dinit (the stack's initial state), each unless null; adds every parameter gradient.
  void backward(const float* dout, float* demb, float* dmemory, RecurrentState* dinit);

  // Inference over a bank (not copied: valid until the last step): then one step at a time, for greedy
  // and beam search. A step reads emb [N, E] and `state`, writes out [N, H] and align [N, S] (unless
  // null) and advances `state`; no dropout, and no allocation once the state has its size.
  void begin_inference(int S, int N, const float* memory, const int* lengths);
  void step(const float* emb, AttentionDecoderState& state, float* out, float* align);

 private:
  AttentionDecoderConfig config_;
  Recurrent rnn_;
  GlobalAttention attn_;
  RecurrentSteps steps_;
  int T_ = 0, N_ = 0, S_ = 0;
  bool pending_ = false;  // a forward_training whose backward has not run
  // Grow-only: per step t of the last forward_training ([T, N, ·]) or one step ([N, ·]).
  std::vector<float> x_;        // [N, E + H] one step's input
  std::vector<float> h_;        // [T, N, H] the stack's outputs
  std::vector<float> tilde_;    // [T, N, H] h̃ before dropout
  std::vector<float> context_;  // [T, N, M]
  std::vector<float> align_;    // [T, N, S]
  std::vector<float> mask_;     // [T, N, H] dropout on h̃
  std::vector<float> dtilde_, dh_, dx_, dmemory_;
};

}  // namespace lstmkit::nn
