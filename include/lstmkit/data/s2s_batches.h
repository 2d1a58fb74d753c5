#pragma once
// Sequence-to-sequence batches bucketed by EXACT source length: oneDNN's RNN primitive has no lengths
// input, so the encoder's final state is exact only when no source in the batch is padded. Every source
// of a batch has the same length T_s; targets are padded with <pad> (0), which the loss ignores.
//
//   source          [T_s, N]  the source ids as written (the model reverses them if it is configured to)
//   decoder_input   [T_t, N]  <s> y_1 … y_n <pad> …       (teacher forcing: the target shifted right)
//   decoder_target  [T_t, N]  y_1 … y_n </s> <pad> …
//   T_t = longest target of the batch + 1, rounded up to a multiple of `target_multiple`
//
// Batches are NOT also sorted by target length, although that would cut the padded decoder steps per
// real target token on the first 10,000 pairs of fra-eng from 1.82 to 1.16: batches of sentences so
// alike (same source and target length) train worse per epoch — validation loss after 3 epochs 1.705
// unsorted, 1.746 sorting pools of 2 batches, 1.845 pools of 16 — and no better per CPU second.
//
// Shapes stay few, so the recurrent layers' cache of oneDNN primitives (one per (T, N)) stays small:
// each bucket is cut into batches of exactly N pairs but its last one, and T_t takes only the values
// target_multiple, 2·target_multiple, …. shuffle() draws a new composition of every bucket and a new
// batch order from the canonical (file-order) buckets, so the same Rng state always gives the same
// epoch (what --resume relies on), and the shapes (T_s, N) of the batches never change.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "lstmkit/data/pairs.h"
#include "lstmkit/dist/shard.h"
#include "lstmkit/rng.h"

namespace lstmkit::data {

struct S2sBatch {
  int source_len = 0;                   // T_s
  int target_len = 0;                   // T_t
  int batch = 0;                        // N
  std::vector<int32_t> source;          // [T_s, N], index t·N + b
  std::vector<int32_t> decoder_input;   // [T_t, N]
  std::vector<int32_t> decoder_target;  // [T_t, N]
  std::vector<size_t> pairs;            // [N] index of each column's pair in the S2sBatches' list
  int64_t target_tokens = 0;            // targets that are not <pad>: Σ (target length + 1)
};

// Columns `columns` of `batch` (a data-parallel rank's pairs), its shapes T_s and T_t kept.
void take_columns(const S2sBatch& batch, dist::Range columns, S2sBatch& out);

class S2sBatches {
 public:
  // Throws lstmkit::UsageError on "`batch`" when batch is 0; lstmkit::Error when a source is empty.
  S2sBatches(std::vector<IdPair> pairs, size_t batch, int target_multiple = 4);

  size_t size() const { return slots_.size(); }  // batches per epoch
  size_t batch() const { return batch_; }         // N of full batches
  int64_t target_tokens() const { return target_tokens_; }  // Σ (target length + 1) over all pairs
  const std::vector<IdPair>& pairs() const { return pairs_; }

  // Reshuffles every bucket and the order of the batches with `rng` (see above). Until the first call
  // batches come in canonical order: buckets by increasing source length, pairs in list order.
  void shuffle(Rng& rng);

  // Fills `out` with batch j ∈ [0, size()), reusing its buffers. Throws lstmkit::Error for j out of range.
  void fill(size_t j, S2sBatch& out) const;

 private:
  struct Slot {
    size_t bucket = 0, begin = 0, count = 0;  // pairs order_[bucket][begin, begin + count)
  };
  std::vector<IdPair> pairs_;
  size_t batch_;
  int target_multiple_;
  int64_t target_tokens_ = 0;
  std::vector<std::vector<size_t>> buckets_;  // canonical: pair indices of one source length, in order
  std::vector<std::vector<size_t>> order_;    // this epoch's order within each bucket
  std::vector<Slot> slots_;                   // canonical batches, bucket by bucket
  std::vector<size_t> batch_order_;           // this epoch's batch j → slot
};

}  // namespace lstmkit::data
