// header_crc32: every change to a header that still parses — a metadata value, a tensor's name, shape
// or offsets, data_crc32 itself — is caught, while files without one (other tools') still read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/header_edit.h"
#include "lstmkit/error.h"
#include "lstmkit/io/crc32.h"
#include "lstmkit/io/safetensors.h"
#include "support/temp_dir.h"

namespace lstmkit::io {
namespace {

using lstmkit::testing::TempDir;
using lstmkit::testing::edit_header;
using lstmkit::testing::edit_metadata;
using lstmkit::testing::HeaderJson;

class HeaderCrc : public ::testing::Test {
 protected:
  void SetUp() override {
    write_safetensors(path_, {{"a", {2, 3}, values_.data()}, {"b", {6}, values_.data()}},
                      {{"vocab", R"({"tokens":["<pad>","a","b"]})"}, {"scaler", R"({"offset":0.5})"}});
  }

  // Both readers reject the file with a header CRC error at the path.
  void expect_corrupt_header() {
    for (auto read : {+[](const std::filesystem::path& p) { read_safetensors_header(p); },
                      +[](const std::filesystem::path& p) { read_safetensors(p); }}) {
      try {
        read(path_);
        ADD_FAILURE() << "expected a header CRC error";
      } catch (const Error& e) {
        EXPECT_EQ(e.where(), path_.string());
        EXPECT_NE(e.what_is_wrong().find("its header has CRC-32"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("restore"), std::string::npos) << e.what();
      }
    }
  }

  TempDir dir_;
  const std::filesystem::path path_ = dir_ / "m.safetensors";
  const std::vector<float> values_ = {1, 2, 3, 4, 5, 6};
};

TEST_F(HeaderCrc, WrittenAndVerified) {
  const SafetensorsHeader header = read_safetensors_header(path_);
  ASSERT_EQ(header.metadata.count(kHeaderCrcKey), 1u);
  EXPECT_EQ(header.metadata.at(kHeaderCrcKey), crc32_to_hex(header_crc32(header.metadata, header.tensors)));
  EXPECT_EQ(read_safetensors(path_).metadata, header.metadata);
}

TEST_F(HeaderCrc, OneChangedCharacterInAMetadataValueIsCaught) {
  edit_metadata(path_, "vocab", R"({"tokens":["<pad>","a","c"]})");
  expect_corrupt_header();
}

TEST_F(HeaderCrc, AddedOrRemovedMetadataIsCaught) {
  edit_metadata(path_, "val_frac", "0.9");
  expect_corrupt_header();
  SetUp();
  edit_metadata(path_, "scaler", nullptr);
  expect_corrupt_header();
}

TEST_F(HeaderCrc, DataCrcIsCoveredToo) {
  edit_metadata(path_, kDataCrcKey, "00000000");
  expect_corrupt_header();
}

TEST_F(HeaderCrc, TensorShapeNameAndOffsetsAreCovered) {
  edit_header(path_, [](HeaderJson& h) { h["a"]["shape"] = {3, 2}; });
  expect_corrupt_header();
  SetUp();
  edit_header(path_, [](HeaderJson& h) { h["b"]["shape"] = {2, 3}; });
  expect_corrupt_header();
  SetUp();
  edit_header(path_, [](HeaderJson& h) {  // the two tensors trade places: still a valid tiling
    std::swap(h["a"]["data_offsets"], h["b"]["data_offsets"]);
  });
  expect_corrupt_header();
  SetUp();
  edit_header(path_, [](HeaderJson& h) {
    h["c"] = h["a"];
    h.erase("a");
  });
  expect_corrupt_header();
}

TEST_F(HeaderCrc, UnparsedWhitespaceIsNotContent) {
  // Re-serialising the same header (another writer's spacing and key order) keeps the CRC valid.
  edit_header(path_, [](HeaderJson& h) {
    HeaderJson reordered;
    reordered["b"] = h["b"];
    reordered["a"] = h["a"];
    reordered["__metadata__"] = h["__metadata__"];
    h = reordered;
  });
  EXPECT_NO_THROW(read_safetensors(path_));
}

TEST_F(HeaderCrc, FilesWithoutOneStillRead) {
  edit_metadata(path_, kHeaderCrcKey, nullptr);
  EXPECT_NO_THROW(read_safetensors(path_));
}

TEST_F(HeaderCrc, MalformedValueIsAnError) {
  edit_metadata(path_, kHeaderCrcKey, "xyz");
  try {
    read_safetensors_header(path_);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.what_is_wrong().find("header_crc32 \"xyz\" is not 8 hex digits"), std::string::npos) << e.what();
  }
}

TEST(HeaderCrcText, IsCanonicalJsonOfMetadataAndTensorTable) {
  // Documented so that other languages can check it: sorted metadata without header_crc32, tensors
  // sorted by name as [name, dtype, shape, [begin, end]], compact JSON.
  const Metadata metadata = {{"kind", "lm"}, {kHeaderCrcKey, "ignored!"}, {"b", "é\n"}};
  const std::vector<TensorInfo> tensors = {{"w", {2, 3}, 0, 24}, {"v", {}, 24, 28}};
  const std::string text = R"({"metadata":{"b":"é\n","kind":"lm"},)"
                           R"("tensors":[["v","F32",[],[24,28]],["w","F32",[2,3],[0,24]]]})";
  EXPECT_EQ(canonical_header_text(metadata, tensors), text);
  EXPECT_EQ(header_crc32(metadata, tensors), crc32(text.data(), text.size()));
}

}  // namespace
}  // namespace lstmkit::io
