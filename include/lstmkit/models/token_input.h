#pragma once
// The input side of a model's recurrent stack: token ids [T, N] → x [T, N, I], either
//   one-hot   I = V, no parameters — the seed's contract, and what `embed` 0 keeps bit for bit; or
//   embedding I = E, `<prefix>.weight` [V, E] (nn.Embedding, <pad> as its padding row), optionally tied
//             to the output layer's weight [V, H] (E = H), the table then being stored under both names.
// The one-hot x [T, N, V] is built because oneDNN 2.6.3's RNN primitives always multiply their
// weights_layer by src_layer themselves: no RNN descriptor takes a precomputed input projection or
// skips the layer GEMM, so W_ih · onehot(v) = W_ih[:, v] cannot become a gather inside them. (Feeding the
// gathered columns [T, N, G·H] through identity weights would work, at T·N·(G·H)² instead of T·N·G·H·V:
// a gain only for V > G·H.) --embed E is the proportional-cost input: a [T, N, E] gather.
// Models keep one per input (the language model's tokens, the encoder's sources, the decoder's previous
// targets) so that training, validation, sampling and decoding read their inputs through the same code.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lstmkit/nn/embedding.h"
#include "lstmkit/nn/parameters.h"

namespace lstmkit::models {

class TokenInput {
 public:
  // embed 0: one-hot over `vocab`; embed > 0: registers the Embedding `<prefix>.weight` [vocab, embed].
  TokenInput(nn::Parameters& params, const std::string& prefix, int vocab, int embed);
  // An embedding that is `table` (a [V, E] tensor another layer registered) under the name
  // `<prefix>.weight` (Parameters::tie).
  TokenInput(nn::Parameters& params, const std::string& prefix, nn::ParamId table);

  // `<prefix>.weight` [vocab, embed] when embed > 0; nothing for one-hot. Throws lstmkit::Error for
  // sizes out of the layers' limits.
  static std::vector<nn::ParamShape> parameter_shapes(const std::string& prefix, int vocab, int embed);

  // I: the stack's input width for a vocabulary of `vocab` and embedding width `embed` (0: one-hot).
  static int width(int vocab, int embed) { return embed > 0 ? embed : vocab; }
  // Throws lstmkit::Error at `prefix` when `tie` is asked without an embedding as wide as the hidden
  // layer (the tied table is the head's weight [V, H]).
  static void check_tying(const std::string& prefix, int embed, int hidden, bool tie);

  int width() const { return embedding_ ? embedding_->width() : vocab_; }  // I
  void initialize(nn::InitScheme scheme, Rng& rng);

  // x [T, N, I] for ids [T, N], read backwards in time when `reverse`; valid until the next call. Throws
  // lstmkit::Error for an id outside the vocabulary.
  const float* forward(int T, int N, const int32_t* ids, bool reverse = false);
  // Whether backward() wants dx: only an embedding learns from its input's gradient.
  bool wants_gradient() const { return embedding_.has_value(); }
  // dx [T, N, I] for the last forward: ADDS into the embedding's gradient.
  void backward(const float* dx);

 private:
  int vocab_;
  std::optional<nn::Embedding> embedding_;
  std::vector<int32_t> ids_;  // [T, N] as the stack reads them (reversed if asked)
  std::vector<float> x_;      // [T, N, I]
};

}  // namespace lstmkit::models
