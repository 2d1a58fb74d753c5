// A checkpoint's kind: the enum and its metadata strings, and the one reader every command uses.
#include "lstmkit/models/model_kind.h"

#include <gtest/gtest.h>

#include "lstmkit/error.h"
#include "models/kind_fixtures.h"
#include "support/temp_dir.h"

namespace lstmkit::models {
namespace {

using lstmkit::testing::TempDir;

constexpr ModelKind kAllKinds[] = {ModelKind::lm, ModelKind::s2s, ModelKind::ts};

// The strings checkpoints have always stored.
TEST(ModelKind, NamesAreTheCheckpointStrings) {
  EXPECT_EQ(kind_name(ModelKind::lm), "lm");
  EXPECT_EQ(kind_name(ModelKind::s2s), "s2s");
  EXPECT_EQ(kind_name(ModelKind::ts), "ts");
}

TEST(ModelKind, NamesRoundTrip) {
  for (const ModelKind kind : kAllKinds) EXPECT_EQ(parse_model_kind(kind_name(kind)), kind) << kind_name(kind);
}

TEST(ModelKind, OtherNamesAreNone) {
  for (const char* name : {"", "LM", "lm ", "s2", "banana"}) EXPECT_EQ(parse_model_kind(name), std::nullopt) << name;
}

// What each kind's file load errors call it.
TEST(ModelKind, Descriptions) {
  EXPECT_EQ(kind_description(ModelKind::lm), "language model");
  EXPECT_EQ(kind_description(ModelKind::s2s), "sequence-to-sequence model");
  EXPECT_EQ(kind_description(ModelKind::ts), "time-series model");
}

TEST(ModelKind, ReadsTheKindOfEverySavedModel) {
  TempDir dir;
  for (const ModelKind kind : kAllKinds) {
    const auto path = dir / (kind_name(kind) + ".safetensors");
    testing::save_small_model(kind, path);
    EXPECT_EQ(read_model_kind(path), kind) << kind_name(kind);
  }
}

// `message` is one line: where, what and what to do, no raw control bytes from the file.
void expect_one_line_error(const std::filesystem::path& path, const std::string& message) {
  try {
    read_model_kind(path);
    ADD_FAILURE() << "read a kind from " << path;
  } catch (const UsageError& e) {
    ADD_FAILURE() << "a usage error (exit 2) for a bad file: " << e.what();
  } catch (const Error& e) {
    const std::string line = e.what();
    EXPECT_EQ(e.where(), path.string());
    EXPECT_NE(line.find(message), std::string::npos) << line;
    EXPECT_EQ(line.find_first_of("\n\r\x1b"), std::string::npos) << line;
  }
}

void save_with_metadata(const std::filesystem::path& path, io::Metadata metadata) {
  nn::Parameters params;
  params.add("head.bias", {2});
  io::Checkpoint::save(path, params, {}, std::move(metadata));
}

TEST(ModelKind, FileWithoutKindIsAnError) {
  TempDir dir;
  save_with_metadata(dir / "m.safetensors", {{"config", "{}"}});
  expect_one_line_error(dir / "m.safetensors", "no 'kind' metadata");
}

TEST(ModelKind, UnknownKindIsAnErrorQuotedSafely) {
  TempDir dir;
  save_with_metadata(dir / "m.safetensors", {{"kind", "banana\n\x1b[2J"}});
  expect_one_line_error(dir / "m.safetensors", "unknown kind 'banana");
}

TEST(ModelKind, NotACheckpointIsAnError) {
  TempDir dir;
  lstmkit::testing::write_bytes(dir / "text.safetensors", "ROMEO: not a checkpoint\n");
  expect_one_line_error(dir / "text.safetensors", "");
  expect_one_line_error(dir / "missing.safetensors", "");
}

// The models' own loads check the kind through the same enum.
TEST(ModelKind, RequireKindNamesBothKinds) {
  const io::Metadata ts = {{"kind", "ts"}};
  EXPECT_NO_THROW(require_kind(ts, ModelKind::ts, "m"));
  try {
    require_kind(ts, ModelKind::lm, "m");
    ADD_FAILURE() << "accepted a time-series model as a language model";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "m: is a 'ts' model, not a language model; use the command for that kind of model");
  }
}

}  // namespace
}  // namespace lstmkit::models
