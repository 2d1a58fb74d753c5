#include "lstmkit/dist/gather.h"

#include <algorithm>
#include <functional>
#include <numeric>

#include "lstmkit/error.h"

namespace lstmkit::dist {

GatheredTensor gather_dim1(Communicator& comm, const std::vector<int64_t>& shape, const float* data) {
  if (shape.size() < 2) throw Error("gather_dim1", "a tensor of fewer than 2 dimensions", "");
  const auto d0 = static_cast<size_t>(shape[0]);
  const auto inner = static_cast<size_t>(
      std::accumulate(shape.begin() + 2, shape.end(), int64_t{1}, std::multiplies<int64_t>()));
  const auto mine = static_cast<size_t>(shape[1]);
  const float n = static_cast<float>(mine);  // exact: a dimension is far below 2^24
  const std::vector<float> parts = comm.all_gather(std::span<const float>(&n, 1));
  const std::vector<float> all = comm.all_gather(std::span<const float>(data, d0 * mine * inner));

  size_t total = 0;
  for (float p : parts) total += static_cast<size_t>(p);
  GatheredTensor out{shape, std::vector<float>(d0 * total * inner)};
  out.shape[1] = static_cast<int64_t>(total);
  size_t first = 0, offset = 0;  // the rank's first index along dimension 1, its part's start in `all`
  for (float p : parts) {
    const auto count = static_cast<size_t>(p);
    for (size_t i = 0; i < d0; ++i)
      std::copy_n(all.begin() + static_cast<std::ptrdiff_t>(offset + i * count * inner), count * inner,
                  out.data.begin() + static_cast<std::ptrdiff_t>((i * total + first) * inner));
    first += count;
    offset += d0 * count * inner;
  }
  return out;
}

}  // namespace lstmkit::dist
