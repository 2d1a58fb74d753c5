#pragma once
// The encoder–decoder translator (Sutskever et al. 2014; Keras' lstm_seq2seq):
//
//   source ids [T_s, N] ─input─► encoder Recurrent (L layers) ─► final (h, c) of every layer [L, N, H]
//                                                                        │ initial state of decoder layer k
//   <s> y_1 … y_n  [T_t, N] ─input─► decoder Recurrent (L layers) ◄──────┘
//                                    └─► [T_t, N, H] ─► Dense head ─► logits [T_t, N, V_t] ─► softmax
//
// Each input is one-hot ([T, N, V], embed 0, the seed's model) or a learned embedding ([T, N, E]).
// The loss is the cross-entropy of y_1 … y_n </s>, ignoring <pad> targets, averaged over real target
// tokens. Its gradient reaches the encoder only through the decoder's initial state: the decoder's
// backward returns d(initial state), which is the encoder's gradient on its final state.
// Parameters are PyTorch's: `encoder.rnn.*` and `decoder.rnn.*` (nn.LSTM/GRU/RNN with inputs of V_s and
// V_t, or E), `head.*` (nn.Linear H → V_t), and with embeddings `encoder.embed.weight` [V_s, E] and
// `decoder.embed.weight` [V_t, E] (nn.Embedding, padding_idx 0). With tie_embeddings (E = H) the
// decoder's embedding is head.weight, stored under both names with the same values. With
// reverse_source the encoder reads each source backwards (the model does it, so training and decoding
// always agree).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/s2s_batches.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/models/token_input.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::models {

// The encoder and the decoder have the same stack: the decoder's layer k starts from the encoder's.
struct S2sConfig : StackConfig {
  bool reverse_source = false;
  int embed = 0;                // E of both embeddings; 0: one-hot inputs
  bool tie_embeddings = false;  // the decoder's embedding is the head's weight (needs E = H)
};

// The `config` metadata: {"cell", "hidden", "layers", "dropout", "reverse_source", "source_vocab_size",
// "target_vocab_size"}, plus "embed" when it is not 0 and "tie_embeddings" when true.
std::string s2s_config_json(const S2sConfig& config, int source_vocab_size, int target_vocab_size);
S2sConfig s2s_config_from_json(const std::string& json, const std::string& source);

// The encoder's summary of N sources: every layer's final h (and c for LSTM), [L, N, H] each.
using EncoderState = nn::RecurrentState;

class Seq2Seq {
 public:
  Seq2Seq(text::Vocab source_vocab, text::Vocab target_vocab, const S2sConfig& config);

  // The tensors the model registers, from its config alone (encoder.rnn.*, decoder.rnn.*, head.*, then
  // encoder.embed.weight and decoder.embed.weight with embeddings).
  static std::vector<nn::ParamShape> parameter_shapes(const S2sConfig& config, int source_vocab_size,
                                                      int target_vocab_size);

  // Builds the model a checkpoint describes and loads its weights. Throws lstmkit::Error at the file when
  // it is not a seq2seq model or its config is bad or does not match its tensors — checked before
  // anything is allocated.
  // `precision`: the run's choice for the recurrent math (the checkpoint is f32 either way).
  static std::unique_ptr<Seq2Seq> load(const std::filesystem::path& path,
                                       nn::Precision precision = nn::Precision::f32);

  const text::Vocab& source_vocab() const { return source_vocab_; }
  const text::Vocab& target_vocab() const { return target_vocab_; }
  const S2sConfig& config() const { return config_; }
  nn::Parameters& parameters() { return params_; }
  const nn::Parameters& parameters() const { return params_; }
  void initialize(nn::InitScheme scheme, Rng& rng);
  // kind "s2s", config, source_vocab, target_vocab.
  io::Metadata metadata() const;
  // Primitive shapes cached by the encoder and decoder stacks (their oneDNN plans).
  size_t cached_shapes() const;

  // Forward and backward of one batch: ADDS `scale` × the gradient of the batch's mean cross-entropy
  // (over its non-<pad> targets) into parameters().grads(). `dropout_rng` drives dropout.
  nn::CrossEntropy train_batch(const data::S2sBatch& batch, Rng& dropout_rng, float scale = 1.0f);
  // The same loss without gradients or dropout.
  nn::CrossEntropy evaluate_batch(const data::S2sBatch& batch);

  // The decoding contract (as Marian's): encode(), then a DecoderSession. source [T, N] ids as written;
  // T = 0 (empty sources) gives the zero state.
  EncoderState encode(int T, int N, const int32_t* source);
  // One decoder step of N rows: tokens [N] (the previous outputs, <s> first), state [L, N, H] in and out,
  // log_probs [N, V_t] out.
  void decode_step(int N, const int32_t* tokens, nn::RecurrentState& state, float* log_probs);

 private:
  text::Vocab source_vocab_, target_vocab_;
  S2sConfig config_;
  nn::Parameters params_;
  nn::Recurrent encoder_, decoder_;
  nn::Dense head_;
  TokenInput source_input_, target_input_;  // after head_: a tied target embedding is the head's weight
  // Reused between calls, so steady-state training allocates only when a bigger shape arrives.
  std::vector<float> y_enc_;    // [T_s, N, H], unused output of the encoder (its gradient is zero)
  std::vector<float> y_dec_;    // [T_t, N, H]
  std::vector<float> logits_;   // [T_t, N, V_t]
  std::vector<float> dlogits_;  // [T_t, N, V_t]
  std::vector<float> dy_;       // [T_t, N, H], then zeros [T_s, N, H] for the encoder
  std::vector<float> dx_;       // [T_t, N, E], then [T_s, N, E]: the embeddings' gradients
  EncoderState encoded_, dencoded_;  // [L, N, H]
};

// A decoding session over N rows, the only thing greedy and beam search see of the model:
// start(encoder state) → step(previous tokens) → log-probs, and select(rows) to keep and reorder
// hypotheses between steps.
class DecoderSession {
 public:
  explicit DecoderSession(Seq2Seq& model) : model_(model) {}

  void start(EncoderState state);
  int rows() const { return rows_; }
  int vocab_size() const { return model_.target_vocab().size(); }
  // tokens [rows()] → log-probabilities [rows(), V_t], valid until the next step.
  std::span<const float> step(std::span<const int32_t> tokens);
  // New row i continues old row rows[i]; the row count becomes rows.size().
  void select(std::span<const int32_t> rows);

 private:
  Seq2Seq& model_;
  int rows_ = 0;
  nn::RecurrentState state_, selected_;  // [L, rows, H]
  std::vector<float> log_probs_;         // [rows, V_t]
};

}  // namespace lstmkit::models
