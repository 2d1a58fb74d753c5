#pragma once
// The language model: one-hot tokens [T, N, V] → recurrent stack → Dense head → softmax over V.
// Parameters are PyTorch's `rnn.*` (nn.LSTM/GRU/RNN with input size V) and `head.*` (nn.Linear).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "lstmkit/io/checkpoint.h"
#include "lstmkit/models/stack_config.h"
#include "lstmkit/nn/dense.h"
#include "lstmkit/nn/loss.h"
#include "lstmkit/nn/recurrent.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::models {

// The language model is its recurrent stack; the vocabulary gives the input and output sizes.
using LmConfig = StackConfig;

// The `config` metadata: {"cell", "hidden", "layers", "dropout", "vocab_size"}.
std::string lm_config_json(const LmConfig& config, int vocab_size);
LmConfig lm_config_from_json(const std::string& json, const std::string& source);

class LanguageModel {
 public:
  LanguageModel(text::Vocab vocab, const LmConfig& config);

  // The tensors the model registers, from its config alone (layers' order: rnn.*, head.*).
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
  nn::Parameters& parameters() { return params_; }
  const nn::Parameters& parameters() const { return params_; }
  void initialize(nn::InitScheme scheme, Rng& rng);
  // kind "lm", config, vocab.
  io::Metadata metadata() const;

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

 private:
  void forward_inference(int T, int N, const int32_t* ids, nn::RecurrentState& state);

  text::Vocab vocab_;
  LmConfig config_;
  nn::Parameters params_;
  nn::Recurrent rnn_;
  nn::Dense head_;
  // Reused between calls of one shape, so steady-state training allocates nothing.
  std::vector<float> x_;        // [T, N, V] one-hot input
  std::vector<float> y_;        // [T, N, H] recurrent outputs
  std::vector<float> logits_;   // [T, N, V]
  std::vector<float> dlogits_;  // [T, N, V]
  std::vector<float> dy_;       // [T, N, H]
  nn::RecurrentState next_;     // final state before it is swapped into the caller's
};

}  // namespace lstmkit::models
