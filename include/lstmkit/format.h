#pragma once
#include <cstdint>
#include <string>

namespace lstmkit {

// 1115394 → "1,115,394": counts as people read them (Keras' summary writes them this way too).
std::string with_commas(uint64_t n);

}  // namespace lstmkit
