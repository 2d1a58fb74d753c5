// Writing and reading well-formed files: round trips, the exact on-disk layout, writer-side errors.
// Damaged files are in safetensors_corrupt_test.cc.
#include "lstmkit/io/safetensors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>

#include "lstmkit/error.h"
#include "lstmkit/io/crc32.h"
#include "support/temp_dir.h"

namespace lstmkit::io {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

std::vector<float> iota(size_t n, float start) {
  std::vector<float> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

uint64_t header_length(const std::string& bytes) {
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  return n;
}

TEST(Safetensors, RoundTripsSeveralTensorsAndMetadata) {
  TempDir dir;
  const auto path = dir / "model.safetensors";
  // Shapes with T != N != H, a scalar, an empty tensor, and values a text format would not keep exactly.
  const std::vector<float> w = iota(3 * 5, -7.25f);
  const std::vector<float> cube = iota(2 * 3 * 4, 0.5f);
  const std::vector<float> special = {std::numeric_limits<float>::denorm_min(), -0.0f,
                                      std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
                                      1.0f / 3.0f, -std::numeric_limits<float>::max(), 1e-30f};
  const float scalar = 42.0f;
  const std::vector<TensorRef> tensors = {{"rnn.weight_ih_l0", {3, 5}, w.data()},
                                          {"cube", {2, 3, 4}, cube.data()},
                                          {"special", {7}, special.data()},
                                          {"scalar", {}, &scalar},
                                          {"empty", {0, 4}, nullptr}};
  const Metadata metadata = {{"kind", "lm"}, {"config", R"({"cell": "lstm", "hidden": 40})"}, {"note", "é ✓"}};
  write_safetensors(path, tensors, metadata);

  const SafetensorsFile file = read_safetensors(path);
  ASSERT_EQ(file.tensors.size(), tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = file.tensors[i];  // file order is the order written
    EXPECT_EQ(t.name, tensors[i].name);
    EXPECT_EQ(t.shape, tensors[i].shape);
    size_t count = 1;
    for (int64_t d : t.shape) count *= static_cast<size_t>(d);
    ASSERT_EQ(t.data.size(), count) << t.name;
    if (count > 0) {  // an empty tensor's data may be a null pointer, which memcmp must not be given
      EXPECT_EQ(std::memcmp(t.data.data(), tensors[i].data, count * sizeof(float)), 0) << t.name << " differs bitwise";
    }
  }
  for (const auto& [key, value] : metadata) EXPECT_EQ(file.metadata.at(key), value) << key;
  EXPECT_EQ(file.metadata.size(), metadata.size() + 2);  // plus data_crc32 and header_crc32
  ASSERT_NE(find_tensor(file.tensors, "cube"), nullptr);
  EXPECT_EQ(find_tensor(file.tensors, "cube")->data, cube);
  EXPECT_EQ(find_tensor(file.tensors, "nope"), nullptr);
}

TEST(Safetensors, NoTensorsIsAValidFile) {
  TempDir dir;
  write_safetensors(dir / "empty.safetensors", {}, {{"kind", "lm"}});
  const SafetensorsFile file = read_safetensors(dir / "empty.safetensors");
  EXPECT_TRUE(file.tensors.empty());
  EXPECT_EQ(file.metadata.at("kind"), "lm");
}

// For header lengths of every residue mod 8: N is a multiple of 8 made up with spaces, and the data
// section starts at 8 + N with the tensors at their data_offsets.
TEST(Safetensors, HeaderIsSpacePaddedAndDataIsAligned) {
  TempDir dir;
  const std::vector<float> a = iota(6, 1.0f), b = iota(5, 100.0f);
  for (int extra = 0; extra < 8; ++extra) {
    const auto path = dir / ("pad" + std::to_string(extra) + ".safetensors");
    write_safetensors(path, {{"a", {2, 3}, a.data()}, {"b", {5}, b.data()}}, {{"k", std::string(extra, 'x')}});
    const std::string bytes = read_bytes(path);
    const uint64_t n = header_length(bytes);
    EXPECT_EQ(n % 8, 0u) << "extra " << extra;
    const std::string header = bytes.substr(8, n);
    const size_t json_end = header.find_last_not_of(' ') + 1;
    EXPECT_EQ(header[json_end - 1], '}');
    EXPECT_LT(header.size() - json_end, 8u);

    const auto json = nlohmann::json::parse(header);
    EXPECT_EQ(json["a"]["dtype"], "F32");
    EXPECT_EQ(json["a"]["shape"], nlohmann::json({2, 3}));
    EXPECT_EQ(json["a"]["data_offsets"], nlohmann::json({0, 24}));
    EXPECT_EQ(json["b"]["data_offsets"], nlohmann::json({24, 44}));
    ASSERT_EQ(bytes.size(), 8 + n + 44);
    EXPECT_EQ(std::memcmp(bytes.data() + 8 + n, a.data(), 24), 0);
    EXPECT_EQ(std::memcmp(bytes.data() + 8 + n + 24, b.data(), 20), 0);
  }
}

// As the safetensors library writes it: "__metadata__" first, then the tensors in data order.
TEST(Safetensors, HeaderListsMetadataFirstThenTensorsInDataOrder) {
  TempDir dir;
  const std::vector<float> v = iota(4, 0.0f);
  write_safetensors(dir / "m.safetensors", {{"z", {4}, v.data()}, {"a", {2, 2}, v.data()}}, {{"kind", "ts"}});
  const std::string bytes = read_bytes(dir / "m.safetensors");
  const std::string header = bytes.substr(8, header_length(bytes));
  EXPECT_EQ(header.rfind(R"({"__metadata__":)", 0), 0u) << header;
  EXPECT_LT(header.find(R"("z":)"), header.find(R"("a":)")) << header;
}

TEST(Safetensors, StoresTheCrcOfTheWholeDataSection) {
  TempDir dir;
  const std::vector<float> a = iota(10, -3.0f), b = iota(3, 9.0f);
  write_safetensors(dir / "m.safetensors", {{"a", {10}, a.data()}, {"b", {3}, b.data()}}, {});
  const std::string bytes = read_bytes(dir / "m.safetensors");
  const uint64_t n = header_length(bytes);
  const uint32_t expected = crc32(bytes.data() + 8 + n, bytes.size() - 8 - n);
  const auto json = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_EQ(json["__metadata__"][kDataCrcKey], crc32_to_hex(expected));
}

TEST(Safetensors, ReadsFilesWithoutACrcAsOtherToolsWriteThem) {
  TempDir dir;
  const auto path = dir / "python.safetensors";
  const float values[2] = {1.5f, -2.5f};
  std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  header.append((8 - header.size() % 8) % 8, ' ');
  std::string bytes(8, '\0');
  bytes[0] = static_cast<char>(header.size());
  bytes += header + std::string(reinterpret_cast<const char*>(values), sizeof values);
  write_bytes(path, bytes);
  const SafetensorsFile file = read_safetensors(path);
  ASSERT_EQ(file.tensors.size(), 1u);
  EXPECT_EQ(file.tensors[0].data, std::vector<float>({1.5f, -2.5f}));
  EXPECT_TRUE(file.metadata.empty());
}

TEST(Safetensors, HeaderOnlyReadGivesOffsetsWithoutData) {
  TempDir dir;
  const std::vector<float> v = iota(6, 0.0f);
  write_safetensors(dir / "m.safetensors", {{"a", {2, 3}, v.data()}, {"b", {}, v.data()}}, {{"kind", "lm"}});
  const SafetensorsHeader header = read_safetensors_header(dir / "m.safetensors");
  ASSERT_EQ(header.tensors.size(), 2u);
  EXPECT_EQ(header.tensors[1].name, "b");
  EXPECT_EQ(header.tensors[1].begin, 24u);
  EXPECT_EQ(header.tensors[1].end, 28u);
  EXPECT_EQ(header.data_size, 28u);
  EXPECT_EQ(header.data_offset % 8, 0u);
  EXPECT_EQ(header.metadata.at("kind"), "lm");
}

TEST(Safetensors, WriterRejectsBadTensorsAndText) {
  TempDir dir;
  const auto path = dir / "bad.safetensors";
  const float v[4] = {};
  struct Case {
    const char* label;
    std::vector<TensorRef> tensors;
    Metadata metadata;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"duplicate name", {{"w", {4}, v}, {"w", {2}, v}}, {}, "two tensors are named 'w'"},
      {"reserved name", {{"__metadata__", {4}, v}}, {}, "named __metadata__"},
      {"negative dimension", {{"w", {2, -2}, v}}, {}, "negative dimension"},
      {"missing data", {{"w", {4}, nullptr}}, {}, "has no data"},
      {"invalid UTF-8", {{"w", {4}, v}}, {{"note", "\xff\xfe"}}, "not valid UTF-8"},
  };
  for (const Case& c : cases) {
    try {
      write_safetensors(path, c.tensors, c.metadata);
      ADD_FAILURE() << c.label << ": expected lstmkit::Error";
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), path.string()) << c.label;
      EXPECT_NE(e.what_is_wrong().find(c.message), std::string::npos) << c.label << ": " << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(path)) << c.label;
  }
}

// A failed write names the path and touches nothing: neither an existing checkpoint elsewhere nor a .tmp.
TEST(Safetensors, FailedWriteLeavesOldFileAndNoTmp) {
  TempDir dir;
  const std::vector<float> v = iota(8, 1.0f);
  const auto good = dir / "last.safetensors";
  write_safetensors(good, {{"w", {8}, v.data()}}, {});
  const std::string before = read_bytes(good);

  const auto bad = dir / "missing" / "last.safetensors";
  try {
    write_safetensors(bad, {{"w", {8}, v.data()}}, {});
    FAIL() << "expected lstmkit::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), bad.string());
  }
  EXPECT_EQ(read_bytes(good), before);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
}

}  // namespace
}  // namespace lstmkit::io
