#include "lstmkit/models/token_input.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::models {

TokenInput::TokenInput(nn::Parameters& params, const std::string& prefix, int vocab, int embed) : vocab_(vocab) {
  if (embed > 0) embedding_.emplace(params, prefix, vocab, embed, text::kPadId);
}

TokenInput::TokenInput(nn::Parameters& params, const std::string& prefix, nn::ParamId table)
    : vocab_(static_cast<int>(params.view(table).shape.at(0))) {
  embedding_.emplace(params, params.tie(prefix + ".weight", table), text::kPadId);
}

std::vector<nn::ParamShape> TokenInput::parameter_shapes(const std::string& prefix, int vocab, int embed) {
  if (embed == 0) return {};
  return nn::Embedding::parameter_shapes(prefix, vocab, embed);
}

void TokenInput::check_tying(const std::string& prefix, int embed, int hidden, bool tie) {
  if (tie && embed != hidden)
    throw Error(prefix, "tied embeddings need the embedding width " + std::to_string(embed) +
                            " to equal the hidden width " + std::to_string(hidden) +
                            " (the table is the output layer's weight [V, H])",
                "give `embed` the value of `hidden`, or leave out `tie_embeddings`");
}

void TokenInput::initialize(nn::InitScheme scheme, Rng& rng) {
  if (embedding_) embedding_->initialize(scheme, rng);
}

const float* TokenInput::forward(int T, int N, const int32_t* ids, bool reverse) {
  const size_t TN = static_cast<size_t>(T) * N;
  ids_.resize(TN);
  for (int t = 0; t < T; ++t)
    std::copy_n(ids + static_cast<size_t>(reverse ? T - 1 - t : t) * N, N, ids_.data() + static_cast<size_t>(t) * N);
  if (embedding_) {
    x_.resize(TN * embedding_->width());
    embedding_->forward(static_cast<int>(TN), ids_.data(), x_.data());
    return x_.data();
  }
  for (const int32_t id : ids_)
    if (id < 0 || id >= vocab_)
      throw Error("model input", "token id " + std::to_string(id) + " is outside the vocabulary of " +
                                     std::to_string(vocab_), "encode text with the model's own vocabulary");
  x_.assign(TN * vocab_, 0.0f);
  for (size_t r = 0; r < TN; ++r) x_[r * vocab_ + ids_[r]] = 1.0f;
  return x_.data();
}

void TokenInput::backward(const float* dx) {
  if (embedding_) embedding_->backward(static_cast<int>(ids_.size()), ids_.data(), dx);
}

}  // namespace lstmkit::models
