#include "lstmkit/io/crc32.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lstmkit::io {
namespace {

uint32_t crc_of(const std::string& s) { return crc32(s.data(), s.size()); }

// Values from the CRC catalogue and Python's zlib.crc32.
TEST(Crc32, KnownVectors) {
  EXPECT_EQ(crc_of("123456789"), 0xCBF43926u);  // the catalogue's check value for CRC-32/ISO-HDLC
  EXPECT_EQ(crc_of(""), 0x00000000u);
  EXPECT_EQ(crc_of("a"), 0xE8B7BE43u);
  EXPECT_EQ(crc_of("abc"), 0x352441C2u);
  EXPECT_EQ(crc_of("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
  EXPECT_EQ(crc_of(std::string(32, '\0')), 0x190A55ADu);
}

TEST(Crc32, PiecesChainToTheWholeCrc) {
  const std::string text = "The quick brown fox jumps over the lazy dog";
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    const uint32_t first = crc32(text.data(), cut);
    EXPECT_EQ(crc32(text.data() + cut, text.size() - cut, first), crc_of(text)) << "cut at " << cut;
  }
}

TEST(Crc32, HexIsEightLowerCaseDigits) {
  EXPECT_EQ(crc32_to_hex(0xCBF43926u), "cbf43926");
  EXPECT_EQ(crc32_to_hex(0x0000ABCDu), "0000abcd");
}

}  // namespace
}  // namespace lstmkit::io
