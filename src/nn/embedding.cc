#include "lstmkit/nn/embedding.h"

#include <algorithm>

#include "lstmkit/error.h"
#include "lstmkit/nn/recurrent.h"

namespace lstmkit::nn {

namespace {

void check_ids(int rows, const int32_t* ids, int vocab) {
  if (rows < 0) throw Error("Embedding", "negative row count " + std::to_string(rows), "pass rows >= 0");
  for (int r = 0; r < rows; ++r)
    if (ids[r] < 0 || ids[r] >= vocab)
      throw Error("Embedding", "token id " + std::to_string(ids[r]) + " is outside the vocabulary of " +
                                   std::to_string(vocab),
                  "encode text with the model's own vocabulary");
}

}  // namespace

std::vector<ParamShape> Embedding::parameter_shapes(const std::string& prefix, int vocab, int width) {
  if (vocab <= 0 || width <= 0 || vocab > kMaxWidth || width > kMaxWidth)
    throw Error(prefix + ".weight",
                "embedding needs a vocabulary and a width in [1, " + std::to_string(kMaxWidth) + "], got " +
                    std::to_string(vocab) + " tokens of width " + std::to_string(width),
                "check the model's vocabulary and `embed`");
  return {{prefix + ".weight", {vocab, width}}};
}

Embedding::Embedding(Parameters& params, const std::string& prefix, int vocab, int width, int padding_idx)
    : params_(params), vocab_(vocab), width_(width), padding_idx_(padding_idx), tied_(false) {
  std::vector<ParamShape> shapes = parameter_shapes(prefix, vocab, width);
  weight_ = params.add(std::move(shapes[0].name), std::move(shapes[0].shape));
}

Embedding::Embedding(Parameters& params, ParamId table, int padding_idx)
    : params_(params), weight_(table), padding_idx_(padding_idx), tied_(true) {
  const std::vector<int64_t>& shape = params.view(table).shape;
  if (shape.size() != 2)
    throw Error(params.view(table).name, "an embedding table must have two dimensions [V, E]",
                "tie the embedding to a matrix");
  vocab_ = static_cast<int>(shape[0]);
  width_ = static_cast<int>(shape[1]);
}

void Embedding::initialize(InitScheme scheme, Rng& rng) {
  if (tied_) return;
  float* w = params_.value(weight_);
  const size_t size = static_cast<size_t>(vocab_) * width_;
  if (scheme == InitScheme::keras) {
    init_uniform(w, size, 0.05f, rng);
  } else {
    for (size_t i = 0; i < size; ++i) w[i] = static_cast<float>(rng.normal());
  }
  if (padding_idx_ >= 0 && padding_idx_ < vocab_)
    std::fill_n(w + static_cast<size_t>(padding_idx_) * width_, width_, 0.0f);
  params_.mark_updated();
}

void Embedding::forward(int rows, const int32_t* ids, float* x) const {
  check_ids(rows, ids, vocab_);
  const float* w = params_.value(weight_);
  const size_t E = static_cast<size_t>(width_);
  for (int r = 0; r < rows; ++r) std::copy_n(w + static_cast<size_t>(ids[r]) * E, E, x + static_cast<size_t>(r) * E);
}

void Embedding::backward(int rows, const int32_t* ids, const float* dx) {
  check_ids(rows, ids, vocab_);
  float* g = params_.grad(weight_);
  const size_t E = static_cast<size_t>(width_);
  for (int r = 0; r < rows; ++r) {
    if (ids[r] == padding_idx_) continue;
    float* row = g + static_cast<size_t>(ids[r]) * E;
    const float* d = dx + static_cast<size_t>(r) * E;
    for (size_t e = 0; e < E; ++e) row[e] += d[e];
  }
}

}  // namespace lstmkit::nn
