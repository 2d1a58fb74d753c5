#pragma once
// The encoder–decoder translator. Without attention it is Keras' lstm_seq2seq (Sutskever et al. 2014):
//
//   source ids [T_s, N] ─input─► encoder Recurrent (L layers) ─► final (h, c) of every layer [L, N, H]
//                                                                        │ initial state of decoder layer k
//   <s> y_1 … y_n  [T_t, N] ─input─► decoder Recurrent (L layers) ◄──────┘
//                                    └─► [T_t, N, H] ─► Dense head ─► logits [T_t, N, V_t] ─► softmax
//
// With attention (luong | bahdanau) the decoder is OpenNMT-py's input-feeding attention decoder
// (nn::AttentionDecoder) over the encoder's outputs [T_s, N, D·H], and the head reads its attentional
// vectors h̃ [T_t, N, H]; every position of a source is attended (batches hold sources of one length).
// With bidirectional the encoder is the bidirectional stack (both directions' outputs concatenated), and
// the decoder's initial state comes from the two directions' final states through nn::RecurrentBridge,
// a learned tanh projection per layer — what Marian and OpenNMT-py's `bridge` do; rather than starting
// the decoder from the left-to-right state alone (which ignores half the encoder), or from a sum of the
// directions (which fixes the mixing), or from zeros (which leaves all of the source to the attention).
//
// Each input is one-hot ([T, N, V], embed 0, the seed's model) or a learned embedding ([T, N, E]).
// The loss is the cross-entropy of y_1 … y_n </s>, ignoring <pad> targets, averaged over real target
// tokens. Without attention its gradient reaches the encoder only through the decoder's initial state;
// with attention also through the encoder outputs.
// Parameters are PyTorch's: `encoder.rnn.*` (nn.LSTM/GRU/RNN, `_reverse` tensors when bidirectional),
// `bridge.h.*` and `bridge.c.*` (LSTM) when bidirectional, `decoder.rnn.*` (its input is E + H with
// attention: input feeding), `decoder.attn.*` (OpenNMT's GlobalAttention names: `linear_in.weight`,
// `linear_out.weight` …), `head.*` (nn.Linear H → V_t), and with embeddings `encoder.embed.weight`
// [V_s, E] and `decoder.embed.weight` [V_t, E] (nn.Embedding, padding_idx 0). With tie_embeddings
// (E = H) the decoder's embedding is head.weight, stored under both names with the same values. With
// reverse_source the encoder reads each source backwards (the model does it, so training and decoding
// always agree; alignments are reported in the source's own order).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lstmkit/data/s2s_batches.h"
#include "lstmkit/models/model.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/models/token_input.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/attention_decoder.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/nn/recurrent_bridge.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::models {

class DecoderSession;

// The encoder and the decoder have the same stack: the decoder's layer k starts from the encoder's.
struct S2sConfig : StackConfig {
  bool reverse_source = false;
  int embed = 0;                // E of both embeddings; 0: one-hot inputs
  bool tie_embeddings = false;  // the decoder's embedding is the head's weight (needs E = H)
  std::optional<nn::AttentionKind> attention = std::nullopt;  // none: the seed's decoder, started by the encoder alone
  bool bidirectional = false;                  // the encoder reads both ways; a bridge starts the decoder
};

// The `config` metadata: {"cell", "hidden", "layers", "dropout", "reverse_source", "source_vocab_size",
// "target_vocab_size"}, plus "embed" when it is not 0, "tie_embeddings", "bidirectional" when true and
// "attention" when there is one, so the seed's model writes and reads the config it always had.
std::string s2s_config_json(const S2sConfig& config, int source_vocab_size, int target_vocab_size);
S2sConfig s2s_config_from_json(const std::string& json, const std::string& source);

// What the decoder needs of N sources of `steps` tokens: its initial state, every layer's h (and c for
// LSTM) [L, N, H] (the encoder's final state, through the bridge when bidirectional), and for attention
// the encoder's outputs [steps, N, M] (M = D·H), in the order the encoder read them.
struct EncoderState {
  nn::RecurrentState initial;
  int source_length = 0;     // tokens as written
  int steps = 0;             // positions of the memory: source_length, or 1 for an empty source
  std::vector<float> memory;  // attention only
};

class Seq2Seq : public Model {
 public:
  Seq2Seq(text::Vocab source_vocab, text::Vocab target_vocab, const S2sConfig& config);

  // The tensors the model registers, from its config alone (encoder.rnn.*, bridge.*, decoder.rnn.*,
  // decoder.attn.*, head.*, then encoder.embed.weight and decoder.embed.weight with embeddings).
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
  void initialize(nn::InitScheme scheme, Rng& rng) override;
  // Primitive shapes cached by the encoder and decoder stacks (their oneDNN plans).
  size_t cached_shapes() const;

  // Label smoothing ε of train_batch's loss (nn::softmax_cross_entropy); evaluation stays plain.
  void set_label_smoothing(float epsilon) { label_smoothing_ = epsilon; }
  // Forward and backward of one batch: ADDS `scale` × the gradient of the batch's mean cross-entropy
  // (over its non-<pad> targets) into parameters().grads(). `dropout_rng` drives dropout.
  nn::CrossEntropy train_batch(const data::S2sBatch& batch, Rng& dropout_rng, float scale = 1.0f);
  // The same loss without gradients or dropout.
  nn::CrossEntropy evaluate_batch(const data::S2sBatch& batch);

  // The decoding contract (as Marian's): encode(), then a DecoderSession. source [T, N] ids as written.
  // T = 0 (empty sources) gives the zero state; with attention, which needs a position to attend to, an
  // empty source is read as one <pad>.
  EncoderState encode(int T, int N, const int32_t* source);

 protected:
  // config, source_vocab, target_vocab.
  io::Metadata own_metadata() const override;

 private:
  friend class DecoderSession;
  // Attention models: the bank the following steps of `owner` attend to, memory [S, N, M] and lengths
  // [N] (not copied: valid until the last step).
  void begin_decoding(const DecoderSession* owner, int S, int N, const float* memory, const int* lengths);
  // Whether the attention still holds `owner`'s bank (no other session or batch has replaced it).
  bool decoding_for(const DecoderSession* owner) const { return bank_owner_ == owner; }
  // One decoder step of N rows: tokens [N] (the previous outputs, <s> first), state in and out,
  // log_probs [N, V_t] out, and with attention align [N, S].
  void decode_step(int N, const int32_t* tokens, nn::AttentionDecoderState& state, float* log_probs, float* align);
  // The training or evaluation forward from the inputs to logits_; with `dropout_rng` (training) it keeps
  // what backward needs.
  void forward(const data::S2sBatch& batch, Rng* dropout_rng);
  // The decoder's initial state for N rows from encoded_: through the bridge when there is one.
  const nn::RecurrentState& decoder_init(int N);

 private:
  text::Vocab source_vocab_, target_vocab_;
  S2sConfig config_;
  // Exactly one decoder: the plain stack without attention, the attention decoder with.
  nn::Recurrent encoder_;
  std::unique_ptr<nn::RecurrentBridge> bridge_;  // bidirectional only
  std::unique_ptr<nn::Recurrent> decoder_;
  std::unique_ptr<nn::AttentionDecoder> attention_decoder_;
  nn::Dense head_;
  TokenInput source_input_, target_input_;  // after head_: a tied target embedding is the head's weight
  float label_smoothing_ = 0.0f;
  // Reused between calls, so steady-state training allocates only when a bigger shape arrives.
  std::vector<float> y_enc_;    // [T_s, N, D·H]: the attention's memory; otherwise unused (zero gradient)
  std::vector<int> lengths_;    // [N] source lengths for the attention
  std::vector<float> y_dec_;    // [T_t, N, H]
  std::vector<float> logits_;   // [T_t, N, V_t]
  std::vector<float> dlogits_;  // [T_t, N, V_t]
  std::vector<float> dy_;       // [T_t, N, H]
  std::vector<float> dy_enc_;   // [T_s, N, D·H]: d(memory) with attention, else zeros
  std::vector<float> dx_;       // [T_t, N, E], then [T_s, N, E]: the embeddings' gradients
  nn::RecurrentState encoded_, bridged_, dinit_, dencoded_;  // [L·D, N, H] and [L, N, H]
  const DecoderSession* bank_owner_ = nullptr;  // whose bank the attention holds
};

// A decoding session over N rows, the only thing greedy and beam search see of the model:
// start(encoder state) → step(previous tokens) → log-probs, and select(rows) to keep and reorder
// hypotheses between steps. The state a row carries is the decoder's (h, c), and with attention the
// fed-back attentional vector and the source it attends to. Buffers are reused: once the row count is
// steady, a step and a select allocate nothing. Sessions of one model may interleave (a step gives the
// attention its own bank back when another session had it); one thread at a time.
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
  // Attention models, after a step: the source position (as written, 0-based) that row `row` attended
  // to most in that step; -1 for an empty source. Throws lstmkit::Error for a model without attention.
  int32_t attended(int row) const;

 private:
  // Attention: the bank of row r is sentence source_of_row_[r]'s; rebuilt when that mapping changes.
  void attend_rows();

  Seq2Seq& model_;
  int rows_ = 0;
  nn::AttentionDecoderState state_, selected_;  // [L, rows, H] (and the fed-back vector [rows, H])
  std::vector<float> log_probs_;                // [rows, V_t]
  // Attention only.
  EncoderState encoded_;                              // the sentences' bank [S, N, M]
  int sentences_ = 0;                                 // N
  std::vector<int32_t> source_of_row_, next_source_;  // [rows] sentence of each row
  std::vector<float> memory_;                         // [S, rows, M]
  std::vector<int> lengths_;                          // [rows]
  std::vector<float> align_;                          // [rows, S] of the last step
};

}  // namespace lstmkit::models
