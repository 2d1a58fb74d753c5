#include "memory_check.h"

#include <unistd.h>

#include <cstdio>

#include "lstmkit/error.h"

namespace lstmkit::cli {

namespace {

// Values, gradients, two optimiser moments and oneDNN's forward and backward weight layouts.
constexpr long double kCopiesPerParameter = 6;

std::string gigabytes(long double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes / 1e9L));
  return text;
}

}  // namespace

long double stack_floats_per_step(const models::StackConfig& stack) {
  return 2.0L * stack.layers * stack.hidden * (nn::gate_count(stack.cell) + 2);
}

long double input_floats_per_step(int vocab, int embed) { return embed > 0 ? 2.0L * embed : vocab; }

void check_training_fits(const std::string& command, const std::vector<nn::ParamShape>& parameters,
                         long double batch_floats, const std::string& hint) {
  long double floats = 0;
  for (const nn::ParamShape& p : parameters) {
    long double size = 1;
    for (const int64_t d : p.shape) size *= static_cast<long double>(d);
    floats += size;
  }
  const long double needed = (floats * kCopiesPerParameter + batch_floats) * sizeof(float);
  const long double available =
      static_cast<long double>(sysconf(_SC_PHYS_PAGES)) * static_cast<long double>(sysconf(_SC_PAGESIZE));
  if (available > 0 && needed > available)
    throw UsageError(command, "the model and one batch need about " + gigabytes(needed) + " of memory; this machine has " +
                                  gigabytes(available),
                     hint);
}

}  // namespace lstmkit::cli
