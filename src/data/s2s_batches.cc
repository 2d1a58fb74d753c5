#include "lstmkit/data/s2s_batches.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "lstmkit/error.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::data {

namespace {
template <typename T>
void shuffle_in_place(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);  // Fisher–Yates
}
}  // namespace

S2sBatches::S2sBatches(std::vector<IdPair> pairs, size_t batch, int target_multiple)
    : pairs_(std::move(pairs)), batch_(batch), target_multiple_(std::max(1, target_multiple)) {
  if (batch == 0) throw UsageError("`batch`", "batch size 0", "use a batch size of at least 1");
  std::map<size_t, std::vector<size_t>> by_length;
  for (size_t i = 0; i < pairs_.size(); ++i) {
    if (pairs_[i].source.empty())
      throw Error("pair " + std::to_string(i + 1), "has an empty source", "every source needs a token");
    by_length[pairs_[i].source.size()].push_back(i);
    target_tokens_ += static_cast<int64_t>(pairs_[i].target.size()) + 1;
  }
  for (auto& [length, indices] : by_length) {
    for (size_t begin = 0; begin < indices.size(); begin += batch_)
      slots_.push_back({buckets_.size(), begin, std::min(batch_, indices.size() - begin)});
    buckets_.push_back(std::move(indices));
  }
  order_ = buckets_;
  batch_order_.resize(slots_.size());
  std::iota(batch_order_.begin(), batch_order_.end(), size_t{0});
}

void S2sBatches::shuffle(Rng& rng) {
  for (size_t b = 0; b < buckets_.size(); ++b) {
    order_[b] = buckets_[b];
    shuffle_in_place(order_[b], rng);
  }
  std::iota(batch_order_.begin(), batch_order_.end(), size_t{0});
  shuffle_in_place(batch_order_, rng);
}

void S2sBatches::fill(size_t j, S2sBatch& out) const {
  if (j >= slots_.size())
    throw Error("batch " + std::to_string(j), "is out of range: an epoch has " + std::to_string(slots_.size()),
                "resume with the data and `batch` the run was started with");
  const Slot& slot = slots_[batch_order_[j]];
  const std::vector<size_t>& bucket = order_[slot.bucket];
  const size_t N = slot.count;
  out.pairs.assign(bucket.begin() + static_cast<std::ptrdiff_t>(slot.begin),
                   bucket.begin() + static_cast<std::ptrdiff_t>(slot.begin + N));
  size_t longest = 0;
  for (size_t i : out.pairs) longest = std::max(longest, pairs_[i].target.size());
  const size_t m = static_cast<size_t>(target_multiple_);
  const size_t Ts = pairs_[out.pairs[0]].source.size(), Tt = (longest + 1 + m - 1) / m * m;
  out.source_len = static_cast<int>(Ts);
  out.target_len = static_cast<int>(Tt);
  out.batch = static_cast<int>(N);
  out.source.resize(Ts * N);
  out.decoder_input.assign(Tt * N, text::kPadId);
  out.decoder_target.assign(Tt * N, text::kPadId);
  out.target_tokens = 0;
  for (size_t b = 0; b < N; ++b) {
    const IdPair& p = pairs_[out.pairs[b]];
    for (size_t t = 0; t < Ts; ++t) out.source[t * N + b] = p.source[t];
    const size_t n = p.target.size();
    out.decoder_input[b] = text::kBosId;
    for (size_t t = 0; t < n; ++t) {
      out.decoder_input[(t + 1) * N + b] = p.target[t];
      out.decoder_target[t * N + b] = p.target[t];
    }
    out.decoder_target[n * N + b] = text::kEosId;
    out.target_tokens += static_cast<int64_t>(n) + 1;
  }
}

void take_columns(const S2sBatch& batch, dist::Range columns, S2sBatch& out) {
  const auto N = static_cast<size_t>(batch.batch), n = columns.size();
  out.source_len = batch.source_len;
  out.target_len = batch.target_len;
  out.batch = static_cast<int>(n);
  out.target_tokens = 0;
  const auto take = [&](const std::vector<int32_t>& all, size_t steps, std::vector<int32_t>& mine) {
    mine.resize(steps * n);
    for (size_t t = 0; t < steps; ++t)
      std::copy_n(all.begin() + static_cast<std::ptrdiff_t>(t * N + columns.begin), n,
                  mine.begin() + static_cast<std::ptrdiff_t>(t * n));
  };
  take(batch.source, static_cast<size_t>(batch.source_len), out.source);
  take(batch.decoder_input, static_cast<size_t>(batch.target_len), out.decoder_input);
  take(batch.decoder_target, static_cast<size_t>(batch.target_len), out.decoder_target);
  out.pairs.assign(batch.pairs.begin() + static_cast<std::ptrdiff_t>(columns.begin),
                   batch.pairs.begin() + static_cast<std::ptrdiff_t>(columns.end));
  for (int32_t id : out.decoder_target) out.target_tokens += id != text::kPadId;
}

}  // namespace lstmkit::data
