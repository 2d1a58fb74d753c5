#include "lstmkit/data/lm_batches.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "lstmkit/error.h"

namespace lstmkit::data {

namespace {
void check_shape(size_t batch, size_t seq_len) {
  if (batch == 0) throw UsageError("`batch`", "batch size 0", "use a batch size of at least 1");
  if (seq_len == 0) throw UsageError("`seq_len`", "sequence length 0", "use a sequence length of at least 1");
}

// "`batch` 64 x (`seq_len` 100 + 1) = 6464 tokens"
std::string need(size_t batch, size_t seq_len) {
  return "`batch` " + std::to_string(batch) + " x (`seq_len` " + std::to_string(seq_len) +
         " + 1) = " + std::to_string(lm_min_tokens(batch, seq_len)) + " tokens";
}
}  // namespace

size_t lm_min_tokens(size_t batch, size_t seq_len) { return batch * (seq_len + 1); }

size_t lm_validation_streams(size_t val_tokens, size_t batch, size_t seq_len) {
  return std::min(batch, val_tokens / (seq_len + 1));
}

LmBatches::LmBatches(std::vector<int32_t> ids, size_t batch, size_t seq_len)
    : ids_(std::move(ids)), batch_(batch), seq_len_(seq_len), stream_(0), batches_(0) {
  check_shape(batch, seq_len);
  stream_ = ids_.size() / batch_;
  batches_ = stream_ > 0 ? (stream_ - 1) / seq_len_ : 0;
  if (batches_ == 0)
    throw UsageError("`seq_len`",
                     "the text has " + std::to_string(ids_.size()) + " tokens, fewer than one batch needs (" +
                         need(batch, seq_len) + ")",
                     "lower `batch` or `seq_len`, or use a longer text");
}

void LmBatches::fill(size_t j, LmBatch& out) const { fill(j, out, {0, batch_}); }

void LmBatches::fill(size_t j, LmBatch& out, dist::Range streams) const {
  if (j >= batches_)
    throw Error("batch " + std::to_string(j), "past the end of the epoch (" + std::to_string(batches_) +
                                                  " batches of `batch` " + std::to_string(batch_) +
                                                  " x `seq_len` " + std::to_string(seq_len_) + ")",
                "resume with the `batch` and `seq_len` the run was started with");
  const size_t n = streams.size();
  out.steps = seq_len_;
  out.batch = n;
  out.inputs.resize(seq_len_ * n);
  out.targets.resize(seq_len_ * n);
  for (size_t b = 0; b < n; ++b) {
    const int32_t* src = ids_.data() + (streams.begin + b) * stream_ + j * seq_len_;
    for (size_t t = 0; t < seq_len_; ++t) {
      out.inputs[t * n + b] = src[t];
      out.targets[t * n + b] = src[t + 1];
    }
  }
}

LmBatch LmBatches::at(size_t j) const {
  LmBatch out;
  fill(j, out);
  return out;
}

LmSplit split_tail(std::span<const int32_t> ids, double val_frac, size_t batch, size_t seq_len) {
  check_shape(batch, seq_len);
  if (!(val_frac >= 0.0 && val_frac < 1.0))
    throw UsageError("`val_frac`", "validation fraction " + std::to_string(val_frac) + " is outside [0, 1)",
                     "use e.g. `val_frac` 0.1, or 0 for no validation");
  const size_t min_tokens = lm_min_tokens(batch, seq_len);
  const auto val_len = static_cast<size_t>(std::llround(static_cast<double>(ids.size()) * val_frac));
  const size_t train_len = ids.size() - val_len;
  if (val_frac > 0.0 && lm_validation_streams(val_len, batch, seq_len) == 0)
    throw UsageError("`val_frac`",
                     "the validation part has " + std::to_string(val_len) + " tokens, fewer than one window needs (" +
                         need(1, seq_len) + ")",
                     "raise `val_frac`, lower `seq_len`, or use `val_frac` 0 for no validation");
  if (train_len < min_tokens)
    throw UsageError("`seq_len`",
                     "the training part has " + std::to_string(train_len) + " tokens, fewer than one batch needs (" +
                         need(batch, seq_len) + ")",
                     "lower `batch` or `seq_len`, lower `val_frac`, or use a longer text");
  LmSplit split;
  split.train.assign(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(train_len));
  split.val.assign(ids.begin() + static_cast<std::ptrdiff_t>(train_len), ids.end());
  return split;
}

void fill_one_hot(std::span<float> out, std::span<const int32_t> ids, size_t vocab) {
  if (out.size() != ids.size() * vocab)
    throw Error("one-hot", "buffer of " + std::to_string(out.size()) + " floats for " +
                               std::to_string(ids.size()) + " ids x vocabulary " + std::to_string(vocab),
                "size the buffer [T, N, V]");
  std::fill(out.begin(), out.end(), 0.0f);
  for (size_t i = 0; i < ids.size(); ++i) {
    const int32_t id = ids[i];
    if (id < 0 || static_cast<size_t>(id) >= vocab)
      throw Error("token " + std::to_string(i), "id " + std::to_string(id) + " is outside the vocabulary of " +
                                                    std::to_string(vocab),
                  "use the vocabulary the ids were encoded with");
    out[i * vocab + static_cast<size_t>(id)] = 1.0f;
  }
}

}  // namespace lstmkit::data
