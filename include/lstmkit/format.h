#pragma once
#include <cstdint>
#include <string>

namespace lstmkit {

// 1115394 → "1,115,394": counts as people read them (Keras' summary writes them this way too).
std::string with_commas(uint64_t n);

// 83 → "1m23s", 7380 → "2h03m"; "?" for a negative or unknown time.
std::string format_duration(double seconds);

}  // namespace lstmkit
