#pragma once
// Language-model batches in the char-rnn way: the token stream is cut into N contiguous parallel streams
// and each batch is the next window of T tokens of every stream, so the recurrent state left by batch j
// is the right starting state for batch j+1 (truncated BPTT).
//
//   stream b = tokens [b·S, (b+1)·S),  S = floor(len / N)     (the last len − N·S tokens are dropped)
//   batch j, step t, stream b:  input  = token b·S + j·T + t
//                               target = token b·S + j·T + t + 1
//   batches per epoch = floor((S − 1) / T)
//
// A final partial window is dropped too (as char-rnn does), so that every batch has the same [T, N]
// shape and the oneDNN primitives built for it stay cached. A batch is named by its index j within the
// epoch, which is all `--resume` needs to store to continue where it stopped.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lstmkit/dist/shard.h"

namespace lstmkit::data {

struct LmBatch {
  size_t steps = 0;               // T
  size_t batch = 0;               // N
  std::vector<int32_t> inputs;    // [T, N], index t·N + b
  std::vector<int32_t> targets;   // [T, N], the token after each input

  int32_t input(size_t t, size_t b) const { return inputs[t * batch + b]; }
  int32_t target(size_t t, size_t b) const { return targets[t * batch + b]; }
};

class LmBatches {
 public:
  // Throws lstmkit::UsageError on "`batch`" / "`seq_len`" when N or T is 0, and on "`seq_len`" when the
  // stream is too short for one batch (fewer than N·(T+1) tokens).
  LmBatches(std::vector<int32_t> ids, size_t batch, size_t seq_len);

  size_t batch() const { return batch_; }             // N
  size_t seq_len() const { return seq_len_; }         // T
  size_t stream_length() const { return stream_; }    // S, tokens per parallel stream
  size_t batches_per_epoch() const { return batches_; }
  size_t tokens_per_batch() const { return batch_ * seq_len_; }

  // Fills `out` with batch j ∈ [0, batches_per_epoch()), reusing its buffers. Throws lstmkit::Error when
  // j is out of range (e.g. a resume position saved with another --batch / --seq-len).
  void fill(size_t j, LmBatch& out) const;
  // The same batch restricted to `streams` (a data-parallel rank's): out.batch = streams.size().
  void fill(size_t j, LmBatch& out, dist::Range streams) const;
  LmBatch at(size_t j) const;

 private:
  std::vector<int32_t> ids_;
  size_t batch_, seq_len_, stream_, batches_;
};

// Fewest tokens that make one batch: N streams of T inputs plus one token of lookahead.
size_t lm_min_tokens(size_t batch, size_t seq_len);

struct LmSplit {
  std::vector<int32_t> train;  // the leading part
  std::vector<int32_t> val;    // the last round(len · val_frac) tokens; empty when val_frac is 0
};

// Splits the stream into a training part and a contiguous validation tail (as char-rnn does). Throws
// lstmkit::UsageError on "`val_frac`" when val_frac is outside [0, 1) or a positive val_frac leaves a
// tail too short for one window of T (lm_validation_streams), and on "`seq_len`" when the training part
// is too short for one [T, N] batch.
LmSplit split_tail(std::span<const int32_t> ids, double val_frac, size_t batch, size_t seq_len);

// Streams the validation part is read as: `batch`, or as many as it holds windows of T + 1 tokens when
// that is fewer (0 when it holds none). A short tail — a word-level model's tenth of a small text — is
// still a validation set, read as fewer parallel streams.
size_t lm_validation_streams(size_t val_tokens, size_t batch, size_t seq_len);

// One-hot input for a batch of ids: out [T, N, V] (any leading shape; out.size() = ids.size() · V) is
// zeroed and out[i·V + ids[i]] set to 1. Throws lstmkit::Error when an id is outside [0, V).
void fill_one_hot(std::span<float> out, std::span<const int32_t> ids, size_t vocab);

}  // namespace lstmkit::data
