#include "lstmkit/io/crc32.h"

#include <array>
#include <cstdio>

namespace lstmkit::io {

namespace {

// table[b] is the CRC register after shifting byte b through the reflected polynomial, so the main loop
// handles one byte per lookup instead of eight bit steps.
constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t r = b;
    for (int bit = 0; bit < 8; ++bit) r = (r & 1u) ? (r >> 1) ^ 0xEDB88320u : r >> 1;
    table[b] = r;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = make_table();

}  // namespace

uint32_t crc32(const void* data, size_t size, uint32_t crc) {
  // The register holds the complement, so undoing the previous final xor makes pieces chain.
  uint32_t r = ~crc;
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) r = kTable[(r ^ bytes[i]) & 0xFFu] ^ (r >> 8);
  return ~r;
}

std::string crc32_to_hex(uint32_t crc) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", crc);
  return text;
}

}  // namespace lstmkit::io
