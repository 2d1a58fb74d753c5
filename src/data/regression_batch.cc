#include "lstmkit/data/regression_batch.h"

#include <algorithm>
#include <utility>

#include "lstmkit/error.h"

namespace lstmkit::data {

void shuffle_ids(std::vector<size_t>& ids, Rng& rng) {
  for (size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[rng.below(i)]);
}

std::vector<std::vector<size_t>> batch_groups(std::span<const size_t> ids, size_t batch) {
  if (batch == 0) throw UsageError("`batch`", "batch size 0", "use a batch size of at least 1");
  std::vector<std::vector<size_t>> out;
  for (size_t i = 0; i < ids.size(); i += batch) {
    const size_t end = std::min(ids.size(), i + batch);
    out.emplace_back(ids.begin() + i, ids.begin() + end);
  }
  return out;
}

}  // namespace lstmkit::data
