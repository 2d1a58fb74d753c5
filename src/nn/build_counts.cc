#include "lstmkit/nn/build_counts.h"

#include <atomic>

namespace lstmkit::nn {

namespace {
std::atomic<uint64_t> primitives{0}, buffers{0};
}  // namespace

BuildCounts build_counts() {
  return {primitives.load(std::memory_order_relaxed), buffers.load(std::memory_order_relaxed)};
}

void count_primitive(uint64_t n) { primitives.fetch_add(n, std::memory_order_relaxed); }

void count_buffer() { buffers.fetch_add(1, std::memory_order_relaxed); }

}  // namespace lstmkit::nn
