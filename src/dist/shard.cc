#include "lstmkit/dist/shard.h"

namespace lstmkit::dist {

Range Shard::of(size_t n) const {
  const auto r = static_cast<size_t>(rank), k = static_cast<size_t>(ranks);
  const size_t base = n / k, extra = n % k;
  const size_t begin = r * base + (r < extra ? r : extra);
  return {begin, begin + base + (r < extra ? 1 : 0)};
}

}  // namespace lstmkit::dist
