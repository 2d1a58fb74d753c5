#pragma once
// CRC-32/ISO-HDLC — the CRC of zlib, gzip and PNG (reflected polynomial 0xEDB88320, initial value and final
// xor 0xFFFFFFFF) — so a checkpoint's `data_crc32` can be checked with Python's zlib.crc32 as well.
// Check value: crc32("123456789") == 0xCBF43926.
#include <cstddef>
#include <cstdint>
#include <string>

namespace lstmkit::io {

// CRC of `size` bytes at `data`. Data in pieces: pass the previous result as `crc` (start from 0), so
// crc32(b, nb, crc32(a, na)) equals the CRC of a followed by b.
uint32_t crc32(const void* data, size_t size, uint32_t crc = 0);

// The CRC as 8 lower-case hex digits, as stored in a checkpoint's `data_crc32`.
std::string crc32_to_hex(uint32_t crc);

}  // namespace lstmkit::io
