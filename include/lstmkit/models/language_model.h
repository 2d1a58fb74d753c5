#pragma once
// The language model: tokens [T, N] → one-hot [T, N, V] or embedding [T, N, E] → recurrent stack →
// Dense head → softmax over V. Parameters are PyTorch's `rnn.*` (nn.LSTM/GRU/RNN with input size V, or
// E), `head.*` (nn.Linear) and, with an embedding, `embed.weight` [V, E] (nn.Embedding, padding_idx 0).
// A tied embedding (tie_embeddings, E = H) is head.weight itself, stored under both names with the same
// values: PyTorch's `model.embed.weight = model.head.weight` loads it with load_state_dict.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "lstmkit/models/model.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/models/token_input.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::models {

// The language model is its recurrent stack and its input; the vocabulary gives the input and output sizes.
struct LmConfig : StackConfig {
  int embed = 0;                // E; 0: one-hot input of width V
  bool tie_embeddings = false;  // the embedding is the head's weight (needs E = H)
};

// The `config` metadata: {"cell", "hidden", "layers", "dropout", "vocab_size"}, plus "embed" when it is
// not 0 and "tie_embeddings" when true (a one-hot model's config is what it always was).
std::string lm_config_json(const LmConfig& config, int vocab_size);
LmConfig lm_config_from_json(const std::string& json, const std::string& source);

class LanguageModel : public Model {
 public:
  LanguageModel(text::Vocab vocab, const LmConfig& config);

  // The tensors the model registers, from its config alone (layers' order: rnn.*, head.*, embed.weight).
  // Throws lstmkit::Error for sizes out of the layers' limits or tying without E = H.
  static std::vector<nn::ParamShape> parameter_shapes(const LmConfig& config, int vocab_size);

  // Builds the model a checkpoint describes and loads its weights. Throws lstmkit::Error at the file when
  // it is not a language model or its config is bad or does not match its tensors — checked before
  // anything is allocated.
  // `precision`: the run's choice for the recurrent math (the checkpoint is f32 either way).
  static std::unique_ptr<LanguageModel> load(const std::filesystem::path& path,
                                             nn::Precision precision = nn::Precision::f32);

  const text::Vocab& vocab() const { return vocab_; }
  const LmConfig& config() const { return config_; }
  int vocab_size() const { return vocab_.size(); }
  void initialize(nn::InitScheme scheme, Rng& rng) override;

  // Label smoothing ε of train_batch's loss (nn::softmax_cross_entropy); evaluation stays plain.
  void set_label_smoothing(float epsilon) { label_smoothing_ = epsilon; }

  // ids, targets [T, N]. `state` is the initial state on entry and the final one on return (state is
  // carried across windows, gradients are not: truncated BPTT). ADDS the gradient of the batch's mean
  // cross-entropy into parameters().grads().
  nn::CrossEntropy train_batch(int T, int N, const int32_t* ids, const int32_t* targets,
                               nn::RecurrentState& state, Rng& dropout_rng);
  // The same loss without gradients or dropout.
  nn::CrossEntropy evaluate_batch(int T, int N, const int32_t* ids, const int32_t* targets,
                                  nn::RecurrentState& state);
  // Inference logits [T, N, V] for ids [T, N], carrying `state`.
  void forward_logits(int T, int N, const int32_t* ids, nn::RecurrentState& state, float* logits);

 protected:
  // config, vocab.
  io::Metadata own_metadata() const override;

 private:
  void forward_inference(int T, int N, const int32_t* ids, nn::RecurrentState& state);

  text::Vocab vocab_;
  LmConfig config_;
  nn::Recurrent rnn_;
  nn::Dense head_;
  TokenInput input_;  // after head_: a tied embedding is the head's weight
  float label_smoothing_ = 0.0f;
  // Reused between calls of one shape, so steady-state training allocates nothing.
  std::vector<float> dx_;       // [T, N, E], the embedding's gradient (no one-hot gradient is formed)
  std::vector<float> y_;        // [T, N, H] recurrent outputs
  std::vector<float> logits_;   // [T, N, V]
  std::vector<float> dlogits_;  // [T, N, V]
  std::vector<float> dy_;       // [T, N, H]
  nn::RecurrentState next_;     // final state before it is swapped into the caller's
};

}  // namespace lstmkit::models
