#include "lstmkit/io/checkpoint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "io/header_edit.h"
#include "lstmkit/error.h"
#include "support/temp_dir.h"

namespace lstmkit::io {
namespace {

using testing::TempDir;

// A one-layer LSTM language model's tensors (G·H = 4·3, I = V = 5) with distinct values.
nn::Parameters lm_parameters(int64_t vocab = 5, float start = 0.0f) {
  nn::Parameters params;
  params.add("rnn.weight_ih_l0", {12, vocab});
  params.add("rnn.weight_hh_l0", {12, 3});
  params.add("rnn.bias_ih_l0", {12});
  params.add("head.weight", {vocab, 3});
  std::iota(params.values().begin(), params.values().end(), start);
  return params;
}

void expect_error(const std::filesystem::path& path, nn::Parameters& params, const std::string& message,
                  const std::string& hint) {
  try {
    Checkpoint::load(path, params);
    ADD_FAILURE() << "expected lstmkit::Error containing \"" << message << "\"";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path.string());
    EXPECT_NE(e.what_is_wrong().find(message), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find(hint), std::string::npos) << e.what();
  }
}

TEST(Checkpoint, RoundTripsParametersExtraTensorsAndMetadata) {
  TempDir dir;
  const auto path = dir / "last.safetensors";
  const nn::Parameters saved = lm_parameters(5, -10.0f);
  const std::vector<float> moment(12, 0.125f);
  Checkpoint::save(path, saved, {{"optim.m.rnn.bias_ih_l0", {12}, moment.data()}},
                   {{"kind", "lm"}, {"config", R"({"cell":"lstm","hidden":3,"layers":1})"}, {"format", "stale"}});

  nn::Parameters loaded = lm_parameters(5, 99.0f);
  const uint64_t version = loaded.version();
  const Checkpoint checkpoint = Checkpoint::load(path, loaded);
  EXPECT_TRUE(std::equal(saved.values().begin(), saved.values().end(), loaded.values().begin(), loaded.values().end()));
  EXPECT_GT(loaded.version(), version) << "load must call mark_updated()";

  ASSERT_EQ(checkpoint.extra.size(), 1u);
  EXPECT_EQ(checkpoint.extra[0].name, "optim.m.rnn.bias_ih_l0");
  EXPECT_EQ(checkpoint.extra[0].data, moment);
  EXPECT_EQ(checkpoint.metadata.at("format"), kCheckpointFormat);  // set by save, whatever was passed in
  EXPECT_EQ(checkpoint.metadata.at("format_version"), std::to_string(kCheckpointFormatVersion));
  EXPECT_EQ(checkpoint.metadata.at("kind"), "lm");
  EXPECT_EQ(checkpoint.metadata.at("data_crc32").size(), 8u);
  EXPECT_EQ(Checkpoint::read_metadata(path), checkpoint.metadata);
}

TEST(Checkpoint, MissingTensorIsNamedAndParametersStayUnchanged) {
  TempDir dir;
  const auto path = dir / "last.safetensors";
  Checkpoint::save(path, lm_parameters(), {}, {});
  nn::Parameters bigger = lm_parameters(5, 7.0f);
  bigger.add("head.bias", {5});
  const std::vector<float> before(bigger.values().begin(), bigger.values().end());
  const uint64_t version = bigger.version();
  expect_error(path, bigger, "tensor 'head.bias' [5] is missing", "different model configuration");
  EXPECT_TRUE(std::equal(before.begin(), before.end(), bigger.values().begin(), bigger.values().end()));
  EXPECT_EQ(bigger.version(), version);
}

TEST(Checkpoint, WrongShapeNamesExpectedAndFound) {
  TempDir dir;
  const auto path = dir / "last.safetensors";
  Checkpoint::save(path, lm_parameters(5), {}, {});
  nn::Parameters other_vocab = lm_parameters(7);
  expect_error(path, other_vocab, "tensor 'rnn.weight_ih_l0' has shape [12, 5], the model expects [12, 7]",
               "different model configuration");
}

TEST(Checkpoint, ExtraTensorNamedLikeAParameterIsRejected) {
  TempDir dir;
  const nn::Parameters params = lm_parameters();
  const std::vector<float> v(12);
  EXPECT_THROW(Checkpoint::save(dir / "x.safetensors", params, {{"rnn.bias_ih_l0", {12}, v.data()}}, {}), Error);
}

TEST(Checkpoint, PlainSafetensorsFileIsNotACheckpoint) {
  TempDir dir;
  const auto path = dir / "plain.safetensors";
  const nn::Parameters params = lm_parameters();
  write_safetensors(path, {{"rnn.bias_ih_l0", {12}, params.value(2)}}, {});
  nn::Parameters target = lm_parameters();
  expect_error(path, target, "not an lstmkit checkpoint", "written by lstmkit");
  EXPECT_THROW(Checkpoint::read_metadata(path), Error);
}

TEST(Checkpoint, FormatVersionIsChecked) {
  TempDir dir;
  const auto path = dir / "future.safetensors";
  nn::Parameters params = lm_parameters();
  const std::vector<TensorRef> none;
  const std::string newer = std::to_string(kCheckpointFormatVersion + 1);
  write_safetensors(path, none, {{"format", kCheckpointFormat}, {"format_version", newer}});
  expect_error(path, params,
               "format_version " + newer + " is newer than this build reads (" +
                   std::to_string(kCheckpointFormatVersion) + ")",
               "upgrade lstmkit");
  write_safetensors(path, none, {{"format", kCheckpointFormat}, {"format_version", "one"}});
  expect_error(path, params, "format_version \"one\" is not a positive integer", "last.safetensors");
}

// Both CRCs are required in lstmkit's own format; a version-1 file had no header CRC.
TEST(Checkpoint, VersionOneFilePredatesVerifiedHeaders) {
  TempDir dir;
  const auto path = dir / "old.safetensors";
  const nn::Parameters saved = lm_parameters();
  Checkpoint::save(path, saved, {}, {{"kind", "lm"}});
  testing::edit_metadata(path, "format_version", "1", /*reseal=*/true);
  nn::Parameters params = lm_parameters();
  expect_error(path, params, "format_version 1 predates verified headers", "retrain");
  try {
    Checkpoint::read_metadata(path);
    ADD_FAILURE() << "read_metadata accepted a version-1 file";
  } catch (const Error& e) {
    EXPECT_NE(e.what_is_wrong().find("predates verified headers"), std::string::npos) << e.what();
  }
}

TEST(Checkpoint, MissingChecksumIsAnError) {
  TempDir dir;
  const auto path = dir / "last.safetensors";
  for (const char* key : {kHeaderCrcKey, kDataCrcKey}) {
    SCOPED_TRACE(key);
    Checkpoint::save(path, lm_parameters(), {}, {{"kind", "lm"}});
    testing::edit_metadata(path, key, nullptr, /*reseal=*/std::string(key) == kDataCrcKey);
    nn::Parameters params = lm_parameters();
    expect_error(path, params, std::string("no ") + key, "restore");
    EXPECT_THROW(Checkpoint::read_metadata(path), Error);
  }
}

TEST(Checkpoint, ReadMetadataVerifiesTheHeader) {
  TempDir dir;
  const auto path = dir / "last.safetensors";
  Checkpoint::save(path, lm_parameters(), {}, {{"kind", "lm"}, {"vocab", R"({"tokens":["a","b"]})"}});
  testing::edit_metadata(path, "vocab", R"({"tokens":["a","c"]})");
  try {
    Checkpoint::read_metadata(path);
    ADD_FAILURE() << "read_metadata accepted an edited header";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), path.string());
    EXPECT_NE(e.what_is_wrong().find("its header has CRC-32"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lstmkit::io
