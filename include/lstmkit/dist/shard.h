#pragma once
// Which part of each global batch a rank takes: a contiguous run of its examples (or, for the language
// model, of its parallel streams), as even as possible, the first `n mod ranks` ranks taking one more.
#include <cstddef>

namespace lstmkit::dist {

struct Range {
  size_t begin = 0, end = 0;
  size_t size() const { return end - begin; }
};

struct Shard {
  int rank = 0;
  int ranks = 1;
  // This rank's part of n items.
  Range of(size_t n) const;
};

}  // namespace lstmkit::dist
