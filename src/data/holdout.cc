#include "lstmkit/data/holdout.h"

#include <cmath>

#include "lstmkit/error.h"

namespace lstmkit::data {

size_t held_out_count(size_t count, double val_frac, const std::string& items, const std::string& hint) {
  if (!(val_frac >= 0.0 && val_frac < 1.0))
    throw UsageError("`val_frac`", "validation fraction " + std::to_string(val_frac) + " is not in [0, 1)",
                     "use e.g. `val_frac` 0.2");
  const auto val = static_cast<size_t>(std::llround(static_cast<double>(count) * val_frac));
  if (val >= count || (val_frac > 0.0 && val == 0))
    throw UsageError("`val_frac`",
                     "`val_frac` " + std::to_string(val_frac) + " of " + std::to_string(count) + " " + items +
                         " leaves an empty training or validation part",
                     hint);
  return val;
}

}  // namespace lstmkit::data
