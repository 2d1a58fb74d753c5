// Damaged and foreign files: each check of the reader fails with its own message, where = the path, and
// a hint. Files are crafted byte by byte.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "lstmkit/error.h"
#include "lstmkit/io/safetensors.h"
#include "support/temp_dir.h"

namespace lstmkit::io {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

std::string length_prefix(uint64_t n) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((n >> (8 * i)) & 0xFFu);
  return bytes;
}

// A file with this JSON header (padded as the writer pads) and `data_bytes` bytes of data.
std::string file_with(std::string header, size_t data_bytes) {
  header.append((8 - header.size() % 8) % 8, ' ');
  return length_prefix(header.size()) + header + std::string(data_bytes, '\x01');
}

struct Entry {
  std::string name, shape, offsets;  // shape and offsets as JSON text, e.g. "[2,3]" and "[0,24]"
};

// {"name":{"dtype":"F32","shape":[..],"data_offsets":[..]},...}
std::string f32_header(const std::vector<Entry>& entries) {
  std::string json = "{";
  for (const Entry& e : entries) {
    if (json.size() > 1) json += ',';
    json += '"';
    json += e.name;
    json += R"(":{"dtype":"F32","shape":)";
    json += e.shape;
    json += R"(,"data_offsets":)";
    json += e.offsets;
    json += '}';
  }
  return json += '}';
}

class CorruptFile : public ::testing::Test {
 protected:
  // Reads `bytes` as a file; expects an Error with where = the path, `message` in what, and a hint.
  void expect_error(const std::string& bytes, const std::string& message) {
    write_bytes(path_, bytes);
    try {
      read_safetensors(path_);
      ADD_FAILURE() << "expected lstmkit::Error containing \"" << message << "\"";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), path_.string());
      EXPECT_NE(e.what_is_wrong().find(message), std::string::npos) << e.what();
      EXPECT_FALSE(e.hint().empty()) << e.what();
    }
  }

  TempDir dir_;
  std::filesystem::path path_ = dir_ / "model.safetensors";
};

TEST_F(CorruptFile, MissingFile) {
  try {
    read_safetensors(dir_ / "absent.safetensors");
    FAIL() << "expected lstmkit::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir_ / "absent.safetensors").string());
    EXPECT_NE(e.what_is_wrong().find("cannot read"), std::string::npos) << e.what();
  }
}

TEST_F(CorruptFile, ShorterThanTheLengthField) {
  expect_error("", "0 bytes long, too short");
  expect_error(std::string("\x10\0\0\0\0", 5), "5 bytes long, too short");
}

TEST_F(CorruptFile, HeaderLengthOverTheLimit) { expect_error(length_prefix(1ull << 40) + "{}", "over the 100 MB limit"); }

TEST_F(CorruptFile, HeaderLengthBeyondTheFile) { expect_error(length_prefix(1000) + "{}      ", "larger than the file"); }

TEST_F(CorruptFile, HeaderIsNotJson) {
  expect_error(file_with(R"({"w": {"dtype": )", 0), "not valid JSON");
  expect_error(file_with("[1, 2]", 0), "not a JSON object");
  // Found by the checkpoint fuzzer: a number nlohmann cannot hold escaped as its own exception.
  expect_error(file_with(R"({"__metadata__": {"a": "b"}, "x": 1e400})", 0), "not valid JSON (a number out of range)");
}

TEST_F(CorruptFile, EntryWithoutAField) {
  expect_error(file_with(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", 4), "tensor 'w' has no \"dtype\"");
  expect_error(file_with(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", 4), "tensor 'w' has no \"shape\"");
  expect_error(file_with(R"({"w":{"dtype":"F32","shape":[1]}})", 4), "tensor 'w' has no \"data_offsets\"");
  expect_error(file_with(R"({"w":[1]})", 4), "not a JSON object");
}

TEST_F(CorruptFile, DtypeOtherThanF32) {
  expect_error(file_with(R"({"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", 4), "dtype F16");
}

TEST_F(CorruptFile, MalformedShapeOrOffsets) {
  expect_error(file_with(f32_header({{"w", "[-1]", "[0,4]"}}), 4), "non-negative integers");
  expect_error(file_with(f32_header({{"w", "[1.5]", "[0,4]"}}), 4), "non-negative integers");
  expect_error(file_with(f32_header({{"w", "[1]", "[4,0]"}}), 4), "data_offsets is not [begin, end]");
  expect_error(file_with(f32_header({{"w", "[1]", "[0]"}}), 4), "data_offsets is not [begin, end]");
}

TEST_F(CorruptFile, ByteCountDisagreesWithShape) {
  expect_error(file_with(f32_header({{"w", "[2,3]", "[0,20]"}}), 20), "needs 24 bytes of F32");
  expect_error(file_with(f32_header({{"w", "[4611686018427387904,8]", "[0,8]"}}), 8), "needs too many");
}

TEST_F(CorruptFile, OffsetsPastTheDataSection) {
  expect_error(file_with(f32_header({{"w", "[6]", "[0,24]"}}), 16), "reach past the end");
}

TEST_F(CorruptFile, OverlappingTensors) {
  const std::string header = f32_header({{"b", "[4]", "[8,24]"}, {"a", "[4]", "[0,16]"}});
  expect_error(file_with(header, 24), "tensors 'a' [0, 16] and 'b' [8, 24] overlap");
}

// safetensors itself rejects bytes no tensor covers; so does lstmkit (see safetensors.h).
TEST_F(CorruptFile, UncoveredBytes) {
  const std::string gap = f32_header({{"a", "[1]", "[0,4]"}, {"b", "[1]", "[8,12]"}});
  expect_error(file_with(gap, 12), "data bytes [4, 8] belong to no tensor");
  expect_error(file_with(f32_header({{"a", "[1]", "[0,4]"}}), 12), "8 bytes of data follow the last tensor");
}

TEST_F(CorruptFile, MetadataThatIsNotStrings) {
  expect_error(file_with(R"({"__metadata__":{"epoch":3}})", 0), "value of \"epoch\" is a number, not a string");
  expect_error(file_with(R"({"__metadata__":["a"]})", 0), "__metadata__ is not a JSON object");
}

TEST_F(CorruptFile, FlippedDataByteFailsTheCrc) {
  const std::vector<float> values(16, 0.25f);
  write_safetensors(path_, {{"w", {4, 4}, values.data()}}, {});
  std::string bytes = read_bytes(path_);
  bytes[bytes.size() - 5] ^= 0x04;
  write_bytes(path_, bytes);
  try {
    read_safetensors(path_);
    FAIL() << "expected lstmkit::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path_.string());
    EXPECT_NE(e.what_is_wrong().find("the file is corrupt"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("last.safetensors"), std::string::npos) << e.what();
  }
  // The header alone is still sound: the CRC is a check of the data.
  EXPECT_EQ(read_safetensors_header(path_).tensors.size(), 1u);
}

TEST_F(CorruptFile, CrcThatIsNotHex) {
  expect_error(file_with(R"({"__metadata__":{"data_crc32":"xyz"}})", 0), "data_crc32 \"xyz\" is not 8 hex digits");
}

}  // namespace
}  // namespace lstmkit::io
