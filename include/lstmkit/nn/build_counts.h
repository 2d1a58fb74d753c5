#pragma once
// Process-wide counts of what the layers build: oneDNN primitives (RNN forward and backward, weight
// reorders, matmuls) and host buffers (re)allocated for their data. A decoding or sampling loop must
// leave both flat after its first step; tests read them across N steps to show it.
#include <cstdint>

namespace lstmkit::nn {

struct BuildCounts {
  uint64_t primitives = 0;
  uint64_t buffers = 0;
};

BuildCounts build_counts();

// Called where the layers create a primitive or (re)allocate a buffer.
void count_primitive(uint64_t n = 1);
void count_buffer();

}  // namespace lstmkit::nn
